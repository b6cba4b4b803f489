package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

// ResetTTL is how long a password reset link works.
const ResetTTL = time.Hour

// JobResetEmail is the outbox job kind of the email that carries a reset
// link; its payload is a ResetEmail.
const JobResetEmail = "account.reset_email"

// ResetEmail is what the reset email needs: who to write to, and the token
// of the link. The job is deleted once the email is sent, and the token
// expires with ResetTTL whatever happens to the job.
type ResetEmail struct {
	UserID int64  `json:"user_id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Token  string `json:"token"`
}

// ErrResetInvalid means a reset token is unknown, used or expired.
var ErrResetInvalid = fault.New(fault.Invalid, "invalid_reset_token")

// setPassword hashes and stores a new password and drops the reset links
// of the account.
func (s *Store) setPassword(ctx context.Context, q sqlx.ExecerContext, id int64, password string) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return fmt.Errorf("account: hash password: %w", err)
	}
	if _, err := q.ExecContext(ctx, s.db.Rebind(`UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`),
		string(hash), time.Now().UTC(), id); err != nil {
		return fmt.Errorf("account: set password of %d: %w", id, err)
	}
	if _, err := q.ExecContext(ctx, s.db.Rebind(`DELETE FROM password_resets WHERE user_id = ?`), id); err != nil {
		return fmt.Errorf("account: set password of %d: drop reset links: %w", id, err)
	}
	return nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// StartReset makes a single-use password reset token for the account of
// email, valid for ResetTTL (only its hash is stored), and queues the email
// that carries it in the same transaction, so that a stop of the process
// delays the email but never loses it. It returns
// ErrNotFound for an unknown email (the handler answers the same either
// way, so that nobody learns who is registered).
func (s *Store) StartReset(ctx context.Context, email string) (string, *User, error) {
	u, err := s.ByEmail(ctx, email)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("account: reset token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := time.Now().UTC()
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM password_resets WHERE user_id = ? AND expires_at <= ?`), u.ID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO password_resets (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)`),
			tokenHash(token), u.ID, now.Add(ResetTTL), now); err != nil {
			return err
		}
		return outbox.New(s.db, time.Now).Enqueue(ctx, tx, JobResetEmail, ResetEmail{UserID: u.ID, Email: u.Email, Name: u.Name, Token: token})
	})
	if err != nil {
		return "", nil, fmt.Errorf("account: start reset for %d: %w", u.ID, err)
	}
	return token, u, nil
}

// FinishReset sets a new password with a reset token, which then stops
// working along with every other reset link of the account.
func (s *Store) FinishReset(ctx context.Context, token, password string) (*User, error) {
	var id int64
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &id, tx.Rebind(`UPDATE password_resets SET used_at = ?
			WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`),
			time.Now().UTC(), tokenHash(token), time.Now().UTC())
		if db.NoRows(err) {
			return ErrResetInvalid
		}
		if err != nil {
			return fmt.Errorf("account: reset: %w", err)
		}
		var email string
		if err := tx.GetContext(ctx, &email, tx.Rebind(`SELECT email FROM users WHERE id = ?`), id); err != nil {
			return fmt.Errorf("account: reset %d: %w", id, err)
		}
		var f fault.Fields
		CheckPassword(&f, "password", password, email)
		if err := f.Err(); err != nil {
			return err
		}
		return s.setPassword(ctx, tx, id, password)
	})
	if err != nil {
		return nil, err
	}
	return s.ByID(ctx, id)
}
