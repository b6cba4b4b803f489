package bleve

import (
	"context"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
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

	conj := []query.Query{}
	tq, hq := textQuery(q.Text, q.MatchAny)
	if tq != nil {
		conj = append(conj, tq)
	}
	conj = append(conj, filters(q, today)...)
	var root query.Query
	switch len(conj) {
	case 0:
		root = bleve.NewMatchAllQuery()
	case 1:
		root = conj[0]
	default:
		root = bleve.NewConjunctionQuery(conj...)
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
	col := &collector{order: sortOrder(q.Sort), keep: q.Offset() + q.PerPage}
	if !cached {
		col.facets = newFacetCounter(today)
	}
	hits, ids, err := x.collect(ctx, idx, root, col, q.Offset())
	if err != nil {
		return ocsearch.Result{}, fmt.Errorf("bleve: search: %w", err)
	}
	if !cached {
		facets = col.facets.result(x.cols.dict.snapshot())
		x.facets.put(key, gen, facets)
	}

	out := ocsearch.Result{Total: col.total, Facets: facets, Hits: make([]ocsearch.Hit, len(hits))}
	for i := range hits {
		id, err := strconv.ParseInt(ids[i], 10, 64)
		if err != nil {
			return ocsearch.Result{}, fmt.Errorf("bleve: search: document id %q: %w", ids[i], err)
		}
		out.Hits[i] = ocsearch.Hit{ID: id, Highlights: map[string]string{}}
	}
	if hq != nil && len(ids) > 0 {
		if err := highlight(ctx, idx, hq, ids, out.Hits); err != nil {
			return ocsearch.Result{}, fmt.Errorf("bleve: search: %w", err)
		}
	}
	return out, nil
}

// collect runs root through col on one snapshot of idx and returns the hits
// after offset with their document IDs.
func (x *Index) collect(ctx context.Context, idx bleve.Index, root query.Query, col *collector, offset int) (hits []hit, ids []string, err error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, fmt.Errorf("open reader: %w", err)
	}
	defer func() {
		if cerr := r.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close reader: %w", cerr)
		}
	}()
	spans, err := x.cols.spans(r)
	if err != nil {
		return nil, nil, err
	}
	if err := x.collectParts(ctx, r, idx.Mapping(), root, col, spans); err != nil {
		return nil, nil, err
	}
	hits = col.page(offset)
	ids = make([]string, len(hits))
	buf := make(index.IndexInternalID, 8)
	for i, h := range hits {
		buf.SetValue(h.doc)
		if ids[i], err = r.ExternalID(buf); err != nil {
			return nil, nil, fmt.Errorf("document %d: %w", h.doc, err)
		}
	}
	return hits, ids, nil
}

// highlight fills the "name" and "description" highlights of hits (whose
// document IDs are ids) by running hq, textQuery's highlight query, on those
// documents only, with term locations.
func highlight(ctx context.Context, idx bleve.Index, hq query.Query, ids []string, hits []ocsearch.Hit) error {
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), hq), len(ids), 0, false)
	req.Score = "none"
	req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	req.Highlight.AddField(fNameFold)
	req.Highlight.AddField(fDescFold)
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("highlight: %w", err)
	}
	at := make(map[string]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	for _, h := range res.Hits {
		i, ok := at[h.ID]
		if !ok {
			continue
		}
		for field, key := range map[string]string{fNameFold: "name", fDescFold: "description"} {
			if frags := h.Fragments[field]; len(frags) > 0 {
				hits[i].Highlights[key] = frags[0]
			}
		}
	}
	return nil
}

