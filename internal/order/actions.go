package order

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
)

// trackPerAddress limits the order lookups by phone from one client
// address: a phone opens any order of its checkout, so guesses are
// limited like login attempts.
func trackPerAddress() ratelimit.Rule { return ratelimit.Rule{Limit: 60, Window: 15 * time.Minute} }

// Actions are the checkout and the order lookup that a page and its API
// twin share, with what they need beside the Service: the shoppers' carts
// and the lookup limit.
type Actions struct {
	orders  *Service
	carts   cart.Store
	limiter ratelimit.Limiter
	log     *slog.Logger
}

// NewActions returns the order actions over orders, reading and emptying
// carts, and limiting lookups with limiter.
func NewActions(orders *Service, carts cart.Store, limiter ratelimit.Limiter, log *slog.Logger) *Actions {
	return &Actions{orders: orders, carts: carts, limiter: limiter, log: log}
}

// Checkout places the orders of the cart in.CartID ("" for a guest
// without a cart, which is an empty cart) and empties it. replayed tells that
// the idempotency key answered with orders placed before (the cart is then
// left as it is). When the orders are placed but the card payment could
// not start, the cart is emptied too and the error is ErrPaymentStart.
func (a *Actions) Checkout(ctx context.Context, in CheckoutInput) (g *Group, replayed bool, err error) {
	if in.CartID != "" {
		items, err := a.carts.Items(ctx, in.CartID)
		if err != nil {
			return nil, false, fmt.Errorf("order: checkout: %w", err)
		}
		for _, it := range items {
			in.Lines = append(in.Lines, Line{ProductID: it.ProductID, Quantity: it.Quantity})
		}
	}
	g, replayed, err = a.orders.Checkout(ctx, in)
	placed := !replayed && (err == nil || g != nil && errors.Is(err, ErrPaymentStart))
	if placed && in.CartID != "" {
		if cerr := a.carts.Clear(ctx, in.CartID); cerr != nil {
			// The orders are placed; a cart left full is only a nuisance.
			a.log.Warn("checkout: could not empty the cart", "group", g.Code, "err", cerr)
		}
	}
	if err != nil {
		return g, false, err
	}
	return g, replayed, nil
}

// TrackInput asks for an order or a group by code: a logged-in owner's
// (UserID), or a guest's proving it with the checkout Phone.
type TrackInput struct {
	Code       string
	Access     Access
	ClientAddr string
}

// Track returns the group or order of a code for its owner, or for a guest
// with the checkout phone, under a limit per client address when a phone is given.
// Anyone else gets ErrNotFound, as for an unknown code.
func (a *Actions) Track(ctx context.Context, in TrackInput) (*Group, error) {
	if in.Access.Phone != "" {
		if err := ratelimit.Check(ctx, a.limiter, "track:ip:"+ratelimit.AddressKey(in.ClientAddr), trackPerAddress()); err != nil {
			return nil, fmt.Errorf("order: track: %w", err)
		}
	}
	return a.orders.Lookup(ctx, in.Code, in.Access)
}
