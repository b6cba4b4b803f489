package bleve

import (
	"context"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	ocsearch "github.com/ocopmarket/ocopmarket/internal/search"
)

// Search answers q: text matched word by word over the weighted fields
// (exact and folded forms, fuzzy for long words, prefix for the last word),
// filters as non-scoring clauses, facets over the filtered set.
func (x *Index) Search(ctx context.Context, q ocsearch.Query) (ocsearch.Result, error) {
	q, err := q.Normalize()
	if err != nil {
		return ocsearch.Result{}, fmt.Errorf("bleve: search: %w", err)
	}
	today, _ := ocsearch.DateNumber(q.Today)

	conj := []query.Query{}
	if tq := textQuery(q.Text, q.MatchAny); tq != nil {
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

	req := bleve.NewSearchRequestOptions(root, q.PerPage, q.Offset(), false)
	req.SortByCustom(sortOrder(q.Sort))
	for name, field := range map[string]string{"province": fProvince, "category": fCategory, "cooperative": fCoop, "certification": fCerts} {
		req.AddFacet(name, bleve.NewFacetRequest(field, facetSize))
	}
	stars := bleve.NewFacetRequest(fStarsUntil, 3)
	for s := 3; s <= 5; s++ {
		lo, hi := float64(s*starsFactor+today), float64((s+1)*starsFactor)
		stars.AddNumericRange(strconv.Itoa(s), &lo, &hi)
	}
	req.AddFacet("stars", stars)
	if q.Text != "" {
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.Highlight.AddField(fNameFold)
		req.Highlight.AddField(fDescFold)
	}

	idx, unlock, err := x.reader()
	if err != nil {
		return ocsearch.Result{}, fmt.Errorf("bleve: search: %w", err)
	}
	defer unlock()
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return ocsearch.Result{}, fmt.Errorf("bleve: search: %w", err)
	}

	out := ocsearch.Result{Total: int(res.Total), Facets: ocsearch.NewFacets(), Hits: make([]ocsearch.Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		id, err := strconv.ParseInt(h.ID, 10, 64)
		if err != nil {
			return ocsearch.Result{}, fmt.Errorf("bleve: search: document id %q: %w", h.ID, err)
		}
		hit := ocsearch.Hit{ID: id, Highlights: map[string]string{}}
		for field, key := range map[string]string{fNameFold: "name", fDescFold: "description"} {
			if frags := h.Fragments[field]; len(frags) > 0 {
				hit.Highlights[key] = frags[0]
			}
		}
		out.Hits = append(out.Hits, hit)
	}
	for name, dst := range map[string]map[string]int{
		"province": out.Facets.Province, "category": out.Facets.Category,
		"cooperative": out.Facets.Cooperative, "certification": out.Facets.Certification,
	} {
		if fr := res.Facets[name]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				dst[t.Term] = t.Count
			}
		}
	}
	if fr := res.Facets["stars"]; fr != nil {
		for _, r := range fr.NumericRanges {
			if r.Count > 0 {
				out.Facets.Stars[r.Name] = r.Count
			}
		}
	}
	return out, nil
}

// textQuery builds the relevance query: each word must match (or, with any,
// one word must) in some field, in its exact form (boosted), folded form,
// with one typo when it has fuzzyMinRune letters or more, or, for the last
// word, as a prefix.
func textQuery(text string, any bool) query.Query {
	terms := queryTerms(text)
	if len(terms) == 0 {
		return nil
	}
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	words := make([]query.Query, 0, len(terms))
	for i, t := range terms {
		last := i == len(terms)-1
		var alts []query.Query
		for _, f := range textFields {
			if f.exact != "" {
				alts = append(alts, term(f.exact, t.exact, f.boost*exactBoost))
			}
			alts = append(alts, term(f.fold, t.fold, f.boost))
			n := utf8.RuneCountInString(t.fold)
			if n >= fuzzyMinRune {
				fz := bleve.NewFuzzyQuery(t.fold)
				fz.SetField(f.fold)
				fz.SetFuzziness(1)
				fz.SetBoost(f.boost * 0.3)
				alts = append(alts, fz)
			}
			if last && n >= 2 {
				p := bleve.NewPrefixQuery(t.fold)
				p.SetField(f.fold)
				p.SetBoost(f.boost * 0.2)
				alts = append(alts, p)
			}
		}
		words = append(words, bleve.NewDisjunctionQuery(alts...))
	}
	if len(words) == 1 {
		return words[0]
	}
	if any {
		return bleve.NewDisjunctionQuery(words...)
	}
	return bleve.NewConjunctionQuery(words...)
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
	anyOf := func(fields []string, values []string) {
		if len(values) == 0 {
			return
		}
		var alts []query.Query
		for _, f := range fields {
			for _, v := range values {
				alts = append(alts, term(f, v, filterBoost))
			}
		}
		out = append(out, bleve.NewDisjunctionQuery(alts...))
	}
	anyOf([]string{fProvince}, q.Provinces)
	anyOf([]string{fCategory, fGroup}, q.Categories)
	anyOf([]string{fCoop}, q.Cooperatives)
	anyOf([]string{fCerts}, q.Certifications)

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
		out = append(out, numRange(fInStock, 1, 1, true))
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

// sortOrder maps a query sort to Bleve sort fields, each ending with a
// deterministic tie-break.
func sortOrder(s string) search.SortOrder {
	num := func(field string, desc bool) search.SearchSort {
		return &search.SortField{Field: field, Desc: desc, Type: search.SortFieldAsNumber, Missing: search.SortFieldMissingLast}
	}
	score := &search.SortScore{Desc: true}
	switch s {
	case ocsearch.SortNewest:
		return search.SortOrder{num(fCreated, true), num(fID, true)}
	case ocsearch.SortPriceAsc:
		return search.SortOrder{num(fPrice, false), num(fID, false)}
	case ocsearch.SortPriceDesc:
		return search.SortOrder{num(fPrice, true), num(fID, false)}
	case ocsearch.SortStars:
		return search.SortOrder{num(fStars, true), score, num(fCreated, true), num(fID, true)}
	default:
		return search.SortOrder{score, num(fCreated, true), num(fID, true)}
	}
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
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(conj...), limit*4, 0, false)
	req.Fields = []string{fNameFold}
	req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortField{Field: fID, Type: search.SortFieldAsNumber}})

	idx, unlock, err := x.reader()
	if err != nil {
		return nil, fmt.Errorf("bleve: suggest: %w", err)
	}
	defer unlock()
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("bleve: suggest: %w", err)
	}
	out := make([]string, 0, limit)
	seen := map[string]bool{}
	for _, h := range res.Hits {
		name, _ := h.Fields[fNameFold].(string)
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
