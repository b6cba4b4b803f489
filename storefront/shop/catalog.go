package shop

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// maxPriceVND bounds price filters: no product costs a trillion đồng.
const maxPriceVND = 1_000_000_000_000

// ProductFilter reads the product list parameters of API.md, shared by the
// listing page and GET /api/v1/products.
func ProductFilter(c *fiber.Ctx) (catalog.Filter, error) {
	q := web.NewQuery(c)
	f := catalog.Filter{
		Query:          q.String("q", 200),
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
		q.Errors["max_price"] = "must not be below min_price"
	}
	return f, q.Err()
}

// FindProducts answers a listing from the search index (or SQL), turning
// a query the index refuses into a 400.
func FindProducts(c *fiber.Ctx, b *browse.Browser, f catalog.Filter) (*browse.Result, error) {
	res, err := b.Find(c.UserContext(), f)
	if errors.Is(err, browse.ErrBadQuery) {
		return nil, web.Invalid(map[string]string{"q": strings.TrimPrefix(err.Error(), "search: bad query: ")})
	}
	return res, err
}

// NotFoundAs turns catalog.ErrNotFound into a 404 naming what was missing.
func NotFoundAs(err error, what string) error {
	if errors.Is(err, catalog.ErrNotFound) {
		return web.NotFound(what)
	}
	return err
}

// AddressID reads the :id of an address route; anything but a positive
// integer is a 404 like another user's address.
func AddressID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, web.NotFound("address")
	}
	return id, nil
}

// AddressError is AccountError with an unknown address a 404.
func AddressError(c *fiber.Ctx, err error) error {
	if errors.Is(err, account.ErrNotFound) {
		return web.NotFound("address")
	}
	return AccountError(c, err)
}
