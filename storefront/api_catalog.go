package storefront

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// maxPriceVND bounds price filters: no product costs a trillion đồng.
const maxPriceVND = 1_000_000_000_000

// productFilter reads the product list parameters of API.md, shared by the
// listing page and GET /api/v1/products.
func productFilter(c *fiber.Ctx) (catalog.Filter, error) {
	q := web.NewQuery(c)
	f := catalog.Filter{
		Query:          q.Text("q"),
		MinStars:       int(q.Int("stars", 0, 3, 5)),
		Provinces:      q.Slugs("province"),
		Categories:     q.Slugs("category"),
		Cooperatives:   q.Slugs("cooperative"),
		Certifications: q.Slugs("certification"),
		MinPrice:       q.Int("min_price", 0, 0, maxPriceVND),
		MaxPrice:       q.Int("max_price", 0, 0, maxPriceVND),
	}
	def := catalog.SortNewest
	if f.Query != "" {
		def = catalog.SortRelevance
	}
	f.Sort = q.OneOf("sort", def, catalog.Sorts())
	f.Page, f.PerPage = q.Page(24)
	if f.MaxPrice > 0 && f.MinPrice > f.MaxPrice {
		q.Invalid("max_price", "below_min_price", nil)
	}
	return f, q.Err()
}

type productList struct {
	web.ListPage[catalog.Summary]
	Facets      catalog.Facets `json:"facets"`
	Degraded    bool           `json:"degraded,omitempty"`
	Relaxed     bool           `json:"relaxed,omitempty"`
	Suggestions []string       `json:"suggestions,omitempty"`
}

// findProducts answers a listing from the search index (or SQL); a query
// the index refuses is a coded 400 naming the parameter.
func (h *Handler) findProducts(c *fiber.Ctx, f catalog.Filter) (*browse.Result, error) {
	return h.browse.Find(c.UserContext(), f)
}

func (h *Handler) apiProducts(c *fiber.Ctx) error {
	f, err := productFilter(c)
	if err != nil {
		return err
	}
	res, err := h.findProducts(c, f)
	if err != nil {
		return err
	}
	return c.JSON(productList{
		ListPage:    web.ListPage[catalog.Summary]{Items: res.Items, Total: res.Total, Page: f.Page, PerPage: f.PerPage},
		Facets:      res.Facets,
		Degraded:    res.Degraded,
		Relaxed:     res.Relaxed,
		Suggestions: res.Suggestions,
	})
}

// apiSuggest answers the search box's autocomplete.
func (h *Handler) apiSuggest(c *fiber.Ctx) error {
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
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(fiber.Map{"items": names})
}

func (h *Handler) apiProduct(c *fiber.Ctx) error {
	p, err := h.catalog.ProductBySlug(c.UserContext(), c.Params("slug"))
	if err != nil {
		return notFoundAs(err, "product")
	}
	return c.JSON(p)
}

func (h *Handler) apiCooperatives(c *fiber.Ctx) error {
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

func (h *Handler) apiCooperative(c *fiber.Ctx) error {
	co, err := h.catalog.CooperativeBySlug(c.UserContext(), c.Params("slug"))
	if err != nil {
		return notFoundAs(err, "cooperative")
	}
	return c.JSON(co)
}

func (h *Handler) apiProvinces(c *fiber.Ctx) error {
	ps, err := h.catalog.Provinces(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": ps})
}

func (h *Handler) apiCategories(c *fiber.Ctx) error {
	cs, err := h.catalog.Categories(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": cs})
}

// image serves a product image by "{id}-{digest}.{ext}"; the digest in the
// name makes the address change with the content, so it is cached for good.
func (h *Handler) image(c *fiber.Ctx) error {
	name := c.Params("file")
	idPart, rest, ok := strings.Cut(name, "-")
	id, err := strconv.ParseInt(idPart, 10, 64)
	if !ok || err != nil || id <= 0 {
		return web.NotFound("image")
	}
	ctype, digest, data, err := h.catalog.ImageData(c.UserContext(), id)
	if err != nil {
		return notFoundAs(err, "image")
	}
	if want, _, _ := strings.Cut(rest, "."); !strings.HasPrefix(digest, want) || want == "" {
		return web.NotFound("image")
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	if ctype == "image/svg+xml" {
		// Drawn or uploaded SVG never runs script, whoever opens it directly.
		c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	}
	return c.Send(data)
}
