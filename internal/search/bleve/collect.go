package bleve

import (
	"bytes"
	"container/heap"
	"fmt"
	"sort"
	"strconv"

	ocsearch "github.com/ocopmarket/ocopmarket/internal/search"
)

// Bleve's own TopNCollector visits the doc values of every sort and facet
// field for every hit, and numeric fields keep all their shifted terms in
// doc values (16 per value), so a listing of the whole catalog spent nearly
// all its time there. The collector below reads two compact keyword fields
// instead, decoded once per segment into columns (columns.go): fFacet
// (every facet value of a product, prefixed) and fSortKey (one fixed-width
// term holding every sort value). It counts facets by term id, keeps the
// top hits in a bounded heap, and skips the facets when they are cached and
// the sort key when only relevance decides.

// Prefixes of the fFacet terms; fFacet terms filter too.
const (
	pfxProvince = "p:"
	pfxCategory = "c:"
	pfxCoop     = "co:"
	pfxCert     = "ce:"
	pfxStars    = "s:" // s:<stars>:<yyyymmdd of expiry>
)

// sortVals are the sort values of one document, encoded in its fSortKey
// term.
type sortVals struct {
	created, price, id int64
	stars              int
}

// Layout of an fSortKey term: created ms, ID and price as keyInt
// characters each, encoded so that comparing the text compares the numbers,
// then the stars as one digit. Created and ID are adjacent, so that the
// newest order compares one slice.
const (
	keyInt     = 11 // characters per int64: 64 bits, 6 per character
	keyCreated = 0
	keyID      = keyCreated + keyInt
	keyPrice   = keyID + keyInt
	keyStars   = keyPrice + keyInt
	keyLen     = keyStars + 1
)

// keyDigits are 64 characters in ascending byte order, so that the text
// order of encoded numbers is their numeric order.
const keyDigits = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"

// appendKeyInt appends v in keyInt characters, its sign bit flipped so that
// negative numbers sort first.
func appendKeyInt(b []byte, v int64) []byte {
	u := uint64(v) ^ (1 << 63)
	for shift := 6 * (keyInt - 1); shift >= 0; shift -= 6 {
		b = append(b, keyDigits[(u>>uint(shift))&63])
	}
	return b
}

// sortKey encodes a document's sort values as one keyword term.
func sortKey(v sortVals) string {
	b := make([]byte, 0, keyLen)
	b = appendKeyInt(b, v.created)
	b = appendKeyInt(b, v.id)
	b = appendKeyInt(b, v.price)
	b = append(b, byte('0'+v.stars))
	return string(b)
}

// hit is one matching document as the collector keeps it.
type hit struct {
	doc   uint64 // Bleve's internal document number in the snapshot
	score float64
	key   [keyLen]byte // the fSortKey term, compared without decoding
}

// cmpKey compares the part [from, to) of two sort keys.
func cmpKey(a, b *hit, from, to int) int { return bytes.Compare(a.key[from:to], b.key[from:to]) }

// order is a strict ranking of hits: before(a, b) says a ranks above b.
// Every order ends with the product ID, so it is total.
type order struct {
	before func(a, b *hit) bool
	// score says the order reads the relevance score; keyFirst says the
	// sort key decides before the score does (so every hit needs its key).
	score, keyFirst bool
}

func sortOrder(s string) order {
	// newer: created, then ID, both descending.
	newer := func(a, b *hit) bool { return cmpKey(a, b, keyCreated, keyID+keyInt) > 0 }
	switch s {
	case ocsearch.SortNewest:
		return order{before: newer, keyFirst: true}
	case ocsearch.SortPriceAsc:
		return order{keyFirst: true, before: func(a, b *hit) bool {
			if c := cmpKey(a, b, keyPrice, keyPrice+keyInt); c != 0 {
				return c < 0
			}
			return cmpKey(a, b, keyID, keyID+keyInt) < 0
		}}
	case ocsearch.SortPriceDesc:
		return order{keyFirst: true, before: func(a, b *hit) bool {
			if c := cmpKey(a, b, keyPrice, keyPrice+keyInt); c != 0 {
				return c > 0
			}
			return cmpKey(a, b, keyID, keyID+keyInt) < 0
		}}
	case ocsearch.SortStars:
		return order{score: true, keyFirst: true, before: func(a, b *hit) bool {
			if a.key[keyStars] != b.key[keyStars] {
				return a.key[keyStars] > b.key[keyStars]
			}
			if a.score != b.score {
				return a.score > b.score
			}
			return newer(a, b)
		}}
	default:
		return order{score: true, before: func(a, b *hit) bool {
			if a.score != b.score {
				return a.score > b.score
			}
			return newer(a, b)
		}}
	}
}

// suggestOrder ranks suggestions: best score first, then lowest ID.
func suggestOrder() order {
	return order{score: true, before: func(a, b *hit) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		return cmpKey(a, b, keyID, keyID+keyInt) < 0
	}}
}

// worstFirst is a heap of hits with the lowest-ranked on top, so that the
// collector can drop it when a better hit arrives.
type worstFirst struct {
	hits   []hit
	before func(a, b *hit) bool
}

func (h *worstFirst) Len() int           { return len(h.hits) }
func (h *worstFirst) Less(i, j int) bool { return h.before(&h.hits[j], &h.hits[i]) }
func (h *worstFirst) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *worstFirst) Push(x any)         { h.hits = append(h.hits, x.(hit)) }
func (h *worstFirst) Pop() any {
	last := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return last
}

