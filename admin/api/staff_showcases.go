package api

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// StaffShowcases serves the fairs to trade-promotion staff: a province's
// staff see and change the fairs of their province only (another's is a
// 404), national staff and admins all of them.
type StaffShowcases struct {
	store *showcase.Store
}

// NewStaffShowcases returns the staff fair API.
func NewStaffShowcases(store *showcase.Store) *StaffShowcases { return &StaffShowcases{store: store} }

// ShowcaseActor is the staff member a panel guard let through, as the
// fairs record and scope them.
func ShowcaseActor(c *fiber.Ctx) showcase.Actor {
	u := panel.User(c)
	return showcase.Actor{Actor: audit.Actor{ID: u.ID, Email: u.Email}, Province: panel.StaffProvince(c)}
}

// ShowcaseID reads the :id of a fair route; anything but a positive
// integer is a 404, as an unknown fair.
func ShowcaseID(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, showcase.ErrNotFound
	}
	return id, nil
}

// List answers GET /api/v1/staff/showcases?status=.
func (h *StaffShowcases) List(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	status := q.OneOf("status", "", showcase.Statuses())
	page, perPage := q.Page(24)
	if err := q.Err(); err != nil {
		return err
	}
	items, total, err := h.store.List(c.UserContext(), panel.StaffProvince(c), status, page, perPage)
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[showcase.Showcase]{Items: items, Total: total, Page: page, PerPage: perPage})
}

// Create answers POST /api/v1/staff/showcases: a new draft fair.
func (h *StaffShowcases) Create(c *fiber.Ctx) error {
	var in showcase.Input
	if err := decode(c, &in); err != nil {
		return err
	}
	sc, err := h.store.Create(c.UserContext(), ShowcaseActor(c), in)
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(sc)
}

// Show answers GET /api/v1/staff/showcases/{id}.
func (h *StaffShowcases) Show(c *fiber.Ctx) error {
	id, err := ShowcaseID(c, "id")
	if err != nil {
		return err
	}
	sc, err := h.store.Get(c.UserContext(), panel.StaffProvince(c), id)
	if err != nil {
		return err
	}
	return c.JSON(sc)
}

// Update answers PUT /api/v1/staff/showcases/{id}.
func (h *StaffShowcases) Update(c *fiber.Ctx) error {
	id, err := ShowcaseID(c, "id")
	if err != nil {
		return err
	}
	var in showcase.Input
	if err := decode(c, &in); err != nil {
		return err
	}
	sc, err := h.store.Update(c.UserContext(), ShowcaseActor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(sc)
}

// AddBooth answers POST /api/v1/staff/showcases/{id}/booths.
func (h *StaffShowcases) AddBooth(c *fiber.Ctx) error {
	id, err := ShowcaseID(c, "id")
	if err != nil {
		return err
	}
	var in showcase.BoothInput
	if err := decode(c, &in); err != nil {
		return err
	}
	sc, err := h.store.AddBooth(c.UserContext(), ShowcaseActor(c), id, in)
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(sc)
}

// UpdateBooth answers PUT /api/v1/staff/showcases/{id}/booths/{booth_id}:
// its products and place.
func (h *StaffShowcases) UpdateBooth(c *fiber.Ctx) error {
	id, err := ShowcaseID(c, "id")
	if err != nil {
		return err
	}
	booth, err := ShowcaseID(c, "booth_id")
	if err != nil {
		return err
	}
	var in showcase.BoothInput
	if err := decode(c, &in); err != nil {
		return err
	}
	sc, err := h.store.UpdateBooth(c.UserContext(), ShowcaseActor(c), id, booth, in)
	if err != nil {
		return err
	}
	return c.JSON(sc)
}

// RemoveBooth answers DELETE /api/v1/staff/showcases/{id}/booths/{booth_id}.
func (h *StaffShowcases) RemoveBooth(c *fiber.Ctx) error {
	id, err := ShowcaseID(c, "id")
	if err != nil {
		return err
	}
	booth, err := ShowcaseID(c, "booth_id")
	if err != nil {
		return err
	}
	sc, err := h.store.RemoveBooth(c.UserContext(), ShowcaseActor(c), id, booth)
	if err != nil {
		return err
	}
	return c.JSON(sc)
}

// move is a status change of a fair.
type move func(ctx context.Context, a showcase.Actor, id int64) (*showcase.Showcase, error)

// moveTo answers a POST that moves a fair to another status.
func (h *StaffShowcases) moveTo(c *fiber.Ctx, m move) error {
	id, err := ShowcaseID(c, "id")
	if err != nil {
		return err
	}
	sc, err := m(c.UserContext(), ShowcaseActor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(sc)
}

// Publish answers POST /api/v1/staff/showcases/{id}/publish.
func (h *StaffShowcases) Publish(c *fiber.Ctx) error { return h.moveTo(c, h.store.Publish) }

// Unpublish answers POST /api/v1/staff/showcases/{id}/unpublish.
func (h *StaffShowcases) Unpublish(c *fiber.Ctx) error { return h.moveTo(c, h.store.Unpublish) }

// Archive answers POST /api/v1/staff/showcases/{id}/archive: only after
// the fair's last day.
func (h *StaffShowcases) Archive(c *fiber.Ctx) error { return h.moveTo(c, h.store.Archive) }

// errNoBanner is an upload without its "banner" file.
var errNoBanner = fault.New(fault.Invalid, "invalid_input")

// BannerFile reads the "banner" file of a multipart form, at most one
// byte past the limit so that a larger one is refused as such.
func BannerFile(c *fiber.Ctx) ([]byte, error) {
	fh, err := c.FormFile("banner")
	if err != nil {
		return nil, fault.InvalidField("banner", "required", nil)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, errNoBanner.Wrap(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, showcase.MaxBannerBytes+1))
	if err != nil {
		return nil, errNoBanner.Wrap(err)
	}
	return data, nil
}

// Banner answers POST /api/v1/staff/showcases/{id}/banner (multipart,
// file "banner").
func (h *StaffShowcases) Banner(c *fiber.Ctx) error {
	id, err := ShowcaseID(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.store.Get(c.UserContext(), panel.StaffProvince(c), id); err != nil {
		return err // another province's fair is a 404 before its upload is judged
	}
	data, err := BannerFile(c)
	if err != nil {
		return err
	}
	sc, err := h.store.SetBanner(c.UserContext(), ShowcaseActor(c), id, data)
	if err != nil {
		return err
	}
	return c.JSON(sc)
}
