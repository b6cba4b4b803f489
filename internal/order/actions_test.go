package order_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/cart/sqlcart"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
)

func TestActions(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		carts := sqlcart.New(d, time.Now)
		acts := order.NewActions(f.svc, carts, ratelimit.NewSQL(d, time.Now), slog.New(slog.DiscardHandler))
		const cartID = "g:0123456789abcdef0123456789abcdef"
		if _, err := carts.Add(ctx, cartID, f.product["ca-phe-bot"], 2, 180000, 20); err != nil {
			t.Fatal(err)
		}
		in := f.input(payment.MethodCOD)
		in.CartID = cartID
		in.IdempotencyKey = "actions-1"
		g, replayed, err := acts.Checkout(ctx, in)
		if err != nil || replayed || len(g.Orders) != 1 || g.Orders[0].Items[0].Quantity != 2 {
			t.Fatalf("Checkout = %+v, %v, %v", g, replayed, err)
		}
		if items, err := carts.Items(ctx, cartID); err != nil || len(items) != 0 {
			t.Fatalf("cart after checkout: %v, %v", items, err)
		}
		if _, _, err := acts.Checkout(ctx, withCart(f.input(payment.MethodCOD), cartID)); !errors.Is(err, order.ErrEmptyCart) {
			t.Fatalf("checkout of the emptied cart: %v", err)
		}
		if _, replayed, err := acts.Checkout(ctx, in); err != nil || !replayed {
			t.Fatalf("repeat with the key: %v, %v", replayed, err)
		}

		tests := []struct {
			name  string
			in    order.TrackInput
			err   error
			times int
		}{
			{"guest with the phone", order.TrackInput{Code: g.Code, Access: order.Access{Phone: "0912345678"}, ClientAddr: "192.0.2.1"}, nil, 1},
			{"wrong phone", order.TrackInput{Code: g.Code, Access: order.Access{Phone: "0987654321"}, ClientAddr: "192.0.2.1"}, order.ErrNotFound, 1},
			{"guesses past the limit", order.TrackInput{Code: g.Code, Access: order.Access{Phone: "0987654321"}, ClientAddr: "192.0.2.2"}, ratelimit.ErrTooMany, 61},
			{"without a phone, no limit", order.TrackInput{Code: g.Code, ClientAddr: "192.0.2.2"}, order.ErrNotFound, 1},
		}
		for _, tt := range tests {
			var err error
			for range tt.times {
				_, err = acts.Track(ctx, tt.in)
			}
			if !errors.Is(err, tt.err) && !(tt.err == nil && err == nil) {
				t.Errorf("%s: %v, want %v", tt.name, err, tt.err)
			}
		}
	})
}

func withCart(in order.CheckoutInput, cartID string) order.CheckoutInput {
	in.CartID = cartID
	return in
}
