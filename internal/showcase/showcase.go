// Package showcase holds the trade-fair showcases that promotion staff
// curate: a fair with its dates and venue, its booths (one cooperative
// each, with a chosen set of its own products), the visits of its public
// page and the orders placed through it. Staff of a province see and change
// only the fairs their province organises; national staff all of them.
// Every change is written with its audit record in one transaction.
package showcase

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/blob"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

// Statuses of a fair: a draft is seen by staff only, a published fair by
// everyone until it is archived after it ends.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// Statuses lists the statuses in the order the staff list offers them.
func Statuses() []string { return []string{StatusDraft, StatusPublished, StatusArchived} }

// ErrNotFound is a fair or booth that does not exist, or that the staff
// member's province does not organise; for the public also one that is
// not published.
var ErrNotFound = fault.New(fault.NotFound, "not_found").With(fault.Params{"what": "showcase"})

// errBoothNotFound is a booth that is not one of the fair's.
var errBoothNotFound = fault.New(fault.NotFound, "not_found").With(fault.Params{"what": "booth"})

// Showcase is a fair as staff and the public see it.
type Showcase struct {
	ID           int64     `json:"id" db:"id"`
	Slug         string    `json:"slug" db:"slug"`
	Title        string    `json:"title" db:"title"`
	City         string    `json:"city" db:"city"`
	Venue        string    `json:"venue" db:"venue"`
	StartsOn     db.Date   `json:"starts_on" db:"starts_on"`
	EndsOn       db.Date   `json:"ends_on" db:"ends_on"`
	Description  string    `json:"description" db:"description"`
	BannerURL    string    `json:"banner_url" db:"-"`
	BannerDigest string    `json:"-" db:"banner_digest"`
	BannerType   string    `json:"-" db:"banner_type"`
	Status       string    `json:"status" db:"status"`
	ProvinceSlug *string   `json:"province_slug" db:"province_slug"`
	CreatedBy    *int64    `json:"-" db:"created_by"`
	CreatedAt    time.Time `json:"created_at" db:"created_at"`
	UpdatedAt    time.Time `json:"updated_at" db:"updated_at"`
	Booths       []Booth   `json:"booths" db:"-"`
}

// Booth is one cooperative's stand at a fair and the products it shows.
type Booth struct {
	ID          int64       `json:"id"`
	Position    int         `json:"position"`
	Cooperative catalog.Ref `json:"cooperative"`
	Products    []BoothItem `json:"products"`
}

// BoothItem is a product chosen for a booth as staff see it, visible or
// not to shoppers.
type BoothItem struct {
	ID       int64  `json:"id" db:"id"`
	Slug     string `json:"slug" db:"slug"`
	Name     string `json:"name" db:"name"`
	PriceVND int64  `json:"price_vnd" db:"price_vnd"`
	Visible  bool   `json:"visible" db:"visible"`
}

// Store reads and changes the fairs.
type Store struct {
	db      *db.DB
	catalog *catalog.Store
	blobs   blob.Store
	audit   *audit.Log
	now     func() time.Time
}

// New returns the fairs of d: product visibility and image bytes come from
// cat, banner bytes are read from blobs (written through cat, in the
// change's transaction), changes are recorded in log.
func New(d *db.DB, cat *catalog.Store, blobs blob.Store, log *audit.Log, now func() time.Time) *Store {
	return &Store{db: d, catalog: cat, blobs: blobs, audit: log, now: now}
}

// Today is the current day in Vietnam, the day fairs run by.
func (s *Store) Today() db.Date { return db.NewDate(s.now().In(format.Vietnam())) }

// Actor is the staff member making a change and the province they act on
// ("" everywhere).
type Actor struct {
	audit.Actor
	Province string
}

const columns = `id, slug, title, city, venue, starts_on, ends_on, description, banner_digest, banner_type, status,
	province_slug, created_by, created_at, updated_at`

// get reads one fair through q, within the actor's province when scoped.
func (s *Store) get(ctx context.Context, q sqlx.QueryerContext, province string, id int64) (*Showcase, error) {
	var sc Showcase
	query, args := "SELECT "+columns+" FROM showcases WHERE id = ?", []any{id}
	if province != "" {
		query += " AND province_slug = ?"
		args = append(args, province)
	}
	if err := sqlx.GetContext(ctx, q, &sc, s.db.Rebind(query), args...); err != nil {
		if db.NoRows(err) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("showcase: %d: %w", id, err)
	}
	sc.fill()
	return &sc, nil
}

// fill sets what is derived from the stored columns.
func (sc *Showcase) fill() {
	if sc.BannerDigest != "" {
		sc.BannerURL = BannerURL(sc.Slug, sc.BannerDigest, sc.BannerType)
	}
	if sc.Booths == nil {
		sc.Booths = []Booth{}
	}
}

// record writes the audit entry of a change to a fair inside tx.
func (s *Store) record(ctx context.Context, tx *sqlx.Tx, a Actor, action string, id int64, before, after any) error {
	return s.audit.Record(ctx, tx, audit.Entry{Actor: a.Actor, Action: action,
		Subject: audit.Subject{Kind: "showcase", ID: audit.SubjectID(id)}, Before: before, After: after})
}
