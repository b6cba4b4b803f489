// Package onboard brings cooperatives onto the marketplace and keeps their
// teams: a logged-in person applies for a cooperative and becomes its
// first coop_staff member, staff ask an application for changes, members
// invite others by an emailed link and remove them, and the team keeps
// the cooperative's profile (contact, address, bank account for VietQR,
// shipping). Every change is written in one transaction with its audit
// record; it knows nothing of HTTP.
package onboard

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
)

// Errors of the onboarding actions.
var (
	// ErrNotFound is a cooperative, member or invite that is not the
	// caller's to see.
	ErrNotFound = fault.New(fault.NotFound, "not_found")
	// ErrAlreadyStaff refuses an application from a person who already
	// works for a cooperative.
	ErrAlreadyStaff = fault.New(fault.Conflict, "already_coop_staff")
	// ErrTaxCodeTaken means another cooperative has the tax code.
	ErrTaxCodeTaken = fault.New(fault.Conflict, "tax_code_taken")
	// ErrNotPending refuses a review of a cooperative that is not waiting
	// for one.
	ErrNotPending = fault.New(fault.Conflict, "cooperative_not_pending")
)

// Catalog is what onboarding needs of the catalog (catalog.Store).
type Catalog interface {
	account.ProvinceResolver
	Provinces(ctx context.Context) ([]catalog.Province, error)
	CreateCooperative(ctx context.Context, q catalog.Querier, c *catalog.Cooperative) error
	ReviewCertificate(ctx context.Context, id int64, r catalog.Review) (*catalog.StaffClaim, error)
	EnqueueIndex(ctx context.Context, q sqlx.ExecerContext, job catalog.IndexJob) error
	Touch(ctx context.Context, q sqlx.ExecerContext) error
}

// Limits are the rate limits of invitations.
type Limits struct {
	// InvitesPerCooperative limits the invitations one cooperative sends.
	InvitesPerCooperative ratelimit.Rule
	// InvitesPerEmail limits the invitations sent to one address, from
	// every cooperative together.
	InvitesPerEmail ratelimit.Rule
}

// DefaultLimits are the limits of production: twenty invitations a day
// from a cooperative, three a day to one address.
func DefaultLimits() Limits {
	return Limits{
		InvitesPerCooperative: ratelimit.Rule{Limit: 20, Window: 24 * time.Hour},
		InvitesPerEmail:       ratelimit.Rule{Limit: 3, Window: 24 * time.Hour},
	}
}

// Config is what a Service needs.
type Config struct {
	DB      *db.DB
	Catalog Catalog
	Audit   *audit.Log
	Limiter ratelimit.Limiter
	Limits  Limits
	Now     func() time.Time // time.Now when nil
}

// Service holds the onboarding actions the pages and the API share.
type Service struct {
	db      *db.DB
	catalog Catalog
	audit   *audit.Log
	jobs    *outbox.Queue
	limiter ratelimit.Limiter
	limits  Limits
	now     func() time.Time
}

// New returns the onboarding actions.
func New(c Config) *Service {
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Service{db: c.DB, catalog: c.Catalog, audit: c.Audit, jobs: outbox.New(c.DB, c.Now), limiter: c.Limiter,
		limits: c.Limits, now: c.Now}
}

// Provinces lists the 34 provinces in their official order.
func (s *Service) Provinces(ctx context.Context) ([]catalog.Province, error) {
	ps, err := s.catalog.Provinces(ctx)
	if err != nil {
		return nil, fmt.Errorf("onboard: %w", err)
	}
	return ps, nil
}

// actor is the user who makes a change, as the audit log names them.
func actor(u *account.User) audit.Actor { return audit.Actor{ID: u.ID, Email: u.Email} }

// record writes the audit record of a change to cooperative coopID in tx.
func (s *Service) record(ctx context.Context, tx *sqlx.Tx, u *account.User, coopID int64, action string, subject audit.Subject, before, after any) error {
	return s.audit.Record(ctx, tx, audit.Entry{Actor: actor(u), CooperativeID: &coopID, Action: action, Subject: subject,
		Before: before, After: after})
}

// MaxDescriptionLen is the longest description of a cooperative, and of a
// message of staff to it.
const MaxDescriptionLen = 2000

// checkParagraphs is account.CheckText for text of several lines (a
// description, a message): line breaks and tabs are kept, other control
// characters refused, lines trimmed and at most one empty line kept
// between paragraphs.
func checkParagraphs(f *fault.Fields, field, v string, max int, required bool) string {
	if !utf8.ValidString(v) {
		f.Add(field, "invalid_text", nil)
		return ""
	}
	v = strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n")
	if strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0 {
		f.Add(field, "control_characters", nil)
		return ""
	}
	var lines []string
	blank := false
	for _, l := range strings.Split(v, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			blank = len(lines) > 0
			continue
		}
		if blank {
			lines = append(lines, "")
			blank = false
		}
		lines = append(lines, l)
	}
	v = strings.Join(lines, "\n")
	switch {
	case v == "" && required:
		f.Add(field, "required", nil)
	case utf8.RuneCountInString(v) > max:
		f.Add(field, "too_long", fault.Params{"max": max})
	}
	return v
}
