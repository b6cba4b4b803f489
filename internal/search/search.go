// Package search defines the product search index used by the storefront:
// the documents it stores, the queries it answers and the Index interface
// that each backend (search/bleve embedded, search/meili in production)
// implements. The shared test suite lives in search/searchtest.
package search

import (
	"context"
	"errors"
	"time"
)

// ErrBadQuery reports a query the caller must reject as bad input (HTTP 400):
// an unknown sort, a page size out of range, invalid UTF-8, a malformed slug
// or date. Backends wrap it; test with errors.Is.
var ErrBadQuery = errors.New("search: bad query")

// Sort orders understood by Query.Sort.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortPriceAsc  = "price_asc"
	SortPriceDesc = "price_desc"
	SortStars     = "stars"
)

// Limits applied by Query.Normalize and Suggest.
const (
	DefaultPerPage = 24
	MaxPerPage     = 100
	// MaxTextRunes caps query text: longer text is cut, not rejected.
	MaxTextRunes = 200
	// MaxPage caps the page number so that offsets stay small.
	MaxPage = 1000
	// MaxHits is how deep a listing reaches: no hit after it is shown
	// (it is Meilisearch's pagination.maxTotalHits).
	MaxHits = 10000
	// MaxFilterValues caps the slugs given for one filter field.
	MaxFilterValues = 50
	// DefaultSuggest and MaxSuggest bound Suggest's limit.
	DefaultSuggest = 8
	MaxSuggest     = 20
)

// LastPage returns the deepest page a listing of perPage hits a page
// reaches: at most MaxPage, and no page starting past MaxHits.
func LastPage(perPage int) int {
	if perPage < 1 {
		return MaxPage
	}
	return min(MaxPage, MaxHits/perPage)
}

// Document is one product as the index stores it. It is built from the
// catalog (product, cooperative, certificate, origin) by the indexer.
type Document struct {
	ID          int64
	Slug        string
	Name        string
	Description string

	CooperativeID   int64
	CooperativeSlug string
	CooperativeName string

	// ProvinceSlug is one of the 34 province slugs, e.g. "son-la".
	ProvinceSlug string
	ProvinceName string
	Ward         string

	// CategorySlug is the leaf category, GroupSlug its OCOP product group
	// (e.g. "ca-phe" in "do-uong").
	CategorySlug string
	CategoryName string
	GroupSlug    string

	// Stars are the verified OCOP stars (3..5), 0 when none.
	Stars int
	// StarsExpiresOn is the certificate's expiry as "YYYY-MM-DD" when
	// Stars > 0, "" otherwise. Queries compare it with Query.Today, so an
	// expired certificate stops matching without a reindex.
	StarsExpiresOn string

	// Certifications are slugs: vietgap, globalgap, organic, haccp.
	Certifications []string
	// GeographicalIndication is a display name, e.g. "Cà phê Sơn La".
	GeographicalIndication string

	PriceVND  int64
	InStock   bool
	Published bool
	CreatedAt time.Time
}

// Query is one search: free text, filters, sort and page. Run it through
// Normalize (backends do) before use.
type Query struct {
	Text string

	// MinStars is 0 for no filter, else 3..5; it only matches documents
	// whose StarsExpiresOn >= Today.
	MinStars int
	// Today is "YYYY-MM-DD", used with MinStars and for the stars facet.
	// Normalize fills it with the current date in Vietnam when empty.
	Today string

	// Slug filters: OR within a field, AND across fields. Categories match
	// either the leaf CategorySlug or the GroupSlug.
	Provinces      []string
	Categories     []string
	Cooperatives   []string
	Certifications []string

	// MinPrice and MaxPrice bound PriceVND inclusively; 0 is unbounded.
	MinPrice int64
	MaxPrice int64
	// InStockOnly keeps only documents with InStock.
	InStockOnly bool

	// Sort is one of the Sort* constants; "" means relevance with text and
	// newest without.
	Sort string
	// Page starts at 1; 0 means 1. PerPage 0 means DefaultPerPage.
	Page    int
	PerPage int

	// MatchAny relaxes matching from all words to any word, for a "relaxed
	// results" retry when a strict query finds nothing.
	MatchAny bool
}

// Hit is one matching product. Highlights holds "name" and "description"
// fragments with matches wrapped in <mark>…</mark> and the text around them
// HTML-escaped; a field without a match may be missing.
type Hit struct {
	ID         int64
	Highlights map[string]string
}

// Text is what a product's highlights and name suggestions are cut from.
type Text struct {
	ID          int64
	Name        string
	Description string
}

// Texts reads the current name and description of the products ids, those
// that exist, in any order: an index that keeps no text of its own (Bleve's,
// whose pages would be mapped into every instance's memory) reads them from
// the catalog for the page's hits.
type Texts func(ctx context.Context, ids []int64) ([]Text, error)

// Result is one page of hits, the total number of matches and the facets.
type Result struct {
	Hits   []Hit
	Total  int
	Facets Facets
}

// Facets are counts over the filtered set (all filters applied). Stars is
// keyed "3", "4", "5" and counts only unexpired stars; Category is keyed by
// leaf category slug.
type Facets struct {
	Stars         map[string]int
	Province      map[string]int
	Category      map[string]int
	Cooperative   map[string]int
	Certification map[string]int
}

// Index is a product search index. Implementations are safe for concurrent
// use.
type Index interface {
	// Init opens or creates the index and applies its settings.
	Init(ctx context.Context) error
	// Ping reports whether the backend answers (for /readyz).
	Ping(ctx context.Context) error
	// Close releases the index.
	Close() error
	// Index upserts documents; unpublished ones are never returned.
	Index(ctx context.Context, docs ...Document) error
	// Delete removes documents by product ID; unknown IDs are ignored.
	Delete(ctx context.Context, ids ...int64) error
	// Search answers a query; invalid input gives an error wrapping
	// ErrBadQuery.
	Search(ctx context.Context, q Query) (Result, error)
	// Suggest returns up to limit distinct product names matching prefix
	// (folded: accents, case and đ ignored), for autocomplete.
	Suggest(ctx context.Context, prefix string, limit int) ([]string, error)
	// Count returns the number of searchable (published) documents, so that
	// the app can rebuild an empty index at start.
	Count(ctx context.Context) (int, error)
}

// Source streams every document to index; it calls yield once per document
// and stops with yield's error.
type Source func(yield func(Document) error) error

// Rebuilder is implemented by backends that can rebuild the whole index
// without downtime: they fill a fresh index aside from src while readers keep
// using the current one, then swap it in atomically. On error the current
// index is kept.
type Rebuilder interface {
	Rebuild(ctx context.Context, src Source) error
}
