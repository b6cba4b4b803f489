package bleve

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// One searcher walks its posting lists on one core: at 100,000 products a
// common word ("sản", nine products in ten) took 35–55 ms to score on a
// core while the other one idled. A search of a large snapshot is
// therefore split into ranges of document numbers, each read by its own
// searcher, on its own goroutine, over the same snapshot. Scores depend
// only on the query and the snapshot's statistics, so every part scores a
// document as one searcher would; the parts' collectors are then merged,
// and since every order is total the merged page is the one a single pass
// would give.

// defaultPartDocs is Index.partDocs unless a test sets it: it keeps small
// catalogs on one searcher, where a second searcher's set-up (term and
// fuzzy dictionary walks) would cost about what it saves.
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

// collectParts runs root through col over the snapshot r, whose segments
// are spans, in as many parts as the snapshot's size allows.
func (x *Index) collectParts(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, root query.Query, col *collector, spans []span) error {
	if col.facets != nil {
		col.facets.grow(len(x.cols.dict.snapshot()))
	}
	var n uint64
	if len(spans) > 0 {
		n = spans[len(spans)-1].end
	}
	ranges := splitDocs(n, x.parts, x.partDocs)
	if len(ranges) == 1 {
		return collectRange(ctx, r, m, root, col, spans, ranges[0])
	}
	parts := make([]*collector, len(ranges))
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	for i, rg := range ranges {
		parts[i] = col.part()
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = collectRange(ctx, r, m, root, parts[i], spans, rg)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	col.start()
	for _, p := range parts {
		col.merge(p)
	}
	return nil
}

// collectRange runs a searcher of root through col over the documents rg
// of the snapshot r.
func collectRange(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, root query.Query, col *collector, spans []span, rg docRange) (err error) {
	score := "none"
	if col.order.score {
		score = "" // Bleve's default scoring
	}
	s, err := root.Searcher(ctx, r, m, search.SearcherOptions{Score: score})
	if err != nil {
		return fmt.Errorf("searcher: %w", err)
	}
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close searcher: %w", cerr)
		}
	}()
	return col.collect(ctx, r, spans, s, rg)
}
