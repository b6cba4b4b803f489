package shelf

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/searchtest"
)

// randomDocs makes n documents over few slugs, prices and days, so that
// filters overlap and every order has ties to break.
func randomDocs(r *rand.Rand, n int, firstID int64) []search.Document {
	provinces := []string{"son-la", "dak-lak", "lam-dong", "ha-noi"}
	leaves := [][2]string{{"ca-phe", "do-uong"}, {"tra", "do-uong"}, {"mat-ong", "thuc-pham"}, {"gao", "thuc-pham"}, {"non-la", "thu-cong"}}
	certs := []string{"vietgap", "globalgap", "organic", "haccp"}
	docs := make([]search.Document, n)
	for i := range docs {
		leaf := leaves[r.IntN(len(leaves))]
		d := search.Document{
			ID: firstID + int64(i), ProvinceSlug: provinces[r.IntN(len(provinces))],
			CategorySlug: leaf[0], GroupSlug: leaf[1], CooperativeSlug: fmt.Sprintf("htx-%d", r.IntN(12)),
			PriceVND: int64(r.IntN(20)) * 10000, InStock: r.IntN(4) > 0, Published: r.IntN(10) > 0,
			CreatedAt: time.Date(2026, 1, 1+r.IntN(30), 0, 0, 0, 0, time.UTC),
		}
		if s := r.IntN(6); s >= 3 {
			d.Stars = s
			d.StarsExpiresOn = time.Date(2026, 2, 25+r.IntN(10), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		}
		for _, c := range certs {
			if r.IntN(4) == 0 {
				d.Certifications = append(d.Certifications, c)
			}
		}
		docs[i] = d
	}
	return docs
}

// randomQuery picks filters that hit, miss and overlap.
func randomQuery(r *rand.Rand) search.Query {
	pick := func(from ...string) []string {
		var out []string
		for _, s := range from {
			if r.IntN(5) == 0 {
				out = append(out, s)
			}
		}
		return out
	}
	q := search.Query{
		Today:          searchtest.Today,
		Provinces:      pick("son-la", "dak-lak", "lam-dong", "ha-noi", "hue"),
		Categories:     pick("ca-phe", "tra", "do-uong", "thuc-pham", "gao", "non-la", "khong-co"),
		Cooperatives:   pick("htx-1", "htx-2", "htx-3", "htx-11", "htx-99"),
		Certifications: pick("vietgap", "organic", "haccp", "iso"),
		Sort:           []string{"", search.SortNewest, search.SortPriceAsc, search.SortPriceDesc, search.SortStars}[r.IntN(5)],
		Page:           1 + r.IntN(3),
		PerPage:        []int{0, 5, 24}[r.IntN(3)],
		InStockOnly:    r.IntN(4) == 0,
	}
	if r.IntN(3) == 0 {
		q.MinStars = 3 + r.IntN(3)
	}
	if r.IntN(4) == 0 {
		q.MinPrice = int64(r.IntN(10)) * 10000
	}
	if r.IntN(4) == 0 {
		q.MaxPrice = q.MinPrice + int64(r.IntN(10))*10000
	}
	return q
}

// fill loads docs into a shelf as Load does, without a database.
func fill(docs []search.Document) *Shelf {
	s := &Shelf{log: slog.New(slog.DiscardHandler), dicts: newDicts()}
	var items []item
	for _, d := range docs {
		items = append(items, s.dicts.item(d))
	}
	s.snap.Store(build(items, s.dicts.view(), 20260301))
	return s
}

// change takes changed in, as apply does.
func (s *Shelf) change(changed []item) {
	cur := s.snap.Load()
	s.snap.Store(cur.with(changed, s.dicts.view(), cur.day))
}

// check compares the shelf's answers with searchtest's reference.
func check(t *testing.T, s *Shelf, docs []search.Document, r *rand.Rand, queries int) {
	t.Helper()
	for range queries {
		q, err := randomQuery(r).Normalize()
		if err != nil {
			t.Fatal(err)
		}
		ids, total, facets := searchtest.Expect(docs, q)
		for _, pass := range []string{"first", "counted"} { // the second pass reads the kept counts
			res, ok := s.Search(q)
			if !ok {
				t.Fatal("shelf not ready")
			}
			var got []int64
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if !reflect.DeepEqual(got, ids) || res.Total != total {
				t.Fatalf("%s %+v:\n got %v (total %d)\nwant %v (total %d)", pass, q, got, res.Total, ids, total)
			}
			if !reflect.DeepEqual(res.Facets, facets) {
				t.Fatalf("%s %+v: facets\n got %v\nwant %v", pass, q, res.Facets, facets)
			}
		}
	}
}

func TestSearchMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	docs := append(searchtest.Fixture(), randomDocs(r, 600, 100)...)
	check(t, fill(docs), docs, r, 400)
}

