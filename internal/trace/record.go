package trace

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
)

// Record is what a shopper who scanned a batch's label reads: the batch,
// its product, the cooperative that made it, the product's origin,
// certifications and verified OCOP certificate.
//
// A batch traces whatever became of its product and cooperative since: a
// shopper holds the package. ForSale and Listed say whether the product
// page and the cooperative page can be linked to (published product of an
// active cooperative; active cooperative).
type Record struct {
	TraceCode      string                         `json:"trace_code"`
	TraceURL       string                         `json:"trace_url"`
	Batch          BatchFacts                     `json:"batch"`
	Product        TracedProduct                  `json:"product"`
	Cooperative    TracedCooperative              `json:"cooperative"`
	Origin         catalog.Origin                 `json:"origin"`
	Certifications []catalog.ProductCertification `json:"certifications"`
	// OCOP is the product's verified certificate that has not expired
	// today, nil when it has none.
	OCOP *catalog.OCOPBadge `json:"ocop"`
}

// BatchFacts are the dates and codes of a batch.
type BatchFacts struct {
	BatchNo      string  `json:"batch_no" db:"batch_no"`
	HarvestedOn  db.Date `json:"harvested_on" db:"harvested_on"`
	PackedOn     db.Date `json:"packed_on" db:"packed_on"`
	ExpiresOn    db.Date `json:"expires_on" db:"expires_on"`
	FarmAreaCode string  `json:"farm_area_code" db:"farm_area_code"`
	Notes        string  `json:"notes" db:"notes"`
}

// TracedProduct is the product of a traced batch.
type TracedProduct struct {
	ID       int64             `json:"id" db:"id"`
	Slug     string            `json:"slug" db:"slug"`
	Name     string            `json:"name" db:"name"`
	Unit     string            `json:"unit" db:"unit"`
	ImageURL string            `json:"image_url" db:"-"`
	Category catalog.NamedSlug `json:"category" db:"cat"`
	ForSale  bool              `json:"for_sale" db:"for_sale"`
}

// TracedCooperative is the cooperative that made a traced batch.
type TracedCooperative struct {
	ID       int64             `json:"id" db:"id"`
	Slug     string            `json:"slug" db:"slug"`
	Name     string            `json:"name" db:"name"`
	Province catalog.NamedSlug `json:"province" db:"pr"`
	Ward     string            `json:"ward" db:"ward"`
	Address  string            `json:"address" db:"address"`
	Phone    string            `json:"phone" db:"phone"`
	Listed   bool              `json:"listed" db:"listed"`
}

// Trace returns the record of a trace code, written as a shopper may type
// it (see NormalizeCode); an unknown code is a 404.
func (s *Service) Trace(ctx context.Context, code string) (*Record, error) {
	code, ok := NormalizeCode(code)
	if !ok {
		return nil, notFound("trace_code")
	}
	var row struct {
		BatchFacts
		Product     TracedProduct     `db:"p"`
		Cooperative TracedCooperative `db:"co"`
		Province    catalog.NamedSlug `db:"op"`
		Ward        string            `db:"origin_ward"`
		GIID        sql.NullInt64     `db:"gi_id"`
	}
	err := s.db.GetContext(ctx, &row, s.db.Rebind(`SELECT b.batch_no, b.harvested_on, b.packed_on, b.expires_on, b.farm_area_code, b.notes,
		p.id AS "p.id", p.slug AS "p.slug", p.name AS "p.name", p.unit AS "p.unit",
		cat.slug AS "p.cat.slug", cat.name AS "p.cat.name", cat.name_en AS "p.cat.name_en",
		(p.published = TRUE AND co.status = 'active') AS "p.for_sale",
		co.id AS "co.id", co.slug AS "co.slug", co.name AS "co.name", co.ward AS "co.ward", co.address AS "co.address",
		co.phone AS "co.phone", (co.status = 'active') AS "co.listed", cpr.slug AS "co.pr.slug", cpr.name AS "co.pr.name",
		opr.slug AS "op.slug", opr.name AS "op.name", p.origin_ward, p.gi_id
		FROM product_batches b
		JOIN products p ON p.id = b.product_id
		JOIN categories cat ON cat.slug = p.category_slug
		JOIN cooperatives co ON co.id = p.cooperative_id
		JOIN provinces cpr ON cpr.slug = co.province_slug
		JOIN provinces opr ON opr.slug = p.origin_province_slug
		WHERE b.trace_code = ?`), code)
	if db.NoRows(err) {
		return nil, fmt.Errorf("trace: code %s: %w", code, notFound("trace_code"))
	}
	if err != nil {
		return nil, fmt.Errorf("trace: code %s: %w", code, err)
	}
	r := &Record{TraceCode: code, TraceURL: s.TraceURL(code), Batch: row.BatchFacts, Product: row.Product, Cooperative: row.Cooperative,
		Origin: catalog.Origin{Province: row.Province, Ward: row.Ward}, Certifications: []catalog.ProductCertification{}}
	pid := row.Product.ID
	var cover []struct {
		ID          int64  `db:"id"`
		ContentType string `db:"content_type"`
		Digest      string `db:"digest"`
	}
	if err := s.db.SelectContext(ctx, &cover, s.db.Rebind(`SELECT id, content_type, digest FROM product_images
		WHERE product_id = ? ORDER BY position, id LIMIT 1`), pid); err != nil {
		return nil, fmt.Errorf("trace: code %s: image: %w", code, err)
	}
	for _, im := range cover {
		r.Product.ImageURL = catalog.ImageURL(im.ID, im.Digest, im.ContentType)
	}
	if row.GIID.Valid {
		var gi catalog.GeographicalIndication
		if err := s.db.GetContext(ctx, &gi, s.db.Rebind(`SELECT id, slug, name, province_slug, certificate_no
			FROM geographical_indications WHERE id = ?`), row.GIID.Int64); err != nil {
			return nil, fmt.Errorf("trace: code %s: indication: %w", code, err)
		}
		r.Origin.GeographicalIndication = &gi
	}
	if err := s.db.SelectContext(ctx, &r.Certifications, s.db.Rebind(`SELECT pc.product_id, c.slug, c.name, pc.code, pc.expires_on
		FROM product_certifications pc JOIN certifications c ON c.slug = pc.certification_slug
		WHERE pc.product_id = ? ORDER BY c.slug`), pid); err != nil {
		return nil, fmt.Errorf("trace: code %s: certifications: %w", code, err)
	}
	var badges []catalog.OCOPBadge
	if err := s.db.SelectContext(ctx, &badges, s.db.Rebind(`SELECT stars, decision_no, issued_by, issued_on, expires_on
		FROM ocop_certificates WHERE product_id = ? AND status = 'verified' AND expires_on >= ?
		ORDER BY stars DESC, expires_on DESC LIMIT 1`), pid, s.Today()); err != nil {
		return nil, fmt.Errorf("trace: code %s: ocop: %w", code, err)
	}
	if len(badges) > 0 {
		r.OCOP = &badges[0]
	}
	return r, nil
}
