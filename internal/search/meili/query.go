package meili

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/meilisearch/meilisearch-go"
	"golang.org/x/text/unicode/norm"

	"github.com/ocopmarket/ocopmarket/internal/search"
)

// Highlight markers: private-use characters, removed from indexed text, so
// the backend can HTML-escape the text and then turn them into <mark> tags.
const (
	markPre  = "\uE000"
	markPost = "\uE001"
)

// quote returns v as a Meilisearch filter string literal. Values are
// validated slugs already; quoting still escapes '\' and '"' so that no
// value can ever end the literal.
func quote(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(v) + `"`
}

// Filter builds the filter expression of a normalized query: always
// published = true, then one clause per active filter, joined with AND.
func Filter(q search.Query) string {
	today, _ := search.DateNumber(q.Today)
	clauses := []string{"published = true"}
	in := func(attr string, vals []string) {
		if len(vals) == 0 {
			return
		}
		quoted := make([]string, len(vals))
		for i, v := range vals {
			quoted[i] = quote(v)
		}
		clauses = append(clauses, attr+" IN ["+strings.Join(quoted, ", ")+"]")
	}
	in("province", q.Provinces)
	in("category_path", q.Categories)
	in("cooperative", q.Cooperatives)
	in("certifications", q.Certifications)
	if q.MinStars > 0 {
		clauses = append(clauses, fmt.Sprintf("stars >= %d AND stars_expires_on >= %d", q.MinStars, today))
	}
	if q.MinPrice > 0 {
		clauses = append(clauses, fmt.Sprintf("price_vnd >= %d", q.MinPrice))
	}
	if q.MaxPrice > 0 {
		clauses = append(clauses, fmt.Sprintf("price_vnd <= %d", q.MaxPrice))
	}
	if q.InStockOnly {
		clauses = append(clauses, "in_stock = true")
	}
	return strings.Join(clauses, " AND ")
}

// Sort returns the sort parameter of a normalized query (nil for
// relevance), each with a deterministic tie-break.
func Sort(s string) []string {
	switch s {
	case search.SortNewest:
		return []string{"created_at:desc", "id:desc"}
	case search.SortPriceAsc:
		return []string{"price_vnd:asc", "id:asc"}
	case search.SortPriceDesc:
		return []string{"price_vnd:desc", "id:asc"}
	case search.SortStars:
		return []string{"stars:desc", "created_at:desc", "id:desc"}
	}
	return nil
}

var termFacets = []string{"province", "category", "cooperative", "certifications"}

// Search answers q with one multi-search request: the page of hits with the
// term facets, and a count-only query for the stars facet over the same
// filtered set restricted to unexpired certificates.
func (x *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	q, err := q.Normalize()
	if err != nil {
		return search.Result{}, fmt.Errorf("meili: search: %w", err)
	}
	today, _ := search.DateNumber(q.Today)
	filter := Filter(q)
	strategy := meilisearch.All
	if q.MatchAny {
		strategy = meilisearch.Last
	}
	perPage := int64(q.PerPage)
	zero := int64(0)
	main := &meilisearch.SearchRequest{
		IndexUID:              x.cfg.Index,
		Query:                 q.Text,
		Filter:                filter,
		Sort:                  Sort(q.Sort),
		Page:                  int64(q.Page),
		HitsPerPage:           &perPage,
		Facets:                termFacets,
		MatchingStrategy:      strategy,
		AttributesToRetrieve:  []string{"id", "name"},
		AttributesToHighlight: []string{"name", "description"},
		AttributesToCrop:      []string{"description"},
		CropLength:            30,
		HighlightPreTag:       markPre,
		HighlightPostTag:      markPost,
	}
	if q.Text == "" {
		main.AttributesToHighlight, main.AttributesToCrop, main.CropLength = nil, nil, 0
		main.HighlightPreTag, main.HighlightPostTag = "", ""
		main.AttributesToRetrieve = []string{"id"}
	}
	stars := &meilisearch.SearchRequest{
		IndexUID:             x.cfg.Index,
		Query:                q.Text,
		Filter:               fmt.Sprintf("%s AND stars_expires_on >= %d", filter, today),
		Page:                 1,
		HitsPerPage:          &zero,
		Facets:               []string{"stars"},
		MatchingStrategy:     strategy,
		AttributesToRetrieve: []string{"id"},
	}
	resp, err := x.client.MultiSearchWithContext(ctx, &meilisearch.MultiSearchRequest{Queries: []*meilisearch.SearchRequest{main, stars}})
	if err != nil {
		return search.Result{}, fmt.Errorf("meili: search: %w", err)
	}
	if len(resp.Results) != 2 {
		return search.Result{}, fmt.Errorf("meili: search: %d results for 2 queries", len(resp.Results))
	}
	res := search.Result{Total: int(resp.Results[0].TotalHits), Facets: search.NewFacets(), Hits: []search.Hit{}}

	var names []string
	for _, h := range resp.Results[0].Hits {
		var hit struct {
			ID        int64  `json:"id"`
			Name      string `json:"name"`
			Formatted struct {
				Name        string `json:"name"`
				Description string `json:"description"`
			} `json:"_formatted"`
		}
		if err := h.DecodeInto(&hit); err != nil {
			return search.Result{}, fmt.Errorf("meili: search: decode hit: %w", err)
		}
		out := search.Hit{ID: hit.ID, Highlights: map[string]string{}}
		for key, v := range map[string]string{"name": hit.Formatted.Name, "description": hit.Formatted.Description} {
			if strings.Contains(v, markPre) {
				out.Highlights[key] = markup(v)
			}
		}
		res.Hits = append(res.Hits, out)
		names = append(names, hit.Name)
	}
	if q.Sort == search.SortRelevance {
		rerankExact(res.Hits, names, q.Text)
	}

	var dist map[string]map[string]int
	if err := decodeFacets(resp.Results[0].FacetDistribution, &dist); err != nil {
		return search.Result{}, err
	}
	for attr, dst := range map[string]map[string]int{
		"province": res.Facets.Province, "category": res.Facets.Category,
		"cooperative": res.Facets.Cooperative, "certifications": res.Facets.Certification,
	} {
		for k, n := range dist[attr] {
			if n > 0 {
				dst[k] = n
			}
		}
	}
	dist = nil
	if err := decodeFacets(resp.Results[1].FacetDistribution, &dist); err != nil {
		return search.Result{}, err
	}
	for k, n := range dist["stars"] {
		if s, err := strconv.Atoi(k); err == nil && s >= 3 && s <= 5 && n > 0 {
			res.Facets.Stars[k] = n
		}
	}
	return res, nil
}