func TestChangesKeepOrdersAndFacets(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	docs := randomDocs(r, 400, 1)
	s := fill(docs)
	next := int64(len(docs) + 1)
	for round := range 60 {
		// Change a few products (price, stock, stars, hidden, shown),
		// delete some and add some, as the feed would report them.
		changes := map[int64]search.Document{} // by id, as the feed's reader dedups them
		fresh := randomDocs(r, 1+r.IntN(8), 0)
		for _, d := range fresh {
			if r.IntN(3) == 0 {
				d.ID = next
				next++
				docs = append(docs, d)
			} else {
				i := r.IntN(len(docs))
				d.ID = docs[i].ID
				docs[i] = d
			}
			changes[d.ID] = d
		}
		if round%5 == 0 {
			i := r.IntN(len(docs))
			changes[docs[i].ID] = search.Document{ID: docs[i].ID} // deleted
			docs = append(docs[:i], docs[i+1:]...)
		}
		var changed []item
		for _, d := range changes {
			changed = append(changed, s.dicts.item(d))
		}
		s.change(changed)
		check(t, s, docs, r, 20)
	}
}

func TestFeedGaps(t *testing.T) {
	now := time.Now()
	f := feed{high: 10, gaps: map[int64]time.Time{}}
	for _, seq := range []int64{11, 14} {
		if !f.note(seq, now) {
			t.Fatalf("note %d refused", seq)
		}
	}
	if got := f.waiting(now); !reflect.DeepEqual(got, []int64{12, 13}) {
		t.Fatalf("waiting for %v, want [12 13]", got)
	}
	f.note(13, now)
	if got := f.waiting(now.Add(gapPatience / 2)); !reflect.DeepEqual(got, []int64{12}) {
		t.Fatalf("waiting for %v after 13 came, want [12]", got)
	}
	if got := f.waiting(now.Add(2 * gapPatience)); len(got) != 0 || len(f.gaps) != 0 {
		t.Fatalf("still waiting for %v after %v", got, 2*gapPatience)
	}
	if f.note(14+maxGaps+2, now) {
		t.Fatal("a jump past maxGaps was taken in")
	}
}

// BenchmarkSearch is one listing over 100,000 products, with the query
// mix of the tests.
func BenchmarkSearch(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	s := fill(randomDocs(r, 100_000, 1))
	queries := make([]search.Query, 256)
	for i := range queries {
		queries[i], _ = randomQuery(r).Normalize()
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		s.Search(queries[i%len(queries)])
	}
}

// TestMemoStaysWithinItsBytes keeps far more tallies than fit: the memo
// starts again rather than grow past memoBytes, and keeps the last one.
func TestMemoStaysWithinItsBytes(t *testing.T) {
	var m memo
	wide := &tally{total: 1, coops: make([]slot, 4000)}
	for i := range 3 * memoBytes / wide.size() {
		key := fmt.Sprint("filter-", i)
		m.put(key, wide)
		if m.bytes > memoBytes {
			t.Fatalf("after %d tallies the memo holds %d bytes, more than %d", i+1, m.bytes, memoBytes)
		}
		if got, ok := m.get(key); !ok || got != wide {
			t.Fatalf("the tally just kept, %q, is not there", key)
		}
	}
}
