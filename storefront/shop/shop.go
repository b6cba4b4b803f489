// Package shop is the HTTP glue that a storefront page and its JSON twin
// share: who the shopper is, which cart is theirs, and starting a session
// with the guest cart joined. The actions themselves are the domain's
// (account.Service, order.Actions, cart.Service, account.AddressBook).
package shop

import (
	"log/slog"

	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Shop finds the shopper and the cart of a request.
type Shop struct {
	sessions *session.Manager
	carts    *cart.Service
	fairs    Fairs
	log      *slog.Logger
}

// New returns a Shop over the sessions and carts; a checkout is credited
// to the fair the shopper came through when fairs says it still may be.
func New(sessions *session.Manager, carts *cart.Service, fairs Fairs, log *slog.Logger) *Shop {
	return &Shop{sessions: sessions, carts: carts, fairs: fairs, log: log}
}
