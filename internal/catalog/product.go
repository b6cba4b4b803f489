package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// Summary is a product as lists show it.
type Summary struct {
	ID             int64       `json:"id" db:"id"`
	Slug           string      `json:"slug" db:"slug"`
	Name           string      `json:"name" db:"name"`
	PriceVND       int64       `json:"price_vnd" db:"price_vnd"`
	Unit           string      `json:"unit" db:"unit"`
	Stock          int         `json:"-" db:"stock"`
	ImageURL       string      `json:"image_url" db:"-"`
	ImageSrcset    string      `json:"-" db:"-"` // the cover's sizes, for the cards' srcset
	InStock        bool        `json:"in_stock" db:"-"`
	Cooperative    Ref         `json:"cooperative" db:"co"`
	Province       NamedSlug   `json:"province" db:"pr"`
	Category       NamedSlug   `json:"category" db:"cat"`
	GroupSlug      string      `json:"-" db:"group_slug"`
	Stars          *int        `json:"ocop_stars" db:"stars"`
	Certifications []NamedSlug `json:"certifications" db:"-"`
	CreatedAt      time.Time   `json:"-" db:"created_at"`
	// Highlights are search matches in "name" and "description", as
	// HTML-escaped text with <mark> around the matches.
	Highlights map[string]string `json:"highlights,omitempty" db:"-"`
}

// Detail is a product with everything its page shows.
type Detail struct {
	Summary
	Description    string                  `json:"description"`
	Stock          int                     `json:"stock"`
	Images         []Image                 `json:"images"`
	OCOP           *OCOPBadge              `json:"ocop"`
	Origin         Origin                  `json:"origin"`
	Certifications []ProductCertification  `json:"certifications"`
	TraceCode      string                  `json:"trace_code"`
	GI             *GeographicalIndication `json:"-"`
}

// Origin is where a product comes from.
type Origin struct {
	Province               NamedSlug               `json:"province"`
	Ward                   string                  `json:"ward"`
	GeographicalIndication *GeographicalIndication `json:"geographical_indication"`
}

// OCOPBadge is the verified, unexpired OCOP certificate a product shows.
type OCOPBadge struct {
	Stars      int     `json:"stars" db:"stars"`
	DecisionNo string  `json:"decision_no" db:"decision_no"`
	IssuedBy   string  `json:"issued_by" db:"issued_by"`
	IssuedOn   db.Date `json:"issued_on" db:"issued_on"`
	ExpiresOn  db.Date `json:"expires_on" db:"expires_on"`
}

// ProductCertification is a certification held by a product, with its code.
type ProductCertification struct {
	ProductID int64   `json:"-" db:"product_id"`
	Slug      string  `json:"slug" db:"slug"`
	Name      string  `json:"name" db:"name"`
	Code      string  `json:"code" db:"code"`
	ExpiresOn db.Date `json:"expires_on" db:"expires_on"`
}

// Image is a product photo or drawing, served at URL.
type Image struct {
	ID          int64  `json:"-" db:"id"`
	ProductID   int64  `json:"-" db:"product_id"`
	ContentType string `json:"-" db:"content_type"`
	Digest      string `json:"-" db:"digest"`
	Alt         string `json:"alt" db:"alt"`
	URL         string `json:"url" db:"-"`
	Position    int    `json:"-" db:"position"`
	// Width and Height are those of the largest size, 0 for a drawing.
	Width    int            `json:"-" db:"width"`
	Height   int            `json:"-" db:"height"`
	Variants []ImageVariant `json:"-" db:"-"` // the sizes of a photo, largest first
}

// ImageURL is the immutable address of an image: its id and digest.
func ImageURL(id int64, digest, contentType string) string {
	ext := "bin"
	switch contentType {
	case "image/svg+xml":
		ext = "svg"
	case "image/jpeg":
		ext = "jpg"
	case "image/png":
		ext = "png"
	case "image/webp":
		ext = "webp"
	}
	if len(digest) > 16 {
		digest = digest[:16]
	}
	return fmt.Sprintf("/images/%d-%s.%s", id, digest, ext)
}

// Sort orders of product lists.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortPriceAsc  = "price_asc"
	SortPriceDesc = "price_desc"
	SortStars     = "stars"
)

// Sorts lists the accepted sort orders, in the order pages offer them.
func Sorts() []string {
	return []string{SortRelevance, SortNewest, SortPriceAsc, SortPriceDesc, SortStars}
}

// Filter selects products. Slices are OR within and AND across; Categories
// match a subgroup or a whole OCOP group.
type Filter struct {
	Query          string
	MinStars       int
	Provinces      []string
	Categories     []string
	Cooperatives   []string
	Certifications []string
	MinPrice       int64
	MaxPrice       int64 // 0 means no maximum
	Sort           string
	Page           int
	PerPage        int
}

