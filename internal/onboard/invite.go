package onboard

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
)

// InviteTTL is how long an invitation link works.
const InviteTTL = 7 * 24 * time.Hour

// JobInviteEmail is the outbox job kind of the email that carries an
// invitation link; its payload is an InviteEmail.
const JobInviteEmail = "onboard.invite_email"

// InviteEmail is what the invitation email needs. The job is deleted once
// the email is sent; the link expires with InviteTTL whatever happens to
// the job.
type InviteEmail struct {
	InviteID    int64     `json:"invite_id"`
	Email       string    `json:"email"`
	Cooperative string    `json:"cooperative"`
	InvitedBy   string    `json:"invited_by"`
	Token       string    `json:"token"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// Errors of invitations. A link that is unknown or revoked, used, expired,
// or opened by someone else says so; ErrStaffElsewhere refuses someone
// who already works for another cooperative.
var (
	ErrInviteNotFound = fault.New(fault.NotFound, "invite_not_found")
	ErrInviteUsed     = fault.New(fault.Conflict, "invite_used")
	ErrInviteExpired  = fault.New(fault.Conflict, "invite_expired")
	ErrInviteOther    = fault.New(fault.Forbidden, "invite_for_another_email")
	ErrStaffElsewhere = fault.New(fault.Conflict, "staff_of_another_cooperative")
	ErrAlreadyMember  = fault.New(fault.Conflict, "already_member")
	ErrTeamFull       = fault.New(fault.Conflict, "team_full").With(fault.Params{"max": MaxTeam})
)

// Invite is an open invitation to a cooperative's team.
type Invite struct {
	ID        int64     `json:"id" db:"id"`
	Email     string    `json:"email" db:"email"`
	InvitedBy string    `json:"invited_by" db:"invited_by"` // email of the member who sent it
	CreatedAt time.Time `json:"created_at" db:"created_at"`
	ExpiresAt time.Time `json:"expires_at" db:"expires_at"`
	Expired   bool      `json:"expired" db:"-"`
}

func (i *Invite) normalise(now time.Time) {
	i.CreatedAt, i.ExpiresAt = i.CreatedAt.UTC(), i.ExpiresAt.UTC()
	i.Expired = expired(i.ExpiresAt, now)
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("onboard: invite token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// InviteMember invites email to the team of cooperative coopID for u:
// it keeps the hash of a new single-use token valid for InviteTTL and
// queues the email with the link in the same transaction, with the audit
// record. A second invitation to the same address replaces the first.
// Invitations count against the limits of the cooperative and of the
// address.
func (s *Service) InviteMember(ctx context.Context, u *account.User, coopID int64, email string) (*Invite, error) {
	var f fault.Fields
	email = account.CheckEmail(&f, "email", email, true)
	if err := f.Err(); err != nil {
		return nil, err
	}
	for _, c := range []struct {
		key  string
		rule ratelimit.Rule
	}{
		{fmt.Sprintf("invite:coop:%d", coopID), s.limits.InvitesPerCooperative},
		{"invite:email:" + email, s.limits.InvitesPerEmail},
	} {
		if err := ratelimit.Check(ctx, s.limiter, c.key, c.rule); err != nil {
			return nil, fmt.Errorf("onboard: invite: %w", err)
		}
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	inv := &Invite{Email: email, InvitedBy: u.Email, CreatedAt: now, ExpiresAt: now.Add(InviteTTL)}
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		p, err := s.profile(ctx, tx, coopID)
		if err != nil {
			return err
		}
		var member int
		if err := tx.GetContext(ctx, &member, tx.Rebind(`SELECT COUNT(*) `+membersOf+` AND u.email = ?`), coopID, email); err != nil {
			return fmt.Errorf("onboard: invite %s: %w", email, err)
		}
		if member > 0 {
			return ErrAlreadyMember
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM coop_invites WHERE cooperative_id = ? AND email = ? AND accepted_at IS NULL`),
			coopID, email); err != nil {
			return fmt.Errorf("onboard: invite %s: %w", email, err)
		}
		n, err := teamSize(ctx, tx, coopID)
		if err != nil {
			return fmt.Errorf("onboard: invite %s: %w", email, err)
		}
		if n >= MaxTeam {
			return ErrTeamFull
		}
		if err := tx.GetContext(ctx, &inv.ID, tx.Rebind(`INSERT INTO coop_invites (cooperative_id, email, token_hash, invited_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), coopID, email, tokenHash(token), u.ID, inv.CreatedAt, inv.ExpiresAt); err != nil {
			return fmt.Errorf("onboard: invite %s: %w", email, err)
		}
		if err := s.jobs.Enqueue(ctx, tx, JobInviteEmail, InviteEmail{InviteID: inv.ID, Email: email, Cooperative: p.Name,
			InvitedBy: u.Name, Token: token, ExpiresAt: inv.ExpiresAt}); err != nil {
			return fmt.Errorf("onboard: invite %s: %w", email, err)
		}
		return s.record(ctx, tx, u, coopID, "team.invite", audit.Subject{Kind: "invite", ID: audit.SubjectID(inv.ID)}, nil, inv)
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// RevokeInvite withdraws open invitation inviteID of cooperative coopID
// for u: its link stops working. Another cooperative's invitation, or one
// already accepted, is ErrNotFound.
func (s *Service) RevokeInvite(ctx context.Context, u *account.User, coopID, inviteID int64) error {
	return s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		var inv Invite
		err := tx.GetContext(ctx, &inv, tx.Rebind(`SELECT i.id, i.email, COALESCE(u.email, '') AS invited_by, i.created_at, i.expires_at
			FROM coop_invites i LEFT JOIN users u ON u.id = i.invited_by
			WHERE i.id = ? AND i.cooperative_id = ? AND i.accepted_at IS NULL`), inviteID, coopID)
		if db.NoRows(err) {
			return fmt.Errorf("onboard: revoke invite %d: %w", inviteID, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("onboard: revoke invite %d: %w", inviteID, err)
		}
		inv.normalise(s.now())
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM coop_invites WHERE id = ?`), inviteID); err != nil {
			return fmt.Errorf("onboard: revoke invite %d: %w", inviteID, err)
		}
		return s.record(ctx, tx, u, coopID, "team.revoke_invite", audit.Subject{Kind: "invite", ID: audit.SubjectID(inviteID)}, inv, nil)
	})
}

