package sqlcart_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/cart/carttest"
	"github.com/ocopmarket/ocopmarket/internal/cart/sqlcart"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
)

func TestSuite(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		carttest.Run(t, func() cart.Store { return sqlcart.New(d, time.Now) })
	})
}

func TestExpiry(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
		s := sqlcart.New(d, func() time.Time { return now })
		if _, err := s.Add(ctx, "g:old", 1, 2, 1000, 999); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Add(ctx, "g:used", 1, 2, 1000, 999); err != nil {
			t.Fatal(err)
		}
		now = now.Add(20 * 24 * time.Hour)
		if _, err := s.Items(ctx, "g:used"); err != nil { // a read pushes the expiry back
			t.Fatal(err)
		}
		now = now.Add(15 * 24 * time.Hour)
		if items, _ := s.Items(ctx, "g:old"); len(items) != 0 {
			t.Fatalf("cart 35 days old still has %v", items)
		}
		if items, _ := s.Items(ctx, "g:used"); len(items) != 1 {
			t.Fatalf("cart used 15 days ago has %v, want its item", items)
		}
		if n, err := s.Cleanup(ctx); err != nil || n != 1 {
			t.Fatalf("Cleanup = %d, %v; want 1 cart deleted", n, err)
		}
		// Adding to an expired cart starts it afresh.
		now = now.Add(40 * 24 * time.Hour)
		if items, err := s.Add(ctx, "g:used", 1, 1, 1000, 999); err != nil || len(items) != 1 || items[0].Quantity != 1 {
			t.Fatalf("Add to expired cart = %+v, %v; want one unit", items, err)
		}
	})
}
