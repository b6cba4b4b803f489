package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/search"
)

// JobIndexProducts is the outbox job kind that brings products up to date
// in the search index; its payload is an IndexJob.
const JobIndexProducts = "search.index_products"

// IndexJob names products to re-index, directly or by their cooperative.
type IndexJob struct {
	ProductIDs    []int64 `json:"product_ids,omitempty"`
	CooperativeID int64   `json:"cooperative_id,omitempty"`
}

// enqueueIndex writes an index job and the change feed's record in the
// caller's transaction q, so the index and every instance learn of every
// change that commits and of none that does not.
func (s *Store) enqueueIndex(ctx context.Context, q sqlx.ExecerContext, job IndexJob) error {
	if err := s.recordChange(ctx, q, job); err != nil {
		return err
	}
	return s.jobs.Enqueue(ctx, q, JobIndexProducts, job)
}

// EnqueueIndex writes an index job in the caller's transaction q, for the
// writes to products made outside this package (a cooperative's panel).
func (s *Store) EnqueueIndex(ctx context.Context, q sqlx.ExecerContext, job IndexJob) error {
	if err := s.enqueueIndex(ctx, q, job); err != nil {
		return fmt.Errorf("catalog: enqueue index: %w", err)
	}
	return nil
}

// IndexRecord is everything the search index stores of a product.
type IndexRecord struct {
	ID              int64     `db:"id"`
	Slug            string    `db:"slug"`
	Name            string    `db:"name"`
	Description     string    `db:"description"`
	CooperativeID   int64     `db:"cooperative_id"`
	CooperativeSlug string    `db:"cooperative_slug"`
	CooperativeName string    `db:"cooperative_name"`
	ProvinceSlug    string    `db:"province_slug"`
	ProvinceName    string    `db:"province_name"`
	Ward            string    `db:"ward"`
	CategorySlug    string    `db:"category_slug"`
	CategoryName    string    `db:"category_name"`
	GroupSlug       string    `db:"group_slug"`
	Stars           *int      `db:"stars"`
	StarsExpiresOn  db.Date   `db:"stars_expires_on"`
	GIName          string    `db:"gi_name"`
	PriceVND        int64     `db:"price_vnd"`
	Stock           int       `db:"stock"`
	Visible         bool      `db:"visible"`
	CreatedAt       time.Time `db:"created_at"`
	Certifications  []string  `db:"-"`
}

// bestCert picks, for product p, the verified unexpired certificate with the
// most stars; its argument is today's date.
const bestCert = `(SELECT c.id FROM ocop_certificates c WHERE c.product_id = p.id AND c.status = 'verified'
	AND c.expires_on >= ? ORDER BY c.stars DESC, c.expires_on DESC LIMIT 1)`

const indexSelect = `SELECT p.id, p.slug, p.name, p.description, p.cooperative_id, co.slug AS cooperative_slug,
	co.name AS cooperative_name, pr.slug AS province_slug, pr.name AS province_name, p.origin_ward AS ward,
	cat.slug AS category_slug, cat.name AS category_name, COALESCE(cat.parent_slug, cat.slug) AS group_slug,
	oc.stars, oc.expires_on AS stars_expires_on, COALESCE(gi.name, '') AS gi_name, p.price_vnd, p.stock,
	CASE WHEN p.published = TRUE AND co.status = 'active' THEN TRUE ELSE FALSE END AS visible, p.created_at
	FROM products p
	JOIN cooperatives co ON co.id = p.cooperative_id
	JOIN provinces pr ON pr.slug = p.origin_province_slug
	JOIN categories cat ON cat.slug = p.category_slug
	LEFT JOIN geographical_indications gi ON gi.id = p.gi_id
	LEFT JOIN ocop_certificates oc ON oc.id = ` + bestCert

// IndexRecords returns the index records of the products among ids that
// exist, visible or not (hidden ones are to be removed from the index).
func (s *Store) IndexRecords(ctx context.Context, ids []int64) ([]IndexRecord, error) {
	if len(ids) == 0 {
		return []IndexRecord{}, nil
	}
	q, args, err := sqlx.In(indexSelect+" WHERE p.id IN (?) ORDER BY p.id", s.Today(), ids)
	if err != nil {
		return nil, fmt.Errorf("catalog: index records: %w", err)
	}
	return s.indexRecords(ctx, q, args)
}

