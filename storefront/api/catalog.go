package api

import (
	"errors"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/pagecache"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
)

// Catalog serves the public catalog: products, search, cooperatives and
// the reference lists.
type Catalog struct {
	catalog *catalog.Store
	browse  *browse.Browser
	log     *slog.Logger
}

// NewCatalog returns the catalog API.
func NewCatalog(cat *catalog.Store, b *browse.Browser, log *slog.Logger) *Catalog {
	return &Catalog{catalog: cat, browse: b, log: log}
}

type productList struct {
	web.ListPage[catalog.Summary]
	Facets      catalog.Facets `json:"facets"`
	Degraded    bool           `json:"degraded,omitempty"`
	Relaxed     bool           `json:"relaxed,omitempty"`
	Suggestions []string       `json:"suggestions,omitempty"`
}

// Products answers GET /api/v1/products.
func (h *Catalog) Products(c *fiber.Ctx) error {
	f, err := shop.ProductFilter(c)
	if err != nil {
		return err
	}
	res, err := h.browse.Find(c.UserContext(), f)
	if err != nil {
		return err
	}
	if res.Degraded {
		pagecache.NoStore(c) // answered without the search index: not for long
	}
	return c.JSON(productList{
		ListPage:    web.ListPage[catalog.Summary]{Items: res.Items, Total: res.Total, Page: f.Page, PerPage: f.PerPage},
		Facets:      res.Facets,
		Degraded:    res.Degraded,
		Relaxed:     res.Relaxed,
		Suggestions: res.Suggestions,
	})
}

// Suggest answers the search box's autocomplete.
func (h *Catalog) Suggest(c *fiber.Ctx) error {
	q := web.NewQuery(c)
	text := q.String("q", 100)
	if err := q.Err(); err != nil {
		return err
	}
	names, err := h.browse.Suggest(c.UserContext(), text, 8)
	if errors.Is(err, browse.ErrBadQuery) {
		return err
	}
	if err != nil {
		// Autocomplete is a convenience: with the index down it offers
		// nothing rather than an error.
		h.log.Warn("suggest: search index unavailable", "err", err)
		names = []string{}
		pagecache.NoStore(c)
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(fiber.Map{"items": names})
}

// Product answers GET /api/v1/products/{slug}.
func (h *Catalog) Product(c *fiber.Ctx) error {
	p, err := h.catalog.ProductBySlug(c.UserContext(), c.Params("slug"))
	if err != nil {
		return shop.NotFoundAs(err, "product")
	}
	return c.JSON(p)
}

// Cooperatives answers GET /api/v1/cooperatives.
func (h *Catalog) Cooperatives(c *fiber.Ctx) error {
	q := web.NewQuery(c)
	provinces := q.Slugs("province")
	page, perPage := q.Page(24)
	if err := q.Err(); err != nil {
		return err
	}
	all, err := h.catalog.Cooperatives(c.UserContext(), provinces)
	if err != nil {
		return err
	}
	from, to := min((page-1)*perPage, len(all)), min(page*perPage, len(all))
	return c.JSON(web.ListPage[catalog.Cooperative]{Items: all[from:to], Total: len(all), Page: page, PerPage: perPage})
}

// Cooperative answers GET /api/v1/cooperatives/{slug}.
func (h *Catalog) Cooperative(c *fiber.Ctx) error {
	co, err := h.catalog.CooperativeBySlug(c.UserContext(), c.Params("slug"))
	if err != nil {
		return shop.NotFoundAs(err, "cooperative")
	}
	return c.JSON(co)
}

// Provinces answers GET /api/v1/provinces.
func (h *Catalog) Provinces(c *fiber.Ctx) error {
	ps, err := h.catalog.Provinces(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": ps})
}

// Categories answers GET /api/v1/categories.
func (h *Catalog) Categories(c *fiber.Ctx) error {
	cs, err := h.catalog.Categories(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": cs})
}
