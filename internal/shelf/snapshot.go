package shelf

import (
	"slices"

	"github.com/ocopmarket/ocopmarket/internal/search"
)

// item is what the shelf keeps of one product: only the fields listings
// filter, count and sort on, as small numbers, so that 100,000 products fit
// in a few megabytes and a listing scans them in a millisecond.
type item struct {
	id       int64
	price    int64
	created  int64  // unix nanoseconds
	certs    uint64 // bit i: the certification names[i] of dict certs
	coop     int32  // index in dicts.coops
	province uint16 // index in dicts.provinces
	category uint16 // index in dicts.categories, the leaf
	group    uint16 // index in dicts.categories, the OCOP product group
	expires  int32  // stars' last valid day as yyyymmdd, 0 without stars
	stars    uint8
	inStock  bool
	visible  bool // false: hidden or deleted since the last compaction
}

// starsOn are the item's stars on day today (yyyymmdd): 0 once they lapsed.
func (it *item) starsOn(today int32) int {
	if it.stars == 0 || it.expires < today {
		return 0
	}
	return int(it.stars)
}

// Orders of the listings, one pre-sorted index each.
const (
	byNewest = iota
	byPriceAsc
	byPriceDesc
	byStars
	orderCount
)

// orderOf maps a normalized sort to its pre-sorted order.
func orderOf(sort string) int {
	switch sort {
	case search.SortPriceAsc:
		return byPriceAsc
	case search.SortPriceDesc:
		return byPriceDesc
	case search.SortStars:
		return byStars
	}
	return byNewest
}

// before reports whether a lists before b in order o, ties broken as the
// search backends break them (searchtest's reference).
func before(a, b *item, o int) bool {
	switch o {
	case byPriceAsc:
		if a.price != b.price {
			return a.price < b.price
		}
		return a.id < b.id
	case byPriceDesc:
		if a.price != b.price {
			return a.price > b.price
		}
		return a.id < b.id
	case byStars:
		if a.stars != b.stars {
			return a.stars > b.stars
		}
	}
	if a.created != b.created {
		return a.created > b.created
	}
	return a.id > b.id
}

// dict numbers the slugs of one field. Readers of a snapshot only read the
// names below the length their snapshot holds, so the watcher appends in
// place.
type dict struct {
	names []string
	ids   map[string]int
}

func newDict() *dict { return &dict{ids: map[string]int{}} }

// id returns the number of name, adding it when new.
func (d *dict) id(name string) int {
	if n, ok := d.ids[name]; ok {
		return n
	}
	d.names = append(d.names, name)
	d.ids[name] = len(d.names) - 1
	return len(d.names) - 1
}

// dicts are the dictionaries of a shelf; only the watcher writes them.
type dicts struct {
	provinces, categories, coops, certs *dict
}

func newDicts() *dicts {
	return &dicts{provinces: newDict(), categories: newDict(), coops: newDict(), certs: newDict()}
}

// names is a snapshot's view of the dictionaries, frozen at its length.
type names struct {
	provinces, categories, coops, certs []string
}

func (d *dicts) view() names {
	return names{provinces: d.provinces.names, categories: d.categories.names, coops: d.coops.names, certs: d.certs.names}
}

// maxCerts is how many certification kinds the bitmask holds; the domain
// has four.
const maxCerts = 64

// item builds the item of a published document.
func (d *dicts) item(doc search.Document) item {
	it := item{
		id: doc.ID, price: doc.PriceVND, created: doc.CreatedAt.UnixNano(), inStock: doc.InStock, visible: doc.Published,
		coop:     int32(d.coops.id(doc.CooperativeSlug)),
		province: uint16(d.provinces.id(doc.ProvinceSlug)),
		category: uint16(d.categories.id(doc.CategorySlug)),
		group:    uint16(d.categories.id(doc.GroupSlug)),
	}
	if doc.Stars > 0 {
		if exp, err := search.DateNumber(doc.StarsExpiresOn); err == nil {
			it.stars, it.expires = uint8(doc.Stars), int32(exp)
		}
	}
	for _, c := range doc.Certifications {
		if n := d.certs.id(c); n < maxCerts {
			it.certs |= 1 << n
		}
	}
	return it
}

