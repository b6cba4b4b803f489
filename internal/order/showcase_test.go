package order_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// A checkout made through a fair credits every order of the group to it;
// one made without a fair credits none.
func TestCheckoutAttributesTheFair(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var fair int64
		if err := d.Get(&fair, d.Rebind(`INSERT INTO showcases (slug, title, starts_on, ends_on, status, created_at, updated_at)
			VALUES ('hoi-cho', 'Hội chợ', '2026-03-01', '2026-03-05', 'published', ?, ?) RETURNING id`), now, now); err != nil {
			t.Fatal(err)
		}
		in := f.input(payment.MethodCOD, f.line("ca-phe-bot", 1), f.line("cha-ca-lang", 1))
		in.ShowcaseID = &fair
		through, _, err := f.svc.Checkout(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		without, _, err := f.svc.Checkout(ctx, f.input(payment.MethodCOD, f.line("tra-cascara", 1)))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range through.Orders {
			var got sql.NullInt64
			if err := d.Get(&got, d.Rebind("SELECT showcase_id FROM orders WHERE code = ?"), o.Code); err != nil || got.Int64 != fair {
				t.Errorf("order %s through the fair: showcase %v, %v; want %d", o.Code, got, err, fair)
			}
		}
		var got sql.NullInt64
		if err := d.Get(&got, d.Rebind("SELECT showcase_id FROM orders WHERE code = ?"), without.Orders[0].Code); err != nil || got.Valid {
			t.Errorf("order without a fair: showcase %v, %v; want NULL", got, err)
		}
	})
}
