package bleve

import (
	"bytes"
	"container/heap"
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	ocsearch "github.com/ocopmarket/ocopmarket/internal/search"
)

// Bleve's own TopNCollector visits the doc values of every sort and facet
// field for every hit, and numeric fields keep all their shifted terms in
// doc values (16 per value), so a listing of the whole catalog spent nearly
// all its time there. The collector below reads two compact keyword fields
// instead: fFacet (every facet value of a product, prefixed, in one doc-value
// visit) and fSortKey (one fixed-width term holding every sort value). It
// counts facets in Go, keeps the top hits in a bounded heap, and skips the
// facet field when the facets are cached and the sort key when only
// relevance decides.

// Prefixes of the fFacet terms.
const (
	pfxProvince = "p:"
	pfxCategory = "c:"
	pfxGroup    = "g:"
	pfxCoop     = "co:"
	pfxCert     = "ce:"
	pfxStars    = "s:" // s:<stars>:<yyyymmdd of expiry>
	termInStock = "in"
)

// sortVals are the sort values of one document, decoded from its fSortKey
// term.
type sortVals struct {
	created, price, id int64
	stars              int
}

// Layout of an fSortKey term: created ms, price and ID as 16 hex digits
// each (sign bit flipped so that the text order is the numeric order), then
// the stars as one digit.
const (
	keyCreated = 0
	keyPrice   = 16
	keyID      = 32
	keyStars   = 48
	keyLen     = 49
)

func appendKeyInt(b []byte, v int64) []byte {
	const hexDigits = "0123456789abcdef"
	u := uint64(v) ^ (1 << 63)
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, hexDigits[(u>>uint(shift))&0xf])
	}
	return b
}

// sortKey encodes a document's sort values as one keyword term.
func sortKey(v sortVals) string {
	b := make([]byte, 0, keyLen)
	b = appendKeyInt(b, v.created)
	b = appendKeyInt(b, v.price)
	b = appendKeyInt(b, v.id)
	b = append(b, byte('0'+v.stars))
	return string(b)
}

func parseKeyInt(b []byte) (int64, bool) {
	var u uint64
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			u = u<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			u = u<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return int64(u ^ (1 << 63)), true
}

// parseSortKey decodes an fSortKey term.
func parseSortKey(b []byte) (sortVals, bool) {
	if len(b) != keyLen {
		return sortVals{}, false
	}
	var v sortVals
	var ok1, ok2, ok3 bool
	v.created, ok1 = parseKeyInt(b[keyCreated:keyPrice])
	v.price, ok2 = parseKeyInt(b[keyPrice:keyID])
	v.id, ok3 = parseKeyInt(b[keyID:keyStars])
	v.stars = int(b[keyStars] - '0')
	return v, ok1 && ok2 && ok3 && v.stars >= 0 && v.stars <= 9
}

// hit is one matching document as the collector keeps it.
type hit struct {
	doc   uint64 // Bleve's internal document number in the snapshot
	score float64
	key   sortVals
}

// order is a strict ranking of hits: before(a, b) says a ranks above b.
// Every order ends with the product ID, so it is total.
type order struct {
	before func(a, b *hit) bool
	// score says the order reads the relevance score; keyFirst says the
	// sort key decides before the score does (so every hit needs its key).
	score, keyFirst bool
}

