package pages

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/render"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Province serves the province portals.
type Province struct {
	*Frame
	store *showcase.Store
}

// NewProvince returns the province portal pages.
func NewProvince(f *Frame, store *showcase.Store) *Province { return &Province{Frame: f, store: store} }

// provinceGroup is the featured products of one OCOP group.
type provinceGroup struct {
	Slug, Name string
	Products   []catalog.Summary
}

// provinceData is what a province portal shows.
type provinceData struct {
	P      *showcase.Portal
	Groups []provinceGroup
}

// Show answers GET /tinh/{slug}: the province's fairs, its featured
// products by OCOP group (each by stars, then the newest) and its
// cooperatives.
func (h *Province) Show(c *fiber.Ctx) error {
	slug := c.Params("slug")
	if !web.IsSlug(slug) {
		return web.NotFound("province")
	}
	portal, err := h.store.Portal(c.UserContext(), slug)
	if err != nil {
		return err
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	d := provinceData{P: portal}
	for _, g := range p.Groups {
		pg := provinceGroup{Slug: g.Slug, Name: render.LocalName(p.Lang, g.Name, g.NameEn)}
		for _, pr := range portal.Products {
			if pr.GroupSlug == g.Slug {
				pg.Products = append(pg.Products, pr)
			}
		}
		if len(pg.Products) > 0 {
			d.Groups = append(d.Groups, pg)
		}
	}
	p.Title = portal.Province.Name
	p.Description = portal.Province.Name
	p.Data = d
	return h.render(c, templates.Province, p)
}
