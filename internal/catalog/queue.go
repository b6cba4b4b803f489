package catalog

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Statuses of the staff's OCOP verification queue: the claim statuses,
// and of the verified certificates those expiring within ReminderDays and
// those past their expiry.
const (
	QueueExpiring = "expiring"
	QueueExpired  = "expired"
)

// QueueStatuses are the statuses staff list OCOP claims by.
func QueueStatuses() []string {
	return []string{CertPending, CertVerified, CertRejected, QueueExpiring, QueueExpired}
}

// ErrAlreadyReviewed refuses to verify a claim that is not pending, or to
// reject one already rejected.
var ErrAlreadyReviewed = fault.New(fault.Conflict, "claim_already_reviewed")

// ClaimProduct is the product of a claim in the staff's queue.
type ClaimProduct struct {
	ID   int64  `json:"id" db:"id"`
	Slug string `json:"slug" db:"slug"`
	Name string `json:"name" db:"name"`
}

// ClaimCooperative is the cooperative of a claim in the staff's queue.
type ClaimCooperative struct {
	ID       int64     `json:"id" db:"id"`
	Slug     string    `json:"slug" db:"slug"`
	Name     string    `json:"name" db:"name"`
	Province NamedSlug `json:"province" db:"province"`
}

// StaffClaim is an OCOP claim as trade-promotion staff verify it: the
// certificate, its product and cooperative, and the body that must have
// issued its decision, with whether the entered one differs.
type StaffClaim struct {
	Certificate
	Product        ClaimProduct     `json:"product" db:"product"`
	Cooperative    ClaimCooperative `json:"cooperative" db:"cooperative"`
	ExpectedIssuer string           `json:"expected_issuer" db:"-"`
	IssuerMismatch bool             `json:"issuer_mismatch" db:"-"`
}

const staffClaimSelect = `SELECT c.id, c.product_id, c.stars, c.score, c.decision_no, c.issued_by, c.issued_on, c.expires_on,
	c.status, c.reject_reason, c.reviewed_at, c.created_at, c.scan_digest, c.scan_content_type, c.reminded_at,
	p.id AS "product.id", p.slug AS "product.slug", p.name AS "product.name",
	co.id AS "cooperative.id", co.slug AS "cooperative.slug", co.name AS "cooperative.name",
	pr.slug AS "cooperative.province.slug", pr.name AS "cooperative.province.name"
	FROM ocop_certificates c JOIN products p ON p.id = c.product_id JOIN cooperatives co ON co.id = p.cooperative_id
	JOIN provinces pr ON pr.slug = co.province_slug`

// queueStatus is the condition of the claims of a queue status, and its
// arguments.
func (s *Store) queueStatus(status string) (string, []any) {
	today := s.Today()
	switch status {
	case CertVerified:
		return "c.status = 'verified' AND c.expires_on >= ?", []any{today}
	case QueueExpiring:
		return "c.status = 'verified' AND c.expires_on >= ? AND c.expires_on <= ?",
			[]any{today, db.Date{Time: today.AddDate(0, 0, ReminderDays)}}
	case QueueExpired:
		return "c.status = 'verified' AND c.expires_on < ?", []any{today}
	}
	return "c.status = ?", []any{status}
}

// queueScope is the FROM and WHERE of the claims within province ("" for
// everywhere) that meet cond, and its arguments. Everywhere reads the
// certificates alone; a province goes from its cooperatives to their
// products' certificates, along their indexes.
func queueScope(province, cond string, args []any) (string, []any) {
	if province == "" {
		return " FROM ocop_certificates c WHERE " + cond, args
	}
	return " FROM cooperatives co JOIN products p ON p.cooperative_id = co.id JOIN ocop_certificates c ON c.product_id = p.id" +
		" WHERE " + cond + " AND co.province_slug = ?", append(args, province)
}