func sortOrder(s string) order {
	newer := func(a, b *hit) bool {
		if a.key.created != b.key.created {
			return a.key.created > b.key.created
		}
		return a.key.id > b.key.id
	}
	switch s {
	case ocsearch.SortNewest:
		return order{before: newer, keyFirst: true}
	case ocsearch.SortPriceAsc:
		return order{keyFirst: true, before: func(a, b *hit) bool {
			if a.key.price != b.key.price {
				return a.key.price < b.key.price
			}
			return a.key.id < b.key.id
		}}
	case ocsearch.SortPriceDesc:
		return order{keyFirst: true, before: func(a, b *hit) bool {
			if a.key.price != b.key.price {
				return a.key.price > b.key.price
			}
			return a.key.id < b.key.id
		}}
	case ocsearch.SortStars:
		return order{score: true, keyFirst: true, before: func(a, b *hit) bool {
			if a.key.stars != b.key.stars {
				return a.key.stars > b.key.stars
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
		return a.key.id < b.key.id
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

// facetCounter counts facet values over every hit. Counters are pointers
// so that counting a value seen before allocates nothing.
type facetCounter struct {
	today                                   []byte // yyyymmdd
	stars                                   [10]int
	province, category, coop, certification map[string]*int
}

func newFacetCounter(today int) *facetCounter {
	return &facetCounter{
		today:         []byte(strconv.Itoa(today)),
		province:      map[string]*int{},
		category:      map[string]*int{},
		coop:          map[string]*int{},
		certification: map[string]*int{},
	}
}

func count(m map[string]*int, v []byte) {
	if n := m[string(v)]; n != nil {
		*n++
		return
	}
	n := 1
	m[string(v)] = &n
}

// visit counts one fFacet term of a hit.
func (f *facetCounter) visit(_ string, t []byte) {
	if len(t) < 2 {
		return
	}
	switch t[0] {
	case 'p':
		if t[1] == ':' {
			count(f.province, t[2:])
		}
	case 'c':
		switch {
		case t[1] == ':':
			count(f.category, t[2:])
		case t[1] == 'e' && len(t) > 2 && t[2] == ':':
			count(f.certification, t[3:])
		case t[1] == 'o' && len(t) > 2 && t[2] == ':':
			count(f.coop, t[3:])
		}
	case 's':
		// s:<stars>:<yyyymmdd>: stars count only while unexpired.
		if len(t) == 12 && t[1] == ':' && t[3] == ':' && t[2] >= '0' && t[2] <= '9' &&
			bytes.Compare(t[4:], f.today) >= 0 {
			f.stars[t[2]-'0']++
		}
	}
}

// result returns the counts in the search package's shape, each term facet
// cut to its facetSize most frequent values as Bleve's term facets were.
func (f *facetCounter) result() ocsearch.Facets {
	out := ocsearch.NewFacets()
	for s := 3; s <= 5; s++ {
		if f.stars[s] > 0 {
			out.Stars[strconv.Itoa(s)] = f.stars[s]
		}
	}
	topN(out.Province, f.province)
	topN(out.Category, f.category)
	topN(out.Cooperative, f.coop)
	topN(out.Certification, f.certification)
	return out
}

// topN copies the facetSize most frequent values of src into dst, ties
// broken by value, as Bleve's terms facet does.
func topN(dst map[string]int, src map[string]*int) {
	if len(src) <= facetSize {
		for v, n := range src {
			dst[v] = *n
		}
		return
	}
	type vc struct {
		v string
		n int
	}
	all := make([]vc, 0, len(src))
	for v, n := range src {
		all = append(all, vc{v, *n})
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

	total int
	top   worstFirst
}

// checkDoneEvery is how many hits pass between checks of the context.
const checkDoneEvery = 1024

// collect runs the searcher to the end.
func (c *collector) collect(ctx context.Context, r index.IndexReader, s search.Searcher) error {
	c.top = worstFirst{hits: make([]hit, 0, min(c.keep, 1024)), before: c.order.before}
	var facetDV, keyDV index.DocValueReader
	var err error
	if c.facets != nil {
		if facetDV, err = r.DocValueReader([]string{fFacet}); err != nil {
			return fmt.Errorf("facet doc values: %w", err)
		}
	}
	if keyDV, err = r.DocValueReader([]string{fSortKey}); err != nil {
		return fmt.Errorf("sort doc values: %w", err)
	}
	var cur hit
	var keyOK bool
	keyVisit := func(_ string, t []byte) { cur.key, keyOK = parseSortKey(t) }
	loadKey := func(id index.IndexInternalID) error {
		keyOK = false
		if err := keyDV.VisitDocValues(id, keyVisit); err != nil {
			return fmt.Errorf("sort doc values: %w", err)
		}
		if !keyOK {
			return fmt.Errorf("document %d has no sort key", id.Value())
		}
		return nil
	}

	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       r,
	}
	for {
		if c.total%checkDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			break
		}
		c.total++
		if c.facets != nil {
			if err := facetDV.VisitDocValues(dm.IndexInternalID, c.facets.visit); err != nil {
				return fmt.Errorf("facet doc values: %w", err)
			}
		}
		if c.keep > 0 {
			cur = hit{doc: dm.IndexInternalID.Value(), score: dm.Score}
			full := c.top.Len() >= c.keep
			// Relevance order: a hit scoring below the worst kept one cannot
			// enter, whatever its key; only ties and better hits need it.
			if full && !c.order.keyFirst && cur.score < c.top.hits[0].score {
				sctx.DocumentMatchPool.Put(dm)
				continue
			}
			if err := loadKey(dm.IndexInternalID); err != nil {
				return err
			}
			switch {
			case !full:
				heap.Push(&c.top, cur)
			case c.order.before(&cur, &c.top.hits[0]):
				c.top.hits[0] = cur
				heap.Fix(&c.top, 0)
			}
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	return nil
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