// facetCounter counts facet values over every hit, by facetDict id.
type facetCounter struct {
	today  string // yyyymmdd
	counts []int32
}

func newFacetCounter(today int) *facetCounter {
	return &facetCounter{today: strconv.Itoa(today)}
}

// grow makes room for the first n ids of the dictionary.
func (f *facetCounter) grow(n int) {
	if n > len(f.counts) {
		f.counts = append(f.counts, make([]int32, n-len(f.counts))...)
	}
}

// add counts one hit's facet term ids.
func (f *facetCounter) add(ids []uint32) {
	for _, id := range ids {
		f.counts[id]++
	}
}

// result returns the counts in the search package's shape, each term facet
// cut to its facetSize most frequent values as Bleve's term facets were.
func (f *facetCounter) result(terms []facetTerm) ocsearch.Facets {
	out := ocsearch.NewFacets()
	byKind := map[facetKind]map[string]int{
		kindProvince: {}, kindCategory: {}, kindCoop: {}, kindCert: {},
	}
	for id, n := range f.counts {
		if n == 0 {
			continue
		}
		t := terms[id]
		switch t.kind {
		case kindNone:
		case kindStars:
			// Stars count only while unexpired.
			if t.value >= "3" && t.value <= "5" && t.until >= f.today {
				out.Stars[t.value] += int(n)
			}
		default:
			byKind[t.kind][t.value] += int(n)
		}
	}
	topN(out.Province, byKind[kindProvince])
	topN(out.Category, byKind[kindCategory])
	topN(out.Cooperative, byKind[kindCoop])
	topN(out.Certification, byKind[kindCert])
	return out
}

// topN copies the facetSize most frequent values of src into dst, ties
// broken by value, as Bleve's terms facet does.
func topN(dst map[string]int, src map[string]int) {
	if len(src) <= facetSize {
		for v, n := range src {
			dst[v] = n
		}
		return
	}
	type vc struct {
		v string
		n int
	}
	all := make([]vc, 0, len(src))
	for v, n := range src {
		all = append(all, vc{v, n})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].n != all[j].n {
			return all[i].n > all[j].n
		}
		return all[i].v < all[j].v
	})
	for _, e := range all[:facetSize] {
		dst[e.v] = e.n
	}
}

// collector gathers the top hits of a searcher in a given order, the total
// and, when asked, the facets.
type collector struct {
	order  order
	keep   int // offset + page size
	facets *facetCounter
	// filter, when set, is the filters read from the columns; terms is the
	// facet dictionary it reads them with. A hit it refuses is not counted.
	filter *columnFilter
	terms  []facetTerm

	total int
	top   worstFirst
}

// checkDoneEvery is how many hits pass between checks of the context.
const checkDoneEvery = 1024

// start empties the kept hits.
func (c *collector) start() {
	c.top = worstFirst{hits: make([]hit, 0, min(c.keep, 1024)), before: c.order.before}
}

// take counts the hit doc, with its score, and keeps it when it ranks; at
// is the span of the previous hit (see locate).
func (c *collector) take(spans []span, at *int, doc uint64, score float64) error {
	sp, local, ok := locate(spans, at, doc)
	if !ok {
		return fmt.Errorf("document %d is in no segment of the snapshot", doc)
	}
	if c.filter != nil && !c.filter.admits(c.terms, sp.cols, local) {
		return nil
	}
	c.total++
	if c.facets != nil {
		c.facets.add(sp.cols.facetsOf(local))
	}
	if c.keep == 0 {
		return nil
	}
	// Relevance order: a hit scoring below the worst kept one cannot
	// enter, whatever its key; only ties and better hits need it.
	if c.top.Len() >= c.keep && !c.order.keyFirst && score < c.top.hits[0].score {
		return nil
	}
	cur := hit{doc: doc, score: score, key: sp.cols.keys[local]}
	if cur.key[0] == 0 {
		return fmt.Errorf("document %d has no sort key", doc)
	}
	c.offer(cur)
	return nil
}

// offer keeps cur when it ranks among the best c.keep hits so far.
func (c *collector) offer(cur hit) {
	switch {
	case c.keep == 0:
	case c.top.Len() < c.keep:
		c.top.hits = append(c.top.hits, cur)
		heap.Fix(&c.top, len(c.top.hits)-1)
	case c.order.before(&cur, &c.top.hits[0]):
		c.top.hits[0] = cur
		heap.Fix(&c.top, 0)
	}
}

// part returns an empty collector of the same order, page and facets, for
// one part of a search.
func (c *collector) part() *collector {
	p := &collector{order: c.order, keep: c.keep, filter: c.filter, terms: c.terms}
	if c.facets != nil {
		p.facets = &facetCounter{today: c.facets.today, counts: make([]int32, len(c.facets.counts))}
	}
	return p
}

// merge adds what the part p collected to c.
func (c *collector) merge(p *collector) {
	c.total += p.total
	if c.facets != nil {
		for id, n := range p.facets.counts {
			c.facets.counts[id] += n
		}
	}
	for _, h := range p.top.hits {
		c.offer(h)
	}
}

// page returns the kept hits after the first offset, best first.
func (c *collector) page(offset int) []hit {
	out := make([]hit, c.top.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&c.top).(hit)
	}
	if offset >= len(out) {
		return nil
	}
	return out[offset:]
}
