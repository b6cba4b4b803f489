package bleve

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	ocsearch "github.com/ocopmarket/ocopmarket/internal/search"
)

// Reading the facet and sort doc values of every hit through Bleve decoded
// their snappy-compressed chunks again for each search: 40 % of a search's
// CPU at 100,000 products (pprof: snappy.decode alone 26 %). Segments never
// change once written, so each segment's sort keys and facet terms are
// decoded once into columns, kept while the segment is live, and read by
// document number: about 40 bytes a product.

// columns are one segment's sort keys and facet terms by local document
// number.
type columns struct {
	keys    [][keyLen]byte // all zero for a document without a sort key
	facetAt []uint32       // document d's facets are facets[facetAt[d]:facetAt[d+1]]
	facets  []uint32       // ids in the facetDict
}

// facetsOf returns the facet term ids of local document d.
func (c *columns) facetsOf(d uint64) []uint32 { return c.facets[c.facetAt[d]:c.facetAt[d+1]] }

// span is one segment of a snapshot: the global document numbers
// [start, end), their columns, and the segment with its deletions.
type span struct {
	start, end uint64
	cols       *columns
	seg        *scorch.SegmentSnapshot
}

// locate returns the span holding global document doc and its local
// number; at is the span of the previous hit, where the next one usually
// is, since searchers return documents in ascending order.
func locate(spans []span, at *int, doc uint64) (*span, uint64, bool) {
	if *at >= len(spans) || doc < spans[*at].start || doc >= spans[*at].end {
		*at = sort.Search(len(spans), func(i int) bool { return spans[i].end > doc })
		if *at == len(spans) || doc < spans[*at].start {
			return nil, 0, false
		}
	}
	sp := &spans[*at]
	return sp, doc - sp.start, true
}

// columnCache keeps the columns of the segments in use, decoding each once.
type columnCache struct {
	dict *facetDict

	mu    sync.Mutex
	bySeg map[segment.Segment]*columnsEntry
}

// columnsEntry decodes its segment's columns once, for the first search
// that needs them; the others wait for that one.
type columnsEntry struct {
	once sync.Once
	cols *columns
	err  error
}

func newColumnCache() *columnCache {
	return &columnCache{dict: newFacetDict(), bySeg: map[segment.Segment]*columnsEntry{}}
}

// spans returns the segments of the snapshot r in document-number order
// with their columns, and forgets the columns of segments no longer in it.
func (c *columnCache) spans(r index.IndexReader) ([]span, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("columns: reader %T is not a scorch snapshot", r)
	}
	segs := snap.Segments()
	entries := make([]*columnsEntry, len(segs))
	c.mu.Lock()
	for i, s := range segs {
		e := c.bySeg[s.Segment()]
		if e == nil {
			e = &columnsEntry{}
			c.bySeg[s.Segment()] = e
		}
		entries[i] = e
	}
	if len(c.bySeg) > len(segs) {
		live := make(map[segment.Segment]bool, len(segs))
		for _, s := range segs {
			live[s.Segment()] = true
		}
		for seg := range c.bySeg {
			if !live[seg] {
				delete(c.bySeg, seg)
			}
		}
	}
	c.mu.Unlock()

	out := make([]span, len(segs))
	var start uint64
	for i, s := range segs {
		e := entries[i]
		e.once.Do(func() { e.cols, e.err = c.decode(s.Segment()) })
		if e.err != nil {
			return nil, e.err
		}
		// A snapshot numbers documents by the full count of each segment,
		// deleted ones included.
		n := s.Segment().Count()
		out[i] = span{start: start, end: start + n, cols: e.cols, seg: s}
		start += n
	}
	return out, nil
}

// decode reads every document's fSortKey and fFacet doc values of seg in
// order, so that each compressed chunk is decoded once.
func (c *columnCache) decode(seg segment.Segment) (*columns, error) {
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("columns: segment %T has no doc values", seg)
	}
	n := seg.Count()
	cols := &columns{keys: make([][keyLen]byte, n), facetAt: make([]uint32, 1, n+1)}
	fields := []string{fSortKey, fFacet}
	c.dict.mu.Lock()
	defer c.dict.mu.Unlock()
	var doc uint64
	visit := func(field string, t []byte) {
		switch field {
		case fSortKey:
			if len(t) == keyLen {
				copy(cols.keys[doc][:], t)
			}
		case fFacet:
			cols.facets = append(cols.facets, c.dict.idLocked(t))
		}
	}
	var state segment.DocVisitState
	for ; doc < n; doc++ {
		var err error
		if state, err = dv.VisitDocValues(doc, fields, visit, state); err != nil {
			return nil, fmt.Errorf("columns: document %d: %w", doc, err)
		}
		cols.facetAt = append(cols.facetAt, uint32(len(cols.facets)))
	}
	return cols, nil
}