// Facets counts the filtered products by each dimension. Stars counts
// products without verified stars under "none", so that each of Stars,
// Province, Category and Cooperative sums to the total; a product counts
// once under each certification it holds.
type Facets struct {
	Stars         map[string]int `json:"stars"`
	Province      map[string]int `json:"province"`
	Category      map[string]int `json:"category"`
	Cooperative   map[string]int `json:"cooperative"`
	Certification map[string]int `json:"certification"`
}

// List is one page of products with the facets of the whole filtered set.
type List struct {
	Items  []Summary `json:"items"`
	Total  int       `json:"total"`
	Facets Facets    `json:"facets"`
}

// starsExpr is the verified, unexpired stars of product p, NULL when none;
// it takes today's date as its one argument.
const starsExpr = `(SELECT MAX(c.stars) FROM ocop_certificates c
	WHERE c.product_id = p.id AND c.status = 'verified' AND c.expires_on >= ?)`

const summaryColumns = `p.id, p.slug, p.name, p.price_vnd, p.unit, p.stock, p.created_at,
	co.id AS "co.id", co.slug AS "co.slug", co.name AS "co.name",
	pr.slug AS "pr.slug", pr.name AS "pr.name",
	cat.slug AS "cat.slug", cat.name AS "cat.name", cat.name_en AS "cat.name_en",
	COALESCE(cat.parent_slug, cat.slug) AS group_slug, ` + starsExpr + ` AS stars`

const visibleFrom = ` FROM products p
	JOIN cooperatives co ON co.id = p.cooperative_id
	JOIN provinces pr ON pr.slug = p.origin_province_slug
	JOIN categories cat ON cat.slug = p.category_slug
	WHERE p.published = TRUE AND co.status = 'active'`

// where renders f as SQL conditions after visibleFrom, with their arguments.
func (f Filter) where(today db.Date) (string, []any) {
	var b strings.Builder
	var args []any
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		b.WriteString(" AND " + col + " IN (?" + strings.Repeat(", ?", len(vals)-1) + ")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	for _, w := range strings.Fields(textfold.Fold(f.Query)) {
		b.WriteString(` AND p.search_text LIKE ? ESCAPE '\'`)
		args = append(args, "%"+db.EscapeLike(w)+"%")
	}
	if f.MinStars > 0 {
		b.WriteString(` AND EXISTS (SELECT 1 FROM ocop_certificates c WHERE c.product_id = p.id
			AND c.status = 'verified' AND c.expires_on >= ? AND c.stars >= ?)`)
		args = append(args, today, f.MinStars)
	}
	in("p.origin_province_slug", f.Provinces)
	if n := len(f.Categories); n > 0 {
		ph := "?" + strings.Repeat(", ?", n-1)
		b.WriteString(" AND (p.category_slug IN (" + ph + ") OR cat.parent_slug IN (" + ph + "))")
		for range 2 {
			for _, v := range f.Categories {
				args = append(args, v)
			}
		}
	}
	in("co.slug", f.Cooperatives)
	if len(f.Certifications) > 0 {
		b.WriteString(" AND EXISTS (SELECT 1 FROM product_certifications pc WHERE pc.product_id = p.id")
		in("pc.certification_slug", f.Certifications)
		b.WriteString(")")
	}
	if f.MinPrice > 0 {
		b.WriteString(" AND p.price_vnd >= ?")
		args = append(args, f.MinPrice)
	}
	if f.MaxPrice > 0 {
		b.WriteString(" AND p.price_vnd <= ?")
		args = append(args, f.MaxPrice)
	}
	return b.String(), args
}

func (f Filter) orderBy() string {
	switch f.Sort {
	case SortPriceAsc:
		return " ORDER BY p.price_vnd ASC, p.id ASC"
	case SortPriceDesc:
		return " ORDER BY p.price_vnd DESC, p.id DESC"
	case SortStars:
		return " ORDER BY stars DESC NULLS LAST, p.created_at DESC, p.id DESC"
	default: // newest; SQL has no relevance, the search index does
		return " ORDER BY p.created_at DESC, p.id DESC"
	}
}

// ListProducts returns the page of published products of active
// cooperatives that f selects, and the facets of everything f selects.
func (s *Store) ListProducts(ctx context.Context, f Filter) (*List, error) {
	today := s.Today()
	where, args := f.where(today)
	if f.PerPage <= 0 {
		f.PerPage = 24
	}
	if f.Page <= 0 {
		f.Page = 1
	}
	q := "SELECT " + summaryColumns + visibleFrom + where + f.orderBy() + " LIMIT ? OFFSET ?"
	qargs := append(append([]any{today}, args...), f.PerPage, (f.Page-1)*f.PerPage)
	var items []Summary
	if err := s.db.SelectContext(ctx, &items, s.db.Rebind(q), qargs...); err != nil {
		return nil, fmt.Errorf("catalog: list products: %w", err)
	}
	if err := s.complete(ctx, items); err != nil {
		return nil, err
	}
	facets, total, err := s.facets(ctx, where, args, today)
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []Summary{}
	}
	return &List{Items: items, Total: total, Facets: facets}, nil
}

