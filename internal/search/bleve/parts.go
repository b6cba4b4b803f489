package bleve

import (
	"context"
	"errors"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// One search reads its posting lists on one core: at 100,000 products a
// common word ("sản", nine products in ten) took 35–55 ms to score on a
// core while the other one idled. A search of a large snapshot is
// therefore split into ranges of document numbers, each read (by the text
// matcher of textmatch.go, or by a Bleve searcher for filters alone) on its
// own goroutine over the same snapshot. Scores depend only on the query and
// the snapshot's statistics, so every part scores a document as one pass
// would; the parts' collectors are then merged, and since every order is
// total the merged page is the one a single pass would give.

// defaultPartDocs is Index.partDocs unless a test sets it: it keeps small
// catalogs in one part, where a second goroutine's set-up would cost about
// what it saves.
const defaultPartDocs = 20_000

// docRange is the document numbers [from, to) of a snapshot that one part
// of a search reads.
type docRange struct{ from, to uint64 }

// splitDocs splits the document numbers [0, n) into at most parts ranges of
// at least minDocs each; the last range is open-ended.
func splitDocs(n uint64, parts, minDocs int) []docRange {
	k := uint64(max(parts, 1))
	if per := n / uint64(max(minDocs, 1)); per < k {
		k = per
	}
	if k <= 1 {
		return []docRange{{0, math.MaxUint64}}
	}
	out := make([]docRange, k)
	step := n / k
	for i := range out {
		out[i] = docRange{from: uint64(i) * step, to: uint64(i+1) * step}
	}
	out[k-1].to = math.MaxUint64
	return out
}

// collectParts runs the text query tm and root (each nil for none) through
// col over the snapshot r, whose segments are spans, in as many parts as
// the snapshot's size allows, and returns the terms tm expanded to.
func (x *Index) collectParts(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, tm *textMatch, root query.Query, col *collector, spans []span) (expansion, error) {
	if col.facets != nil {
		col.facets.grow(len(x.cols.dict.snapshot()))
	}
	if col.filter != nil {
		col.terms = x.cols.dict.snapshot()
	}
	var n uint64
	if len(spans) > 0 {
		n = spans[len(spans)-1].end
	}
	ranges := splitDocs(n, x.parts, x.partDocs)
	var ex expansion
	if tm != nil {
		var err error
		if ex, err = tm.expand(r, spans); err != nil {
			return nil, err
		}
	} else if root == nil {
		root = bleve.NewMatchAllQuery()
	}
	run := func(col *collector, rg docRange) error {
		if tm != nil {
			return x.matchRange(ctx, r, m, tm, ex, root, col, spans, rg)
		}
		return collectRange(ctx, r, m, root, col, spans, rg)
	}
	if len(ranges) == 1 {
		return ex, run(col, ranges[0])
	}
	parts := make([]*collector, len(ranges))
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	for i, rg := range ranges {
		parts[i] = col.part()
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = run(parts[i], rg)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	col.start()
	for _, p := range parts {
		col.merge(p)
	}
	return ex, nil
}

// collectRange runs root through col over the documents rg of the
// snapshot r.
func collectRange(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, root query.Query, col *collector, spans []span, rg docRange) error {
	col.start()
	at := 0
	return eachMatch(ctx, r, m, root, rg, col.order.score, func(d uint64, score float64) error {
		return col.take(spans, &at, d, score)
	})
}
