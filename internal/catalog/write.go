package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/blob"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// Querier is a database or a transaction.
type Querier interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
}

// NewProduct is what a cooperative enters to list a product.
type NewProduct struct {
	CooperativeID  int64
	CategorySlug   string
	Slug           string
	Name           string
	Description    string
	PriceVND       int64
	Unit           string
	Stock          int
	Published      bool
	ProvinceSlug   string
	Ward           string
	GIID           *int64
	TraceCode      string
	CreatedAt      time.Time
	SearchKeywords []string // cooperative, indication, category and province names, folded into search_text
}

// SearchText is the folded text SQL search matches against.
func SearchText(parts ...string) string {
	return textfold.Fold(strings.Join(parts, " "))
}

// CreateCooperative inserts c and sets its ID.
func (s *Store) CreateCooperative(ctx context.Context, q Querier, c *Cooperative) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now().UTC()
	}
	err := q.GetContext(ctx, &c.ID, s.db.Rebind(`INSERT INTO cooperatives (slug, name, province_slug, ward, address,
		representative, phone, email, description, founded_year, status, bank_bin, bank_account_no, bank_account_name,
		shipping_fee_vnd, free_shipping_over_vnd, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		c.Slug, c.Name, c.Province.Slug, c.Ward, c.Address, c.Representative, c.Phone, c.Email, c.Description,
		c.FoundedYear, c.Status, c.BankBIN, c.BankAccountNo, c.BankAccountName, c.ShippingFeeVND, c.FreeShippingOverVND,
		c.CreatedAt, c.CreatedAt)
	if err != nil {
		return fmt.Errorf("catalog: create cooperative %q: %w", c.Slug, err)
	}
	return nil
}

// CreateProduct inserts p and returns its id.
func (s *Store) CreateProduct(ctx context.Context, q Querier, p NewProduct) (int64, error) {
	if p.CreatedAt.IsZero() {
		p.CreatedAt = s.now().UTC()
	}
	search := SearchText(append([]string{p.Name, p.Description}, p.SearchKeywords...)...)
	var id int64
	err := q.GetContext(ctx, &id, s.db.Rebind(`INSERT INTO products (cooperative_id, category_slug, slug, name,
		description, price_vnd, unit, stock, published, origin_province_slug, origin_ward, gi_id, trace_code,
		search_text, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		p.CooperativeID, p.CategorySlug, p.Slug, p.Name, p.Description, p.PriceVND, p.Unit, p.Stock, p.Published,
		p.ProvinceSlug, p.Ward, p.GIID, p.TraceCode, search, p.CreatedAt, p.CreatedAt)
	if err != nil {
		return 0, fmt.Errorf("catalog: create product %q: %w", p.Slug, err)
	}
	if err := s.enqueueIndex(ctx, q, IndexJob{ProductIDs: []int64{id}}); err != nil {
		return 0, fmt.Errorf("catalog: create product %q: %w", p.Slug, err)
	}
	return id, nil
}

// AddImage stores an image of a product after the ones it has.
func (s *Store) AddImage(ctx context.Context, q Querier, productID int64, contentType, alt string, data []byte) (Image, error) {
	digest, err := s.PutImageData(ctx, q, contentType, data)
	if err != nil {
		return Image{}, fmt.Errorf("catalog: product %d: add image: %w", productID, err)
	}
	im := Image{ProductID: productID, ContentType: contentType, Digest: digest, Alt: alt}
	err = q.GetContext(ctx, &im.ID, s.db.Rebind(`INSERT INTO product_images (product_id, position, content_type, digest, alt, created_at)
		VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM product_images WHERE product_id = ?), ?, ?, ?, ?) RETURNING id`),
		productID, productID, contentType, im.Digest, alt, s.now().UTC())
	if err != nil {
		return Image{}, fmt.Errorf("catalog: product %d: add image: %w", productID, err)
	}
	im.URL = ImageURL(im.ID, im.Digest, contentType)
	return im, nil
}

// txBlobs is a blob store in the catalog's own database: it writes in the
// caller's transaction, so that the bytes commit with the row naming them.
type txBlobs interface {
	PutIn(ctx context.Context, q sqlx.ExecerContext, key, contentType string, data []byte) error
}

// PutImageData stores the bytes of an image under their digest, which it
// returns; rows of product_images name their bytes by it. An image shown
// many times is stored once.
func (s *Store) PutImageData(ctx context.Context, q Querier, contentType string, data []byte) (digest string, err error) {
	sum := sha256.Sum256(data)
	digest = hex.EncodeToString(sum[:])
	if tb, ok := s.blobs.(txBlobs); ok {
		err = tb.PutIn(ctx, q, digest, contentType, data)
	} else {
		err = s.blobs.Put(ctx, digest, contentType, data)
	}
	if err != nil {
		return "", fmt.Errorf("catalog: image data: %w", err)
	}
	return digest, nil
}

// ImageData returns the bytes and content type of an image.
func (s *Store) ImageData(ctx context.Context, id int64) (contentType, digest string, data []byte, err error) {
	var row struct {
		ContentType string `db:"content_type"`
		Digest      string `db:"digest"`
	}
	if err := s.db.GetContext(ctx, &row, s.db.Rebind(`SELECT content_type, digest FROM product_images WHERE id = ?`), id); err != nil {
		if db.NoRows(err) {
			return "", "", nil, fmt.Errorf("catalog: image %d: %w", id, ErrNotFound)
		}
		return "", "", nil, fmt.Errorf("catalog: image %d: %w", id, err)
	}
	o, err := s.blobs.Get(ctx, row.Digest)
	if errors.Is(err, blob.ErrNotFound) {
		// The row outlived its bytes: for the shopper the image is gone.
		return "", "", nil, fmt.Errorf("catalog: image %d: bytes %s: %w", id, row.Digest, ErrNotFound)
	}
	if err != nil {
		return "", "", nil, fmt.Errorf("catalog: image %d: %w", id, err)
	}
	return row.ContentType, row.Digest, o.Data, nil
}

// AddCertificate records an OCOP certificate of a product; its expiry is
// always the issue date plus 36 months.
func (s *Store) AddCertificate(ctx context.Context, q Querier, c *Certificate) error {
	c.ExpiresOn = ExpiryOf(c.IssuedOn)
	if c.Status == "" {
		c.Status = CertPending
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now().UTC()
	}
	err := q.GetContext(ctx, &c.ID, s.db.Rebind(`INSERT INTO ocop_certificates (product_id, stars, score, decision_no,
		issued_by, issued_on, expires_on, status, reject_reason, reviewed_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		c.ProductID, c.Stars, c.Score, c.DecisionNo, c.IssuedBy, c.IssuedOn, c.ExpiresOn, c.Status, c.RejectReason,
		c.ReviewedAt, c.CreatedAt)
	if err != nil {
		return fmt.Errorf("catalog: product %d: add certificate: %w", c.ProductID, err)
	}
	if err := s.enqueueIndex(ctx, q, IndexJob{ProductIDs: []int64{c.ProductID}}); err != nil {
		return fmt.Errorf("catalog: product %d: add certificate: %w", c.ProductID, err)
	}
	return nil
}

// SetCertification records that a product holds a certification.
func (s *Store) SetCertification(ctx context.Context, q Querier, productID int64, slug, code string, expires db.Date) error {
	_, err := q.ExecContext(ctx, s.db.Rebind(`INSERT INTO product_certifications (product_id, certification_slug, code, expires_on)
		VALUES (?, ?, ?, ?) ON CONFLICT (product_id, certification_slug) DO UPDATE SET code = excluded.code, expires_on = excluded.expires_on`),
		productID, slug, code, expires)
	if err != nil {
		return fmt.Errorf("catalog: product %d: certification %s: %w", productID, slug, err)
	}
	if err := s.enqueueIndex(ctx, q, IndexJob{ProductIDs: []int64{productID}}); err != nil {
		return fmt.Errorf("catalog: product %d: certification %s: %w", productID, slug, err)
	}
	return nil
}

// CreateGeographicalIndication inserts g and sets its ID.
func (s *Store) CreateGeographicalIndication(ctx context.Context, q Querier, g *GeographicalIndication) error {
	err := q.GetContext(ctx, &g.ID, s.db.Rebind(`INSERT INTO geographical_indications (slug, name, province_slug, certificate_no)
		VALUES (?, ?, ?, ?) RETURNING id`), g.Slug, g.Name, g.ProvinceSlug, g.CertificateNo)
	if err != nil {
		return fmt.Errorf("catalog: create indication %q: %w", g.Slug, err)
	}
	return nil
}

// Slugify turns a Vietnamese name into a URL slug: "Cà phê Sơn La" →
// "ca-phe-son-la".
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range textfold.Fold(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}
