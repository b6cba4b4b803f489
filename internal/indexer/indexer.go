// Package indexer keeps the search index true to the catalog: it works the
// outbox jobs that product, stock, cooperative and certificate changes
// write, sweeps lapsed OCOP certificates, and rebuilds the whole index.
package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/search"
)

// Version changes whenever the document shape or the index settings
// change; an index built by another version is rebuilt at start.
const Version = "2"

const (
	stateVersion   = "search_index_version"
	stateLastSweep = "search_expiry_swept_on"
	rebuildBatch   = 1000
)

// Indexer moves catalog changes into a search index.
type Indexer struct {
	cat *catalog.Store
	idx search.Index
	log *slog.Logger
	// stale is set while a start-up rebuild runs because the index was
	// empty or outdated: until it ends, listings come from SQL.
	stale atomic.Bool
}

// Ready reports whether the index can answer listings: false while it is
// being rebuilt at start because it was empty or outdated.
func (x *Indexer) Ready() bool { return !x.stale.Load() }

// New returns an Indexer from cat into idx.
func New(cat *catalog.Store, idx search.Index, log *slog.Logger) *Indexer {
	return &Indexer{cat: cat, idx: idx, log: log}
}

// Document turns a catalog record into a search document.
func Document(r catalog.IndexRecord) search.Document {
	d := search.Document{
		ID: r.ID, Slug: r.Slug, Name: r.Name, Description: r.Description,
		CooperativeID: r.CooperativeID, CooperativeSlug: r.CooperativeSlug, CooperativeName: r.CooperativeName,
		ProvinceSlug: r.ProvinceSlug, ProvinceName: r.ProvinceName, Ward: r.Ward,
		CategorySlug: r.CategorySlug, CategoryName: r.CategoryName, GroupSlug: r.GroupSlug,
		Certifications: r.Certifications, GeographicalIndication: r.GIName,
		PriceVND: r.PriceVND, InStock: r.Stock > 0, Published: r.Visible, CreatedAt: r.CreatedAt,
	}
	if r.Stars != nil {
		d.Stars = *r.Stars
		d.StarsExpiresOn = r.StarsExpiresOn.String()
	}
	return d
}

// HandleJobs is the outbox handler for catalog.JobIndexProducts: it
// re-reads the named products and upserts or deletes their documents.
func (x *Indexer) HandleJobs(ctx context.Context, payloads []json.RawMessage) error {
	jobs := make([]catalog.IndexJob, 0, len(payloads))
	for _, p := range payloads {
		var job catalog.IndexJob
		if err := json.Unmarshal(p, &job); err != nil {
			// A payload that cannot be read never will be: log and drop it
			// rather than retrying it for ever.
			x.log.Error("indexer: unreadable job dropped", "payload", string(p), "err", err)
			continue
		}
		jobs = append(jobs, job)
	}
	ids, err := x.cat.ProductsOf(ctx, jobs)
	if err != nil {
		return err
	}
	return x.Refresh(ctx, ids)
}

// Refresh brings the documents of ids up to date: visible products are
// upserted, hidden and deleted ones removed.
func (x *Indexer) Refresh(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	recs, err := x.cat.IndexRecords(ctx, ids)
	if err != nil {
		return err
	}
	found := make(map[int64]bool, len(recs))
	docs := make([]search.Document, 0, len(recs))
	for _, r := range recs {
		found[r.ID] = true
		docs = append(docs, Document(r))
	}
	var gone []int64
	for _, id := range ids {
		if !found[id] {
			gone = append(gone, id)
		}
	}
	if err := x.idx.Index(ctx, docs...); err != nil {
		return fmt.Errorf("indexer: index %d products: %w", len(docs), err)
	}
	if len(gone) > 0 {
		if err := x.idx.Delete(ctx, gone...); err != nil {
			return fmt.Errorf("indexer: delete %d products: %w", len(gone), err)
		}
	}
	return nil
}

