// Package account holds users, their roles and their password hashes.
package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Roles a user can hold.
const (
	RoleShopper        = "shopper"
	RoleCoopStaff      = "coop_staff"
	RolePromotionStaff = "promotion_staff"
	RoleAdmin          = "admin"
)

// Errors of the account package.
var (
	ErrNotFound       = fault.New(fault.NotFound, "not_found")
	ErrEmailTaken     = fault.New(fault.Conflict, "email_taken")
	ErrBadCredentials = fault.New(fault.Unauthorized, "invalid_credentials")
	// ErrLocked means an admin locked the account.
	ErrLocked = fault.New(fault.Forbidden, "account_locked")
)

// User is a person who can log in.
type User struct {
	ID            int64  `json:"id" db:"id"`
	Email         string `json:"email" db:"email"`
	Name          string `json:"name" db:"name"`
	Phone         string `json:"phone,omitempty" db:"phone"`
	CooperativeID *int64 `json:"cooperative_id,omitempty" db:"cooperative_id"`
	// StaffProvince is the province whose cooperatives a promotion_staff
	// member acts on; nil for national staff.
	StaffProvince *string `json:"province,omitempty" db:"staff_province_slug"`
	// LockedAt is when an admin locked the account, nil while it is open.
	LockedAt     *time.Time `json:"-" db:"locked_at"`
	Roles        []string   `json:"roles" db:"-"`
	PasswordHash string     `json:"-" db:"password_hash"`
	CreatedAt    time.Time  `json:"-" db:"created_at"`
}

// HasRole reports whether u holds role.
func (u *User) HasRole(role string) bool {
	for _, r := range u.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Store reads and writes accounts.
type Store struct {
	db   *db.DB
	cost int
}

// New returns a Store hashing passwords with bcrypt at cost (bcrypt.DefaultCost
// in production, bcrypt.MinCost in tests).
func New(d *db.DB, cost int) *Store { return &Store{db: d, cost: cost} }

// NormalizeEmail is how emails are compared and stored.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Create adds a user with the given roles and password.
func (s *Store) Create(ctx context.Context, u *User, password string) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return fmt.Errorf("account: hash password: %w", err)
	}
	u.Email = NormalizeEmail(u.Email)
	u.PasswordHash = string(hash)
	u.CreatedAt = time.Now().UTC()
	return s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &u.ID, tx.Rebind(`INSERT INTO users (email, password_hash, name, phone, cooperative_id, staff_province_slug, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), u.Email, u.PasswordHash, u.Name, u.Phone, u.CooperativeID, u.StaffProvince, u.CreatedAt, u.CreatedAt)
		if db.IsUniqueViolation(err) {
			return fmt.Errorf("account: create %s: %w", u.Email, ErrEmailTaken)
		}
		if err != nil {
			return fmt.Errorf("account: create %s: %w", u.Email, err)
		}
		for _, r := range u.Roles {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO user_roles (user_id, role) VALUES (?, ?)`), u.ID, r); err != nil {
				return fmt.Errorf("account: create %s: role %s: %w", u.Email, r, err)
			}
		}
		return nil
	})
}

// ByID returns a user with their roles.
func (s *Store) ByID(ctx context.Context, id int64) (*User, error) {
	return s.one(ctx, "id = ?", id)
}

// ByEmail returns a user with their roles.
func (s *Store) ByEmail(ctx context.Context, email string) (*User, error) {
	return s.one(ctx, "email = ?", NormalizeEmail(email))
}

func (s *Store) one(ctx context.Context, where string, arg any) (*User, error) {
	var u User
	err := s.db.GetContext(ctx, &u, s.db.Rebind(`SELECT id, email, name, phone, cooperative_id, staff_province_slug, locked_at, password_hash, created_at
		FROM users WHERE `+where), arg)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("account: user %v: %w", arg, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("account: user %v: %w", arg, err)
	}
	if err := s.db.SelectContext(ctx, &u.Roles, s.db.Rebind(`SELECT role FROM user_roles WHERE user_id = ? ORDER BY role`), u.ID); err != nil {
		return nil, fmt.Errorf("account: user %d: roles: %w", u.ID, err)
	}
	return &u, nil
}

// Authenticate returns the user with this email and password, or
// ErrBadCredentials without saying which of the two was wrong.
func (s *Store) Authenticate(ctx context.Context, email, password string) (*User, error) {
	u, err := s.ByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		// Spend the same time as a real comparison so timing does not tell
		// which emails are registered.
		_ = bcrypt.CompareHashAndPassword([]byte("$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z6NQ8pVnmY0D8e7nVJZ3ZqFe"), []byte(password))
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, ErrBadCredentials
	}
	// Said only to whoever knows the password.
	if u.LockedAt != nil {
		return nil, ErrLocked
	}
	return u, nil
}

// Count returns how many users exist.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM users`); err != nil {
		return 0, fmt.Errorf("account: count: %w", err)
	}
	return n, nil
}
