package listing

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// Origin is where a product comes from: a province of the 34, a ward and
// optionally a geographical indication, by slug.
type Origin struct {
	Province               string  `json:"province"`
	Ward                   string  `json:"ward"`
	GeographicalIndication *string `json:"geographical_indication"`
}

// State is a product's own fields as its cooperative edits them: what the
// audit log records before and after a change.
type State struct {
	ID             int64    `json:"id"`
	Slug           string   `json:"slug"`
	Status         string   `json:"status"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Category       string   `json:"category"`
	PriceVND       int64    `json:"price_vnd"`
	Unit           string   `json:"unit"`
	Stock          int      `json:"stock"`
	Origin         Origin   `json:"origin"`
	Certifications []string `json:"certifications"`
	Published      bool     `json:"published"`
}

// Image is a photo of a product as its cooperative sees it.
type Image struct {
	ID  int64  `json:"id"`
	URL string `json:"url"`
	Alt string `json:"alt"`
}

// Claim is the last OCOP claim a cooperative made for a product.
type Claim struct {
	ID         int64   `json:"id"`
	Stars      int     `json:"stars"`
	DecisionNo string  `json:"decision_no"`
	IssuedBy   string  `json:"issued_by"`
	IssuedOn   db.Date `json:"issued_on"`
	ExpiresOn  db.Date `json:"expires_on"`
	Status     string  `json:"status"`
}

// Product is a product as its cooperative sees it in the panel.
type Product struct {
	State
	Images    []Image   `json:"images"`
	OCOPClaim *Claim    `json:"ocop_claim"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Cover is the first photo of the product, nil without photos.
func (p *Product) Cover() *Image {
	if len(p.Images) == 0 {
		return nil
	}
	return &p.Images[0]
}

// LowStock reports whether the product is nearly sold out.
func (p *Product) LowStock() bool { return p.Stock <= LowStock }

type productRow struct {
	ID          int64          `db:"id"`
	Slug        string         `db:"slug"`
	Name        string         `db:"name"`
	Description string         `db:"description"`
	Category    string         `db:"category_slug"`
	PriceVND    int64          `db:"price_vnd"`
	Unit        string         `db:"unit"`
	Stock       int            `db:"stock"`
	Published   bool           `db:"published"`
	ArchivedAt  sql.NullTime   `db:"archived_at"`
	Province    string         `db:"origin_province_slug"`
	Ward        string         `db:"origin_ward"`
	GISlug      sql.NullString `db:"gi_slug"`
	UpdatedAt   time.Time      `db:"updated_at"`
}

const productSelect = `SELECT p.id, p.slug, p.name, p.description, p.category_slug, p.price_vnd, p.unit, p.stock,
	p.published, p.archived_at, p.origin_province_slug, p.origin_ward, gi.slug AS gi_slug, p.updated_at
	FROM products p LEFT JOIN geographical_indications gi ON gi.id = p.gi_id`

// statusExpr is the status of product p in SQL.
const statusExpr = `CASE WHEN p.archived_at IS NOT NULL THEN 'archived' WHEN p.published = TRUE THEN 'published' ELSE 'draft' END`

func (r productRow) product() Product {
	p := Product{State: State{ID: r.ID, Slug: r.Slug, Name: r.Name, Description: r.Description, Category: r.Category,
		PriceVND: r.PriceVND, Unit: r.Unit, Stock: r.Stock, Published: r.Published,
		Origin: Origin{Province: r.Province, Ward: r.Ward}, Certifications: []string{}}, Images: []Image{}, UpdatedAt: r.UpdatedAt.UTC()}
	switch {
	case r.ArchivedAt.Valid:
		p.Status = StatusArchived
	case r.Published:
		p.Status = StatusPublished
	default:
		p.Status = StatusDraft
	}
	if r.GISlug.Valid {
		gi := r.GISlug.String
		p.Origin.GeographicalIndication = &gi
	}
	return p
}

// state reads the editable fields of a product of coopID inside q, for
// the change about to be made to it; ErrNotFound when it is not theirs.
func (s *Service) state(ctx context.Context, q sqlx.QueryerContext, coopID, id int64) (State, error) {
	var r productRow
	err := sqlx.GetContext(ctx, q, &r, s.db.Rebind(productSelect+` WHERE p.cooperative_id = ? AND p.id = ?`), coopID, id)
	if db.NoRows(err) {
		return State{}, fmt.Errorf("listing: product %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return State{}, fmt.Errorf("listing: product %d: %w", id, err)
	}
	p := r.product()
	var certs []string
	if err := sqlx.SelectContext(ctx, q, &certs, s.db.Rebind(`SELECT certification_slug FROM product_certifications
		WHERE product_id = ? ORDER BY certification_slug`), id); err != nil {
		return State{}, fmt.Errorf("listing: product %d: certifications: %w", id, err)
	}
	if certs != nil {
		p.Certifications = certs
	}
	return p.State, nil
}

// Product returns a product of cooperative coopID with its photos and its
// last OCOP claim; another cooperative's product is ErrNotFound.
func (s *Service) Product(ctx context.Context, coopID, id int64) (*Product, error) {
	var r productRow
	err := s.db.GetContext(ctx, &r, s.db.Rebind(productSelect+` WHERE p.cooperative_id = ? AND p.id = ?`), coopID, id)
	if db.NoRows(err) {
		return nil, fmt.Errorf("listing: product %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("listing: product %d: %w", id, err)
	}
	ps := []Product{r.product()}
	if err := s.complete(ctx, ps); err != nil {
		return nil, err
	}
	return &ps[0], nil
}

// complete fills in the certifications, photos and last claims of ps.
func (s *Service) complete(ctx context.Context, ps []Product) error {
	if len(ps) == 0 {
		return nil
	}
	ids := make([]int64, len(ps))
	at := make(map[int64]*Product, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
		at[ps[i].ID] = &ps[i]
	}
	q, args, err := sqlx.In(`SELECT product_id, certification_slug FROM product_certifications WHERE product_id IN (?)
		ORDER BY product_id, certification_slug`, ids)
	if err != nil {
		return fmt.Errorf("listing: certifications: %w", err)
	}
	var certs []struct {
		ProductID int64  `db:"product_id"`
		Slug      string `db:"certification_slug"`
	}
	if err := s.db.SelectContext(ctx, &certs, s.db.Rebind(q), args...); err != nil {
		return fmt.Errorf("listing: certifications: %w", err)
	}
	for _, c := range certs {
		at[c.ProductID].Certifications = append(at[c.ProductID].Certifications, c.Slug)
	}
	ims, err := s.catalog.ProductImages(ctx, ids)
	if err != nil {
		return fmt.Errorf("listing: %w", err)
	}
	for _, im := range ims {
		p := at[im.ProductID]
		p.Images = append(p.Images, Image{ID: im.ID, URL: im.URL, Alt: im.Alt})
	}
	claims, err := s.catalog.LatestClaims(ctx, ids)
	if err != nil {
		return fmt.Errorf("listing: %w", err)
	}
	for id, c := range claims {
		at[id].OCOPClaim = &Claim{ID: c.ID, Stars: c.Stars, DecisionNo: c.DecisionNo, IssuedBy: c.IssuedBy,
			IssuedOn: c.IssuedOn, ExpiresOn: c.ExpiresOn, Status: c.Status}
	}
	return nil
}

// Filter picks a cooperative's products for the panel's list.
type Filter struct {
	// Status is one of Statuses, or "" for every product but the archived.
	Status string
	// Query matches the name and description, without regard to accents.
	Query         string
	Page, PerPage int
}

// where renders the query words of f as conditions on products p of coopID.
func (f Filter) where(coopID int64) (string, []any) {
	where, args := ` WHERE p.cooperative_id = ?`, []any{coopID}
	for _, w := range strings.Fields(textfold.Fold(f.Query)) {
		where += ` AND p.search_text LIKE ? ESCAPE '\'`
		args = append(args, "%"+db.EscapeLike(w)+"%")
	}
	return where, args
}

// List is one page of a cooperative's products, how many the filter
// picks, and how many match the query in each status (for the tabs).
type List struct {
	Items  []Product
	Total  int
	Counts map[string]int
}

// List returns the page of the products of coopID that f picks, last
// changed first.
func (s *Service) List(ctx context.Context, coopID int64, f Filter) (*List, error) {
	where, args := f.where(coopID)
	out := &List{Items: []Product{}, Counts: map[string]int{StatusDraft: 0, StatusPublished: 0, StatusArchived: 0}}
	var counts []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &counts, s.db.Rebind(`SELECT `+statusExpr+` AS status, COUNT(*) AS n FROM products p`+
		where+` GROUP BY `+statusExpr), args...); err != nil {
		return nil, fmt.Errorf("listing: count products of %d: %w", coopID, err)
	}
	for _, c := range counts {
		out.Counts[c.Status] = c.N
	}
	switch f.Status {
	case "":
		where += ` AND p.archived_at IS NULL`
		out.Total = out.Counts[StatusDraft] + out.Counts[StatusPublished]
	default:
		where += ` AND ` + statusExpr + ` = ?`
		args = append(args, f.Status)
		out.Total = out.Counts[f.Status]
	}
	page, per := max(f.Page, 1), f.PerPage
	if per <= 0 {
		per = 24
	}
	var rows []productRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(productSelect+where+` ORDER BY p.updated_at DESC, p.id DESC LIMIT ? OFFSET ?`),
		append(args, per, (page-1)*per)...); err != nil {
		return nil, fmt.Errorf("listing: products of %d: %w", coopID, err)
	}
	for _, r := range rows {
		out.Items = append(out.Items, r.product())
	}
	if err := s.complete(ctx, out.Items); err != nil {
		return nil, err
	}
	return out, nil
}

// Choices are what the product form offers: the OCOP groups with their
// subgroups, the 34 provinces, the certifications and the geographical
// indications.
type Choices struct {
	Categories     []catalog.Category
	Provinces      []catalog.Province
	Certifications []catalog.Certification
	Indications    []catalog.GeographicalIndication
}

// Choices reads what the product form offers.
func (s *Service) Choices(ctx context.Context) (*Choices, error) {
	var c Choices
	var err error
	if c.Categories, err = s.catalog.Categories(ctx); err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	if c.Provinces, err = s.catalog.Provinces(ctx); err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	if c.Certifications, err = s.catalog.Certifications(ctx); err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	if c.Indications, err = s.catalog.GeographicalIndications(ctx); err != nil {
		return nil, fmt.Errorf("listing: %w", err)
	}
	return &c, nil
}
