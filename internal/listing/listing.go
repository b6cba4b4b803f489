// Package listing holds the writes a cooperative makes to its own
// products from its panel: create, update, publish, unpublish, duplicate,
// archive or delete, restore, and bulk price and stock changes from a CSV
// file. Each write runs in one transaction with its audit record and the
// search index job, so a change that rolls back leaves neither.
package listing

import (
	"time"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Product statuses as the panel shows them. Published is also the
// storefront's visibility flag (products.published); archived is a product
// that was ordered and then deleted (products.archived_at).
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// Statuses lists the statuses in the order the panel's tabs show them.
func Statuses() []string { return []string{StatusDraft, StatusPublished, StatusArchived} }

// Limits of what a cooperative enters.
const (
	MaxNameLen        = 200
	MaxDescriptionLen = 5000
	MaxUnitLen        = 30
	MaxWardLen        = 100
	MaxPriceVND       = 1_000_000_000
	MaxStock          = 1_000_000
	// LowStock is the stock at or under which the panel highlights a product.
	LowStock = 5
)

// Coded refusals of the listing actions.
var (
	// ErrNotFound is a product that does not exist or is another
	// cooperative's: both are a 404, so ids of others leak nothing.
	ErrNotFound = fault.New(fault.NotFound, "not_found")
	// ErrCooperativeNotActive refuses to publish for a pending or
	// suspended cooperative.
	ErrCooperativeNotActive = fault.New(fault.Conflict, "cooperative_not_active")
	// ErrArchived refuses to publish or archive an archived product.
	ErrArchived = fault.New(fault.Conflict, "product_archived")
	// ErrNotArchived refuses to restore a product that is not archived.
	ErrNotArchived = fault.New(fault.Conflict, "product_not_archived")
)

// Service makes a cooperative's changes to its products.
type Service struct {
	db      *db.DB
	catalog *catalog.Store
	audit   *audit.Log
	now     func() time.Time
}

// New returns the listing service over d, recording in log and enqueuing
// index jobs through cat; now stamps the changes.
func New(d *db.DB, cat *catalog.Store, log *audit.Log, now func() time.Time) *Service {
	return &Service{db: d, catalog: cat, audit: log, now: now}
}
