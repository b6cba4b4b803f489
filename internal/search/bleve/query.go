package bleve

import (
	"context"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	ocsearch "github.com/ocopmarket/ocopmarket/internal/search"
)

// Search answers q: text matched word by word over the weighted fields
// (exact and folded forms, fuzzy for long words, prefix for the last word),
// filters as non-scoring clauses, facets over the filtered set. Hits, total
// and facets come from one pass of collect.go's collector; facets are
// cached per set of hits until the next write; highlights are computed for
// the page's hits only.
func (x *Index) Search(ctx context.Context, q ocsearch.Query) (ocsearch.Result, error) {
	q, err := q.Normalize()
	if err != nil {
		return ocsearch.Result{}, fmt.Errorf("bleve: search: %w", err)
	}
	today, _ := ocsearch.DateNumber(q.Today)

	tm := textQuery(q.Text, q.MatchAny)
	var root query.Query
	switch fs := filters(q); {
	case len(fs) == 1:
		root = fs[0]
	case len(fs) > 1:
		root = bleve.NewConjunctionQuery(fs...)
	}

	idx, unlock, err := x.reader()
	if err != nil {
		return ocsearch.Result{}, fmt.Errorf("bleve: search: %w", err)
	}
	defer unlock()

	// Read the write count before the snapshot: facets computed on a
	// snapshot that a concurrent write already changed are then stored under
	// an older count and never served.
	gen := x.writes.Load()
	key := facetKey(q)
	facets, cached := x.facets.get(key, gen)
	col := &collector{order: sortOrder(q.Sort), keep: q.Offset() + q.PerPage, filter: newColumnFilter(q, today)}
	if !cached {
		col.facets = newFacetCounter(today)
	}
	hits, ids, marked, err := x.collect(ctx, idx, tm, root, col, q.Offset())
	if err != nil {
		return ocsearch.Result{}, fmt.Errorf("bleve: search: %w", err)
	}
	if !cached {
		facets = col.facets.result(x.cols.dict.snapshot())
		x.facets.put(key, gen, facets)
	}

	out := ocsearch.Result{Total: col.total, Facets: facets, Hits: make([]ocsearch.Hit, len(hits))}
	for i, id := range ids {
		out.Hits[i] = ocsearch.Hit{ID: id, Highlights: map[string]string{}}
		if marked != nil {
			out.Hits[i].Highlights = marked[i]
		}
	}
	return out, nil
}

// collect runs the text query tm (nil for none) and root (nil for none)
// through col on one snapshot of idx and returns the hits after offset with
// their product IDs and, for a text query, their highlights.
func (x *Index) collect(ctx context.Context, idx bleve.Index, tm *textMatch, root query.Query, col *collector, offset int) (hits []hit, ids []int64, marked []map[string]string, err error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, nil, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("open reader: %w", err)
	}
	defer func() {
		if cerr := r.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close reader: %w", cerr)
		}
	}()
	spans, err := x.cols.spans(r)
	if err != nil {
		return nil, nil, nil, err
	}
	ex, err := x.collectParts(ctx, r, idx.Mapping(), tm, root, col, spans)
	if err != nil {
		return nil, nil, nil, err
	}
	hits = col.page(offset)
	ids = make([]int64, len(hits))
	buf := make(index.IndexInternalID, 8)
	for i, h := range hits {
		buf.SetValue(h.doc)
		ext, err := r.ExternalID(buf)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("document %d: %w", h.doc, err)
		}
		if ids[i], err = strconv.ParseInt(ext, 10, 64); err != nil {
			return nil, nil, nil, fmt.Errorf("document id %q: %w", ext, err)
		}
	}
	if tm != nil && len(ids) > 0 {
		texts, err := x.textsOf(ctx, ids)
		if err != nil {
			return nil, nil, nil, err
		}
		if marked, err = highlights(idx.Mapping(), tm, ex, ids, texts); err != nil {
			return nil, nil, nil, err
		}
	}
	return hits, ids, marked, nil
}

// textsOf reads the texts of the products ids, by id.
func (x *Index) textsOf(ctx context.Context, ids []int64) (map[int64]ocsearch.Text, error) {
	ts, err := x.texts(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("texts: %w", err)
	}
	out := make(map[int64]ocsearch.Text, len(ts))
	for _, t := range ts {
		out[t.ID] = t
	}
	return out, nil
}

func term(field, value string, boost float64) query.Query {
	t := bleve.NewTermQuery(value)
	t.SetField(field)
	t.SetBoost(boost)
	return t
}

// filters returns one clause per active filter of terms, boosted to nearly
// zero so that they select without ranking; the stars and price filters
// are the columns' (newColumnFilter).
func filters(q ocsearch.Query) []query.Query {
	var out []query.Query
	type fieldPrefix struct{ field, prefix string }
	anyOf := func(fps []fieldPrefix, values []string) {
		if len(values) == 0 {
			return
		}
		var alts []query.Query
		for _, fp := range fps {
			for _, v := range values {
				alts = append(alts, term(fp.field, fp.prefix+v, filterBoost))
			}
		}
		out = append(out, bleve.NewDisjunctionQuery(alts...))
	}
	anyOf([]fieldPrefix{{fFacet, pfxProvince}}, q.Provinces)
	anyOf([]fieldPrefix{{fFacet, pfxCategory}, {fFilter, pfxGroup}}, q.Categories)
	anyOf([]fieldPrefix{{fFacet, pfxCoop}}, q.Cooperatives)
	anyOf([]fieldPrefix{{fFacet, pfxCert}}, q.Certifications)

	if q.InStockOnly {
		out = append(out, term(fFilter, termInStock, filterBoost))
	}
	return out
}

// Suggest returns product names whose words start with the folded words of
// prefix (the last one as a prefix), best matches first.
func (x *Index) Suggest(ctx context.Context, prefix string, limit int) ([]string, error) {
	prefix, limit, err := ocsearch.CleanSuggest(prefix, limit)
	if err != nil {
		return nil, fmt.Errorf("bleve: suggest: %w", err)
	}
	terms := queryTerms(prefix)
	if len(terms) == 0 {
		return []string{}, nil
	}
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	var conj []query.Query
	for i, t := range terms {
		if i < len(terms)-1 {
			conj = append(conj, bleve.NewDisjunctionQuery(term(fNameExact, t.exact, exactBoost), term(fNameFold, t.fold, 1)))
			continue
		}
		p := bleve.NewPrefixQuery(t.fold)
		p.SetField(fNameFold)
		conj = append(conj, bleve.NewDisjunctionQuery(term(fNameExact, t.exact, exactBoost), term(fNameFold, t.fold, 1), p))
	}
	idx, unlock, err := x.reader()
	if err != nil {
		return nil, fmt.Errorf("bleve: suggest: %w", err)
	}
	defer unlock()
	col := &collector{order: suggestOrder(), keep: limit * 4}
	_, ids, _, err := x.collect(ctx, idx, nil, bleve.NewConjunctionQuery(conj...), col, 0)
	if err != nil {
		return nil, fmt.Errorf("bleve: suggest: %w", err)
	}
	if len(ids) == 0 {
		return []string{}, nil
	}
	texts, err := x.textsOf(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("bleve: suggest: %w", err)
	}
	out := make([]string, 0, limit)
	seen := map[string]bool{}
	for _, id := range ids {
		name := texts[id].Name
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, name)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}
