// Package browse answers product listings and searches: listings without
// text from the in-memory shelf, searches from the search index, and both
// from SQL (degraded, without relevance) when neither can answer.
package browse

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/shelf"
)

// ErrBadQuery wraps search.ErrBadQuery: the caller should answer 400.
var ErrBadQuery = search.ErrBadQuery

// Result is a page of products with the facets of the filtered set.
type Result struct {
	catalog.List
	// Degraded is true when the index was down and SQL answered instead.
	Degraded bool
	// Relaxed is true when no product matched every word and the products
	// shown match some of them.
	Relaxed bool
	// Suggestions are product names close to a query that found nothing.
	Suggestions []string
}

// Browser finds products.
type Browser struct {
	cat   *catalog.Store
	idx   search.Index // nil: SQL only
	shelf *shelf.Shelf // nil: listings from the index
	log   *slog.Logger
	ready func() bool
}

// New returns a Browser over the catalog and, when idx is not nil, the
// search index.
func New(cat *catalog.Store, idx search.Index, log *slog.Logger) *Browser {
	return &Browser{cat: cat, idx: idx, log: log, ready: func() bool { return true }}
}

// WhenReady makes the Browser answer from SQL while ready reports false,
// as while the index is rebuilt at start.
func (b *Browser) WhenReady(ready func() bool) *Browser {
	b.ready = ready
	return b
}

// WithShelf makes the Browser answer listings without text from s once it
// is loaded, and fill every page of hits from the summaries it keeps.
func (b *Browser) WithShelf(s *shelf.Shelf) *Browser {
	b.shelf = s
	return b
}

// Find answers f. The shelf answers every listing without text, the index
// every search while it is up: their facets cost far less than counting
// the catalog in SQL.
func (b *Browser) Find(ctx context.Context, f catalog.Filter) (*Result, error) {
	q := search.Query{
		Text: f.Query, MinStars: f.MinStars, Today: b.cat.Today().String(),
		Provinces: f.Provinces, Categories: f.Categories, Cooperatives: f.Cooperatives, Certifications: f.Certifications,
		MinPrice: f.MinPrice, MaxPrice: f.MaxPrice, Sort: f.Sort, Page: f.Page, PerPage: f.PerPage,
	}
	if b.shelf != nil {
		nq, err := q.Normalize()
		if err != nil {
			return nil, err
		}
		if nq.Text == "" {
			if res, ok := b.shelf.Search(nq); ok {
				return b.page(ctx, res, &Result{})
			}
		}
	}
	if b.idx == nil {
		return b.sql(ctx, f, false)
	}
	if !b.ready() {
		return b.sql(ctx, f, true)
	}
	res, err := b.idx.Search(ctx, q)
	if errors.Is(err, search.ErrBadQuery) {
		return nil, err
	}
	if err != nil {
		b.log.Warn("browse: search index unavailable, answering from SQL", "err", err)
		return b.sql(ctx, f, true)
	}
	out := &Result{}
	if res.Total == 0 && q.Text != "" {
		if len(strings.Fields(q.Text)) > 1 {
			q.MatchAny = true
			if relaxed, err := b.idx.Search(ctx, q); err == nil && relaxed.Total > 0 {
				res, out.Relaxed = relaxed, true
			}
		}
		if res.Total == 0 {
			out.Suggestions = b.suggest(ctx, q.Text)
		}
	}
	return b.page(ctx, res, out)
}

// products are the visible products among ids, in order: from the
// shelf's summaries when there is one.
func (b *Browser) products(ctx context.Context, ids []int64) ([]catalog.Summary, error) {
	if b.shelf != nil {
		return b.shelf.ProductsByIDs(ctx, ids)
	}
	return b.cat.ProductsByIDs(ctx, ids)
}

// page fills out with the products of res's hits, in order.
func (b *Browser) page(ctx context.Context, res search.Result, out *Result) (*Result, error) {
	items, err := b.products(ctx, hitIDs(res.Hits))
	if err != nil {
		return nil, err
	}
	marks := make(map[int64]map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		marks[h.ID] = h.Highlights
	}
	for i := range items {
		items[i].Highlights = marks[items[i].ID]
	}
	out.List = catalog.List{Items: items, Total: res.Total, Facets: facets(res)}
	return out, nil
}

func (b *Browser) sql(ctx context.Context, f catalog.Filter, degraded bool) (*Result, error) {
	list, err := b.cat.ListProducts(ctx, f)
	if err != nil {
		return nil, err
	}
	return &Result{List: *list, Degraded: degraded}, nil
}

// suggest offers names for a query that found nothing: names starting
// with its first word, trimmed a letter at a time.
func (b *Browser) suggest(ctx context.Context, text string) []string {
	word := []rune(strings.Fields(text)[0])
	for n := len(word); n >= 3; n-- {
		names, err := b.idx.Suggest(ctx, string(word[:n]), 5)
		if err != nil {
			return nil
		}
		if len(names) > 0 {
			return names
		}
	}
	return nil
}

// Suggest returns product names for the search box's autocomplete.
func (b *Browser) Suggest(ctx context.Context, prefix string, limit int) ([]string, error) {
	if b.idx == nil || strings.TrimSpace(prefix) == "" {
		return []string{}, nil
	}
	names, err := b.idx.Suggest(ctx, prefix, limit)
	if err != nil {
		if errors.Is(err, search.ErrBadQuery) {
			return nil, err
		}
		return nil, fmt.Errorf("browse: suggest: %w", err)
	}
	return names, nil
}

func hitIDs(hits []search.Hit) []int64 {
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// facets converts index facets to the catalog's, counting products without
// stars under "none" so that the stars facet sums to the total.
func facets(r search.Result) catalog.Facets {
	f := catalog.Facets{
		Stars: orEmpty(r.Facets.Stars), Province: orEmpty(r.Facets.Province), Category: orEmpty(r.Facets.Category),
		Cooperative: orEmpty(r.Facets.Cooperative), Certification: orEmpty(r.Facets.Certification),
	}
	starred := 0
	for _, n := range f.Stars {
		starred += n
	}
	if none := r.Total - starred; none > 0 {
		f.Stars["none"] = none
	}
	return f
}

func orEmpty(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}
