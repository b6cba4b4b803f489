// Package catalog holds what shoppers browse: provinces, OCOP product groups,
// certifications, cooperatives, products, their images and their OCOP
// certificates. It owns the SQL for them and knows nothing of HTTP.
package catalog

import (
	"errors"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/blob"
	"github.com/ocopmarket/ocopmarket/internal/blob/sqlblob"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

// ErrNotFound is returned when a slug or id names nothing visible.
var ErrNotFound = errors.New("catalog: not found")

// Store reads and writes the catalog.
type Store struct {
	db    *db.DB
	now   func() time.Time
	jobs  *outbox.Queue
	blobs blob.Store
	refs  *reference
}

// New returns a Store over d that keeps image bytes in d's blobs table;
// now gives the clock used to decide whether an OCOP certificate has
// expired (time.Now in production).
func New(d *db.DB, now func() time.Time) *Store {
	return &Store{db: d, now: now, jobs: outbox.New(d, now), blobs: sqlblob.New(d), refs: &reference{}}
}

// WithBlobs makes the Store keep image bytes in b instead.
func (s *Store) WithBlobs(b blob.Store) *Store {
	s.blobs = b
	return s
}

// Today is the current day in Vietnam, the day certificate expiry is judged by.
func (s *Store) Today() db.Date {
	return db.NewDate(s.now().In(format.Vietnam()))
}

// Ref is the short form of a cooperative inside a product.
type Ref struct {
	ID   int64  `json:"id" db:"id"`
	Slug string `json:"slug" db:"slug"`
	Name string `json:"name" db:"name"`
}

// NamedSlug is a slug with its display names.
type NamedSlug struct {
	Slug   string `json:"slug" db:"slug"`
	Name   string `json:"name" db:"name"`
	NameEn string `json:"name_en,omitempty" db:"name_en"`
}
