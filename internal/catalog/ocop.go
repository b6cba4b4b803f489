package catalog

import (
	"context"
	"errors"
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

// ErrAlreadyReviewed means a certificate was verified or rejected before.
var ErrAlreadyReviewed = errors.New("catalog: certificate already reviewed")

// ReviewCertificate verifies or rejects a pending OCOP claim (staff may also
// reject, that is revoke, a verified one), and has the
// product re-indexed in the same transaction so its stars appear or stay
// away in search without a rebuild.
func (s *Store) ReviewCertificate(ctx context.Context, id int64, verify bool, reason string) error {
	status := CertRejected
	if verify {
		status = CertVerified
		reason = ""
	}
	return s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		var productID int64
		err := tx.GetContext(ctx, &productID, tx.Rebind(`UPDATE ocop_certificates SET status = ?, reject_reason = ?, reviewed_at = ?
			WHERE id = ? AND (status = 'pending' OR (status = 'verified' AND ? = 'rejected')) RETURNING product_id`),
			status, reason, s.now().UTC(), id, status)
		if db.NoRows(err) {
			var exists int
			if err := tx.GetContext(ctx, &exists, tx.Rebind(`SELECT COUNT(*) FROM ocop_certificates WHERE id = ?`), id); err != nil {
				return fmt.Errorf("catalog: review certificate %d: %w", id, err)
			}
			if exists == 0 {
				return fmt.Errorf("catalog: certificate %d: %w", id, ErrNotFound)
			}
			return fmt.Errorf("catalog: certificate %d: %w", id, ErrAlreadyReviewed)
		}
		if err != nil {
			return fmt.Errorf("catalog: review certificate %d: %w", id, err)
		}
		return s.enqueueIndex(ctx, tx, IndexJob{ProductIDs: []int64{productID}})
	})
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
