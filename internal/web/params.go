package web

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// MaxPerPage is the largest page size a list answers.
const MaxPerPage = 100

// Query reads query parameters and collects what is wrong with them, so that
// one 400 lists every bad value.
type Query struct {
	c      *fiber.Ctx
	Errors map[string]string
}

// NewQuery starts reading the query of c.
func NewQuery(c *fiber.Ctx) *Query { return &Query{c: c, Errors: map[string]string{}} }

func (q *Query) fail(name, msg string) { q.Errors[name] = msg }

// String returns a single value, checked to be valid UTF-8 and at most max
// characters long.
func (q *Query) String(name string, max int) string {
	v := q.c.Query(name)
	if !utf8.ValidString(v) {
		q.fail(name, "must be valid UTF-8 text")
		return ""
	}
	if utf8.RuneCountInString(v) > max {
		q.fail(name, fmt.Sprintf("must be at most %d characters", max))
		return ""
	}
	return strings.TrimSpace(v)
}

// Int returns an integer in [min, max], or def when absent.
func (q *Query) Int(name string, def, min, max int64) int64 {
	v := strings.TrimSpace(q.c.Query(name))
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		q.fail(name, "must be a whole number")
		return def
	}
	if n < min || n > max {
		q.fail(name, fmt.Sprintf("must be between %d and %d", min, max))
		return def
	}
	return n
}

// Slugs returns every value of a repeatable parameter (also accepting
// comma-separated values), each a lower-case slug.
func (q *Query) Slugs(name string) []string {
	var out []string
	for _, raw := range q.c.Context().QueryArgs().PeekMulti(name) {
		for _, v := range bytes.Split(raw, []byte(",")) {
			s := strings.TrimSpace(string(v))
			if s == "" {
				continue
			}
			if !IsSlug(s) {
				q.fail(name, "must be slugs such as son-la (lower-case letters, digits and dashes)")
				return nil
			}
			out = append(out, s)
		}
	}
	if len(out) > 50 {
		q.fail(name, "at most 50 values")
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
	q.fail(name, "must be one of "+strings.Join(allowed, ", "))
	return def
}

// Page returns the page number and size of a list request.
func (q *Query) Page(defPerPage int) (page, perPage int) {
	return int(q.Int("page", 1, 1, 1_000_000)), int(q.Int("per_page", int64(defPerPage), 1, MaxPerPage))
}

// Err returns the validation error for everything wrong so far, or nil.
func (q *Query) Err() error {
	if len(q.Errors) == 0 {
		return nil
	}
	return Invalid(q.Errors)
}

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
