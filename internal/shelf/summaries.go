package shelf

import (
	"context"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// keptSummaries is how many product summaries a shelf keeps: the cards of
// the carts and pages of hits shoppers open most, about 4 MB with their
// strings (8,192 held twice that, of a heap the collector lets grow by
// 40 %, for cards a query of 24 reads again in under a millisecond).
const keptSummaries = 4096

// summaries keeps the product summaries and cooperatives read lately, so
// that a cart or a page of hits is built from memory. The watcher drops the
// products each change names and every cooperative, under mu, and bumps
// the shelf's version with it; a reader keeps what it read from the
// database only if the version has not moved since it began, so a change
// committed during the read is never hidden by the older copy.
type summaries struct {
	mu       sync.RWMutex // held for writing by the watcher's drops
	products *lru.Cache[int64, catalog.Summary]
	coops    sync.Map // slug → *catalog.Cooperative, never changed once kept
}

func newSummaries() *summaries {
	c, err := lru.New[int64, catalog.Summary](keptSummaries)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &summaries{products: c}
}

// drop forgets the products ids (every product with all) and every
// cooperative, and bumps the version, in one step readers cannot see half
// of.
func (s *Shelf) drop(ids []int64, all bool) {
	s.kept.mu.Lock()
	defer s.kept.mu.Unlock()
	if all {
		s.kept.products.Purge()
	}
	for _, id := range ids {
		s.kept.products.Remove(id)
	}
	s.kept.coops.Clear()
	s.version.Add(1)
}

// ProductsByIDs is the catalog's ProductsByIDs (the visible products among
// ids, in the order of ids) from the summaries kept, reading the others
// from the database. Before the shelf is loaded, no change is watched and
// everything is read.
func (s *Shelf) ProductsByIDs(ctx context.Context, ids []int64) ([]catalog.Summary, error) {
	if !s.Ready() {
		return s.cat.ProductsByIDs(ctx, ids)
	}
	v := s.version.Load()
	found := make(map[int64]catalog.Summary, len(ids))
	var missing []int64
	for _, id := range ids {
		if p, ok := s.kept.products.Get(id); ok {
			found[id] = p
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		read, err := s.cat.ProductsByIDs(ctx, missing)
		if err != nil {
			return nil, err
		}
		s.kept.mu.RLock()
		current := s.version.Load() == v
		for _, p := range read {
			found[p.ID] = p
			if current {
				s.kept.products.Add(p.ID, p)
			}
		}
		s.kept.mu.RUnlock()
	}
	out := make([]catalog.Summary, 0, len(found))
	for _, id := range ids {
		if p, ok := found[id]; ok {
			out = append(out, p)
			delete(found, id) // an id asked twice is listed once, as the catalog does
		}
	}
	return out, nil
}

// CooperativeBySlug is the catalog's CooperativeBySlug (an active
// cooperative) from the cooperatives kept, reading it from the database the
// first time after a change. What it returns is shared by every reader
// until the next change: callers must not change it.
func (s *Shelf) CooperativeBySlug(ctx context.Context, slug string) (*catalog.Cooperative, error) {
	if !s.Ready() {
		return s.cat.CooperativeBySlug(ctx, slug)
	}
	if c, ok := s.kept.coops.Load(slug); ok {
		return c.(*catalog.Cooperative), nil
	}
	v := s.version.Load()
	co, err := s.cat.CooperativeBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	s.kept.mu.RLock()
	if s.version.Load() == v {
		s.kept.coops.Store(slug, co)
	}
	s.kept.mu.RUnlock()
	return co, nil
}