// textQuery builds the relevance query: each word must match (or, with any,
// one word must) in some field, in its exact form (boosted), folded form,
// and, in every field but the description, with one typo when it has
// fuzzyMinRune letters or more, or, for the last word, as a prefix. A
// description's many words would make every typo and prefix a match of
// thousands of products and cost each search tens of milliseconds at
// 100,000 products, for matches that the name, cooperative and places
// already give. It also returns the query that highlights run on the
// page's hits: the folded clauses on the highlighted fields only, any word
// matching, which finds the same terms to mark for much less work.
func textQuery(text string, any bool) (match, hl query.Query) {
	terms := queryTerms(text)
	if len(terms) == 0 {
		return nil, nil
	}
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	words := make([]query.Query, 0, len(terms))
	var marks []query.Query
	for i, t := range terms {
		last := i == len(terms)-1
		var alts []query.Query
		for _, f := range textFields {
			if f.exact != "" {
				alts = append(alts, term(f.exact, t.exact, f.boost*exactBoost))
			}
			fold := foldClauses(f.fold, t.fold, last && f.fold != fDescFold, f.fold != fDescFold, f.boost)
			alts = append(alts, fold...)
			if f.fold == fNameFold || f.fold == fDescFold {
				marks = append(marks, fold...)
			}
		}
		words = append(words, bleve.NewDisjunctionQuery(alts...))
	}
	hl = bleve.NewDisjunctionQuery(marks...)
	switch {
	case len(words) == 1:
		return words[0], hl
	case any:
		return bleve.NewDisjunctionQuery(words...), hl
	default:
		return bleve.NewConjunctionQuery(words...), hl
	}
}

// foldClauses match a folded word in a folded field: as is, with one typo
// when fuzzy and long enough, and as a prefix when it is the last word.
func foldClauses(field, word string, last, fuzzy bool, boost float64) []query.Query {
	out := []query.Query{term(field, word, boost)}
	n := utf8.RuneCountInString(word)
	if fuzzy && n >= fuzzyMinRune {
		fz := bleve.NewFuzzyQuery(word)
		fz.SetField(field)
		fz.SetFuzziness(1)
		fz.SetBoost(boost * 0.3)
		out = append(out, fz)
	}
	if last && n >= 2 {
		p := bleve.NewPrefixQuery(word)
		p.SetField(field)
		p.SetBoost(boost * 0.2)
		out = append(out, p)
	}
	return out
}

func term(field, value string, boost float64) query.Query {
	t := bleve.NewTermQuery(value)
	t.SetField(field)
	t.SetBoost(boost)
	return t
}

// filters returns one clause per active filter, boosted to nearly zero so
// that they select without ranking.
func filters(q ocsearch.Query, today int) []query.Query {
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

	if q.MinStars > 0 {
		var alts []query.Query
		for s := q.MinStars; s <= 5; s++ {
			alts = append(alts, numRange(fStarsUntil, float64(s*starsFactor+today), float64((s+1)*starsFactor), false))
		}
		out = append(out, bleve.NewDisjunctionQuery(alts...))
	}
	if q.MinPrice > 0 || q.MaxPrice > 0 {
		lo, hi := float64(q.MinPrice), float64(q.MaxPrice)
		if q.MaxPrice == 0 {
			hi = -1
		}
		out = append(out, numRange(fPrice, lo, hi, true))
	}
	if q.InStockOnly {
		out = append(out, term(fFilter, termInStock, filterBoost))
	}
	return out
}

// numRange matches lo <= v < hi (v <= hi when hiInclusive); hi < 0 means
// unbounded.
func numRange(field string, lo, hi float64, hiInclusive bool) query.Query {
	t := true
	var max *float64
	if hi >= 0 {
		max = &hi
	}
	r := bleve.NewNumericRangeInclusiveQuery(&lo, max, &t, &hiInclusive)
	r.SetField(field)
	r.SetBoost(filterBoost)
	return r
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
	_, ids, err := x.collect(ctx, idx, bleve.NewConjunctionQuery(conj...), col, 0)
	if err != nil {
		return nil, fmt.Errorf("bleve: suggest: %w", err)
	}
	if len(ids) == 0 {
		return []string{}, nil
	}
	// Stored names of the best hits only.
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Score = "none"
	req.Fields = []string{fNameFold}
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("bleve: suggest: names: %w", err)
	}
	names := make(map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		names[h.ID], _ = h.Fields[fNameFold].(string)
	}
	out := make([]string, 0, limit)
	seen := map[string]bool{}
	for _, id := range ids {
		name := names[id]
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
