package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Province serves the province portals.
type Province struct {
	store *showcase.Store
}

// NewProvince returns the province portal API.
func NewProvince(store *showcase.Store) *Province { return &Province{store: store} }

// Show answers GET /api/v1/provinces/{slug}: the province, its
// cooperatives, its featured products and its fairs.
func (h *Province) Show(c *fiber.Ctx) error {
	slug := c.Params("slug")
	if !web.IsSlug(slug) {
		return web.NotFound("province")
	}
	p, err := h.store.Portal(c.UserContext(), slug)
	if err != nil {
		return err
	}
	return c.JSON(p)
}
