package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Fairs serves the published trade fairs and their booths.
type Fairs struct {
	store *showcase.Store
}

// NewFairs returns the fair API.
func NewFairs(store *showcase.Store) *Fairs { return &Fairs{store: store} }

// List answers GET /api/v1/showcases: the published fairs running or to
// come, the soonest first.
func (h *Fairs) List(c *fiber.Ctx) error {
	q := web.NewQuery(c)
	page, perPage := q.Page(24)
	if err := q.Err(); err != nil {
		return err
	}
	fairs, err := h.store.Upcoming(c.UserContext(), "")
	if err != nil {
		return err
	}
	from := min((page-1)*perPage, len(fairs))
	return c.JSON(web.ListPage[showcase.Fair]{Items: fairs[from:min(from+perPage, len(fairs))], Total: len(fairs), Page: page, PerPage: perPage})
}

// Show answers GET /api/v1/showcases/{slug}: a published fair with the
// booths and products shoppers see.
func (h *Fairs) Show(c *fiber.Ctx) error {
	slug := c.Params("slug")
	if !web.IsSlug(slug) {
		return showcase.ErrNotFound
	}
	f, err := h.store.BySlug(c.UserContext(), slug)
	if err != nil {
		return err
	}
	return c.JSON(f)
}
