// Package panel is the kit the cooperative, staff and admin panels share:
// the role checks in front of their pages and API, and the frame their
// pages are drawn in.
package panel

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Users tells who is logged in (session.Manager).
type Users interface {
	User(c *fiber.Ctx) (*account.User, error)
}

// Guard checks the role of the logged-in user before a panel route. The
// API answers 401 when nobody is logged in and 403 without the role; a
// page sends an anonymous visitor to the login page and coming back, and
// shows others the 403 page.
type Guard struct {
	users Users
}

// NewGuard returns a Guard asking users who is logged in.
func NewGuard(users Users) *Guard { return &Guard{users: users} }

const localUser = "panel.user"

// errForbidden refuses a user without the role a route needs.
var errForbidden = fault.New(fault.Forbidden, "forbidden")

func coopStaff(u *account.User) bool {
	return u.HasRole(account.RoleCoopStaff) && u.CooperativeID != nil
}

// staff may act as trade-promotion staff: promotion_staff or admin.
func staff(u *account.User) bool {
	return u.HasRole(account.RolePromotionStaff) || u.HasRole(account.RoleAdmin)
}

func admin(u *account.User) bool { return u.HasRole(account.RoleAdmin) }

// Staff lets through trade-promotion staff and admins (401, 403 for others).
func (g *Guard) Staff(c *fiber.Ctx) error { return g.api(c, staff) }

// StaffPage is Staff for pages.
func (g *Guard) StaffPage(c *fiber.Ctx) error { return g.page(c, staff) }

// Admin lets through admins only (401, 403 for others).
func (g *Guard) Admin(c *fiber.Ctx) error { return g.api(c, admin) }

// AdminPage is Admin for pages.
func (g *Guard) AdminPage(c *fiber.Ctx) error { return g.page(c, admin) }

// StaffProvince is the province the staff member a Guard let through acts
// on, "" when they act everywhere (national staff and admins). A
// province's staff get 404 for what lies outside it.
func StaffProvince(c *fiber.Ctx) string {
	u := User(c)
	if u.HasRole(account.RoleAdmin) || u.StaffProvince == nil {
		return ""
	}
	return *u.StaffProvince
}

// CoopStaff lets through a logged-in coop_staff member of a cooperative: 401
// when not logged in (503 with the session store down), 403 for anyone else.
func (g *Guard) CoopStaff(c *fiber.Ctx) error {
	return g.api(c, coopStaff)
}

// LoggedIn lets through anyone logged in (401 otherwise).
func (g *Guard) LoggedIn(c *fiber.Ctx) error {
	return g.api(c, func(*account.User) bool { return true })
}

// CoopStaffPage is CoopStaff for pages.
func (g *Guard) CoopStaffPage(c *fiber.Ctx) error {
	return g.page(c, coopStaff)
}

// LoggedInPage is LoggedIn for pages.
func (g *Guard) LoggedInPage(c *fiber.Ctx) error {
	return g.page(c, func(*account.User) bool { return true })
}

func (g *Guard) api(c *fiber.Ctx, may func(*account.User) bool) error {
	u, err := g.users.User(c)
	if err != nil {
		return fmt.Errorf("panel: %s: %w", c.Path(), err)
	}
	if !may(u) {
		return errForbidden
	}
	c.Locals(localUser, u)
	return c.Next()
}

func (g *Guard) page(c *fiber.Ctx, may func(*account.User) bool) error {
	u, err := g.users.User(c)
	if errors.Is(err, session.ErrNotLoggedIn) {
		next := paths.Login + "?" + url.Values{"next": {string(c.Request().URI().RequestURI())}}.Encode()
		return c.Redirect(next, http.StatusSeeOther)
	}
	if err != nil {
		return fmt.Errorf("panel: %s: %w", c.Path(), err)
	}
	if !may(u) {
		return errForbidden
	}
	c.Locals(localUser, u)
	return c.Next()
}

// User is the user a role check of Guard let through.
func User(c *fiber.Ctx) *account.User { return c.Locals(localUser).(*account.User) }

// CoopID is the cooperative of the coop_staff member a Guard let through.
func CoopID(c *fiber.Ctx) int64 { return *User(c).CooperativeID }

// Actor is the logged-in user as the audit log names them.
func Actor(c *fiber.Ctx) audit.Actor {
	u := User(c)
	return audit.Actor{ID: u.ID, Email: u.Email}
}
