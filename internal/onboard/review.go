package onboard

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Errors of the staff's decisions on cooperatives.
var (
	// ErrNotActive refuses to suspend a cooperative that is not active.
	ErrNotActive = fault.New(fault.Conflict, "review_not_active")
	// ErrNotSuspended refuses to reinstate a cooperative that is not
	// suspended (a rejected application is not).
	ErrNotSuspended = fault.New(fault.Conflict, "review_not_suspended")
)

// ReviewStatuses are the statuses staff list cooperatives by.
func ReviewStatuses() []string {
	return []string{catalog.CoopPending, catalog.CoopActive, catalog.CoopSuspended}
}

// Applicant is a member of a cooperative's team as staff see them beside
// its application.
type Applicant struct {
	ID    int64  `json:"id" db:"id"`
	Name  string `json:"name" db:"name"`
	Email string `json:"email" db:"email"`
}

// Reviewed is a cooperative as trade-promotion staff review it: its
// profile, when its application was turned down (nil unless it was) and
// the people who run it, the applicant first.
type Reviewed struct {
	Profile
	RejectedAt *time.Time  `json:"rejected_at"`
	Applicants []Applicant `json:"applicants"`
}

// JobReviewEmail is the outbox job kind of the email that tells a
// cooperative's team what staff decided on it; its payload is a
// ReviewEmail.
const JobReviewEmail = "onboard.review_email"

// Decisions a ReviewEmail tells of.
const (
	DecisionChanges    = "changes"
	DecisionApproved   = "approved"
	DecisionRejected   = "rejected"
	DecisionSuspended  = "suspended"
	DecisionReinstated = "reinstated"
)

// ReviewEmail is the payload of a JobReviewEmail job: the decision, the
// message or reason staff gave, and to whom (the cooperative's address
// and its team's, each once).
type ReviewEmail struct {
	CooperativeID int64    `json:"cooperative_id"`
	Cooperative   string   `json:"cooperative"`
	Decision      string   `json:"decision"`
	Message       string   `json:"message"`
	To            []string `json:"to"`
}

// reviewScope is the SQL condition of the cooperatives a staff member of
// province ("" for everywhere) may review, and its arguments.
func reviewScope(province string) (string, []any) {
	if province == "" {
		return "", nil
	}
	return " AND province_slug = ?", []any{province}
}

// Applications lists the cooperatives of status within province ("" for
// every province), the pending ones oldest first, the others by name; a
// rejected application is not listed.
func (s *Service) Applications(ctx context.Context, province, status string, page, perPage int) ([]Reviewed, int, error) {
	where, args := reviewScope(province)
	where = "WHERE status = ? AND rejected_at IS NULL" + where
	args = append([]any{status}, args...)
	var total int
	if err := s.db.GetContext(ctx, &total, s.db.Rebind(`SELECT COUNT(*) FROM cooperatives `+where), args...); err != nil {
		return nil, 0, fmt.Errorf("onboard: applications: %w", err)
	}
	order := "name, id"
	if status == catalog.CoopPending {
		order = "created_at, id"
	}
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, s.db.Rebind(`SELECT id FROM cooperatives `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`),
		append(args, perPage, (page-1)*perPage)...); err != nil {
		return nil, 0, fmt.Errorf("onboard: applications: %w", err)
	}
	out := make([]Reviewed, 0, len(ids))
	for _, id := range ids {
		a, err := s.application(ctx, s.db, id)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *a)
	}
	return out, total, nil
}

// ApplicationCounts counts the cooperatives within province by status,
// as Applications lists them.
func (s *Service) ApplicationCounts(ctx context.Context, province string) (map[string]int, error) {
	where, args := reviewScope(province)
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT status, COUNT(*) AS n FROM cooperatives
		WHERE rejected_at IS NULL`+where+` GROUP BY status`), args...); err != nil {
		return nil, fmt.Errorf("onboard: application counts: %w", err)
	}
	out := map[string]int{}
	for _, st := range ReviewStatuses() {
		out[st] = 0
	}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// Application returns cooperative id for a staff member of province (""
