// Package sqlblob keeps blobs in the app's own database, in the blobs
// table: every instance of the app sees them without shared storage, on
// one machine (SQLite) or many (PostgreSQL).
package sqlblob

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/blob"
	"github.com/ocopmarket/ocopmarket/internal/db"
)

var _ blob.Store = (*Store)(nil)

// Store is a blob.Store over the blobs table of a database.
type Store struct {
	db *db.DB
}

// New returns a Store over d, whose schema has the blobs table.
func New(d *db.DB) *Store { return &Store{db: d} }

// Put stores data under key; a key already stored is kept as it is.
func (s *Store) Put(ctx context.Context, key, contentType string, data []byte) error {
	return s.PutIn(ctx, s.db, key, contentType, data)
}

// PutIn is Put inside q, a transaction on the Store's database, so that a
// blob commits or rolls back with the rows that point at it (and, on
// SQLite, does not wait for the lock that transaction holds).
func (s *Store) PutIn(ctx context.Context, q sqlx.ExecerContext, key, contentType string, data []byte) error {
	if data == nil {
		data = []byte{}
	}
	_, err := q.ExecContext(ctx, s.db.Rebind(`INSERT INTO blobs (key, content_type, data) VALUES (?, ?, ?)
		ON CONFLICT (key) DO NOTHING`), key, contentType, data)
	if err != nil {
		return fmt.Errorf("sqlblob: put %s: %w", key, err)
	}
	return nil
}

// Get returns the blob under key.
func (s *Store) Get(ctx context.Context, key string) (blob.Object, error) {
	var o struct {
		ContentType string `db:"content_type"`
		Data        []byte `db:"data"`
	}
	if err := s.db.GetContext(ctx, &o, s.db.Rebind(`SELECT content_type, data FROM blobs WHERE key = ?`), key); err != nil {
		if db.NoRows(err) {
			return blob.Object{}, fmt.Errorf("sqlblob: get %s: %w", key, blob.ErrNotFound)
		}
		return blob.Object{}, fmt.Errorf("sqlblob: get %s: %w", key, err)
	}
	return blob.Object{ContentType: o.ContentType, Data: o.Data}, nil
}

// Delete removes the blob under key.
func (s *Store) Delete(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM blobs WHERE key = ?`), key); err != nil {
		return fmt.Errorf("sqlblob: delete %s: %w", key, err)
	}
	return nil
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlblob: ping: %w", err)
	}
	return nil
}