// facetKind says which facet a term of fFacet counts in.
type facetKind uint8

const (
	kindNone facetKind = iota // a term no facet counts
	kindProvince
	kindCategory
	kindCoop
	kindCert
	kindStars
)

// facetTerm is one distinct fFacet term, parsed once.
type facetTerm struct {
	kind  facetKind
	value string // the slug; for stars, the digit
	until string // stars only: yyyymmdd of the expiry
}

// parseFacetTerm splits a term of facetTerms by its prefix.
func parseFacetTerm(t string) facetTerm {
	for _, p := range []struct {
		prefix string
		kind   facetKind
	}{{pfxProvince, kindProvince}, {pfxCategory, kindCategory}, {pfxCoop, kindCoop}, {pfxCert, kindCert}} {
		if len(t) > len(p.prefix) && t[:len(p.prefix)] == p.prefix {
			return facetTerm{kind: p.kind, value: t[len(p.prefix):]}
		}
	}
	// s:<stars>:<yyyymmdd>
	if len(t) == 12 && t[:2] == pfxStars && t[3] == ':' && t[2] >= '0' && t[2] <= '9' {
		if _, err := strconv.Atoi(t[4:]); err == nil {
			return facetTerm{kind: kindStars, value: t[2:3], until: t[4:]}
		}
	}
	return facetTerm{}
}

// facetDict numbers the distinct fFacet terms of every segment; it only
// grows, by the provinces, categories, cooperatives, certifications and
// expiry dates the catalog has held since the start.
type facetDict struct {
	mu    sync.Mutex
	ids   map[string]uint32
	terms []facetTerm
}

func newFacetDict() *facetDict { return &facetDict{ids: map[string]uint32{}} }

// idLocked returns t's id, adding it when new; d.mu must be held.
func (d *facetDict) idLocked(t []byte) uint32 {
	if id, ok := d.ids[string(t)]; ok {
		return id
	}
	id := uint32(len(d.terms))
	d.ids[string(t)] = id
	d.terms = append(d.terms, parseFacetTerm(string(t)))
	return id
}

// snapshot returns the terms known so far; entries are never changed, so
// the slice stays valid while the dictionary grows.
func (d *facetDict) snapshot() []facetTerm {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.terms
}

// columnFilter is a query's stars and price filters, checked against each
// hit's columns: its sort key (price) and facet terms (stars until their
// expiry).
type columnFilter struct {
	// minPrice and maxPrice are the bounds encoded as in the sort key, so
	// that comparing the bytes compares the prices; nil for no bound.
	minPrice, maxPrice []byte
	minStars           string // the digit; "" for no filter
	today              string // yyyymmdd
}

// newColumnFilter returns q's stars and price filters, nil when it has
// none.
func newColumnFilter(q ocsearch.Query, today int) *columnFilter {
	if q.MinStars <= 0 && q.MinPrice <= 0 && q.MaxPrice <= 0 {
		return nil
	}
	f := &columnFilter{today: strconv.Itoa(today)}
	if q.MinStars > 0 {
		f.minStars = strconv.Itoa(q.MinStars)
	}
	if q.MinPrice > 0 {
		f.minPrice = appendKeyInt(nil, q.MinPrice)
	}
	if q.MaxPrice > 0 {
		f.maxPrice = appendKeyInt(nil, q.MaxPrice)
	}
	return f
}

// admits reports whether document local of cols passes f; terms is the
// facet dictionary.
func (f *columnFilter) admits(terms []facetTerm, cols *columns, local uint64) bool {
	price := cols.keys[local][keyPrice : keyPrice+keyInt]
	if f.minPrice != nil && bytes.Compare(price, f.minPrice) < 0 || f.maxPrice != nil && bytes.Compare(price, f.maxPrice) > 0 {
		return false
	}
	if f.minStars == "" {
		return true
	}
	for _, id := range cols.facetsOf(local) {
		if t := terms[id]; t.kind == kindStars && t.value >= f.minStars && t.until >= f.today {
			return true
		}
	}
	return false
}