// snapshot is one immutable state of the shelf: readers use it without
// locks while the watcher builds the next one. The visible items are kept
// once; each order is a sorted list of their positions, four bytes an item,
// so that 100,000 products take about 7 MB rather than a copy per order.
type snapshot struct {
	items []item
	lists [orderCount][]int32
	names names
	day   int32
	memo  memo
}

// build makes a snapshot of the visible items, sorting each order.
func build(items []item, n names, day int32) *snapshot {
	s := &snapshot{names: n, day: day}
	for _, it := range items {
		if it.visible {
			s.items = append(s.items, it)
		}
	}
	all := make([]int32, len(s.items))
	for i := range all {
		all[i] = int32(i)
	}
	for o := range orderCount {
		s.lists[o] = slices.Clone(all)
		s.sortOrder(s.lists[o], o)
	}
	return s
}

// sortOrder sorts positions of s.items in order o.
func (s *snapshot) sortOrder(pos []int32, o int) {
	slices.SortFunc(pos, func(a, b int32) int {
		switch {
		case before(&s.items[a], &s.items[b], o):
			return -1
		case before(&s.items[b], &s.items[a], o):
			return 1
		}
		return 0
	})
}

// with returns the next snapshot: changed replace the items of their
// products, the hidden ones leaving the shelf. Each order is merged, not
// re-sorted: the unchanged items keep their order and the few changed ones
// are sorted and merged in.
func (s *snapshot) with(changed []item, n names, day int32) *snapshot {
	gone := newIDSet(changed)
	next := &snapshot{names: n, day: day, items: make([]item, 0, len(s.items)+len(changed))}
	moved := make([]int32, len(s.items)) // old position → new, -1 for gone
	for i := range s.items {
		if gone.has(s.items[i].id) {
			moved[i] = -1
			continue
		}
		moved[i] = int32(len(next.items))
		next.items = append(next.items, s.items[i])
	}
	var fresh []int32
	for _, it := range changed {
		if it.visible {
			fresh = append(fresh, int32(len(next.items)))
			next.items = append(next.items, it)
		}
	}
	for o := range orderCount {
		next.sortOrder(fresh, o)
		next.lists[o] = next.merge(s.lists[o], moved, fresh, o)
	}
	return next
}

// merge merges the sorted fresh positions into the old order, whose
// positions moved gives anew (dropping the gone ones).
func (s *snapshot) merge(old, moved, fresh []int32, o int) []int32 {
	out := make([]int32, 0, len(s.items))
	j := 0
	for _, p := range old {
		np := moved[p]
		if np < 0 {
			continue
		}
		for j < len(fresh) && before(&s.items[fresh[j]], &s.items[np], o) {
			out = append(out, fresh[j])
			j++
		}
		out = append(out, np)
	}
	return append(out, fresh[j:]...)
}

// idSet is a set of product ids: a bitmap, as ids are dense, or a map
// for one far out.
type idSet struct {
	bits []uint64
	far  map[int64]bool
}

// denseIDs is the highest id the bitmap holds (2 MB of bits).
const denseIDs = 1 << 24

func newIDSet(items []item) idSet {
	var set idSet
	for _, it := range items {
		if it.id < 0 || it.id >= denseIDs {
			if set.far == nil {
				set.far = map[int64]bool{}
			}
			set.far[it.id] = true
			continue
		}
		w := int(it.id >> 6)
		if w >= len(set.bits) {
			set.bits = slices.Grow(set.bits, w+1-len(set.bits))[:w+1]
		}
		set.bits[w] |= 1 << (it.id & 63)
	}
	return set
}

func (s idSet) has(id int64) bool {
	if id < 0 || id >= denseIDs {
		return s.far[id]
	}
	w := int(id >> 6)
	return w < len(s.bits) && s.bits[w]&(1<<(id&63)) != 0
}
