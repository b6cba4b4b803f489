package shop

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

var (
	errNotLoggedIn = fault.New(fault.Unauthorized, "not_logged_in")
	errSessionDown = fault.New(fault.Unavailable, "session_unavailable").After(30 * time.Second)
)

// SessionError gives the session package's errors their codes; anything
// else passes as it is.
func SessionError(err error) error {
	switch {
	case errors.Is(err, session.ErrNotLoggedIn):
		return errNotLoggedIn.Wrap(err)
	case errors.Is(err, session.ErrUnavailable):
		return errSessionDown.Wrap(err)
	}
	return err
}

// CurrentUser returns the logged-in user or a 401 (503 when the session
// store is down).
func (s *Shop) CurrentUser(c *fiber.Ctx) (*account.User, error) {
	u, err := s.sessions.User(c)
	if err != nil {
		return nil, SessionError(err)
	}
	return u, nil
}

// OptionalUser returns the logged-in user, and false for a guest.
func (s *Shop) OptionalUser(c *fiber.Ctx) (*account.User, bool, error) {
	u, err := s.sessions.User(c)
	if errors.Is(err, session.ErrNotLoggedIn) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, SessionError(err)
	}
	return u, true, nil
}

// LogIn starts the session of u and joins the guest cart into theirs.
func (s *Shop) LogIn(c *fiber.Ctx, u *account.User) error {
	if tok := c.Cookies(cartCookie); cart.ValidGuestToken(tok) {
		if err := s.carts.Merge(c.UserContext(), cart.GuestID(tok), cart.UserID(u.ID)); err != nil {
			return err
		}
		s.clearCartCookie(c)
	}
	return SessionError(s.sessions.Login(c, u))
}

// Refresh keeps the session of u going under a new stamp after its
// password changed; every other session of the account ends.
func (s *Shop) Refresh(c *fiber.Ctx, u *account.User) error {
	return SessionError(s.sessions.Refresh(c, u))
}

// LogOut ends the session of the request.
func (s *Shop) LogOut(c *fiber.Ctx) error { return SessionError(s.sessions.Logout(c)) }
