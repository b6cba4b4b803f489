// Package shelf keeps an in-memory read model of the catalog: for every
// product shoppers can see, the few fields listings filter, count and sort
// on, with each sort order kept ready. It answers listings without text
// (the home page, a category, a province, 4★ and up) with their facets in
// one pass over memory, where the search index would build a query and SQL
// would count the catalog. A watcher reads the catalog's change feed, so a
// change made through any instance reaches this one's shelf within a
// poll, and Version tells the page cache when to drop what it keeps.
package shelf

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/search"
)

// Shelf is the read model. Its methods are safe for concurrent use; Run
// is the one writer.
type Shelf struct {
	cat      *catalog.Store
	log      *slog.Logger
	now      func() time.Time
	snap     atomic.Pointer[snapshot]
	version  atomic.Uint64
	onChange func(ctx context.Context, ids []int64) error
	kept     *summaries

	// The watcher's own state, touched only under mu, by Load, Run and
	// Sync.
	mu    sync.Mutex
	dicts *dicts
	feed  feed
}

// New returns an empty shelf over cat; Load or Run fills it.
func New(cat *catalog.Store, log *slog.Logger, now func() time.Time) *Shelf {
	s := &Shelf{cat: cat, log: log, now: now, kept: newSummaries(),
		onChange: func(context.Context, []int64) error { return nil }}
	// Versions of two runs of the process never meet, so a page kept from
	// before a restart is never taken for a current one.
	s.version.Store(uint64(now().UnixNano()))
	return s
}

// OnChange makes the watcher call fn with the products that changed, after
// the shelf took them in: an embedded search index, which every instance
// keeps for itself, refreshes them there. Call it before Run.
func (s *Shelf) OnChange(fn func(ctx context.Context, ids []int64) error) *Shelf {
	s.onChange = fn
	return s
}

// Ready reports whether the shelf holds the catalog.
func (s *Shelf) Ready() bool { return s.snap.Load() != nil }

// Version changes whenever something shoppers see may have changed: a
// product, a cooperative, a fair, or the day (stars lapse at midnight).
// Pages rendered under one version are current while it lasts.
func (s *Shelf) Version() uint64 { return s.version.Load() }

// Search answers a normalized query without text: the page of hits, the
// total and the facets, as a search backend would. ok is false while the
// shelf is not loaded.
func (s *Shelf) Search(q search.Query) (res search.Result, ok bool) {
	snap := s.snap.Load()
	if snap == nil {
		return search.Result{}, false
	}
	today, err := search.DateNumber(q.Today)
	if err != nil {
		today = int(snap.day)
	}
	return snap.search(q, int32(today)), true
}

// day is the catalog's today as yyyymmdd.
func (s *Shelf) day() int32 {
	t := s.cat.Today()
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
}