// Reindex rebuilds the whole index from the database. Backends that can
// build aside and swap do so, so readers see the old index until the new
// one is complete; progress is called after each batch.
func (x *Indexer) Reindex(ctx context.Context, progress func(done int)) error {
	done := 0
	each := func(fn func(search.Document) error) error {
		return x.cat.EachIndexRecord(ctx, rebuildBatch, func(recs []catalog.IndexRecord) error {
			for _, r := range recs {
				if err := fn(Document(r)); err != nil {
					return err
				}
			}
			done += len(recs)
			if progress != nil {
				progress(done)
			}
			return nil
		})
	}
	if rb, ok := x.idx.(search.Rebuilder); ok {
		if err := rb.Rebuild(ctx, func(yield func(search.Document) error) error { return each(yield) }); err != nil {
			return fmt.Errorf("indexer: rebuild: %w", err)
		}
	} else {
		batch := make([]search.Document, 0, rebuildBatch)
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			err := x.idx.Index(ctx, batch...)
			batch = batch[:0]
			return err
		}
		err := each(func(d search.Document) error {
			batch = append(batch, d)
			if len(batch) == rebuildBatch {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return fmt.Errorf("indexer: reindex: %w", err)
		}
	}
	return x.cat.SetState(ctx, stateVersion, Version)
}

// Stale reports why the index needs a rebuild ("" when it does not): it was
// built by another version, or it holds a different number of products than
// shoppers can see.
func (x *Indexer) Stale(ctx context.Context) (string, error) {
	v, err := x.cat.State(ctx, stateVersion)
	if err != nil {
		return "", err
	}
	if v != Version {
		return fmt.Sprintf("index version %q, want %q", v, Version), nil
	}
	want, err := x.cat.CountVisible(ctx)
	if err != nil {
		return "", err
	}
	got, err := x.idx.Count(ctx)
	if err != nil {
		return "", fmt.Errorf("indexer: count documents: %w", err)
	}
	if got != want {
		return fmt.Sprintf("index holds %d products, the catalog shows %d", got, want), nil
	}
	return "", nil
}

// Sweep re-indexes the products whose certificates lapsed since the last
// sweep, so their stars leave documents and facets. Queries already ignore
// expired stars; the sweep keeps the stored documents true as well.
func (x *Indexer) Sweep(ctx context.Context) error {
	today := x.cat.Today()
	last, err := x.cat.State(ctx, stateLastSweep)
	if err != nil {
		return err
	}
	from := db.NewDate(today.AddDate(0, 0, -40))
	if last != "" {
		if d, err := db.ParseDate(last); err == nil {
			from = d
		}
	}
	if !from.Before(today.Time) {
		return nil
	}
	// A certificate lapses the day after its expires_on: the ones lapsed
	// since the last sweep expired on a day in [last sweep, today).
	ids, err := x.cat.ProductsWithCertificatesExpiring(ctx, from, today)
	if err != nil {
		return err
	}
	if err := x.Refresh(ctx, ids); err != nil {
		return err
	}
	if err := x.cat.NoteChanged(ctx, ids); err != nil {
		return err
	}
	if len(ids) > 0 {
		x.log.Info("indexer: certificates lapsed, stars removed", "products", len(ids))
	}
	return x.cat.SetState(ctx, stateLastSweep, today.String())
}

// Maintain runs in the background of a server: it rebuilds a stale index
// once, then sweeps expiries every interval until ctx ends.
func (x *Indexer) Maintain(ctx context.Context, interval time.Duration) {
	if why, err := x.Stale(ctx); err != nil {
		x.log.Warn("indexer: cannot check the index", "err", err)
	} else if why != "" {
		x.log.Info("indexer: rebuilding the search index", "why", why)
		x.stale.Store(true)
		start := time.Now()
		if err := x.Reindex(ctx, nil); err != nil && !errors.Is(err, context.Canceled) {
			x.log.Error("indexer: rebuild failed", "err", err)
		} else if err == nil {
			x.log.Info("indexer: search index rebuilt", "duration", time.Since(start))
			x.stale.Store(false)
		}
	}
	for {
		if err := x.Sweep(ctx); err != nil && ctx.Err() == nil {
			x.log.Warn("indexer: expiry sweep", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
