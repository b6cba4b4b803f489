package shelf

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/indexer"
)

const (
	// loadBatch is how many products a full load reads at a time.
	loadBatch = 2000
	// feedBatch is how many changes one read of the feed takes.
	feedBatch = 500
	// gapPatience is how long a missing change number is waited for. On
	// PostgreSQL a transaction takes its number when it writes and may
	// commit after one that took a later number; one that rolled back
	// leaves its number missing for ever.
	gapPatience = 30 * time.Second
	// maxGaps bounds the numbers waited for; more means the feed was
	// pruned or reset, and a full load follows.
	maxGaps = 1000
	// keepChanges is how long the feed keeps a change: far longer than
	// any instance takes to read it.
	keepChanges = 24 * time.Hour
)

// feed is the watcher's place in the change feed.
type feed struct {
	high int64               // the highest change number taken in
	gaps map[int64]time.Time // lower numbers not seen yet, since when
}

// note records that seq was read: the numbers between the last one and
// seq become gaps to wait for. It reports false when they are too many.
func (f *feed) note(seq int64, now time.Time) bool {
	if seq <= f.high {
		delete(f.gaps, seq)
		return true
	}
	if seq-f.high-1 > maxGaps-int64(len(f.gaps)) {
		return false
	}
	for n := f.high + 1; n < seq; n++ {
		f.gaps[n] = now
	}
	f.high = seq
	return true
}

// waiting lists the gaps still worth waiting for, dropping the others.
func (f *feed) waiting(now time.Time) []int64 {
	var seqs []int64
	for n, since := range f.gaps {
		if now.Sub(since) > gapPatience {
			delete(f.gaps, n)
			continue
		}
		seqs = append(seqs, n)
	}
	slices.Sort(seqs)
	return seqs
}

// Load reads the whole catalog into a new snapshot.
func (s *Shelf) Load(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.load(ctx)
}

// Sync takes in at once the changes committed so far, when the shelf is
// loaded: a panel that just changed a product shows the change on its
// own instance's next page, without waiting for the next poll.
func (s *Shelf) Sync(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap.Load() == nil {
		return nil
	}
	return s.poll(ctx)
}

func (s *Shelf) load(ctx context.Context) error {
	start := time.Now()
	high, err := s.cat.LastChange(ctx)
	if err != nil {
		return fmt.Errorf("shelf: load: %w", err)
	}
	f := feed{high: high, gaps: map[int64]time.Time{}}
	// The last changes before high may belong to transactions that have
	// not committed yet: wait for the numbers not there.
	recent, err := s.cat.ChangesAfter(ctx, max(0, high-feedBatch), feedBatch)
	if err != nil {
		return fmt.Errorf("shelf: load: %w", err)
	}
	now := s.now()
	present := map[int64]bool{}
	for _, c := range recent {
		present[c.Seq] = true
	}
	for n := max(1, high-feedBatch+1); n <= high; n++ {
		if !present[n] {
			f.gaps[n] = now
		}
	}
	d := newDicts()
	var items []item
	err = s.cat.EachIndexRecord(ctx, loadBatch, func(recs []catalog.IndexRecord) error {
		for _, r := range recs {
			if !r.Visible {
				continue
			}
			items = append(items, d.item(indexer.Document(r)))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("shelf: load: %w", err)
	}
	s.dicts, s.feed = d, f
	s.snap.Store(build(items, d.view(), s.day()))
	s.drop(nil, true)
	// Reading every product made several times the shelf's size in
	// garbage (the records, the documents, the last snapshot): give it back
	// to the system now rather than over the next minutes, so that the
	// process's memory right after a start or a new day is what it keeps.
	debug.FreeOSMemory()
	s.log.Info("shelf: catalog loaded", "products", len(items), "duration", time.Since(start))
	return nil
}

// Run keeps the shelf current until ctx ends: it loads the catalog, then
// reads the change feed every interval, loads anew when the day changes,
// and prunes the feed hourly.
func (s *Shelf) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	var pruned time.Time
	for {
		var err error
		switch {
		case s.snap.Load() == nil || s.snap.Load().day != s.day():
			err = s.Load(ctx)
		default:
			err = s.Sync(ctx)
		}
		if err != nil && ctx.Err() == nil {
			s.log.Warn("shelf: cannot read the catalog", "err", err)
		}
		if now := s.now(); err == nil && now.Sub(pruned) > time.Hour {
			if _, err := s.cat.PruneChanges(ctx, now.Add(-keepChanges)); err != nil && ctx.Err() == nil {
				s.log.Warn("shelf: prune the change feed", "err", err)
			}
			pruned = now
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// errFeedJump means the feed skipped too many numbers to wait for.
var errFeedJump = errors.New("shelf: the change feed jumped")

// poll takes in the changes committed since the last poll, and those it
// was still waiting for.
func (s *Shelf) poll(ctx context.Context) error {
	var fresh []catalog.Change
	if gaps := s.feed.waiting(s.now()); len(gaps) > 0 {
		found, err := s.cat.Changes(ctx, gaps)
		if err != nil {
			return fmt.Errorf("shelf: %w", err)
		}
		fresh = append(fresh, found...)
	}
	for after := s.feed.high; ; {
		more, err := s.cat.ChangesAfter(ctx, after, feedBatch)
		if err != nil {
			return fmt.Errorf("shelf: %w", err)
		}
		fresh = append(fresh, more...)
		if len(more) < feedBatch {
			break
		}
		after = more[len(more)-1].Seq
	}
	if len(fresh) == 0 {
		return nil
	}
	if err := s.apply(ctx, fresh); err != nil {
		return err
	}
	now := s.now()
	for _, c := range fresh {
		if !s.feed.note(c.Seq, now) {
			s.log.Warn("shelf: the change feed jumped, loading the catalog anew", "seq", c.Seq, "high", s.feed.high)
			if err := s.load(ctx); err != nil {
				return errors.Join(errFeedJump, err)
			}
			return nil
		}
	}
	return nil
}

// apply takes the changed products into a new snapshot and bumps the
// version, also for changes that name no product (a fair).
func (s *Shelf) apply(ctx context.Context, changes []catalog.Change) error {
	ids, err := s.changedIDs(ctx, changes)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		recs, err := s.cat.IndexRecords(ctx, ids)
		if err != nil {
			return fmt.Errorf("shelf: %w", err)
		}
		found := make(map[int64]bool, len(recs))
		changed := make([]item, 0, len(ids))
		for _, r := range recs {
			found[r.ID] = true
			changed = append(changed, s.dicts.item(indexer.Document(r)))
		}
		for _, id := range ids {
			if !found[id] {
				changed = append(changed, item{id: id}) // deleted: hidden
			}
		}
		cur := s.snap.Load()
		s.snap.Store(cur.with(changed, s.dicts.view(), cur.day))
		if err := s.onChange(ctx, ids); err != nil && ctx.Err() == nil {
			s.log.Warn("shelf: refresh the local search index", "products", len(ids), "err", err)
		}
	}
	s.drop(ids, false)
	return nil
}

// changedIDs lists the products the changes name, a cooperative's change
// naming every product of the cooperative.
func (s *Shelf) changedIDs(ctx context.Context, changes []catalog.Change) ([]int64, error) {
	jobs := make([]catalog.IndexJob, len(changes))
	for i, c := range changes {
		jobs[i] = catalog.IndexJob{ProductIDs: c.ProductIDs, CooperativeID: c.CooperativeID}
	}
	ids, err := s.cat.ProductsOf(ctx, jobs)
	if err != nil {
		return nil, fmt.Errorf("shelf: %w", err)
	}
	return ids, nil
}
