package session

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

var _ fiber.Storage = (*SQLStorage)(nil)

// SQLStorage is a fiber.Storage over the sessions table, for the embedded
// default: rows carry their expiry, reads ignore expired rows and GC
// deletes them.
type SQLStorage struct {
	db      *db.DB
	now     func() time.Time
	timeout time.Duration
}

// NewSQLStorage returns a storage over d; now is the clock.
func NewSQLStorage(d *db.DB, now func() time.Time) *SQLStorage {
	return &SQLStorage{db: d, now: now, timeout: 10 * time.Second}
}

// fiber.Storage has no context: each call gets a deadline of its own.
func (s *SQLStorage) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), s.timeout)
}

// Get implements fiber.Storage: nil, nil for a missing or expired key.
func (s *SQLStorage) Get(key string) ([]byte, error) {
	ctx, cancel := s.ctx()
	defer cancel()
	var data []byte
	err := s.db.GetContext(ctx, &data, s.db.Rebind(`SELECT data FROM sessions WHERE key = ? AND (expires_at = 0 OR expires_at > ?)`),
		key, s.now().Unix())
	if db.NoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("session: get: %w", err)
	}
	return data, nil
}

// Set implements fiber.Storage; exp 0 means no expiry.
func (s *SQLStorage) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	var expires int64
	if exp > 0 {
		expires = s.now().Add(exp).Unix()
	}
	ctx, cancel := s.ctx()
	defer cancel()
	_, err := s.db.ExecContext(ctx, s.db.Rebind(`INSERT INTO sessions (key, data, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`), key, val, expires)
	if err != nil {
		return fmt.Errorf("session: set: %w", err)
	}
	return nil
}

// Delete implements fiber.Storage.
func (s *SQLStorage) Delete(key string) error {
	ctx, cancel := s.ctx()
	defer cancel()
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM sessions WHERE key = ?`), key); err != nil {
		return fmt.Errorf("session: delete: %w", err)
	}
	return nil
}

// Reset implements fiber.Storage: it deletes every session.
func (s *SQLStorage) Reset() error {
	ctx, cancel := s.ctx()
	defer cancel()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions`); err != nil {
		return fmt.Errorf("session: reset: %w", err)
	}
	return nil
}

// Close implements fiber.Storage; the database is closed by its owner.
func (s *SQLStorage) Close() error { return nil }

// GC deletes expired sessions and returns how many.
func (s *SQLStorage) GC(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM sessions WHERE expires_at <> 0 AND expires_at <= ?`), s.now().Unix())
	if err != nil {
		return 0, fmt.Errorf("session: gc: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("session: gc: %w", err)
	}
	return n, nil
}
