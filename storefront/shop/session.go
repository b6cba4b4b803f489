package shop

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// CurrentUser returns the logged-in user: session.ErrNotLoggedIn (a 401)
// without a login, session.ErrUnavailable (a 503) when the session store
// is down.
func (s *Shop) CurrentUser(c *fiber.Ctx) (*account.User, error) { return s.sessions.User(c) }

// OptionalUser returns the logged-in user, and false for a guest.
func (s *Shop) OptionalUser(c *fiber.Ctx) (*account.User, bool, error) {
	u, err := s.sessions.User(c)
	if errors.Is(err, session.ErrNotLoggedIn) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return u, true, nil
}

// LogIn starts the session of u and joins the guest cart into theirs.
func (s *Shop) LogIn(c *fiber.Ctx, u *account.User) error {
	if tok := c.Cookies(CartCookie); cart.ValidGuestToken(tok) {
		if err := s.carts.Merge(c.UserContext(), cart.GuestID(tok), cart.UserID(u.ID)); err != nil {
			return err
		}
		s.clearCartCookie(c)
	}
	return s.sessions.Login(c, u)
}

// Refresh keeps the session of u going under a new stamp after its
// password changed; every other session of the account ends.
func (s *Shop) Refresh(c *fiber.Ctx, u *account.User) error { return s.sessions.Refresh(c, u) }

// LogOut ends the session of the request.
func (s *Shop) LogOut(c *fiber.Ctx) error { return s.sessions.Logout(c) }
