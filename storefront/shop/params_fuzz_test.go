package shop_test

import (
	"errors"
	"io"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
)

// filterOf reads the query string raw through ProductFilter, as the
// listing page and GET /api/v1/products do.
func filterOf(t *testing.T, app *fiber.App, got *catalog.Filter, raw string) error {
	t.Helper()
	var ferr error
	app.Get("/", func(c *fiber.Ctx) error { *got, ferr = shop.ProductFilter(c); return nil })
	req := httptest.NewRequest("GET", "/", nil)
	req.URL.RawQuery = raw
	res, err := app.Test(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	return ferr
}

// valuesOf writes a filter back as the query of a listing link.
func valuesOf(f catalog.Filter) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", f.Query)
	if f.MinStars > 0 {
		set("stars", strconv.Itoa(f.MinStars))
	}
	for k, vals := range map[string][]string{"province": f.Provinces, "category": f.Categories, "cooperative": f.Cooperatives, "certification": f.Certifications} {
		for _, s := range vals {
			v.Add(k, s)
		}
	}
	if f.MinPrice > 0 {
		set("min_price", strconv.FormatInt(f.MinPrice, 10))
	}
	if f.MaxPrice > 0 {
		set("max_price", strconv.FormatInt(f.MaxPrice, 10))
	}
	set("sort", f.Sort)
	set("page", strconv.Itoa(f.Page))
	set("per_page", strconv.Itoa(f.PerPage))
	return v
}

// FuzzProductFilter checks the reading of listing queries: any query is
// refused with field codes, or read as a filter within the limits of the
// search index, which accepts it as it is, and which written back as a
// link's query reads as the same filter.
func FuzzProductFilter(f *testing.F) {
	for _, q := range []string{"q=ca+phe&stars=4&province=son-la", "q=c%C3%A0%20ph%C3%AA&sort=price_asc&page=2&per_page=10",
		"category=ca-phe,tra&category=mat-ong&min_price=1000&max_price=200000", "stars=2&page=0&per_page=101", "province=S%C6%A1n+La",
		"q=%00%FF", "min_price=500&max_price=100", "page=417&per_page=24", "province=,,a,,&sort=", "q=+%20+&stars=+5+"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if strings.ContainsAny(raw, "#\x00\r\n ") {
			raw = url.PathEscape(raw) // what a browser sends for them
		}
		app := fiber.New()
		var got catalog.Filter
		if err := filterOf(t, app, &got, raw); err != nil {
			var fe *fault.Error
			if !errors.As(err, &fe) || fe.Kind != fault.Invalid || len(fe.Fields) == 0 {
				t.Fatalf("?%s: %v, not a refusal with field codes", raw, err)
			}
			return
		}
		q := search.Query{Text: got.Query, MinStars: got.MinStars, Provinces: got.Provinces, Categories: got.Categories,
			Cooperatives: got.Cooperatives, Certifications: got.Certifications, MinPrice: got.MinPrice, MaxPrice: got.MaxPrice,
			Sort: got.Sort, Page: got.Page, PerPage: got.PerPage, Today: "2027-06-26"}
		if _, err := q.Normalize(); err != nil {
			t.Fatalf("?%s reads as %+v, which the search index refuses: %v", raw, got, err)
		}
		back := valuesOf(got).Encode()
		var again catalog.Filter
		if err := filterOf(t, fiber.New(), &again, back); err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("?%s reads as %+v; written back as ?%s it reads as %+v, %v", raw, got, back, again, err)
		}
	})
}