// Texts returns the name and description of the products among ids that
// exist: what the embedded search index cuts its highlights and
// suggestions from, since it keeps no text of its own.
func (s *Store) Texts(ctx context.Context, ids []int64) ([]search.Text, error) {
	if len(ids) == 0 {
		return []search.Text{}, nil
	}
	q, args, err := sqlx.In("SELECT id, name, description FROM products WHERE id IN (?)", ids)
	if err != nil {
		return nil, fmt.Errorf("catalog: texts: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, s.db.Rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("catalog: texts: %w", err)
	}
	defer rows.Close()
	out := make([]search.Text, 0, len(ids))
	for rows.Next() {
		var t search.Text
		if err := rows.Scan(&t.ID, &t.Name, &t.Description); err != nil {
			return nil, fmt.Errorf("catalog: texts: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("catalog: texts: %w", err)
	}
	return out, nil
}

// EachIndexRecord calls fn with every product, batch by batch in id order,
// for a full rebuild of the index.
func (s *Store) EachIndexRecord(ctx context.Context, batch int, fn func([]IndexRecord) error) error {
	var after int64
	for {
		recs, err := s.indexRecords(ctx, indexSelect+" WHERE p.id > ? ORDER BY p.id LIMIT ?", []any{s.Today(), after, batch})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return nil
		}
		if err := fn(recs); err != nil {
			return err
		}
		after = recs[len(recs)-1].ID
	}
}

func (s *Store) indexRecords(ctx context.Context, q string, args []any) ([]IndexRecord, error) {
	var recs []IndexRecord
	if err := s.db.SelectContext(ctx, &recs, s.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("catalog: index records: %w", err)
	}
	if len(recs) == 0 {
		return []IndexRecord{}, nil
	}
	ids := make([]int64, len(recs))
	pos := make(map[int64]int, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
		pos[r.ID] = i
		recs[i].Certifications = []string{}
	}
	certs, err := s.productCertifications(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, c := range certs {
		r := &recs[pos[c.ProductID]]
		r.Certifications = append(r.Certifications, c.Slug)
	}
	return recs, nil
}

// CountVisible returns how many products shoppers can see, which a healthy
// index holds as documents.
func (s *Store) CountVisible(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*)`+visibleFrom); err != nil {
		return 0, fmt.Errorf("catalog: count visible: %w", err)
	}
	return n, nil
}

// ProductsWithCertificatesExpiring lists the products holding a verified
// certificate whose last valid day is in [from, to): their stars lapse.
func (s *Store) ProductsWithCertificatesExpiring(ctx context.Context, from, to db.Date) ([]int64, error) {
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, s.db.Rebind(`SELECT DISTINCT product_id FROM ocop_certificates
		WHERE status = 'verified' AND expires_on >= ? AND expires_on < ? ORDER BY product_id`), from, to); err != nil {
		return nil, fmt.Errorf("catalog: expiring certificates: %w", err)
	}
	return ids, nil
}

// ProductsOf lists, once each, the products jobs name, a job naming a
// cooperative naming every product of it.
func (s *Store) ProductsOf(ctx context.Context, jobs []IndexJob) ([]int64, error) {
	seen := map[int64]bool{}
	var ids []int64
	add := func(more []int64) {
		for _, id := range more {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	for _, j := range jobs {
		add(j.ProductIDs)
		if j.CooperativeID != 0 {
			more, err := s.ProductIDsOfCooperative(ctx, j.CooperativeID)
			if err != nil {
				return nil, err
			}
			add(more)
		}
	}
	return ids, nil
}

// ProductIDsOfCooperative lists every product of a cooperative.
func (s *Store) ProductIDsOfCooperative(ctx context.Context, coopID int64) ([]int64, error) {
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, s.db.Rebind(`SELECT id FROM products WHERE cooperative_id = ? ORDER BY id`), coopID); err != nil {
		return nil, fmt.Errorf("catalog: products of cooperative %d: %w", coopID, err)
	}
	return ids, nil
}

// State reads a value kept in app_state, "" when unset.
func (s *Store) State(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.GetContext(ctx, &v, s.db.Rebind(`SELECT value FROM app_state WHERE key = ?`), key)
	if err != nil && !db.NoRows(err) {
		return "", fmt.Errorf("catalog: state %s: %w", key, err)
	}
	return strings.TrimSpace(v), nil
}

// SetState writes a value into app_state.
func (s *Store) SetState(ctx context.Context, key, value string) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`INSERT INTO app_state (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, value); err != nil {
		return fmt.Errorf("catalog: set state %s: %w", key, err)
	}
	return nil
}
