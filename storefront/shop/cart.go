package shop

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// CartCookie holds the token of a guest's cart; a logged-in user's cart is
// found by their id instead.
const CartCookie = "ocop_cart"

func (s *Shop) setCartCookie(c *fiber.Ctx, token string) {
	c.Cookie(&fiber.Cookie{Name: CartCookie, Value: token, Path: "/", HTTPOnly: true, Secure: s.sessions.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(cart.TTL)})
}

func (s *Shop) clearCartCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: CartCookie, Value: "", Path: "/", HTTPOnly: true, Secure: s.sessions.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(1, 0), MaxAge: -1})
}

// CartID returns the id of the request's cart: the user's when logged in,
// else the guest cookie's. With create, a guest without a cart gets a new
// cookie; without it, "" means no cart yet.
func (s *Shop) CartID(c *fiber.Ctx, create bool) (string, error) {
	u, err := s.sessions.User(c)
	switch {
	case err == nil:
		return cart.UserID(u.ID), nil
	case !errors.Is(err, session.ErrNotLoggedIn):
		return "", err
	}
	tok := c.Cookies(CartCookie)
	if !cart.ValidGuestToken(tok) {
		if !create {
			return "", nil
		}
		if tok, err = cart.NewGuestToken(); err != nil {
			return "", err
		}
	}
	if create {
		s.setCartCookie(c, tok) // pushes the cookie's expiry back with the cart's
	}
	return cart.GuestID(tok), nil
}

// CartCount returns how many units the request's cart holds, for the cart
// icon of the page header; ok is false when it cannot be known (the cart
// store is down), and the page then shows the icon without a number.
func (s *Shop) CartCount(c *fiber.Ctx) (n int, ok bool) {
	id, err := s.CartID(c, false)
	if err != nil {
		return 0, false
	}
	if id == "" {
		return 0, true
	}
	n, err = s.carts.Count(c.UserContext(), id)
	if err != nil {
		s.log.Warn("cart count unavailable", "request_id", web.RequestID(c), "err", err)
		return 0, false
	}
	return n, true
}
