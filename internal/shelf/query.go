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
	if !memoized {
		known = c.tally()
		s.memo.put(key, known)
	}
	res.Total = known.total
	res.Facets = known.facets(s.names)
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
// slug, while its matches are counted.
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

// slot is a slug's count in a tally.
type slot struct{ slug, n int32 }

// tally is what a listing's counts keep once counted: the slugs counted
// only. Dense, the counts of one filter held 8 bytes for each of 4,000
// cooperatives at 100,000 products, most of them zero.
type tally struct {
	total                               int
	stars                               [6]int
	provinces, categories, coops, certs []slot
}

func (c *counts) tally() *tally {
	sparse := func(dense []int) []slot {
		var out []slot
		for i, n := range dense {
			if n > 0 {
				out = append(out, slot{int32(i), int32(n)})
			}
		}
		return out
	}
	return &tally{total: c.total, stars: c.stars, provinces: sparse(c.provinces), categories: sparse(c.categories),
		coops: sparse(c.coops), certs: sparse(c.certs)}
}

// size is about the bytes t holds.
func (t *tally) size() int {
	return 128 + 8*(len(t.provinces)+len(t.categories)+len(t.coops)+len(t.certs))
}

// memo keeps the tallies of the filters a snapshot answered, up to
// memoBytes of them (about 6,000 filters of one province each).
type memo struct {
	mu      sync.Mutex
	tallies map[string]*tally
	bytes   int
}

const memoBytes = 8 << 20

func (m *memo) get(key string) (*tally, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tallies[key]
	return t, ok
}

func (m *memo) put(key string, t *tally) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(key) + t.size()
	if m.tallies == nil || m.bytes+n > memoBytes {
		m.tallies, m.bytes = map[string]*tally{}, 0
	}
	m.tallies[key] = t
	m.bytes += n
}

func (t *tally) facets(n names) search.Facets {
	f := search.NewFacets()
	for stars := 3; stars <= 5; stars++ {
		if t.stars[stars] > 0 {
			f.Stars[strconv.Itoa(stars)] = t.stars[stars]
		}
	}
	fill := func(m map[string]int, slots []slot, names []string) {
		for _, sl := range slots {
			m[names[sl.slug]] = int(sl.n)
		}
	}
	fill(f.Province, t.provinces, n.provinces)
	fill(f.Category, t.categories, n.categories)
	fill(f.Cooperative, t.coops, n.coops)
	fill(f.Certification, t.certs, n.certs)
	return f
}
