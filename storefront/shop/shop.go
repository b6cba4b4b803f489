package shop

import (
	"log/slog"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Config is everything a Shop needs.
type Config struct {
	Users    *account.Store
	Sessions *session.Manager
	Carts    *cart.Service
	Orders   *order.Service
	Limiter  ratelimit.Limiter
	// LoginPerAccount and LoginPerIP limit login attempts and reset
	// requests for one account and from one address.
	LoginPerAccount ratelimit.Rule
	LoginPerIP      ratelimit.Rule
	Log             *slog.Logger
}

// Shop runs the shopper's actions of one request for the pages and the API.
type Shop struct {
	users           *account.Store
	sessions        *session.Manager
	carts           *cart.Service
	orders          *order.Service
	limiter         ratelimit.Limiter
	loginPerAccount ratelimit.Rule
	loginPerIP      ratelimit.Rule
	log             *slog.Logger
}

// New returns a Shop over the stores of cfg.
func New(cfg Config) *Shop {
	return &Shop{users: cfg.Users, sessions: cfg.Sessions, carts: cfg.Carts, orders: cfg.Orders, limiter: cfg.Limiter,
		loginPerAccount: cfg.LoginPerAccount, loginPerIP: cfg.LoginPerIP, log: cfg.Log}
}
