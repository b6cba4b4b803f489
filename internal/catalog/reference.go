package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// Province is one of the 34 provinces and centrally-run cities in force
// since 1 July 2025.
type Province struct {
	Slug     string `json:"slug" db:"slug"`
	Name     string `json:"name" db:"name"`
	Kind     string `json:"kind" db:"kind"` // city or province
	Position int    `json:"-" db:"position"`
}

// Category is an OCOP product group (Parent empty) or one of its subgroups.
type Category struct {
	Slug     string         `json:"slug" db:"slug"`
	Parent   sql.NullString `json:"-" db:"parent_slug"`
	Name     string         `json:"name" db:"name"`
	NameEn   string         `json:"name_en" db:"name_en"`
	Position int            `json:"-" db:"position"`
	Children []Category     `json:"children,omitempty" db:"-"`
}

// Certification is a production standard a product can be certified for.
type Certification struct {
	Slug          string `json:"slug" db:"slug"`
	Name          string `json:"name" db:"name"`
	Description   string `json:"description" db:"description"`
	DescriptionEn string `json:"description_en" db:"description_en"`
}

// GeographicalIndication is a protected origin name such as "Cà phê Sơn La".
type GeographicalIndication struct {
	ID            int64  `json:"-" db:"id"`
	Slug          string `json:"slug" db:"slug"`
	Name          string `json:"name" db:"name"`
	ProvinceSlug  string `json:"province" db:"province_slug"`
	CertificateNo string `json:"certificate_no" db:"certificate_no"`
}

// reference keeps the reference data once read: provinces, groups and
// certifications change only with a migration, which restarts the process,
// so no page asks the database for them twice.
type reference struct {
	mu             sync.Mutex
	provinces      []Province
	categories     []Category
	certifications []Certification
}

// once returns *kept, reading it with load the first time; it returns a
// copy, as callers may sort or append.
func once[T any](ctx context.Context, mu *sync.Mutex, kept *[]T, load func(context.Context) ([]T, error)) ([]T, error) {
	mu.Lock()
	defer mu.Unlock()
	if *kept == nil {
		v, err := load(ctx)
		if err != nil {
			return nil, err
		}
		*kept = v
	}
	return slices.Clone(*kept), nil
}

// Provinces lists the 34 provinces in their official order.
func (s *Store) Provinces(ctx context.Context) ([]Province, error) {
	return once(ctx, &s.refs.mu, &s.refs.provinces, s.loadProvinces)
}

func (s *Store) loadProvinces(ctx context.Context) ([]Province, error) {
	var ps []Province
	if err := s.db.SelectContext(ctx, &ps, `SELECT slug, name, kind, position FROM provinces ORDER BY position`); err != nil {
		return nil, fmt.Errorf("catalog: provinces: %w", err)
	}
	return ps, nil
}

// province is the province of slug, from the kept list.
func (s *Store) province(ctx context.Context, slug string) (Province, error) {
	ps, err := s.Provinces(ctx)
	if err != nil {
		return Province{}, err
	}
	for _, p := range ps {
		if p.Slug == slug {
			return p, nil
		}
	}
	return Province{}, fmt.Errorf("catalog: province %q: %w", slug, ErrNotFound)
}

var provincePrefix = regexp.MustCompile(`^(tinh|thanh pho|tp\.?)\s+`)

// ResolveProvince finds the province for a slug or a name, old or new, with
// or without diacritics: "Bình Dương" and "binh-duong" give TP Hồ Chí Minh.
func (s *Store) ResolveProvince(ctx context.Context, nameOrSlug string) (Province, error) {
	key := textfold.Fold(strings.NewReplacer("-", " ", "–", " ", "_", " ").Replace(nameOrSlug))
	key = strings.Join(strings.Fields(provincePrefix.ReplaceAllString(key, "")), " ")
	if strings.IndexFunc(key, unicode.IsControl) >= 0 || len(key) > 200 {
		// No province is named so; PostgreSQL would refuse a NUL.
		return Province{}, fmt.Errorf("catalog: province %q: %w", nameOrSlug, ErrNotFound)
	}
	var p Province
	err := s.db.GetContext(ctx, &p, s.db.Rebind(`SELECT p.slug, p.name, p.kind, p.position
		FROM province_aliases a JOIN provinces p ON p.slug = a.province_slug WHERE a.folded_name = ?`), key)
	if err != nil {
		if db.NoRows(err) {
			return Province{}, fmt.Errorf("catalog: province %q: %w", nameOrSlug, ErrNotFound)
		}
		return Province{}, fmt.Errorf("catalog: province %q: %w", nameOrSlug, err)
	}
	return p, nil
}

// Categories returns the six OCOP groups, each with its subgroups.
func (s *Store) Categories(ctx context.Context) ([]Category, error) {
	return once(ctx, &s.refs.mu, &s.refs.categories, s.loadCategories)
}

func (s *Store) loadCategories(ctx context.Context) ([]Category, error) {
	var all []Category
	if err := s.db.SelectContext(ctx, &all, `SELECT slug, parent_slug, name, name_en, position FROM categories ORDER BY position`); err != nil {
		return nil, fmt.Errorf("catalog: categories: %w", err)
	}
	var groups []Category
	index := map[string]int{}
	for _, c := range all {
		if !c.Parent.Valid {
			index[c.Slug] = len(groups)
			groups = append(groups, c)
		}
	}
	for _, c := range all {
		if i, ok := index[c.Parent.String]; ok && c.Parent.Valid {
			groups[i].Children = append(groups[i].Children, c)
		}
	}
	return groups, nil
}

// Certifications lists the certifications products can carry.
func (s *Store) Certifications(ctx context.Context) ([]Certification, error) {
	return once(ctx, &s.refs.mu, &s.refs.certifications, s.loadCertifications)
}

func (s *Store) loadCertifications(ctx context.Context) ([]Certification, error) {
	var cs []Certification
	if err := s.db.SelectContext(ctx, &cs, `SELECT slug, name, description, description_en FROM certifications ORDER BY slug`); err != nil {
		return nil, fmt.Errorf("catalog: certifications: %w", err)
	}
	return cs, nil
}

// GeographicalIndications lists the protected origin names known.
func (s *Store) GeographicalIndications(ctx context.Context) ([]GeographicalIndication, error) {
	var gs []GeographicalIndication
	if err := s.db.SelectContext(ctx, &gs, `SELECT id, slug, name, province_slug, certificate_no FROM geographical_indications ORDER BY name`); err != nil {
		return nil, fmt.Errorf("catalog: geographical indications: %w", err)
	}
	return gs, nil
}
