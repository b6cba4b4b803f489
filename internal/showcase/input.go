package showcase

import (
	"context"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Limits of the fields of a fair.
const (
	MaxTitle       = 200
	MaxCity        = 100
	MaxVenue       = 200
	MaxDescription = 5000
)

// Input is a fair as staff fill it in; dates are "YYYY-MM-DD". Province is
// the organising province's slug, which only national staff choose (a
// province's staff always organise for their own); empty is national.
type Input struct {
	Title       string `json:"title"`
	City        string `json:"city"`
	Venue       string `json:"venue"`
	StartsOn    string `json:"starts_on"`
	EndsOn      string `json:"ends_on"`
	Description string `json:"description"`
	Province    string `json:"province"`
}

// checked is an Input that passed validation.
type checked struct {
	Input
	starts, ends db.Date
	province     *string
}

// text checks one text field and returns it trimmed.
func text(f *fault.Fields, field, v string, max int, required, multiline bool) string {
	v = strings.TrimSpace(v)
	switch {
	case !utf8.ValidString(v):
		f.Add(field, "invalid_text", nil)
	case strings.IndexFunc(v, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t'))
	}) >= 0:
		f.Add(field, "control_characters", nil)
	case required && v == "":
		f.Add(field, "required", nil)
	case utf8.RuneCountInString(v) > max:
		f.Add(field, "too_long", fault.Params{"max": max})
	}
	return v
}

// date checks a required date field.
func date(f *fault.Fields, field, v string) db.Date {
	v = strings.TrimSpace(v)
	if v == "" {
		f.Add(field, "required", nil)
		return db.Date{}
	}
	d, err := db.ParseDate(v)
	if err != nil || d.Year() < 2000 || d.Year() > 2100 {
		f.Add(field, "invalid_date", nil)
		return db.Date{}
	}
	return d
}

// check validates in for actor a, every field at once.
func (s *Store) check(ctx context.Context, a Actor, in Input) (*checked, error) {
	var f fault.Fields
	c := &checked{Input: in}
	c.Title = text(&f, "title", in.Title, MaxTitle, true, false)
	c.City = text(&f, "city", in.City, MaxCity, false, false)
	c.Venue = text(&f, "venue", in.Venue, MaxVenue, false, false)
	c.Description = text(&f, "description", in.Description, MaxDescription, false, true)
	c.starts = date(&f, "starts_on", in.StartsOn)
	c.ends = date(&f, "ends_on", in.EndsOn)
	if !c.starts.IsZero() && !c.ends.IsZero() && c.ends.Before(c.starts.Time) {
		f.Add("ends_on", "fair_ends_before_start", nil)
	}
	if c.City != "" && !f.Has("city") {
		// A province's name in any spelling is written as the province
		// is named now; any other place stays as typed.
		p, err := s.catalog.ResolveProvince(ctx, c.City)
		switch {
		case err == nil:
			c.City = p.Name
		case !errors.Is(err, catalog.ErrNotFound):
			return nil, err
		}
	}
	province := strings.TrimSpace(in.Province)
	switch {
	case a.Province != "":
		c.province = &a.Province
	case province != "":
		p, err := s.catalog.ResolveProvince(ctx, province)
		switch {
		case err == nil:
			c.province = &p.Slug
		case errors.Is(err, catalog.ErrNotFound):
			f.Add("province", "unknown_province", nil)
		default:
			return nil, err
		}
	}
	return c, f.Err()
}