// facets counts the filtered set by each dimension: one scan of the set
// for the single-valued dimensions, counted here, and one grouped query for
// certifications, which a product can hold several of.
func (s *Store) facets(ctx context.Context, where string, args []any, today db.Date) (Facets, int, error) {
	f := Facets{Stars: map[string]int{}, Province: map[string]int{}, Category: map[string]int{}, Cooperative: map[string]int{}, Certification: map[string]int{}}
	rows, err := s.db.QueryContext(ctx, s.db.Rebind(`SELECT p.origin_province_slug, p.category_slug, co.slug, `+starsExpr+visibleFrom+where),
		append([]any{today}, args...)...)
	if err != nil {
		return Facets{}, 0, fmt.Errorf("catalog: facets: %w", err)
	}
	defer rows.Close()
	total := 0
	for rows.Next() {
		var province, category, coop string
		var stars sql.NullInt64
		if err := rows.Scan(&province, &category, &coop, &stars); err != nil {
			return Facets{}, 0, fmt.Errorf("catalog: facets: %w", err)
		}
		total++
		f.Province[province]++
		f.Category[category]++
		f.Cooperative[coop]++
		if stars.Valid {
			f.Stars[strconv.FormatInt(stars.Int64, 10)]++
		} else {
			f.Stars["none"]++
		}
	}
	if err := rows.Err(); err != nil {
		return Facets{}, 0, fmt.Errorf("catalog: facets: %w", err)
	}
	var certs []struct {
		Slug string `db:"slug"`
		N    int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &certs, s.db.Rebind(`SELECT pcx.certification_slug AS slug, COUNT(*) AS n FROM product_certifications pcx
		WHERE pcx.product_id IN (SELECT p.id`+visibleFrom+where+`) GROUP BY pcx.certification_slug`), args...); err != nil {
		return Facets{}, 0, fmt.Errorf("catalog: certification facet: %w", err)
	}
	for _, c := range certs {
		f.Certification[c.Slug] = c.N
	}
	return f, total, nil
}

// ProductsByIDs returns the visible products among ids, in the order of ids;
// search results are hydrated with it.
func (s *Store) ProductsByIDs(ctx context.Context, ids []int64) ([]Summary, error) {
	if len(ids) == 0 {
		return []Summary{}, nil
	}
	today := s.Today()
	q, args, err := sqlx.In("SELECT "+summaryColumns+visibleFrom+" AND p.id IN (?)", today, ids)
	if err != nil {
		return nil, fmt.Errorf("catalog: products by id: %w", err)
	}
	var items []Summary
	if err := s.db.SelectContext(ctx, &items, s.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("catalog: products by id: %w", err)
	}
	if err := s.complete(ctx, items); err != nil {
		return nil, err
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	out := make([]Summary, len(ids))
	found := make([]bool, len(ids))
	for _, it := range items {
		out[pos[it.ID]] = it
		found[pos[it.ID]] = true
	}
	res := out[:0]
	for i, ok := range found {
		if ok {
			res = append(res, out[i])
		}
	}
	return res, nil
}

// complete fills in the cover image and certifications of items.
func (s *Store) complete(ctx context.Context, items []Summary) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]int64, len(items))
	byID := make(map[int64]*Summary, len(items))
	for i := range items {
		ids[i] = items[i].ID
		byID[items[i].ID] = &items[i]
		items[i].InStock = items[i].Stock > 0
		items[i].Certifications = []NamedSlug{}
	}
	covers, err := s.images(ctx, ids, true)
	if err != nil {
		return err
	}
	for _, im := range covers {
		byID[im.ProductID].ImageURL = im.URL
		byID[im.ProductID].ImageSrcset = im.Srcset()
	}
	certs, err := s.productCertifications(ctx, ids)
	if err != nil {
		return err
	}
	for _, c := range certs {
		p := byID[c.ProductID]
		p.Certifications = append(p.Certifications, NamedSlug{Slug: c.Slug, Name: c.Name})
	}
	return nil
}

