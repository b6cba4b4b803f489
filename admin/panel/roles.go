// Package panel is the kit the cooperative, staff and admin panels share:
// the role checks in front of their pages and API.
package panel

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Users tells who is logged in (session.Manager).
type Users interface {
	User(c *fiber.Ctx) (*account.User, error)
}

// Guard checks the role of the logged-in user before a panel route:
// 401 when nobody is logged in, 403 without the role.
type Guard struct {
	users Users
}

// NewGuard returns a Guard asking users who is logged in.
func NewGuard(users Users) *Guard { return &Guard{users: users} }

const localUser = "panel.user"

// CoopStaff lets through a logged-in coop_staff member of a cooperative: 401
// when not logged in, 403 for anyone else.
func (g *Guard) CoopStaff(c *fiber.Ctx) error {
	u, err := g.users.User(c)
	switch {
	case errors.Is(err, session.ErrNotLoggedIn):
		return web.NewError(http.StatusUnauthorized, "not_logged_in", "Log in with your cooperative's account first.")
	case errors.Is(err, session.ErrUnavailable):
		c.Set(fiber.HeaderRetryAfter, "30")
		return fmt.Errorf("%w: %w", web.NewError(http.StatusServiceUnavailable, "session_unavailable",
			"Logging in is unavailable for a moment: try again shortly."), err)
	case err != nil:
		return err
	}
	if !u.HasRole(account.RoleCoopStaff) || u.CooperativeID == nil {
		return web.NewError(http.StatusForbidden, "forbidden", "Only a cooperative's staff can manage its orders.")
	}
	c.Locals(localUser, u)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// User is the user a role check of Guard let through.
func User(c *fiber.Ctx) *account.User { return c.Locals(localUser).(*account.User) }
