package bleve

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/searchtest"
)

func TestQueryTerms(t *testing.T) {
	cases := []struct {
		in   string
		want []queryTerm
	}{
		{"Cà phê", []queryTerm{{"cà", "ca"}, {"phê", "phe"}}},
		{"ĐỒNG Tháp", []queryTerm{{"đồng", "dong"}, {"tháp", "thap"}}},
		{"Ca\u0300 phe\u0302", []queryTerm{{"cà", "ca"}, {"phê", "phe"}}},
		{`" OR 1=1`, []queryTerm{{"or", "or"}, {"1", "1"}, {"1", "1"}}},
		{"bơ, bò & bố!", []queryTerm{{"bơ", "bo"}, {"bò", "bo"}, {"bố", "bo"}}},
		{"", []queryTerm{}},
	}
	for _, c := range cases {
		if got := queryTerms(c.in); !slices.Equal(got, c.want) {
			t.Errorf("queryTerms(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestReopenKeepsDocuments(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	idx := New(dir, searchtest.Texts(searchtest.Fixture()))
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if err := idx.Index(ctx, searchtest.Fixture()...); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Search(ctx, search.Query{}); err == nil {
		t.Error("search on a closed index succeeded")
	}

	again := New(dir, searchtest.Texts(searchtest.Fixture()))
	if err := again.Init(ctx); err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	res, err := again.Search(ctx, search.Query{Text: "dong thap", Today: searchtest.Today})
	if err != nil || res.Total != 2 {
		t.Errorf("after reopen: %d hits, %v", res.Total, err)
	}
}

func TestRebuildSwapsGenerations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	idx := New(dir, searchtest.Texts(searchtest.Fixture()))
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	before := generations(t, dir)

	// A write during the rebuild wins over the rebuild's older copy.
	fresh := searchtest.Fixture()[0]
	fresh.Name = "Cà phê mới 2026"
	err := idx.Rebuild(ctx, func(yield func(search.Document) error) error {
		if err := idx.Index(ctx, fresh); err != nil {
			return err
		}
		for _, d := range searchtest.Fixture() {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after := generations(t, dir)
	if len(after) != 1 || slices.Equal(after, before) {
		t.Errorf("generations before %v, after %v: want one new one", before, after)
	}
	cur, _ := os.ReadFile(filepath.Join(dir, currentFile))
	if strings.TrimSpace(string(cur)) != after[0] {
		t.Errorf("CURRENT %q, folder %v", cur, after)
	}
	res, err := idx.Search(ctx, search.Query{Text: "mới 2026", Today: searchtest.Today})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != fresh.ID {
		t.Errorf("write during rebuild lost: %+v, %v", res.Hits, err)
	}

	// Reopening uses the new generation.
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := idx.Count(ctx); n != 11 {
		t.Errorf("Count after reopen = %d, want 11", n)
	}
}

func generations(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestCorruptCurrentFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, currentFile), []byte("../etc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := New(dir, searchtest.Texts(searchtest.Fixture())).Init(context.Background()); err == nil {
		t.Error("Init accepted a CURRENT file pointing outside the folder")
	}
}

func TestSortKeyOrder(t *testing.T) {
	vals := []int64{math.MinInt64, -1 << 40, -2, -1, 0, 1, 2, 63, 64, 1 << 40, 1745000000000, math.MaxInt64 - 1, math.MaxInt64}
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		vals = append(vals, int64(r.Uint64()))
	}
	key := func(v int64, field int) string {
		k := sortKey(sortVals{created: v, id: v, price: v, stars: 4})
		if len(k) != keyLen {
			t.Fatalf("key %q: length %d, want %d", k, len(k), keyLen)
		}
		return k[field : field+keyInt]
	}
	for _, field := range []int{keyCreated, keyID, keyPrice} {
		for _, a := range vals {
			for _, b := range vals[:20] {
				if got, want := strings.Compare(key(a, field), key(b, field)), cmp.Compare(a, b); got != want {
					t.Fatalf("field at %d: compare(%d, %d) = %d on keys, want %d", field, a, b, got, want)
				}
			}
		}
	}
	if k := sortKey(sortVals{stars: 5}); k[keyStars] != '5' {
		t.Errorf("stars digit %q", k[keyStars])
	}
}

func TestFacetCache(t *testing.T) {
	c := newFacetCache()
	f := search.NewFacets()
	f.Province["son-la"] = 2
	q := search.Query{Text: "ca phe", Provinces: []string{"son-la", "dak-lak"}, Today: searchtest.Today}
	key := facetKey(q)
	c.put(key, 7, f)
	f.Province["son-la"] = 99 // the cache keeps its own copy

	got, ok := c.get(key, 7)
	if !ok || got.Province["son-la"] != 2 {
		t.Fatalf("get = %v, %v; want the stored facets", got, ok)
	}
	got.Province["son-la"] = 50 // and hands out copies
	if again, _ := c.get(key, 7); again.Province["son-la"] != 2 {
		t.Errorf("a caller's change reached the cache: %v", again.Province)
	}
	if _, ok := c.get(key, 8); ok {
		t.Error("facets of an older generation served")
	}
	if _, ok := c.get(key, 7); ok {
		t.Error("a stale entry is dropped once seen")
	}

	// Same hits, same key: order of filter values, sort and page do not
	// matter; anything selecting other hits does.
	same := q
	same.Provinces = []string{"dak-lak", "son-la"}
	same.Sort, same.Page, same.PerPage = search.SortPriceAsc, 3, 10
	if facetKey(same) != key {
		t.Error("sort, page or filter order changed the key")
	}
	for _, other := range []search.Query{
		{Text: "ca phe", Provinces: []string{"son-la"}, Today: searchtest.Today},
		{Text: "ca phe", Provinces: []string{"son-la", "dak-lak"}, Today: "2026-03-02"},
		{Text: "ca phe", Provinces: []string{"son-la", "dak-lak"}, Today: searchtest.Today, MatchAny: true},
		{Text: "ca phe", Provinces: []string{"son-la", "dak-lak"}, Today: searchtest.Today, InStockOnly: true},
		{Text: "ca phe", Categories: []string{"son-la", "dak-lak"}, Today: searchtest.Today},
	} {
		if facetKey(other) == key {
			t.Errorf("%+v shares the key of %+v", other, q)
		}
	}

	for i := range 3 * facetCacheSize {
		c.put(strconv.Itoa(i), 1, f)
	}
	if n := c.ll.Len(); n != facetCacheSize || len(c.byKey) != facetCacheSize {
		t.Errorf("cache holds %d entries (%d keys), want at most %d", n, len(c.byKey), facetCacheSize)
	}
}

func TestFacetsKeepTopValues(t *testing.T) {
	d := newFacetDict()
	fc := newFacetCounter(20260301)
	visit := func(term string) {
		d.mu.Lock()
		id := d.idLocked([]byte(term))
		d.mu.Unlock()
		fc.grow(int(id) + 1)
		fc.add([]uint32{id})
	}
	for i := range facetSize + 20 {
		for range 1 + i%7 {
			visit(pfxCoop + "htx-" + strconv.Itoa(i))
		}
	}
	visit("s:5:20260301")
	visit("s:4:20260228") // expired the day before
	visit("s:9:20270101") // no such stars
	visit("x:unknown")
	got := fc.result(d.snapshot())
	if len(got.Cooperative) != facetSize {
		t.Fatalf("%d cooperatives, want the top %d", len(got.Cooperative), facetSize)
	}
	for v, n := range got.Cooperative {
		if n < 2 {
			t.Errorf("%s counted %d kept before more frequent ones", v, n)
		}
	}
	if !maps.Equal(got.Stars, map[string]int{"5": 1}) {
		t.Errorf("stars %v, want only the unexpired 5", got.Stars)
	}
}

func TestOutdatedGenerationIsReplaced(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	idx := New(dir, searchtest.Texts(searchtest.Fixture()))
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if err := idx.Index(ctx, searchtest.Fixture()...); err != nil {
		t.Fatal(err)
	}
	// A generation written before the schema was recorded.
	if err := idx.idx.DeleteInternal([]byte(schemaKey)); err != nil {
		t.Fatal(err)
	}
	old := idx.gen
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if n, err := idx.Count(ctx); err != nil || n != 0 {
		t.Errorf("Count = %d, %v: want an empty index for the app to rebuild", n, err)
	}
	if gens := generations(t, dir); len(gens) != 1 || gens[0] == old {
		t.Errorf("generations %v: want one new one instead of %s", gens, old)
	}
}

func TestLocateFindsTheSegment(t *testing.T) {
	spans := []span{{start: 0, end: 3}, {start: 3, end: 3}, {start: 3, end: 10}}
	at := 0
	for _, c := range []struct {
		doc      uint64
		span     int
		local    uint64
		inspan   bool
		startsAt int
	}{
		{0, 0, 0, true, 0}, {2, 0, 2, true, 0}, {3, 2, 0, true, 0}, {9, 2, 6, true, 2}, {1, 0, 1, true, 2}, {10, 0, 0, false, 0},
	} {
		at = c.startsAt
		sp, local, ok := locate(spans, &at, c.doc)
		if ok != c.inspan || (ok && (sp != &spans[c.span] || local != c.local)) {
			t.Errorf("locate(%d) = span %d, local %d, %v", c.doc, at, local, ok)
		}
	}
}

// The columns of a segment are decoded once and forgotten once a merge or
// a rebuild has replaced it, and searches keep reading the right keys and
// facets across new segments.
func TestColumnsFollowTheSegments(t *testing.T) {
	ctx := context.Background()
	idx := New(t.TempDir(), searchtest.Texts(searchtest.Fixture()))
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	docs := searchtest.Fixture()
	for i := range docs { // one batch, so one segment, per document
		if err := idx.Index(ctx, docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	res, err := idx.Search(ctx, search.Query{Today: searchtest.Today, Sort: search.SortPriceAsc, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, d := range docs {
		if d.Published {
			want++
		}
	}
	if res.Total != want || len(res.Hits) != want {
		t.Fatalf("%d hits of %d, want %d", len(res.Hits), res.Total, want)
	}
	byID := map[int64]search.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for i := 1; i < len(res.Hits); i++ {
		if byID[res.Hits[i-1].ID].PriceVND > byID[res.Hits[i].ID].PriceVND {
			t.Errorf("hit %d costs more than hit %d", i-1, i)
		}
	}
	provinces := 0
	for _, n := range res.Facets.Province {
		provinces += n
	}
	if provinces != want {
		t.Errorf("province facet counts %d products, want %d", provinces, want)
	}
	if err := idx.Rebuild(ctx, searchtest.Source(docs)); err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Search(ctx, search.Query{Today: searchtest.Today, Sort: search.SortNewest}); err != nil {
		t.Fatal(err)
	}
	idx.cols.mu.Lock()
	kept := len(idx.cols.bySeg)
	idx.cols.mu.Unlock()
	if kept > 2 {
		t.Errorf("%d segments' columns kept after a rebuild into one or two", kept)
	}
}

func TestSplitDocs(t *testing.T) {
	const open = math.MaxUint64
	for _, c := range []struct {
		n              uint64
		parts, minDocs int
		want           []docRange
	}{
		{0, 2, 10, []docRange{{0, open}}},
		{19, 2, 10, []docRange{{0, open}}},
		{20, 2, 10, []docRange{{0, 10}, {10, open}}},
		{100, 3, 10, []docRange{{0, 33}, {33, 66}, {66, open}}},
		{100, 1, 10, []docRange{{0, open}}},
		{5, 8, 1, []docRange{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, open}}},
	} {
		if got := splitDocs(c.n, c.parts, c.minDocs); !slices.Equal(got, c.want) {
			t.Errorf("splitDocs(%d, %d, %d) = %v, want %v", c.n, c.parts, c.minDocs, got, c.want)
		}
	}
}

// A long description is cut around its marks, between words, with "…"
// where it was cut; a name is marked whole.
func TestMarkCutsLongText(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(FoldAnalyzer)
	long := strings.Repeat("Hạt điều rang muối thơm giòn. ", 12) + "Đóng gói tại Bình Phước <đặc sản> & quà biếu. " + strings.Repeat("Bảo quản nơi khô ráo. ", 12)
	got, ok := mark(a, long, map[string]bool{"dac": true, "san": true}, false)
	if !ok || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Fatalf("mark = %q, %v: want a fragment cut on both sides", got, ok)
	}
	if !strings.Contains(got, "&lt;<mark>đặc</mark> <mark>sản</mark>&gt; &amp;") || len(got) > fragmentSize+100 {
		t.Errorf("mark = %q: want the escaped marks within about %d bytes", got, fragmentSize)
	}
	if cut := strings.TrimSuffix(strings.TrimPrefix(got, "…"), "…"); strings.HasPrefix(cut, " ") || !utf8.ValidString(cut) {
		t.Errorf("mark = %q: want a cut at a word's start, on rune boundaries", got)
	}
	name, ok := mark(a, "Hạt điều rang muối Bình Phước", map[string]bool{"dieu": true}, true)
	if !ok || name != "Hạt <mark>điều</mark> rang muối Bình Phước" {
		t.Errorf("name = %q, %v", name, ok)
	}
	if _, ok := mark(a, long, map[string]bool{"tra": true}, false); ok {
		t.Error("a text without the terms is marked")
	}
}

// Highlights and suggestions are cut from the catalog's texts as they are
// when asked, not as they were indexed; a catalog that cannot answer fails
// the search that needs it, and only that one.
func TestTextsComeFromTheCatalog(t *testing.T) {
	ctx := context.Background()
	docs := searchtest.Fixture()
	var broken bool
	current := map[int64]search.Text{}
	for _, d := range docs {
		current[d.ID] = search.Text{ID: d.ID, Name: d.Name, Description: d.Description}
	}
	idx := New(t.TempDir(), func(ctx context.Context, ids []int64) ([]search.Text, error) {
		if broken {
			return nil, errors.New("catalog down")
		}
		var out []search.Text
		for _, id := range ids {
			out = append(out, current[id])
		}
		return out, nil
	})
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if err := idx.Index(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	res, err := idx.Search(ctx, search.Query{Text: "dong thap", Today: searchtest.Today})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v, %d hits", err, len(res.Hits))
	}
	hit := res.Hits[0].ID
	renamed := current[hit]
	renamed.Name = "Đồng Tháp <mới>"
	current[hit] = renamed
	res, err = idx.Search(ctx, search.Query{Text: "dong thap", Today: searchtest.Today})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Hits[0].Highlights["name"]; got != "<mark>Đồng</mark> <mark>Tháp</mark> &lt;mới&gt;" {
		t.Errorf("name highlight %q, want the catalog's name now, escaped", got)
	}
	if got, err := idx.Suggest(ctx, "dong th", 10); err != nil || !slices.Contains(got, renamed.Name) {
		t.Errorf("Suggest = %q, %v: want the catalog's name %q", got, err, renamed.Name)
	}
	broken = true
	if _, err := idx.Search(ctx, search.Query{Text: "dong thap", Today: searchtest.Today}); err == nil || !strings.Contains(err.Error(), "catalog down") {
		t.Errorf("text search with the catalog down: %v, want its error", err)
	}
	if _, err := idx.Suggest(ctx, "dong", 10); err == nil {
		t.Error("Suggest with the catalog down succeeded")
	}
	if res, err := idx.Search(ctx, search.Query{Provinces: []string{"dong-thap"}, Today: searchtest.Today}); err != nil || res.Total == 0 {
		t.Errorf("a search without text needs no texts: %d hits, %v", res.Total, err)
	}
}
