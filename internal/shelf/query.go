package shelf

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/ocopmarket/ocopmarket/internal/search"
)

// filter is a query turned into the shelf's numbers. A slug filter whose
// slugs the shelf has never seen matches nothing.
type filter struct {
	provinces, categories, coops []bool // nil: no filter on the field
	certs                        uint64 // 0: no filter
	certsGiven                   bool
	minStars                     int
	minPrice, maxPrice           int64
	inStock                      bool
	today                        int32
}

func wanted(all []string, slugs []string) []bool {
	if len(slugs) == 0 {
		return nil
	}
	w := make([]bool, len(all))
	for i, name := range all {
		for _, s := range slugs {
			if s == name {
				w[i] = true
			}
		}
	}
	return w
}

func (s *snapshot) filter(q search.Query, today int32) filter {
	f := filter{
		provinces: wanted(s.names.provinces, q.Provinces), categories: wanted(s.names.categories, q.Categories),
		coops: wanted(s.names.coops, q.Cooperatives), certsGiven: len(q.Certifications) > 0,
		minStars: q.MinStars, minPrice: q.MinPrice, maxPrice: q.MaxPrice, inStock: q.InStockOnly, today: today,
	}
	for i, name := range s.names.certs {
		for _, c := range q.Certifications {
			if c == name && i < maxCerts {
				f.certs |= 1 << i
			}
		}
	}
	return f
}

func (f *filter) matches(it *item) bool {
	return (f.provinces == nil || f.provinces[it.province]) &&
		(f.categories == nil || f.categories[it.category] || f.categories[it.group]) &&
		(f.coops == nil || f.coops[it.coop]) &&
		(!f.certsGiven || it.certs&f.certs != 0) &&
		(f.minStars == 0 || it.starsOn(f.today) >= f.minStars) &&
		(f.minPrice == 0 || it.price >= f.minPrice) &&
		(f.maxPrice == 0 || it.price <= f.maxPrice) &&
		(!f.inStock || it.inStock)
}

// search answers a normalized query without text in one pass over the
// query's order: it counts the facets of every match and keeps the page.
// The counts of a filter are kept for the snapshot's life, so the other
// sorts and pages of one filter stop scanning after their page.
func (s *snapshot) search(q search.Query, today int32) search.Result {
	f := s.filter(q, today)
	key := filterKey(q)
	known, memoized := s.memo.get(key)
	from, to := q.Offset(), q.Offset()+q.PerPage
	res := search.Result{Hits: make([]search.Hit, 0, q.PerPage)}
	var c *counts
	if !memoized {
		c = s.newCounts()
	}
	for _, p := range s.lists[orderOf(q.Sort)] {
		it := &s.items[p]
		if !f.matches(it) {
			continue
		}
		if res.Total >= from && res.Total < to {
			res.Hits = append(res.Hits, search.Hit{ID: it.id})
		}
		res.Total++
		if memoized {
			if res.Total >= to {
				break
			}
			continue
		}
		c.add(it, today)
	}
	if memoized {
		c = known
	} else {
		s.memo.put(key, c)
	}
	res.Total = c.total
	res.Facets = c.facets(s.names)
	return res
}

// filterKey names the filter part of q: the queries that differ only in
// sort and page share their counts.
func filterKey(q search.Query) string {
	var b strings.Builder
	for _, vals := range [][]string{q.Provinces, q.Categories, q.Cooperatives, q.Certifications} {
		for _, v := range vals {
			b.WriteString(v)
			b.WriteByte(',')
		}
		b.WriteByte('|')
	}
	fmt.Fprintf(&b, "%d|%d|%d|%t|%s", q.MinStars, q.MinPrice, q.MaxPrice, q.InStockOnly, q.Today)
	return b.String()
}

// counts are a listing's total and facets as dense arrays, one slot per
// slug.
type counts struct {
	total                               int
	stars                               [6]int
	provinces, categories, coops, certs []int
}

func (s *snapshot) newCounts() *counts {
	return &counts{
		provinces: make([]int, len(s.names.provinces)), categories: make([]int, len(s.names.categories)),
		coops: make([]int, len(s.names.coops)), certs: make([]int, len(s.names.certs)),
	}
}

func (c *counts) add(it *item, today int32) {
	c.total++
	c.stars[it.starsOn(today)]++
	c.provinces[it.province]++
	c.categories[it.category]++
	c.coops[it.coop]++
	for bits, i := it.certs, 0; bits != 0; bits, i = bits>>1, i+1 {
		if bits&1 != 0 {
			c.certs[i]++
		}
	}
}

// memo keeps the counts of the filters a snapshot answered, up to
// memoSize of them.
type memo struct {
	mu     sync.Mutex
	counts map[string]*counts
}

const memoSize = 4096

func (m *memo) get(key string) (*counts, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.counts[key]
	return c, ok
}

func (m *memo) put(key string, c *counts) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.counts == nil || len(m.counts) >= memoSize {
		m.counts = map[string]*counts{}
	}
	m.counts[key] = c
}

func (c *counts) facets(n names) search.Facets {
	f := search.NewFacets()
	for stars := 3; stars <= 5; stars++ {
		if c.stars[stars] > 0 {
			f.Stars[strconv.Itoa(stars)] = c.stars[stars]
		}
	}
	fill := func(m map[string]int, counts []int, names []string) {
		for i, k := range counts {
			if k > 0 {
				m[names[i]] = k
			}
		}
	}
	fill(f.Province, c.provinces, n.provinces)
	fill(f.Category, c.categories, n.categories)
	fill(f.Cooperative, c.coops, n.coops)
	fill(f.Certification, c.certs, n.certs)
	return f
}
