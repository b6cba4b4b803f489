package onboard

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// ErrLastMember refuses to remove the last member of a team: a
// cooperative always has someone to fulfil its orders.
var ErrLastMember = fault.New(fault.Conflict, "last_member")

// MaxTeam is how many members and open invitations one cooperative has at
// most.
const MaxTeam = 20

// Member is a coop_staff member of a cooperative's team.
type Member struct {
	ID    int64  `json:"id" db:"id"`
	Email string `json:"email" db:"email"`
	Name  string `json:"name" db:"name"`
	Phone string `json:"phone" db:"phone"`
}

// Team is a cooperative's members and the invitations still open.
type Team struct {
	Members []Member `json:"members"`
	Invites []Invite `json:"invites"`
}

const membersOf = `FROM users u WHERE u.cooperative_id = ?
	AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'coop_staff')`

// Team lists the members of cooperative coopID by name, and its open
// invitations, the newest first (expired ones too, until revoked: the
// team sees that a link went unused).
func (s *Service) Team(ctx context.Context, coopID int64) (*Team, error) {
	t := &Team{Members: []Member{}, Invites: []Invite{}}
	if err := s.db.SelectContext(ctx, &t.Members, s.db.Rebind(`SELECT u.id, u.email, u.name, u.phone `+membersOf+` ORDER BY u.name, u.id`),
		coopID); err != nil {
		return nil, fmt.Errorf("onboard: team of %d: %w", coopID, err)
	}
	if err := s.db.SelectContext(ctx, &t.Invites, s.db.Rebind(`SELECT i.id, i.email, COALESCE(u.email, '') AS invited_by, i.created_at, i.expires_at
		FROM coop_invites i LEFT JOIN users u ON u.id = i.invited_by
		WHERE i.cooperative_id = ? AND i.accepted_at IS NULL ORDER BY i.id DESC`), coopID); err != nil {
		return nil, fmt.Errorf("onboard: invites of %d: %w", coopID, err)
	}
	now := s.now()
	for i := range t.Invites {
		t.Invites[i].normalise(now)
	}
	return t, nil
}

// RemoveMember takes member userID off the team of cooperative coopID for
// u: they lose the coop_staff role and the cooperative, and with them the
// panel from their next request on (sessions read the roles each time),
// keeping their account as a shopper. Someone not on the team is
// ErrNotFound; the last member stays (ErrLastMember).
func (s *Service) RemoveMember(ctx context.Context, u *account.User, coopID, userID int64) error {
	return s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		var members []Member
		if err := tx.SelectContext(ctx, &members, tx.Rebind(`SELECT u.id, u.email, u.name, u.phone `+membersOf+` ORDER BY u.id`), coopID); err != nil {
			return fmt.Errorf("onboard: remove %d from %d: %w", userID, coopID, err)
		}
		var gone *Member
		for i := range members {
			if members[i].ID == userID {
				gone = &members[i]
			}
		}
		if gone == nil {
			return fmt.Errorf("onboard: remove %d from %d: %w", userID, coopID, ErrNotFound)
		}
		if len(members) == 1 {
			return ErrLastMember
		}
		now := s.now().UTC()
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE users SET cooperative_id = NULL, updated_at = ? WHERE id = ? AND cooperative_id = ?`),
			now, userID, coopID); err != nil {
			return fmt.Errorf("onboard: remove %d from %d: %w", userID, coopID, err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM user_roles WHERE user_id = ? AND role = ?`), userID, account.RoleCoopStaff); err != nil {
			return fmt.Errorf("onboard: remove %d from %d: %w", userID, coopID, err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT (user_id, role) DO NOTHING`),
			userID, account.RoleShopper); err != nil {
			return fmt.Errorf("onboard: remove %d from %d: %w", userID, coopID, err)
		}
		return s.record(ctx, tx, u, coopID, "team.remove", audit.Subject{Kind: "user", ID: audit.SubjectID(userID)}, gone, nil)
	})
}

// teamSize counts the members and open invitations of cooperative coopID.
func teamSize(ctx context.Context, tx *sqlx.Tx, coopID int64) (int, error) {
	var n int
	err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT (SELECT COUNT(*) `+membersOf+`)
		+ (SELECT COUNT(*) FROM coop_invites WHERE cooperative_id = ? AND accepted_at IS NULL)`), coopID, coopID)
	return n, err
}

// expired reports whether an invitation that expires at t is over at now.
func expired(t, now time.Time) bool { return !now.Before(t) }