func (s *Store) images(ctx context.Context, productIDs []int64, coverOnly bool) ([]Image, error) {
	q := `SELECT i.id, i.product_id, i.content_type, i.digest, i.alt FROM product_images i WHERE i.product_id IN (?)`
	if coverOnly {
		q += ` AND i.id = (SELECT j.id FROM product_images j WHERE j.product_id = i.product_id ORDER BY j.position, j.id LIMIT 1)`
	}
	q, args, err := sqlx.In(q+` ORDER BY i.product_id, i.position, i.id`, productIDs)
	if err != nil {
		return nil, fmt.Errorf("catalog: images: %w", err)
	}
	var ims []Image
	if err := s.db.SelectContext(ctx, &ims, s.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("catalog: images: %w", err)
	}
	for i := range ims {
		ims[i].URL = ImageURL(ims[i].ID, ims[i].Digest, ims[i].ContentType)
	}
	return ims, s.withVariants(ctx, ims)
}

func (s *Store) productCertifications(ctx context.Context, productIDs []int64) ([]ProductCertification, error) {
	q, args, err := sqlx.In(`SELECT pc.product_id, c.slug, c.name, pc.code, pc.expires_on
		FROM product_certifications pc JOIN certifications c ON c.slug = pc.certification_slug
		WHERE pc.product_id IN (?) ORDER BY pc.product_id, c.slug`, productIDs)
	if err != nil {
		return nil, fmt.Errorf("catalog: certifications: %w", err)
	}
	var cs []ProductCertification
	if err := s.db.SelectContext(ctx, &cs, s.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("catalog: certifications: %w", err)
	}
	return cs, nil
}

// ProductBySlug returns a visible product with its images, OCOP badge,
// origin and certifications.
func (s *Store) ProductBySlug(ctx context.Context, slug string) (*Detail, error) {
	today := s.Today()
	var row struct {
		Summary
		Description string        `db:"description"`
		Ward        string        `db:"origin_ward"`
		TraceCode   string        `db:"trace_code"`
		GIID        sql.NullInt64 `db:"gi_id"`
	}
	q := "SELECT " + summaryColumns + ", p.description, p.origin_ward, p.trace_code, p.gi_id" + visibleFrom + " AND p.slug = ?"
	if err := s.db.GetContext(ctx, &row, s.db.Rebind(q), today, slug); err != nil {
		if db.NoRows(err) {
			return nil, fmt.Errorf("catalog: product %q: %w", slug, ErrNotFound)
		}
		return nil, fmt.Errorf("catalog: product %q: %w", slug, err)
	}
	items := []Summary{row.Summary}
	if err := s.complete(ctx, items); err != nil {
		return nil, err
	}
	d := &Detail{Summary: items[0], Description: row.Description, Stock: row.Stock, TraceCode: row.TraceCode,
		Origin: Origin{Province: row.Province, Ward: row.Ward}}
	var err error
	if d.Images, err = s.images(ctx, []int64{row.ID}, false); err != nil {
		return nil, err
	}
	if d.Images == nil {
		// A product listed from the panel has no photo until one is added.
		d.Images = []Image{}
	}
	if d.Certifications, err = s.productCertifications(ctx, []int64{row.ID}); err != nil {
		return nil, err
	}
	if d.Certifications == nil {
		d.Certifications = []ProductCertification{}
	}
	badge, ok, err := s.ocopBadge(ctx, row.ID, today)
	if err != nil {
		return nil, err
	}
	if ok {
		d.OCOP = &badge
	}
	if row.GIID.Valid {
		var gi GeographicalIndication
		if err := s.db.GetContext(ctx, &gi, s.db.Rebind(`SELECT id, slug, name, province_slug, certificate_no
			FROM geographical_indications WHERE id = ?`), row.GIID.Int64); err != nil {
			return nil, fmt.Errorf("catalog: product %q: indication: %w", slug, err)
		}
		d.GI = &gi
		d.Origin.GeographicalIndication = &gi
	}
	return d, nil
}

// ocopBadge returns the best verified, unexpired certificate of a product,
// and false when it has none.
func (s *Store) ocopBadge(ctx context.Context, productID int64, today db.Date) (OCOPBadge, bool, error) {
	var b OCOPBadge
	err := s.db.GetContext(ctx, &b, s.db.Rebind(`SELECT stars, decision_no, issued_by, issued_on, expires_on
		FROM ocop_certificates WHERE product_id = ? AND status = 'verified' AND expires_on >= ?
		ORDER BY stars DESC, expires_on DESC LIMIT 1`), productID, today)
	if err != nil {
		if db.NoRows(err) {
			return OCOPBadge{}, false, nil
		}
		return OCOPBadge{}, false, fmt.Errorf("catalog: product %d: ocop: %w", productID, err)
	}
	return b, true, nil
}

// ProductImages returns every image of productIDs, in each product's order.
func (s *Store) ProductImages(ctx context.Context, productIDs []int64) ([]Image, error) {
	if len(productIDs) == 0 {
		return []Image{}, nil
	}
	return s.images(ctx, productIDs, false)
}
