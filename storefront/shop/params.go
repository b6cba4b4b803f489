package shop

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// maxPriceVND bounds price filters: no product costs a trillion đồng.
const maxPriceVND = 1_000_000_000_000

// ProductFilter reads the product list parameters, shared by the listing
// page and GET /api/v1/products.
func ProductFilter(c *fiber.Ctx) (catalog.Filter, error) {
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
		return 0, account.ErrAddressNotFound
	}
	return id, nil
}

// WholeNumber reads a number that must be an integer in [min, max], from
// a JSON body or a form field alike: 1.5, "2", 1e2, true and null are
// refused with a code on name.
func WholeNumber(f *fault.Fields, name string, raw json.RawMessage, min, max int64) int64 {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		f.Add(name, "required", nil)
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < min || n > max {
		f.Add(name, "whole_number", fault.Params{"min": min, "max": max})
		return 0
	}
	return n
}
