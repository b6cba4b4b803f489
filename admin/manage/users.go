// Package manage serves the administration pages under /quan-tri: the
// marketplace's users and their roles, its settings and its payouts.
package manage

import (
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Users is the page of the marketplace's accounts.
type Users struct {
	frame   *panel.Frame
	users   *account.Directory
	catalog *catalog.Store
}

// NewUsers returns the users page.
func NewUsers(frame *panel.Frame, users *account.Directory, cat *catalog.Store) *Users {
	return &Users{frame: frame, users: users, catalog: cat}
}

// usersPerPage is how many users a page lists.
const usersPerPage = 30

// List answers GET /quan-tri/nguoi-dung?q=&role=.
func (h *Users) List(c *fiber.Ctx) error { return h.show(c, 0, web.Form{}) }

// show renders the list with the status and what a refused change says.
func (h *Users) show(c *fiber.Ctx, status int, refused web.Form) error {
	q := web.NewListQuery(c)
	text := q.Text("q")
	role := q.OneOf("role", "", account.AllRoles())
	page := q.PageOf(usersPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	users, total, err := h.users.Search(c.UserContext(), text, role, page, usersPerPage)
	if err != nil {
		return err
	}
	provinces, err := h.catalog.Provinces(c.UserContext())
	if err != nil {
		return err
	}
	names := make(map[string]string, len(provinces))
	for _, p := range provinces {
		names[p.Slug] = p.Name
	}
	return h.frame.RenderStatus(c, status, templates.AdminUsers, "admin_users", "panel.users.title", struct {
		Refused             web.Form
		Q, Role             string
		Users               []account.Entry
		Total               int
		AllRoles, Grantable []string
		Provinces           []catalog.Province
		ProvinceNames       map[string]string
		Pager               panel.Pager
	}{refused, text, role, users, total, account.AllRoles(), account.GrantableRoles(), provinces, names,
		panel.NewPager(c, page, usersPerPage, total)})
}

// SetRoles answers POST /quan-tri/nguoi-dung/{id}/vai-tro: the roles and
// province of the form.
func (h *Users) SetRoles(c *fiber.Ctx) error {
	id, err := panel.PathID(c, "id", "user")
	if err != nil {
		return err
	}
	var roles []string
	for _, v := range c.Request().PostArgs().PeekMulti("roles") {
		if r := string(v); !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	_, err = h.users.SetRoles(c.UserContext(), account.RolesChange{UserID: id, Roles: roles, Province: c.FormValue("province"),
		By: panel.Actor(c)})
	return h.done(c, id, err, "roles_saved")
}

// Lock answers POST /quan-tri/nguoi-dung/{id}/khoa.
func (h *Users) Lock(c *fiber.Ctx) error { return h.setLocked(c, true) }

// Unlock answers POST /quan-tri/nguoi-dung/{id}/mo-khoa.
func (h *Users) Unlock(c *fiber.Ctx) error { return h.setLocked(c, false) }

func (h *Users) setLocked(c *fiber.Ctx, locked bool) error {
	id, err := panel.PathID(c, "id", "user")
	if err != nil {
		return err
	}
	flash := "unlocked"
	if locked {
		flash = "locked"
	}
	_, err = h.users.SetLocked(c.UserContext(), id, locked, panel.Actor(c))
	return h.done(c, id, err, flash)
}

// done goes back to the user in the list with the notice of what was
// done; a refusal the admin can read (a conflict, a bad value) shows the
// list again with what was refused, other errors are error pages.
func (h *Users) done(c *fiber.Ctx, id int64, err error, flash string) error {
	if err != nil {
		status, form, ok := web.FormProblem(c, h.frame.Messages(), err)
		if !ok {
			return err
		}
		return h.show(c, status, form)
	}
	return h.frame.Redirect(c, paths.AdminUsers+"#user-"+strconv.FormatInt(id, 10), flash)
}
