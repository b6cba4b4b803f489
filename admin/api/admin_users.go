package api

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// AdminUsers serves the accounts to admins: find, grant roles, lock.
type AdminUsers struct {
	users *account.Directory
}

// NewAdminUsers returns the user administration API.
func NewAdminUsers(users *account.Directory) *AdminUsers {
	return &AdminUsers{users: users}
}

// Users answers GET /api/v1/admin/users?q=&role=: one page of users by email.
func (h *AdminUsers) Users(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	text := q.Text("q")
	role := q.OneOf("role", "", account.AllRoles())
	page, perPage := q.Page(50)
	if err := q.Err(); err != nil {
		return err
	}
	users, total, err := h.users.Search(c.UserContext(), text, role, page, perPage)
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[account.Entry]{Items: users, Total: total, Page: page, PerPage: perPage})
}

// SetRoles answers PUT /api/v1/admin/users/{id}/roles {roles, province?}.
func (h *AdminUsers) SetRoles(c *fiber.Ctx) error {
	id, err := panel.PathID(c, "id", "user")
	if err != nil {
		return err
	}
	var b struct {
		Roles    []string `json:"roles"`
		Province string   `json:"province"`
	}
	if err := json.Unmarshal(c.Body(), &b); err != nil {
		return errBadJSON.Wrap(err)
	}
	u, err := h.users.SetRoles(c.UserContext(), account.RolesChange{UserID: id, Roles: b.Roles, Province: b.Province, By: panel.Actor(c)})
	if err != nil {
		return err
	}
	return c.JSON(u)
}

// Lock answers POST /api/v1/admin/users/{id}/lock.
func (h *AdminUsers) Lock(c *fiber.Ctx) error { return h.setLocked(c, true) }

// Unlock answers POST /api/v1/admin/users/{id}/unlock.
func (h *AdminUsers) Unlock(c *fiber.Ctx) error { return h.setLocked(c, false) }

func (h *AdminUsers) setLocked(c *fiber.Ctx, locked bool) error {
	id, err := panel.PathID(c, "id", "user")
	if err != nil {
		return err
	}
	u, err := h.users.SetLocked(c.UserContext(), id, locked, panel.Actor(c))
	if err != nil {
		return err
	}
	return c.JSON(u)
}
