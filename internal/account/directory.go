package account

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Errors of the administration of accounts.
var (
	// ErrOwnAccount refuses an admin locking or demoting themselves, which
	// could leave the marketplace without an admin.
	ErrOwnAccount = fault.New(fault.Conflict, "own_account")
	// ErrAlreadyLocked and ErrNotLocked refuse a lock or unlock that
	// changes nothing.
	ErrAlreadyLocked = fault.New(fault.Conflict, "already_locked")
	ErrNotLocked     = fault.New(fault.Conflict, "not_locked")
)

// AllRoles are every role a user may hold.
func AllRoles() []string { return []string{RoleShopper, RoleCoopStaff, RolePromotionStaff, RoleAdmin} }

// GrantableRoles are the roles an admin grants; coop_staff comes with a
// cooperative, through its application or its team's invitations.
func GrantableRoles() []string { return []string{RoleShopper, RolePromotionStaff, RoleAdmin} }

// Directory is the admins' view of the accounts: finding users, granting
// roles and locking accounts, each change in the audit log.
type Directory struct {
	db        *db.DB
	audit     *audit.Log
	provinces ProvinceResolver
	now       func() time.Time
}

// NewDirectory returns the directory of d's accounts, checking the
// provinces of staff with provinces.
func NewDirectory(d *db.DB, log *audit.Log, provinces ProvinceResolver, now func() time.Time) *Directory {
	return &Directory{db: d, audit: log, provinces: provinces, now: now}
}

// Entry is a user as the directory lists them.
type Entry struct {
	ID            int64      `json:"id" db:"id"`
	Email         string     `json:"email" db:"email"`
	Name          string     `json:"name" db:"name"`
	Phone         string     `json:"phone" db:"phone"`
	CooperativeID *int64     `json:"cooperative_id,omitempty" db:"cooperative_id"`
	Province      *string    `json:"province,omitempty" db:"staff_province_slug"`
	Roles         []string   `json:"roles" db:"-"`
	LockedAt      *time.Time `json:"locked_at" db:"locked_at"`
	CreatedAt     time.Time  `json:"created_at" db:"created_at"`
}

// Search lists users whose email or name contains q (any case), holding
// role when it is not empty, by email, with the count of all matches.
func (d *Directory) Search(ctx context.Context, q, role string, page, perPage int) ([]Entry, int, error) {
	where, args := " WHERE 1 = 1", []any{}
	if q = strings.ToLower(strings.TrimSpace(q)); q != "" {
		like := "%" + db.EscapeLike(q) + "%"
		where += ` AND (LOWER(u.email) LIKE ? ESCAPE '\' OR LOWER(u.name) LIKE ? ESCAPE '\')`
		args = append(args, like, like)
	}
	if role != "" {
		where += ` AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?)`
		args = append(args, role)
	}
	var total int
	if err := d.db.GetContext(ctx, &total, d.db.Rebind(`SELECT COUNT(*) FROM users u`+where), args...); err != nil {
		return nil, 0, fmt.Errorf("account: search users: %w", err)
	}
	var users []Entry
	if err := d.db.SelectContext(ctx, &users, d.db.Rebind(`SELECT u.id, u.email, u.name, u.phone, u.cooperative_id,
		u.staff_province_slug, u.locked_at, u.created_at FROM users u`+where+` ORDER BY u.email LIMIT ? OFFSET ?`),
		append(args, perPage, (max(page, 1)-1)*perPage)...); err != nil {
		return nil, 0, fmt.Errorf("account: search users: %w", err)
	}
	if err := d.withRoles(ctx, d.db, users); err != nil {
		return nil, 0, err
	}
	return users, total, nil
}