// ClaimQueue lists the OCOP claims of status (one of QueueStatuses)
// within province ("" for everywhere): the pending ones oldest first, the
// others by expiry.
func (s *Store) ClaimQueue(ctx context.Context, province, status string, page, perPage int) ([]StaffClaim, int, error) {
	cond, args := s.queueStatus(status)
	from, countArgs := queueScope(province, cond, slices.Clone(args))
	var total int
	if err := s.db.GetContext(ctx, &total, s.db.Rebind("SELECT COUNT(*)"+from), countArgs...); err != nil {
		return nil, 0, fmt.Errorf("catalog: claim queue: %w", err)
	}
	order := " ORDER BY c.expires_on, c.id"
	if status == CertPending {
		order = " ORDER BY c.created_at, c.id"
	}
	where := " WHERE " + cond
	if province != "" {
		where += " AND co.province_slug = ?"
		args = append(args, province)
	}
	out := []StaffClaim{}
	if err := s.db.SelectContext(ctx, &out, s.db.Rebind(staffClaimSelect+where+order+" LIMIT ? OFFSET ?"),
		append(args, perPage, (page-1)*perPage)...); err != nil {
		return nil, 0, fmt.Errorf("catalog: claim queue: %w", err)
	}
	for i := range out {
		if err := s.fillClaim(ctx, &out[i]); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// ClaimCounts counts the claims within province by queue status, each
// count a range of an index (the status's, or the status and expiry).
func (s *Store) ClaimCounts(ctx context.Context, province string) (map[string]int, error) {
	out := map[string]int{}
	for _, st := range QueueStatuses() {
		cond, args := s.queueStatus(st)
		from, args := queueScope(province, cond, args)
		var n int
		if err := s.db.GetContext(ctx, &n, s.db.Rebind("SELECT COUNT(*)"+from), args...); err != nil {
			return nil, fmt.Errorf("catalog: claim counts: %w", err)
		}
		out[st] = n
	}
	return out, nil
}

// StaffClaim returns claim id for a staff member of province ("" for
// everywhere); another province's is ErrNotFound.
func (s *Store) StaffClaim(ctx context.Context, province string, id int64) (*StaffClaim, error) {
	return s.staffClaim(ctx, s.db, province, id)
}

func (s *Store) staffClaim(ctx context.Context, q sqlx.QueryerContext, province string, id int64) (*StaffClaim, error) {
	var c StaffClaim
	err := sqlx.GetContext(ctx, q, &c, s.db.Rebind(staffClaimSelect+" WHERE c.id = ?"), id)
	if db.NoRows(err) || (err == nil && province != "" && c.Cooperative.Province.Slug != province) {
		return nil, fmt.Errorf("catalog: claim %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: claim %d: %w", id, err)
	}
	if err := s.fillClaim(ctx, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// fillClaim sets the scan's address and the body that must have issued
// the decision: the ministry for 5★, the People's Committee of the
// cooperative's province for 3★ and 4★.
func (s *Store) fillClaim(ctx context.Context, c *StaffClaim) error {
	c.fill()
	c.CreatedAt = c.CreatedAt.UTC()
	if c.ReviewedAt != nil {
		t := c.ReviewedAt.UTC()
		c.ReviewedAt = &t
	}
	switch {
	case c.Stars == 5 && c.IssuedOn.Before(ministrySince().Time):
		c.ExpectedIssuer = FormerMinistry
	case c.Stars == 5:
		c.ExpectedIssuer = Ministry
	default:
		p, err := s.province(ctx, c.Cooperative.Province.Slug)
		if err != nil {
			return fmt.Errorf("catalog: claim %d: %w", c.ID, err)
		}
		c.ExpectedIssuer = Committee(p)
	}
	c.IssuerMismatch = foldIssuer(c.IssuedBy) != foldIssuer(c.ExpectedIssuer)
	return nil
}

// Review is a staff member's decision on an OCOP claim.
type Review struct {
	Verify bool
	Reason string // why it is rejected
	// Province limits the claims the staff member may review to its
	// cooperatives' ("" for everywhere): another's is ErrNotFound.
	Province string
	// Record writes the audit record of the decision in its transaction.
	Record func(ctx context.Context, tx *sqlx.Tx, before, after *StaffClaim) error
}

// ReviewCertificate verifies or rejects a pending OCOP claim (staff may also
// reject, that is revoke, a verified one), with r.Record's audit record,
// and has the product re-indexed in the same transaction so its stars
// appear or leave search without a rebuild.
func (s *Store) ReviewCertificate(ctx context.Context, id int64, r Review) (*StaffClaim, error) {
	status, reason := CertRejected, r.Reason
	if r.Verify {
		status, reason = CertVerified, ""
	}
	var out *StaffClaim
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.staffClaim(ctx, tx, r.Province, id)
		if err != nil {
			return err
		}
		if before.Status != CertPending && (before.Status != CertVerified || r.Verify) {
			return fmt.Errorf("catalog: certificate %d: %w", id, ErrAlreadyReviewed)
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE ocop_certificates SET status = ?, reject_reason = ?, reviewed_at = ?
			WHERE id = ? AND status = ?`), status, reason, s.now().UTC().Truncate(time.Microsecond), id, before.Status)
		if err != nil {
			return fmt.Errorf("catalog: review certificate %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return fmt.Errorf("catalog: certificate %d: %w", id, ErrAlreadyReviewed) // another review came first
		}
		if err := s.enqueueIndex(ctx, tx, IndexJob{ProductIDs: []int64{before.ProductID}}); err != nil {
			return fmt.Errorf("catalog: review certificate %d: %w", id, err)
		}
		if out, err = s.staffClaim(ctx, tx, "", id); err != nil {
			return err
		}
		if r.Record != nil {
			return r.Record(ctx, tx, before, out)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
