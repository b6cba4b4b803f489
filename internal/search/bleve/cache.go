package bleve

import (
	"container/list"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	ocsearch "github.com/ocopmarket/ocopmarket/internal/search"
)

// facetCacheSize bounds the facet cache: entries hold at most facetSize
// values per facet, so the cache stays well under a megabyte.
const facetCacheSize = 64

// facetCache remembers the facets of recent searches, keyed by everything
// that selects the hits (text, filters, today) but not by sort or page, so
// that paging through or re-sorting a search does not count its facets
// again. Each entry records the index generation (the count of writes) it
// was computed on and is only used while no write has happened since.
type facetCache struct {
	mu    sync.Mutex
	ll    *list.List // front: most recently used; values are *facetEntry
	byKey map[string]*list.Element
}

type facetEntry struct {
	key    string
	gen    uint64
	facets ocsearch.Facets
}

func newFacetCache() *facetCache {
	return &facetCache{ll: list.New(), byKey: map[string]*list.Element{}}
}

// facetKey identifies the set of hits of a normalized query.
func facetKey(q ocsearch.Query) string {
	var b strings.Builder
	// CleanText drops control characters, so \x00 cannot occur in the text;
	// slugs are [a-z0-9-].
	sep := func() { b.WriteByte(0) }
	b.WriteString(q.Text)
	sep()
	b.WriteString(q.Today)
	sep()
	for _, vals := range [][]string{q.Provinces, q.Categories, q.Cooperatives, q.Certifications} {
		b.WriteString(strings.Join(slices.Sorted(slices.Values(vals)), ","))
		sep()
	}
	for _, n := range []int64{int64(q.MinStars), q.MinPrice, q.MaxPrice} {
		b.WriteString(strconv.FormatInt(n, 10))
		sep()
	}
	b.WriteString(strconv.FormatBool(q.InStockOnly))
	b.WriteString(strconv.FormatBool(q.MatchAny))
	return b.String()
}

// get returns a copy of the facets cached for key at generation gen.
func (c *facetCache) get(key string, gen uint64) (ocsearch.Facets, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return ocsearch.Facets{}, false
	}
	e := el.Value.(*facetEntry)
	if e.gen != gen {
		c.ll.Remove(el)
		delete(c.byKey, key)
		return ocsearch.Facets{}, false
	}
	c.ll.MoveToFront(el)
	return copyFacets(e.facets), true
}

// put stores a copy of f for key at generation gen, evicting the least
// recently used entry when full. An entry of a later generation is kept.
func (c *facetCache) put(key string, gen uint64, f ocsearch.Facets) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		e := el.Value.(*facetEntry)
		if e.gen <= gen {
			e.gen, e.facets = gen, copyFacets(f)
		}
		c.ll.MoveToFront(el)
		return
	}
	c.byKey[key] = c.ll.PushFront(&facetEntry{key: key, gen: gen, facets: copyFacets(f)})
	for c.ll.Len() > facetCacheSize {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.byKey, last.Value.(*facetEntry).key)
	}
}

// copyFacets deep-copies f: callers may change the maps they get.
func copyFacets(f ocsearch.Facets) ocsearch.Facets {
	return ocsearch.Facets{
		Stars:         maps.Clone(f.Stars),
		Province:      maps.Clone(f.Province),
		Category:      maps.Clone(f.Category),
		Cooperative:   maps.Clone(f.Cooperative),
		Certification: maps.Clone(f.Certification),
	}
}
