package order_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// An Idempotency-Key belongs to the cart that sent it: another guest who
// sends the same key and body gets a checkout of their own cart, never the
// first guest's orders, VietQR or card secret.
func TestIdempotencyKeyBelongsToItsCart(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		const key = "5b0c9a3e-6f1d-4a0b-8e2c-7d9f1e3a2b4c"
		for _, method := range []string{payment.MethodCard, payment.MethodBankTransfer} {
			t.Run(method, func(t *testing.T) {
				first := f.input(method, f.line("ca-phe-bot", 1))
				first.IdempotencyKey, first.CartID = key+method, "guest:first-"+method
				a, replayed, err := f.svc.Checkout(ctx, first)
				if err != nil || replayed {
					t.Fatalf("first guest: %v, replayed %v", err, replayed)
				}

				second := first
				second.CartID = "guest:second-" + method
				second.Lines = nil
				if _, _, err := f.svc.Checkout(ctx, second); !errors.Is(err, order.ErrEmptyCart) {
					t.Fatalf("second guest with an empty cart: %v, want ErrEmptyCart", err)
				}
				second.Lines = first.Lines
				b, replayed, err := f.svc.Checkout(ctx, second)
				if err != nil || replayed {
					t.Fatalf("second guest: %v, replayed %v", err, replayed)
				}
				if b.Code == a.Code || b.ID == a.ID || (a.ClientSecret != "" && b.ClientSecret == a.ClientSecret) {
					t.Fatalf("the second guest got the first one's group: %s %q vs %s %q", b.Code, b.ClientSecret, a.Code, a.ClientSecret)
				}

				again := first
				again.Lines = nil // the first checkout emptied the cart
				r, replayed, err := f.svc.Checkout(ctx, again)
				if err != nil || !replayed || r.Code != a.Code || r.ClientSecret != a.ClientSecret {
					t.Fatalf("first guest repeating: %v, replayed %v, %s, want %s", err, replayed, r.Code, a.Code)
				}
				if r2, replayed, err := f.svc.Checkout(ctx, second); err != nil || !replayed || r2.Code != b.Code {
					t.Fatalf("second guest repeating: %v, replayed %v", err, replayed)
				}
			})
		}
	})
}
