package web

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/search"
)

// Query reads query parameters and collects what is wrong with them, so that
// one 400 lists every bad value.
type Query struct {
	c    *fiber.Ctx
	errs fault.Fields
	// deepest is how many items a list reaches through its pages.
	deepest int
}

// MaxListItems is how deep a list read from SQL (a panel's orders,
// products, batches) reaches through its pages; listings and search from
// the index stop at search.MaxHits.
const MaxListItems = 1_000_000

// NewQuery starts reading the query of c, for a listing or search of the
// index.
func NewQuery(c *fiber.Ctx) *Query { return &Query{c: c, deepest: search.MaxHits} }

// NewListQuery starts reading the query of c, for a list read from SQL,
// whose pages reach MaxListItems.
func NewListQuery(c *fiber.Ctx) *Query { return &Query{c: c, deepest: MaxListItems} }

// String returns a single value, checked to be valid UTF-8 and at most max
// characters long.
func (q *Query) String(name string, max int) string {
	v := q.c.Query(name)
	if !utf8.ValidString(v) {
		q.errs.Add(name, "invalid_text", nil)
		return ""
	}
	if utf8.RuneCountInString(v) > max {
		q.errs.Add(name, "too_long", fault.Params{"max": max})
		return ""
	}
	return strings.TrimSpace(v)
}

// Text returns search text, at most as long as the search index reads.
func (q *Query) Text(name string) string { return q.String(name, search.MaxTextRunes) }

// Int returns an integer in [min, max], or def when absent. The value is
// read as sent: " 4" is not a whole number, as docs/openapi.yaml says.
func (q *Query) Int(name string, def, min, max int64) int64 {
	v := q.c.Query(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		q.errs.Add(name, "not_whole_number", nil)
		return def
	}
	if n < min || n > max {
		q.errs.Add(name, "out_of_range", fault.Params{"min": min, "max": max})
		return def
	}
	return n
}

// Slugs returns every value of a repeatable parameter (also accepting
// comma-separated values), each a lower-case slug, at most as many as the
// search index filters on.
func (q *Query) Slugs(name string) []string {
	var out []string
	for _, raw := range q.c.Context().QueryArgs().PeekMulti(name) {
		for _, v := range bytes.Split(raw, []byte(",")) {
			s := strings.TrimSpace(string(v))
			if s == "" {
				continue
			}
			if !search.ValidSlug(s) {
				q.errs.Add(name, "invalid_slugs", nil)
				return nil
			}
			out = append(out, s)
		}
	}
	if len(out) > search.MaxFilterValues {
		q.errs.Add(name, "too_many_values", fault.Params{"max": search.MaxFilterValues})
		return nil
	}
	return out
}

// OneOf returns a value from allowed, or def when absent.
func (q *Query) OneOf(name, def string, allowed []string) string {
	v := q.c.Query(name)
	if v == "" {
		return def
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	q.errs.Add(name, "not_one_of", fault.Params{"choices": strings.Join(allowed, ", ")})
	return def
}

// Page returns the page number and size of a list request, within the
// limits of the search index: at most search.MaxPerPage a page, and no
// page beyond search.LastPage.
func (q *Query) Page(defPerPage int) (page, perPage int) {
	perPage = int(q.Int("per_page", int64(defPerPage), 1, search.MaxPerPage))
	return q.PageOf(perPage), perPage
}

// PageOf returns the page number of a list of perPage items a page.
func (q *Query) PageOf(perPage int) int {
	last := search.LastPage(perPage)
	if q.deepest != search.MaxHits {
		last = q.deepest / max(perPage, 1)
	}
	return int(q.Int("page", 1, 1, int64(last)))
}

// Day reads a calendar day YYYY-MM-DD as the instant it starts in
// Vietnam; ok is false when the parameter is absent or wrong (then
// recorded as invalid).
func (q *Query) Day(name string) (start time.Time, ok bool) {
	v := q.c.Query(name)
	if v == "" {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(time.DateOnly, v, format.Vietnam())
	if err != nil {
		q.errs.Add(name, "invalid_date", nil)
		return time.Time{}, false
	}
	return t, true
}

// Invalid records that a parameter is wrong with code, for checks that
// span parameters.
func (q *Query) Invalid(name, code string, params fault.Params) { q.errs.Add(name, code, params) }

// Err returns the validation error for everything wrong so far, or nil.
func (q *Query) Err() error { return q.errs.Err() }

// IsSlug reports whether s is a URL slug: lower-case ASCII letters, digits
// and single dashes, at most 200 characters.
func IsSlug(s string) bool {
	if s == "" || len(s) > 200 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ListPage is the JSON shape of a list answer.
type ListPage[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}