// for everywhere); another province's is ErrNotFound.
func (s *Service) Application(ctx context.Context, province string, id int64) (*Reviewed, error) {
	a, err := s.application(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if province != "" && a.Province.Slug != province {
		return nil, fmt.Errorf("onboard: cooperative %d outside %s: %w", id, province, ErrNotFound)
	}
	return a, nil
}

// application reads cooperative id with its team through q.
func (s *Service) application(ctx context.Context, q sqlx.QueryerContext, id int64) (*Reviewed, error) {
	p, err := s.profile(ctx, q, id)
	if err != nil {
		return nil, err
	}
	a := &Reviewed{Profile: *p, Applicants: []Applicant{}}
	if err := sqlx.GetContext(ctx, q, &a.RejectedAt, s.db.Rebind(`SELECT rejected_at FROM cooperatives WHERE id = ?`), id); err != nil {
		return nil, fmt.Errorf("onboard: cooperative %d: %w", id, err)
	}
	if a.RejectedAt != nil {
		t := a.RejectedAt.UTC()
		a.RejectedAt = &t
	}
	if err := sqlx.SelectContext(ctx, q, &a.Applicants, s.db.Rebind(`SELECT id, name, email FROM users
		WHERE cooperative_id = ? ORDER BY id`), id); err != nil {
		return nil, fmt.Errorf("onboard: cooperative %d: team: %w", id, err)
	}
	return a, nil
}

// decision is a change of status staff make to a cooperative.
type decision struct {
	action   string // the audit record's action
	email    string // the Decision the team is emailed
	from, to string
	notFrom  error // the conflict when the cooperative is not in from
	reason   string
	rejected bool // the application is turned down
}

// decisionState is a cooperative's state before and after a decision, as
// the audit log records it.
type decisionState struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// Approve makes pending cooperative id active, so its products may be put
// on sale, and has its published products indexed.
func (s *Service) Approve(ctx context.Context, u *account.User, province string, id int64) (*Reviewed, error) {
	return s.decide(ctx, u, province, id, decision{action: "cooperative.approve", email: DecisionApproved,
		from: catalog.CoopPending, to: catalog.CoopActive, notFrom: ErrNotPending})
}

// Reject turns down the application of pending cooperative id for
// reason: it is no longer listed and its team reads the reason.
func (s *Service) Reject(ctx context.Context, u *account.User, province string, id int64, reason string) (*Reviewed, error) {
	var f fault.Fields
	reason = checkParagraphs(&f, "reason", reason, MaxDescriptionLen, true)
	if err := f.Err(); err != nil {
		return nil, err
	}
	return s.decide(ctx, u, province, id, decision{action: "cooperative.reject", email: DecisionRejected,
		from: catalog.CoopPending, to: catalog.CoopSuspended, notFrom: ErrNotPending, reason: reason, rejected: true})
}

// Suspend suspends active cooperative id for reason: its products leave
// the storefront and search at once; its orders stay its to handle.
func (s *Service) Suspend(ctx context.Context, u *account.User, province string, id int64, reason string) (*Reviewed, error) {
	var f fault.Fields
	reason = checkParagraphs(&f, "reason", reason, MaxDescriptionLen, true)
	if err := f.Err(); err != nil {
		return nil, err
	}
	return s.decide(ctx, u, province, id, decision{action: "cooperative.suspend", email: DecisionSuspended,
		from: catalog.CoopActive, to: catalog.CoopSuspended, notFrom: ErrNotActive, reason: reason})
}

// Reinstate makes suspended cooperative id active again.
func (s *Service) Reinstate(ctx context.Context, u *account.User, province string, id int64) (*Reviewed, error) {
	return s.decide(ctx, u, province, id, decision{action: "cooperative.reinstate", email: DecisionReinstated,
		from: catalog.CoopSuspended, to: catalog.CoopActive, notFrom: ErrNotSuspended})
}

// ReviewChanges is RequestChanges for a staff member of province (""
// for everywhere): another province's cooperative is ErrNotFound.
func (s *Service) ReviewChanges(ctx context.Context, u *account.User, province string, id int64, message string) (*Reviewed, error) {
	if _, err := s.Application(ctx, province, id); err != nil {
		return nil, err
	}
	if _, err := s.RequestChanges(ctx, id, message, u); err != nil {
		return nil, err
	}
	return s.Application(ctx, province, id)
}

// decide makes d to cooperative id in one transaction with its audit
// record, the index job of its products and the email to its team.
func (s *Service) decide(ctx context.Context, u *account.User, province string, id int64, d decision) (*Reviewed, error) {
	var out *Reviewed
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.application(ctx, tx, id)
		if err != nil {
			return err
		}
		if province != "" && before.Province.Slug != province {
			return fmt.Errorf("onboard: cooperative %d outside %s: %w", id, province, ErrNotFound)
		}
		if before.Status != d.from || before.RejectedAt != nil {
			return d.notFrom
		}
		now := s.now().UTC()
		var rejectedAt *time.Time
		if d.rejected {
			rejectedAt = &now
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE cooperatives SET status = ?, review_message = ?, reviewed_at = ?,
			rejected_at = ?, updated_at = ? WHERE id = ?`), d.to, d.reason, now, rejectedAt, now, id); err != nil {
			return fmt.Errorf("onboard: %s %d: %w", d.action, id, err)
		}
		if err := s.catalog.EnqueueIndex(ctx, tx, catalog.IndexJob{CooperativeID: id}); err != nil {
			return fmt.Errorf("onboard: %s %d: %w", d.action, id, err)
		}
		if err := s.enqueueReviewEmail(ctx, tx, &before.Profile, d.email, d.reason); err != nil {
			return err
		}
		if err := s.record(ctx, tx, u, id, d.action, audit.Subject{Kind: "cooperative", ID: audit.SubjectID(id)},
			decisionState{Status: before.Status, Reason: before.ReviewMessage}, decisionState{Status: d.to, Reason: d.reason}); err != nil {
			return err
		}
		out, err = s.application(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// enqueueReviewEmail queues, in tx, the email telling cooperative p's
// address and team of decision, with message.
func (s *Service) enqueueReviewEmail(ctx context.Context, tx *sqlx.Tx, p *Profile, decision, message string) error {
	var team []string
	if err := tx.SelectContext(ctx, &team, tx.Rebind(`SELECT email FROM users WHERE cooperative_id = ? ORDER BY id`), p.ID); err != nil {
		return fmt.Errorf("onboard: review email of %d: %w", p.ID, err)
	}
	seen := map[string]bool{}
	var to []string
	for _, e := range append([]string{p.Email}, team...) {
		if k := strings.ToLower(strings.TrimSpace(e)); k != "" && !seen[k] {
			seen[k] = true
			to = append(to, strings.TrimSpace(e))
		}
	}
	if len(to) == 0 {
		return nil
	}
	if err := s.jobs.Enqueue(ctx, tx, JobReviewEmail, ReviewEmail{CooperativeID: p.ID, Cooperative: p.Name, Decision: decision,
		Message: message, To: to}); err != nil {
		return fmt.Errorf("onboard: review email of %d: %w", p.ID, err)
	}
	return nil
}
