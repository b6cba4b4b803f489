// Package panel is the kit the cooperative, staff and admin panels share:
// the role checks in front of their pages and API.
package panel

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/fault"
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

// errNotCoopStaff refuses a user who is not the staff of a cooperative.
var errNotCoopStaff = fault.New(fault.Forbidden, "forbidden")

// CoopStaff lets through a logged-in coop_staff member of a cooperative: 401
// when not logged in (503 with the session store down), 403 for anyone else.
func (g *Guard) CoopStaff(c *fiber.Ctx) error {
	u, err := g.users.User(c)
	if err != nil {
		return fmt.Errorf("panel: coop staff: %w", err)
	}
	if !u.HasRole(account.RoleCoopStaff) || u.CooperativeID == nil {
		return errNotCoopStaff
	}
	c.Locals(localUser, u)
	return c.Next()
}

// User is the user a role check of Guard let through.
func User(c *fiber.Ctx) *account.User { return c.Locals(localUser).(*account.User) }
