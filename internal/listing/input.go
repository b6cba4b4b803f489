package listing

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Input is what a cooperative enters for a product, by the API's field
// names.
type Input struct {
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Category       string   `json:"category"`
	PriceVND       int64    `json:"price_vnd"`
	Unit           string   `json:"unit"`
	Stock          int64    `json:"stock"`
	Origin         Origin   `json:"origin"`
	Certifications []string `json:"certifications"`
	Published      bool     `json:"published"`
	// Invalid are the problems found while reading the input, before it
	// reached here (a price typed as words in a form); they are reported
	// with the others.
	Invalid fault.Fields `json:"-"`
}

// checked is an Input cleaned and resolved against the reference tables.
type checked struct {
	Input
	giID     *int64
	keywords []string // names folded into search_text beside name and description
}

// check cleans in, checks every field against the rules and the reference
// tables inside q, and returns every problem at once.
func (s *Service) check(ctx context.Context, q sqlx.QueryerContext, coopID int64, in Input) (*checked, error) {
	f := slices.Clone(in.Invalid)
	c := &checked{Input: in}
	c.Name = account.CheckText(&f, "name", in.Name, MaxNameLen, true)
	c.Description = checkDescription(&f, "description", in.Description)
	c.Unit = account.CheckText(&f, "unit", in.Unit, MaxUnitLen, true)
	c.Origin.Ward = account.CheckText(&f, "origin.ward", in.Origin.Ward, MaxWardLen, false)
	if !f.Has("price_vnd") && (in.PriceVND <= 0 || in.PriceVND > MaxPriceVND) {
		f.Add("price_vnd", "out_of_range", fault.Params{"min": 1, "max": MaxPriceVND})
	}
	if !f.Has("stock") && (in.Stock < 0 || in.Stock > MaxStock) {
		f.Add("stock", "out_of_range", fault.Params{"min": 0, "max": MaxStock})
	}
	var coop string
	if err := sqlx.GetContext(ctx, q, &coop, s.db.Rebind(`SELECT name FROM cooperatives WHERE id = ?`), coopID); err != nil {
		return nil, fmt.Errorf("listing: cooperative %d: %w", coopID, err)
	}
	c.keywords = []string{coop}
	var qerr error
	name := func(field, code, query, slug string) string {
		if slug == "" {
			f.Add(field, "required", nil)
			return ""
		}
		var n string
		err := sqlx.GetContext(ctx, q, &n, s.db.Rebind(query), safeSlug(slug))
		switch {
		case db.NoRows(err):
			f.Add(field, code, nil)
		case err != nil:
			qerr = fmt.Errorf("listing: %s: %w", field, err)
		}
		return n
	}
	c.Category = strings.TrimSpace(in.Category)
	c.keywords = append(c.keywords, name("category", "unknown_choice", `SELECT name FROM categories WHERE slug = ?`, c.Category))
	c.Origin.Province = strings.TrimSpace(in.Origin.Province)
	c.keywords = append(c.keywords, name("origin.province", "unknown_province", `SELECT name FROM provinces WHERE slug = ?`, c.Origin.Province), c.Origin.Ward)
	if gi := in.Origin.GeographicalIndication; gi != nil && strings.TrimSpace(*gi) != "" {
		slug := strings.TrimSpace(*gi)
		c.Origin.GeographicalIndication = &slug
		var row struct {
			ID   int64  `db:"id"`
			Name string `db:"name"`
		}
		err := sqlx.GetContext(ctx, q, &row, s.db.Rebind(`SELECT id, name FROM geographical_indications WHERE slug = ?`), safeSlug(slug))
		switch {
		case db.NoRows(err):
			f.Add("origin.geographical_indication", "unknown_choice", nil)
		case err != nil:
			return nil, fmt.Errorf("listing: indication: %w", err)
		default:
			c.giID = &row.ID
			c.keywords = append(c.keywords, row.Name)
		}
	} else {
		c.Origin.GeographicalIndication = nil
	}
	c.Certifications = []string{}
	for _, slug := range in.Certifications {
		slug = strings.TrimSpace(slug)
		if slug == "" || slices.Contains(c.Certifications, slug) {
			continue
		}
		var n int
		if err := sqlx.GetContext(ctx, q, &n, s.db.Rebind(`SELECT COUNT(*) FROM certifications WHERE slug = ?`), safeSlug(slug)); err != nil {
			return nil, fmt.Errorf("listing: certification: %w", err)
		}
		if n == 0 {
			f.Add("certifications", "unknown_choice", nil)
			break
		}
		c.Certifications = append(c.Certifications, slug)
	}
	slices.Sort(c.Certifications)
	if qerr != nil {
		return nil, qerr
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// safeSlug is s when it can be a slug, and "" otherwise, so that a NUL
// or a kilobyte of text never reaches a query (PostgreSQL refuses a NUL).
func safeSlug(s string) string {
	if len(s) > 200 || strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) >= 0 {
		return "-"
	}
	return s
}

// checkDescription is account.CheckText for several lines: line breaks and
// tabs are kept, other control characters refused.
func checkDescription(f *fault.Fields, field, v string) string {
	if !utf8.ValidString(v) {
		f.Add(field, "invalid_text", nil)
		return ""
	}
	v = strings.ReplaceAll(v, "\r\n", "\n")
	if strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0 {
		f.Add(field, "control_characters", nil)
		return ""
	}
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) > MaxDescriptionLen {
		f.Add(field, "too_long", fault.Params{"max": MaxDescriptionLen})
	}
	return v
}

// nullID is id as a nullable column value.
func nullID(id *int64) sql.NullInt64 {
	if id == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: *id, Valid: true}
}
