package catalog

import (
	"time"

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
}

// ExpiryOf returns the last day a certificate issued on issued is valid.
func ExpiryOf(issued db.Date) db.Date {
	return issued.AddMonths(CertificateValidityMonths)
}

// StarsForScore turns an OCOP score out of 100 into stars; scores under 50
// earn no recognised rating.
func StarsForScore(score int) (int, bool) {
	switch {
	case score >= 90 && score <= 100:
		return 5, true
	case score >= 70 && score < 90:
		return 4, true
	case score >= 50 && score < 70:
		return 3, true
	}
	return 0, false
}

// RecognisedByCentre reports whether a rating is recognised by the ministry
// (5★) rather than by the provincial people's committee (3★ and 4★).
func RecognisedByCentre(stars int) bool { return stars == 5 }