// Invitation is what the page of an invitation link shows.
type Invitation struct {
	CooperativeID int64     `json:"cooperative_id" db:"cooperative_id"`
	Cooperative   string    `json:"cooperative" db:"cooperative"`
	Email         string    `json:"email" db:"email"`
	ExpiresAt     time.Time `json:"expires_at" db:"expires_at"`
}

type inviteRow struct {
	Invitation
	ID         int64      `db:"id"`
	AcceptedAt *time.Time `db:"accepted_at"`
}

// open finds the invitation of token through q and checks that u may
// accept it.
func (s *Service) open(ctx context.Context, q sqlx.QueryerContext, u *account.User, token string) (*inviteRow, error) {
	if strings.TrimSpace(token) == "" {
		return nil, fault.InvalidField("token", "required", nil)
	}
	var r inviteRow
	err := sqlx.GetContext(ctx, q, &r, s.db.Rebind(`SELECT i.id, i.cooperative_id, co.name AS cooperative, i.email, i.expires_at, i.accepted_at
		FROM coop_invites i JOIN cooperatives co ON co.id = i.cooperative_id WHERE i.token_hash = ?`), tokenHash(token))
	if db.NoRows(err) {
		return nil, ErrInviteNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("onboard: invite: %w", err)
	}
	r.ExpiresAt = r.ExpiresAt.UTC()
	switch {
	case r.AcceptedAt != nil:
		return nil, ErrInviteUsed
	case expired(r.ExpiresAt, s.now()):
		return nil, ErrInviteExpired
	case account.NormalizeEmail(u.Email) != r.Email:
		return nil, ErrInviteOther.With(fault.Params{"email": maskEmail(r.Email)})
	case u.CooperativeID != nil && *u.CooperativeID == r.CooperativeID:
		return nil, ErrAlreadyMember
	case u.CooperativeID != nil:
		return nil, ErrStaffElsewhere
	}
	return &r, nil
}

// Invitation returns what the link of token invites u to, or the reason u
// cannot accept it, for the page that offers to accept it.
func (s *Service) Invitation(ctx context.Context, u *account.User, token string) (*Invitation, error) {
	r, err := s.open(ctx, s.db, u, token)
	if err != nil {
		return nil, err
	}
	return &r.Invitation, nil
}

// AcceptInvite makes u, who opened the link of token logged in with the
// address it was sent to, a coop_staff member of its cooperative, in one
// transaction with the audit record; the link then stops working. It
// returns the cooperative's profile.
func (s *Service) AcceptInvite(ctx context.Context, u *account.User, token string) (*Profile, error) {
	var out *Profile
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		r, err := s.open(ctx, tx, u, token)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE coop_invites SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at IS NULL`),
			s.now().UTC(), u.ID, r.ID)
		if err != nil {
			return fmt.Errorf("onboard: accept invite %d: %w", r.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrInviteUsed
		}
		if err := s.join(ctx, tx, u.ID, r.CooperativeID); err != nil {
			if errors.Is(err, ErrAlreadyStaff) {
				return ErrStaffElsewhere
			}
			return err
		}
		if err := s.record(ctx, tx, u, r.CooperativeID, "team.join", audit.Subject{Kind: "user", ID: audit.SubjectID(u.ID)}, nil,
			Member{ID: u.ID, Email: u.Email, Name: u.Name, Phone: u.Phone}); err != nil {
			return err
		}
		out, err = s.profile(ctx, tx, r.CooperativeID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// maskEmail hides most of the name of an address: "lan@example.vn" →
// "l***@example.vn", so the page of a link opened by someone else tells
// which address to log in with without spelling it out.
func maskEmail(email string) string {
	at := strings.LastIndex(email, "@")
	if at < 1 {
		return "***"
	}
	_, n := utf8.DecodeRuneInString(email)
	return email[:n] + "***" + email[at:]
}