func decodeFacets(raw json.RawMessage, dst *map[string]map[string]int) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("meili: search: decode facets: %w", err)
	}
	return nil
}

// markup HTML-escapes a highlighted fragment and turns the markers into
// <mark> tags.
func markup(s string) string {
	s = html.EscapeString(s)
	return strings.NewReplacer(markPre, "<mark>", markPost, "</mark>").Replace(s)
}

// rerankExact moves hits whose name contains more of the query's words with
// their exact accents ahead, keeping Meilisearch's order otherwise.
// Meilisearch folds accents before ranking, so "bơ", "bò" and "bố" tie; this
// restores exact-first order within the page (not across pages).
func rerankExact(hits []search.Hit, names []string, text string) {
	words := exactWords(text)
	if len(words) == 0 || len(hits) < 2 {
		return
	}
	score := make(map[int64]int, len(hits))
	for i, h := range hits {
		n := 0
		have := exactWords(names[i])
		for _, w := range words {
			if slices.Contains(have, w) {
				n++
			}
		}
		score[h.ID] = n
	}
	slices.SortStableFunc(hits, func(a, b search.Hit) int { return score[b.ID] - score[a.ID] })
}

// exactWords splits text into NFC, lower-case words, accents kept.
func exactWords(s string) []string {
	s = strings.ToLower(norm.NFC.String(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) })
}

// Suggest returns distinct product names matching prefix (the last word as
// a prefix, accents and case ignored by Meilisearch), best first.
func (x *Index) Suggest(ctx context.Context, prefix string, limit int) ([]string, error) {
	prefix, limit, err := search.CleanSuggest(prefix, limit)
	if err != nil {
		return nil, fmt.Errorf("meili: suggest: %w", err)
	}
	if strings.TrimFunc(prefix, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
		return []string{}, nil
	}
	resp, err := x.client.Index(x.cfg.Index).SearchWithContext(ctx, prefix, &meilisearch.SearchRequest{
		Limit:                int64(limit * 3),
		Filter:               "published = true",
		AttributesToSearchOn: []string{"name"},
		AttributesToRetrieve: []string{"name"},
		MatchingStrategy:     meilisearch.All,
	})
	if err != nil {
		return nil, fmt.Errorf("meili: suggest: %w", err)
	}
	out := make([]string, 0, limit)
	for _, h := range resp.Hits {
		var hit struct {
			Name string `json:"name"`
		}
		if err := h.DecodeInto(&hit); err != nil {
			return nil, fmt.Errorf("meili: suggest: decode hit: %w", err)
		}
		if hit.Name != "" && !slices.Contains(out, hit.Name) {
			out = append(out, hit.Name)
			if len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

// Count returns the number of published documents.
func (x *Index) Count(ctx context.Context) (int, error) {
	zero := int64(0)
	resp, err := x.client.Index(x.cfg.Index).SearchWithContext(ctx, "", &meilisearch.SearchRequest{
		Filter:      "published = true",
		Page:        1,
		HitsPerPage: &zero,
	})
	if err != nil {
		return 0, fmt.Errorf("meili: count: %w", err)
	}
	return int(resp.TotalHits), nil
}
