package catalog

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// OCOP certificate statuses.
const (
	CertPending  = "pending"
	CertVerified = "verified"
	CertRejected = "rejected"
)

// CertificateValidityMonths is how long an OCOP certificate holds from the
// date of its decision (Decision 148/QĐ-TTg).
const CertificateValidityMonths = 36

// Certificate is an OCOP certificate or claim of a product.
type Certificate struct {
	ID           int64      `json:"id" db:"id"`
	ProductID    int64      `json:"product_id" db:"product_id"`
	Stars        int        `json:"stars" db:"stars"`
	Score        *int       `json:"score" db:"score"`
	DecisionNo   string     `json:"decision_no" db:"decision_no"`
	IssuedBy     string     `json:"issued_by" db:"issued_by"`
	IssuedOn     db.Date    `json:"issued_on" db:"issued_on"`
	ExpiresOn    db.Date    `json:"expires_on" db:"expires_on"`
	Status       string     `json:"status" db:"status"`
	RejectReason string     `json:"reject_reason,omitempty" db:"reject_reason"`
	ReviewedAt   *time.Time `json:"reviewed_at,omitempty" db:"reviewed_at"`
	CreatedAt    time.Time  `json:"created_at" db:"created_at"`
	// The scan of the certificate the cooperative sent, if any.
	ScanDigest      string     `json:"-" db:"scan_digest"`
	ScanContentType string     `json:"-" db:"scan_content_type"`
	ScanURL         string     `json:"scan_url,omitempty" db:"-"`
	RemindedAt      *time.Time `json:"-" db:"reminded_at"` // when the expiry reminder was queued
}

// ExpiryOf returns the last day a certificate issued on issued is valid.
func ExpiryOf(issued db.Date) db.Date {
	return issued.AddMonths(CertificateValidityMonths)
}

// LatestClaims returns, for each of productIDs that has one, the OCOP claim
// its cooperative made last, whatever its status: what the cooperative's
// panel shows beside the product.
func (s *Store) LatestClaims(ctx context.Context, productIDs []int64) (map[int64]Certificate, error) {
	out := map[int64]Certificate{}
	if len(productIDs) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT c.id, c.product_id, c.stars, c.score, c.decision_no, c.issued_by, c.issued_on, c.expires_on,
		c.status, c.reject_reason, c.reviewed_at, c.created_at, c.scan_digest, c.scan_content_type, c.reminded_at
		FROM ocop_certificates c WHERE c.product_id IN (?) AND c.id = (SELECT MAX(d.id) FROM ocop_certificates d WHERE d.product_id = c.product_id)`, productIDs)
	if err != nil {
		return nil, fmt.Errorf("catalog: latest claims: %w", err)
	}
	var certs []Certificate
	if err := s.db.SelectContext(ctx, &certs, s.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("catalog: latest claims: %w", err)
	}
	for _, c := range certs {
		c.fill()
		out[c.ProductID] = c
	}
	return out, nil
}