func (d *Directory) withRoles(ctx context.Context, q sqlx.QueryerContext, users []Entry) error {
	if len(users) == 0 {
		return nil
	}
	ids := make([]int64, len(users))
	at := make(map[int64]int, len(users))
	for i, u := range users {
		ids[i], at[u.ID] = u.ID, i
		users[i].Roles = []string{}
	}
	query, args, err := sqlx.In(`SELECT user_id, role FROM user_roles WHERE user_id IN (?) ORDER BY user_id, role`, ids)
	if err != nil {
		return fmt.Errorf("account: roles: %w", err)
	}
	var rows []struct {
		UserID int64  `db:"user_id"`
		Role   string `db:"role"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, d.db.Rebind(query), args...); err != nil {
		return fmt.Errorf("account: roles: %w", err)
	}
	for _, r := range rows {
		users[at[r.UserID]].Roles = append(users[at[r.UserID]].Roles, r.Role)
	}
	return nil
}

// Get returns one user of the directory.
func (d *Directory) Get(ctx context.Context, id int64) (*Entry, error) {
	return d.get(ctx, d.db, id)
}

func (d *Directory) get(ctx context.Context, q sqlx.QueryerContext, id int64) (*Entry, error) {
	var u Entry
	err := sqlx.GetContext(ctx, q, &u, d.db.Rebind(`SELECT id, email, name, phone, cooperative_id, staff_province_slug,
		locked_at, created_at FROM users WHERE id = ?`), id)
	if db.NoRows(err) {
		return nil, fmt.Errorf("account: user %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("account: user %d: %w", id, err)
	}
	one := []Entry{u}
	if err := d.withRoles(ctx, q, one); err != nil {
		return nil, err
	}
	return &one[0], nil
}

// RolesChange is what an admin grants a user: the grantable roles it holds
// from now on (coop_staff, when held, stays) and, for promotion_staff, the
// province it is limited to ("" for the whole country).
type RolesChange struct {
	UserID   int64
	Roles    []string
	Province string
	By       audit.Actor
}

// SetRoles replaces the grantable roles of a user, in one transaction with
// its audit record.
func (d *Directory) SetRoles(ctx context.Context, ch RolesChange) (*Entry, error) {
	var f fault.Fields
	roles := []string{}
	for _, r := range ch.Roles {
		switch {
		case !slices.Contains(GrantableRoles(), r):
			f.Add("roles", "unknown_role", fault.Params{"Role": r})
		case !slices.Contains(roles, r):
			roles = append(roles, r)
		}
	}
	var province *string
	if ch.Province != "" {
		switch {
		case !slices.Contains(roles, RolePromotionStaff):
			f.Add("province", "province_needs_staff", nil)
		default:
			pr, err := d.provinces.ResolveProvince(ctx, ch.Province)
			switch {
			case errors.Is(err, catalog.ErrNotFound) || err == nil && pr.Slug != ch.Province:
				f.Add("province", "unknown_province", nil)
			case err != nil:
				return nil, err
			default:
				province = &pr.Slug
			}
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if ch.UserID == ch.By.ID && !slices.Contains(roles, RoleAdmin) {
		return nil, ErrOwnAccount
	}
	var after *Entry
	err := d.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := d.get(ctx, tx, ch.UserID)
		if err != nil {
			return err
		}
		in, args, err := sqlx.In(`DELETE FROM user_roles WHERE user_id = ? AND role IN (?)`, ch.UserID, GrantableRoles())
		if err != nil {
			return fmt.Errorf("account: set roles of %d: %w", ch.UserID, err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(in), args...); err != nil {
			return fmt.Errorf("account: set roles of %d: %w", ch.UserID, err)
		}
		for _, r := range roles {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO user_roles (user_id, role) VALUES (?, ?)`), ch.UserID, r); err != nil {
				return fmt.Errorf("account: set roles of %d: %s: %w", ch.UserID, r, err)
			}
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE users SET staff_province_slug = ?, updated_at = ? WHERE id = ?`),
			province, d.now().UTC(), ch.UserID); err != nil {
			return fmt.Errorf("account: set roles of %d: %w", ch.UserID, err)
		}
		if after, err = d.get(ctx, tx, ch.UserID); err != nil {
			return err
		}
		return d.audit.Record(ctx, tx, audit.Entry{Actor: ch.By, Action: "user.roles", CooperativeID: before.CooperativeID,
			Subject: audit.Subject{Kind: "user", ID: audit.SubjectID(ch.UserID)},
			Before:  grant{before.Roles, before.Province}, After: grant{after.Roles, after.Province}})
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}

// grant is what the audit log keeps of a change of roles.
type grant struct {
	Roles    []string `json:"roles"`
	Province *string  `json:"province"`
}

// SetLocked locks (or unlocks) an account, in one transaction with its
// audit record: a locked account cannot log in and its sessions end.
func (d *Directory) SetLocked(ctx context.Context, userID int64, locked bool, by audit.Actor) (*Entry, error) {
	if userID == by.ID && locked {
		return nil, ErrOwnAccount
	}
	var after *Entry
	err := d.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := d.get(ctx, tx, userID)
		if err != nil {
			return err
		}
		switch {
		case locked && before.LockedAt != nil:
			return ErrAlreadyLocked
		case !locked && before.LockedAt == nil:
			return ErrNotLocked
		}
		var at *time.Time
		action := "user.unlock"
		if locked {
			now := d.now().UTC()
			at, action = &now, "user.lock"
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE users SET locked_at = ? WHERE id = ?`), at, userID); err != nil {
			return fmt.Errorf("account: lock %d: %w", userID, err)
		}
		if after, err = d.get(ctx, tx, userID); err != nil {
			return err
		}
		return d.audit.Record(ctx, tx, audit.Entry{Actor: by, Action: action, CooperativeID: before.CooperativeID,
			Subject: audit.Subject{Kind: "user", ID: audit.SubjectID(userID)},
			Before:  map[string]bool{"locked": before.LockedAt != nil}, After: map[string]bool{"locked": locked}})
	})
	if err != nil {
		return nil, err
	}
	return after, nil
}
