// Package searchtest is the shared test suite every search backend must
// pass: Vietnamese matching (accents, đ, typos), ranking, filters, facets,
// sorts, pagination, updates and hostile input, on a small deterministic
// fixture.
package searchtest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/search"
)

// Run runs the suite. newIndex returns a fresh, empty, not yet initialised
// index each time it is called (the suite calls Init and Close); it should
// register any clean-up of external state with t.Cleanup.
func Run(t *testing.T, newIndex func(t *testing.T) search.Index) {
	t.Helper()
	loaded := func(t *testing.T) search.Index {
		t.Helper()
		ctx := context.Background()
		idx := newIndex(t)
		if err := idx.Init(ctx); err != nil {
			t.Fatalf("Init: %v", err)
		}
		t.Cleanup(func() {
			if err := idx.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		if err := idx.Init(ctx); err != nil {
			t.Fatalf("second Init must be a no-op: %v", err)
		}
		if err := idx.Ping(ctx); err != nil {
			t.Fatalf("Ping: %v", err)
		}
		if err := idx.Index(ctx, Fixture()...); err != nil {
			t.Fatalf("Index: %v", err)
		}
		return idx
	}

	shared := loaded(t)
	t.Run("Count", func(t *testing.T) { testCount(t, shared) })
	t.Run("Text", func(t *testing.T) { testText(t, shared) })
	t.Run("Ranking", func(t *testing.T) { testRanking(t, shared) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, shared) })
	t.Run("TextWithFilters", func(t *testing.T) { testTextWithFilters(t, shared) })
	t.Run("Sorts", func(t *testing.T) { testSorts(t, shared) })
	t.Run("Pagination", func(t *testing.T) { testPagination(t, shared) })
	t.Run("Highlights", func(t *testing.T) { testHighlights(t, shared) })
	t.Run("Suggest", func(t *testing.T) { testSuggest(t, shared) })
	t.Run("BadQueries", func(t *testing.T) { testBadQueries(t, shared) })
	t.Run("Hostile", func(t *testing.T) { testHostile(t, shared) })
	t.Run("Concurrent", func(t *testing.T) { testConcurrent(t, shared) })
	t.Run("UpdatesAndDeletes", func(t *testing.T) { testUpdates(t, loaded(t)) })
	t.Run("Rebuild", func(t *testing.T) { testRebuild(t, loaded(t)) })
}

func mustSearch(t *testing.T, idx search.Index, q search.Query) search.Result {
	t.Helper()
	if q.Today == "" {
		q.Today = Today
	}
	res, err := idx.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func hitIDs(res search.Result) []int64 {
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids
}

func sorted(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func publishedCount() int {
	n := 0
	for _, d := range Fixture() {
		if d.Published {
			n++
		}
	}
	return n
}

func testCount(t *testing.T, idx search.Index) {
	n, err := idx.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != publishedCount() {
		t.Errorf("Count = %d, want %d (published documents only)", n, publishedCount())
	}
}

func testText(t *testing.T, idx search.Index) {
	cases := []struct {
		name    string
		text    string
		want    []int64 // must be among the hits
		exact   []int64 // when set, the hits are exactly these (any order)
		exclude []int64
	}{
		{"no accents", "ca phe son la", []int64{CoffeeArabica}, nil, []int64{Unpublished}},
		{"accents", "Cà phê Sơn La", []int64{CoffeeArabica}, nil, []int64{Unpublished}},
		{"upper case, no accents", "CA PHE", []int64{CoffeeArabica, CoffeeTea, CoffeeHoney}, nil, []int64{Unpublished}},
		{"decomposed accents (NFD)", "Ca\u0300 phe\u0302", []int64{CoffeeArabica, CoffeeTea, CoffeeHoney}, nil, nil},
		{"đ folded to d", "dong thap", []int64{MangoDongThap, LotusDongThap}, []int64{MangoDongThap, LotusDongThap}, nil},
		{"đ kept", "Đồng Tháp", []int64{MangoDongThap, LotusDongThap}, []int64{MangoDongThap, LotusDongThap}, nil},
		{"upper-case Đ", "ĐỒNG THÁP", []int64{MangoDongThap, LotusDongThap}, nil, nil},
		{"typo: letter replaced in a long word", "arabixa", []int64{CoffeeArabica}, []int64{CoffeeArabica}, nil},
		{"typo: letter missing in a long word", "arabca", []int64{CoffeeArabica}, []int64{CoffeeArabica}, nil},
		{"typo with accents", "chè shan tuyêt", []int64{ShanTea}, nil, nil},
		{"multi-word across fields", "sen say dong thap", []int64{LotusDongThap}, []int64{LotusDongThap}, nil},
		{"multi-word needs every word", "xoai sen", nil, []int64{}, nil},
		{"word in cooperative name", "bich thao", []int64{CoffeeArabica, CoffeeTea}, []int64{CoffeeArabica, CoffeeTea}, []int64{Unpublished}},
		{"geographical indication", "phu quoc", []int64{FishSauce}, []int64{FishSauce}, nil},
		{"unpublished never found", "robusta", nil, []int64{}, nil},
		{"nothing", "khongcogi", nil, []int64{}, nil},
		{"punctuation only", `"!?`, nil, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustSearch(t, idx, search.Query{Text: c.text, PerPage: 100})
			got := hitIDs(res)
			for _, id := range c.want {
				if !slices.Contains(got, id) {
					t.Errorf("%q: hits %v miss %d", c.text, got, id)
				}
			}
			for _, id := range c.exclude {
				if slices.Contains(got, id) {
					t.Errorf("%q: hits %v include %d", c.text, got, id)
				}
			}
			if c.exact != nil && !slices.Equal(sorted(got), sorted(c.exact)) {
				t.Errorf("%q: hits %v, want exactly %v", c.text, got, c.exact)
			}
			if res.Total != len(got) {
				t.Errorf("%q: Total %d, %d hits on a page of 100", c.text, res.Total, len(got))
			}
		})
	}

	t.Run("same coffee whatever the spelling", func(t *testing.T) {
		var first []int64
		for _, q := range []string{"ca phe son la", "Cà phê Sơn La", "CA PHE SON LA", "cà phê sơn la"} {
			got := sorted(hitIDs(mustSearch(t, idx, search.Query{Text: q, PerPage: 100})))
			if first == nil {
				first = got
			} else if !slices.Equal(got, first) {
				t.Errorf("%q found %v, want %v like the others", q, got, first)
			}
		}
	})

	t.Run("match any word when relaxed", func(t *testing.T) {
		strict := mustSearch(t, idx, search.Query{Text: "sen xyzabcq"})
		if strict.Total != 0 {
			t.Errorf("strict: %v, want nothing", hitIDs(strict))
		}
		relaxed := mustSearch(t, idx, search.Query{Text: "sen xyzabcq", MatchAny: true})
		if !slices.Contains(hitIDs(relaxed), LotusDongThap) {
			t.Errorf("relaxed: %v, want %d", hitIDs(relaxed), LotusDongThap)
		}
	})
}

func testRanking(t *testing.T, idx search.Index) {
	cases := []struct {
		name  string
		text  string
		first int64
		above [2]int64 // above[0] ranks before above[1]; zero to skip
	}{
		{"exact accent bơ", "bơ", Avocado, [2]int64{Avocado, DriedBeef}},
		{"exact accent bò", "bò", DriedBeef, [2]int64{DriedBeef, Avocado}},
		{"exact accent bồ", "bồ", Soapberry, [2]int64{Soapberry, Avocado}},
		{"name above description", "sấy", LotusDongThap, [2]int64{LotusDongThap, MangoDongThap}},
		{"cooperative above description", "thảo dược", Soapberry, [2]int64{Soapberry, DriedBeef}},
		{"full name first", "Cà phê Arabica Sơn La", CoffeeArabica, [2]int64{}},
		{"name above description, folded", "mat ong", CoffeeHoney, [2]int64{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := hitIDs(mustSearch(t, idx, search.Query{Text: c.text, PerPage: 100}))
			if len(got) == 0 || got[0] != c.first {
				t.Errorf("%q: hits %v, want %d first", c.text, got, c.first)
			}
			if c.above[0] != 0 {
				i, j := slices.Index(got, c.above[0]), slices.Index(got, c.above[1])
				if i < 0 || j < 0 || i > j {
					t.Errorf("%q: hits %v, want %d found and above %d", c.text, got, c.above[0], c.above[1])
				}
			}
		})
	}
}

// filterCases are queries without text, checked against Expect.
func filterCases() []struct {
	name string
	q    search.Query
	want []int64 // hand-written expectation (sorted), nil to rely on Expect only
} {
	return []struct {
		name string
		q    search.Query
		want []int64
	}{
		{"everything", search.Query{}, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12}},
		{"province", search.Query{Provinces: []string{"dong-thap"}}, []int64{3, 4}},
		{"provinces OR", search.Query{Provinces: []string{"dong-thap", "cao-bang"}}, []int64{3, 4, 7}},
		{"leaf category", search.Query{Categories: []string{"trai-cay"}}, []int64{3, 5}},
		{"group", search.Query{Categories: []string{"do-uong"}}, []int64{1, 2, 8}},
		{"leaf or group", search.Query{Categories: []string{"tra", "duoc-lieu"}}, []int64{2, 7, 8}},
		{"cooperative", search.Query{Cooperatives: []string{"htx-bich-thao"}}, []int64{1, 2}},
		{"certification", search.Query{Certifications: []string{"organic"}}, []int64{1, 7, 8}},
		{"certifications OR", search.Query{Certifications: []string{"haccp", "globalgap"}}, []int64{3, 4, 9}},
		{"stars 3+ skips expired", search.Query{MinStars: 3}, []int64{1, 2, 4, 6, 7, 9}},
		{"stars 4+", search.Query{MinStars: 4}, []int64{1, 2, 4, 9}},
		{"stars 5 skips expired yesterday", search.Query{MinStars: 5}, []int64{1}},
		{"stars on a later day", search.Query{MinStars: 4, Today: "2026-03-02"}, []int64{1, 2, 9}},
		{"min price", search.Query{MinPrice: 180000}, []int64{1, 6, 8, 10, 12}},
		{"max price", search.Query{MaxPrice: 95000}, []int64{2, 5, 7}},
		{"price range inclusive", search.Query{MinPrice: 95000, MaxPrice: 150000}, []int64{2, 3, 4, 9}},
		{"in stock", search.Query{InStockOnly: true, Provinces: []string{"son-la"}}, []int64{1, 2, 8}},
		{"AND across fields", search.Query{Provinces: []string{"son-la"}, Certifications: []string{"vietgap"}, MinStars: 4}, []int64{1, 2}},
		{"no match", search.Query{Provinces: []string{"ha-noi"}}, []int64{}},
		{"unknown slugs match nothing", search.Query{Cooperatives: []string{"htx-khong-co"}}, []int64{}},
	}
}

func testFilters(t *testing.T, idx search.Index) {
	for _, c := range filterCases() {
		t.Run(c.name, func(t *testing.T) {
			q := c.q
			q.PerPage = 100
			if q.Today == "" {
				q.Today = Today
			}
			nq, err := q.Normalize()
			if err != nil {
				t.Fatal(err)
			}
			wantIDs, wantTotal, wantFacets := Expect(Fixture(), nq)
			res := mustSearch(t, idx, q)
			got := hitIDs(res)
			if c.want != nil && !slices.Equal(sorted(got), c.want) {
				t.Errorf("hits %v, want %v", sorted(got), c.want)
			}
			if !slices.Equal(got, wantIDs) {
				t.Errorf("hits %v, want %v (newest first)", got, wantIDs)
			}
			if res.Total != wantTotal {
				t.Errorf("Total %d, want %d", res.Total, wantTotal)
			}
			checkFacets(t, res.Facets, wantFacets)
		})
	}
}

func checkFacets(t *testing.T, got, want search.Facets) {
	t.Helper()
	for _, f := range []struct {
		name      string
		got, want map[string]int
	}{
		{"stars", got.Stars, want.Stars},
		{"province", got.Province, want.Province},
		{"category", got.Category, want.Category},
		{"cooperative", got.Cooperative, want.Cooperative},
		{"certification", got.Certification, want.Certification},
	} {
		g := maps.Clone(f.got)
		maps.DeleteFunc(g, func(_ string, n int) bool { return n == 0 })
		if len(g) == 0 && len(f.want) == 0 {
			continue
		}
		if !maps.Equal(g, f.want) {
			t.Errorf("facet %s = %v, want %v", f.name, g, f.want)
		}
	}
}

func testTextWithFilters(t *testing.T, idx search.Index) {
	cases := []struct {
		name string
		q    search.Query
		want []int64
	}{
		{"text and province", search.Query{Text: "ca phe", Provinces: []string{"dak-lak"}}, []int64{CoffeeHoney}},
		{"text and stars", search.Query{Text: "dong thap", MinStars: 3}, []int64{LotusDongThap}},
		{"text and price", search.Query{Text: "ca phe", MaxPrice: 100000}, []int64{CoffeeTea}},
		{"text and category group", search.Query{Text: "son la", Categories: []string{"thuc-pham"}}, []int64{DriedBeef}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := mustSearch(t, idx, c.q)
			if got := sorted(hitIDs(res)); !slices.Equal(got, c.want) {
				t.Errorf("hits %v, want %v", got, c.want)
			}
			if res.Total != len(c.want) {
				t.Errorf("Total %d, want %d", res.Total, len(c.want))
			}
		})
	}
	t.Run("facets follow the text", func(t *testing.T) {
		res := mustSearch(t, idx, search.Query{Text: "dong thap"})
		want := search.Facets{
			Stars:         map[string]int{"4": 1},
			Province:      map[string]int{"dong-thap": 2},
			Category:      map[string]int{"trai-cay": 1, "dac-san-kho": 1},
			Cooperative:   map[string]int{"htx-my-xuong": 1, "htx-sen-thap-muoi": 1},
			Certification: map[string]int{"globalgap": 1, "haccp": 1},
		}
		checkFacets(t, res.Facets, want)
	})
}

func testSorts(t *testing.T, idx search.Index) {
	for _, s := range []string{search.SortNewest, search.SortPriceAsc, search.SortPriceDesc, search.SortStars, search.SortRelevance, ""} {
		for _, base := range []search.Query{{}, {Provinces: []string{"son-la", "dak-lak"}}} {
			q := base
			q.Sort, q.PerPage, q.Today = s, 100, Today
			t.Run(fmt.Sprintf("%s/%v", s, base.Provinces), func(t *testing.T) {
				nq, err := q.Normalize()
				if err != nil {
					t.Fatal(err)
				}
				want, _, _ := Expect(Fixture(), nq)
				if got := hitIDs(mustSearch(t, idx, q)); !slices.Equal(got, want) {
					t.Errorf("sort %q: %v, want %v", s, got, want)
				}
			})
		}
	}
	t.Run("sort with text keeps the order strict", func(t *testing.T) {
		got := hitIDs(mustSearch(t, idx, search.Query{Text: "ca phe", Sort: search.SortPriceAsc}))
		want := []int64{CoffeeTea, CoffeeArabica, CoffeeHoney} // 95000, 180000 (id 1), 180000 (id 12)
		if !slices.Equal(got, want) {
			t.Errorf("price_asc with text: %v, want %v", got, want)
		}
		got = hitIDs(mustSearch(t, idx, search.Query{Text: "ca phe", Sort: search.SortNewest}))
		want = []int64{CoffeeTea, CoffeeHoney, CoffeeArabica}
		if !slices.Equal(got, want) {
			t.Errorf("newest with text: %v, want %v", got, want)
		}
	})
}

func testPagination(t *testing.T, idx search.Index) {
	for _, s := range []string{search.SortNewest, search.SortPriceAsc} {
		t.Run(s, func(t *testing.T) {
			full, _, facets := Expect(Fixture(), search.Query{Sort: s, Page: 1, PerPage: 100, Today: Today})
			var got []int64
			for page := 1; page <= 4; page++ {
				res := mustSearch(t, idx, search.Query{Sort: s, Page: page, PerPage: 4})
				if res.Total != len(full) {
					t.Errorf("page %d: Total %d, want %d", page, res.Total, len(full))
				}
				// Facets count the whole set on every page and in every sort.
				checkFacets(t, res.Facets, facets)
				if res.Facets.Province != nil {
					res.Facets.Province["son-la"] = -1 // a caller changing its copy changes nothing else
				}
				if page == 4 && len(res.Hits) != 0 {
					t.Errorf("page past the end: %v, want none", hitIDs(res))
				}
				got = append(got, hitIDs(res)...)
			}
			if !slices.Equal(got, full) {
				t.Errorf("pages joined: %v, want %v", got, full)
			}
		})
	}
	t.Run("text", func(t *testing.T) {
		all := hitIDs(mustSearch(t, idx, search.Query{Text: "ca phe", Sort: search.SortPriceDesc, PerPage: 100}))
		p2 := mustSearch(t, idx, search.Query{Text: "ca phe", Sort: search.SortPriceDesc, Page: 2, PerPage: 2})
		if len(all) < 3 || !slices.Equal(hitIDs(p2), all[2:min(4, len(all))]) || p2.Total != len(all) {
			t.Errorf("page 2 of 2: %v (total %d), all %v", hitIDs(p2), p2.Total, all)
		}
	})
}

func testHighlights(t *testing.T, idx search.Index) {
	res := mustSearch(t, idx, search.Query{Text: "det tay"})
	if len(res.Hits) == 0 || res.Hits[0].ID != Brocade {
		t.Fatalf("hits %v, want %d first", hitIDs(res), Brocade)
	}
	h := res.Hits[0].Highlights
	if name := h["name"]; !strings.Contains(name, "<mark>dệt</mark>") || !strings.Contains(name, "<mark>tay</mark>") || !strings.Contains(name, "Thổ cẩm") {
		t.Errorf("name highlight %q: want original text with <mark>dệt</mark> and <mark>tay</mark>", name)
	}
	desc := h["description"]
	if !strings.Contains(desc, "<mark>dệt</mark>") {
		t.Errorf("description highlight %q: want <mark>dệt</mark>", desc)
	}
	if strings.Contains(desc, "<b>") || !strings.Contains(desc, "&lt;b&gt;") || !strings.Contains(desc, "&amp;") {
		t.Errorf("description highlight %q: text around marks must be HTML-escaped", desc)
	}
}

func testSuggest(t *testing.T, idx search.Index) {
	ctx := context.Background()
	name := func(id int64) string {
		for _, d := range Fixture() {
			if d.ID == id {
				return d.Name
			}
		}
		return ""
	}
	cases := []struct {
		prefix string
		limit  int
		want   []string // among the answers
		exact  bool
	}{
		{"dong th", 10, []string{name(MangoDongThap), name(LotusDongThap)}, true},
		{"Đồng Th", 10, []string{name(MangoDongThap), name(LotusDongThap)}, true},
		{"ca p", 10, []string{name(CoffeeArabica), name(CoffeeTea), name(CoffeeHoney)}, true},
		{"ARAB", 10, []string{name(CoffeeArabica)}, true},
		{"robus", 10, nil, true},
		{"", 10, nil, true},
		{"ca p", 1, nil, false},
	}
	for _, c := range cases {
		got, err := idx.Suggest(ctx, c.prefix, c.limit)
		if err != nil {
			t.Errorf("Suggest(%q): %v", c.prefix, err)
			continue
		}
		if len(got) > c.limit {
			t.Errorf("Suggest(%q, %d): %d answers", c.prefix, c.limit, len(got))
		}
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("Suggest(%q) = %q, missing %q", c.prefix, got, w)
			}
		}
		if c.exact && len(got) != len(c.want) {
			t.Errorf("Suggest(%q) = %q, want exactly %q", c.prefix, got, c.want)
		}
	}
	if _, err := idx.Suggest(ctx, "ca\xff", 5); !errors.Is(err, search.ErrBadQuery) {
		t.Errorf("Suggest(invalid UTF-8): %v, want ErrBadQuery", err)
	}
	if _, err := idx.Suggest(ctx, "ca", 1000); !errors.Is(err, search.ErrBadQuery) {
		t.Errorf("Suggest(limit 1000): %v, want ErrBadQuery", err)
	}
}

func testBadQueries(t *testing.T, idx search.Index) {
	cases := []struct {
		name string
		q    search.Query
	}{
		{"unknown sort", search.Query{Sort: "name; DROP TABLE"}},
		{"per_page too big", search.Query{PerPage: 101}},
		{"per_page negative", search.Query{PerPage: -1}},
		{"page negative", search.Query{Page: -2}},
		{"invalid UTF-8", search.Query{Text: "c\xe0 ph\xea"}},
		{"stars 2", search.Query{MinStars: 2}},
		{"stars 6", search.Query{MinStars: 6}},
		{"bad today", search.Query{MinStars: 3, Today: "2026-13-45"}},
		{"negative price", search.Query{MinPrice: -1}},
		{"min above max", search.Query{MinPrice: 10, MaxPrice: 5}},
		{"quote in province", search.Query{Provinces: []string{`son-la" OR province = "x`}}},
		{"quote in category", search.Query{Categories: []string{`ca-phe'`}}},
		{"backslash in cooperative", search.Query{Cooperatives: []string{`htx\`}}},
		{"filter injection in certification", search.Query{Certifications: []string{"organic OR 1=1"}}},
		{"upper case slug", search.Query{Provinces: []string{"Son-La"}}},
		{"empty slug", search.Query{Provinces: []string{""}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := c.q
			if q.Today == "" {
				q.Today = Today
			}
			_, err := idx.Search(context.Background(), q)
			if !errors.Is(err, search.ErrBadQuery) {
				t.Errorf("Search(%+v) = %v, want ErrBadQuery", c.q, err)
			}
		})
	}
}

// snapshot lists every document the index answers, to prove that a query
// changed nothing.
func snapshot(t *testing.T, idx search.Index) string {
	t.Helper()
	res := mustSearch(t, idx, search.Query{PerPage: 100})
	n, err := idx.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(n, hitIDs(res), res.Facets)
}

func testHostile(t *testing.T, idx search.Index) {
	before := snapshot(t, idx)
	texts := []string{
		`" OR 1=1`,
		`' OR '1'='1`,
		`"; DROP TABLE products; --`,
		`province = "son-la" OR published = false`,
		`*`, `name:*`, `+-&&||!(){}[]^"~*?:\/`,
		`<script>alert(1)</script>`,
		strings.Repeat("cà phê ", 1500),
		strings.Repeat("a", 10000),
		"\x00\x01\x02 ca phe",
		"\u202e\u200b\ufeff",
		"\ue000mark\ue001",
	}
	for i, text := range texts {
		res, err := idx.Search(context.Background(), search.Query{Text: text, Today: Today})
		if err != nil && !errors.Is(err, search.ErrBadQuery) {
			t.Errorf("text #%d: %v, want results or ErrBadQuery", i, err)
		}
		for _, h := range res.Hits {
			if h.ID == Unpublished {
				t.Errorf("text #%d found the unpublished product", i)
			}
		}
		if _, err := idx.Suggest(context.Background(), text, 5); err != nil && !errors.Is(err, search.ErrBadQuery) {
			t.Errorf("suggest #%d: %v", i, err)
		}
	}
	res := mustSearch(t, idx, search.Query{Text: strings.Repeat("cà phê ", 1500)})
	if !slices.Contains(hitIDs(res), CoffeeArabica) {
		t.Errorf("a 10,000-character query is cut, not refused: hits %v", hitIDs(res))
	}
	if after := snapshot(t, idx); after != before {
		t.Errorf("hostile queries changed the index:\nbefore %s\nafter  %s", before, after)
	}
}

func testConcurrent(t *testing.T, idx search.Index) {
	ctx := context.Background()
	docs := Fixture()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				if i%4 == 0 {
					// re-index unchanged documents while others search
					if err := idx.Index(ctx, docs[j%len(docs)]); err != nil {
						errs <- err
					}
					continue
				}
				res, err := idx.Search(ctx, search.Query{Text: "ca phe", Today: Today})
				if err != nil {
					errs <- err
				} else if len(res.Hits) == 0 {
					errs <- errors.New("concurrent search found nothing")
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func testUpdates(t *testing.T, idx search.Index) {
	ctx := context.Background()
	docs := Fixture()
	byID := func(id int64) search.Document {
		for _, d := range docs {
			if d.ID == id {
				return d
			}
		}
		t.Fatalf("no document %d", id)
		return search.Document{}
	}
	find := func(text string) []int64 { return sorted(hitIDs(mustSearch(t, idx, search.Query{Text: text}))) }
	// The same searches before and after each change: answers, facets
	// included, must follow every write.
	everything := func() search.Result { return mustSearch(t, idx, search.Query{PerPage: 100}) }
	stars5 := func() int { return everything().Facets.Stars["5"] }
	anGiang := func() search.Result { return mustSearch(t, idx, search.Query{Provinces: []string{"an-giang"}}) }
	stars5Before, anGiangBefore := stars5(), anGiang()
	if anGiangBefore.Facets.Province["an-giang"] != 1 {
		t.Fatalf("province facet before the changes: %v", anGiangBefore.Facets.Province)
	}

	// Rename: the old words stop matching, the new ones match.
	d := byID(Avocado)
	d.Name = "Bơ booth 034 Krông Pắc"
	if err := idx.Index(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got := find("sap"); slices.Contains(got, Avocado) {
		t.Errorf("old name still found: %v", got)
	}
	if got := find("krong pac"); !slices.Equal(got, []int64{Avocado}) {
		t.Errorf("new name: %v, want [%d]", got, Avocado)
	}

	// Certificate expires early (the sweep re-indexes with no stars).
	d = byID(CoffeeArabica)
	d.Stars, d.StarsExpiresOn = 0, ""
	if err := idx.Index(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got := sorted(hitIDs(mustSearch(t, idx, search.Query{MinStars: 5}))); len(got) != 0 {
		t.Errorf("stars 5 after losing the certificate: %v, want none", got)
	}
	if got := stars5(); got != stars5Before-1 {
		t.Errorf("stars facet \"5\" after losing the certificate: %d, want %d", got, stars5Before-1)
	}

	// Unpublish hides, publish again shows.
	d = byID(FishSauce)
	d.Published = false
	if err := idx.Index(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got := find("nuoc mam"); len(got) != 0 {
		t.Errorf("unpublished product found: %v", got)
	}
	if got := anGiang(); got.Total != 0 || got.Facets.Province["an-giang"] != 0 {
		t.Errorf("unpublished product listed: %v, province facet %v", hitIDs(got), got.Facets.Province)
	}
	d.Published = true
	if err := idx.Index(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got := find("nuoc mam"); !slices.Equal(got, []int64{FishSauce}) {
		t.Errorf("republished: %v, want [%d]", got, FishSauce)
	}

	// Publishing a formerly hidden product.
	d = byID(Unpublished)
	d.Published = true
	if err := idx.Index(ctx, d); err != nil {
		t.Fatal(err)
	}
	if got := find("robusta"); !slices.Equal(got, []int64{Unpublished}) {
		t.Errorf("published: %v, want [%d]", got, Unpublished)
	}

	// Delete, including an unknown ID and an empty call.
	if err := idx.Delete(ctx, MangoDongThap, 9999); err != nil {
		t.Fatal(err)
	}
	if err := idx.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if err := idx.Index(ctx); err != nil {
		t.Fatal(err)
	}
	if got := find("dong thap"); !slices.Equal(got, []int64{LotusDongThap}) {
		t.Errorf("after delete: %v, want [%d]", got, LotusDongThap)
	}
	res := mustSearch(t, idx, search.Query{Provinces: []string{"dong-thap"}})
	if res.Total != 1 || res.Facets.Province["dong-thap"] != 1 {
		t.Errorf("after delete: total %d, province facet %v", res.Total, res.Facets.Province)
	}
	n, err := idx.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := publishedCount(); n != want { // +1 published, -1 deleted
		t.Errorf("Count = %d, want %d", n, want)
	}

	// Invalid documents are refused.
	if err := idx.Index(ctx, search.Document{ID: 0, Name: "x", Published: true}); err == nil {
		t.Error("document without ID accepted")
	}
	if err := idx.Index(ctx, search.Document{ID: 50, Name: "x", Stars: 4, StarsExpiresOn: "soon", Published: true}); err == nil {
		t.Error("document with a bad expiry accepted")
	}
}

func testRebuild(t *testing.T, idx search.Index) {
	r, ok := idx.(search.Rebuilder)
	if !ok {
		t.Fatalf("%T does not implement search.Rebuilder", idx)
	}
	ctx := context.Background()
	docs := Fixture()
	docs[Avocado-1].Name = "Bơ 034 rebuilt"
	docs = slices.DeleteFunc(docs, func(d search.Document) bool { return d.ID == MangoDongThap })

	// Readers keep answering during the rebuild.
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(readErr)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := idx.Search(ctx, search.Query{Text: "ca phe", Today: Today}); err != nil {
				readErr <- err
				return
			}
		}
	}()
	err := r.Rebuild(ctx, func(yield func(search.Document) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	})
	close(stop)
	if err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	if err := <-readErr; err != nil {
		t.Errorf("search during rebuild: %v", err)
	}

	n, err := idx.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != publishedCount()-1 {
		t.Errorf("Count after rebuild = %d, want %d", n, publishedCount()-1)
	}
	if got := sorted(hitIDs(mustSearch(t, idx, search.Query{Text: "034"}))); !slices.Equal(got, []int64{Avocado}) {
		t.Errorf("rebuilt document: %v", got)
	}
	if got := hitIDs(mustSearch(t, idx, search.Query{Provinces: []string{"dong-thap"}})); !slices.Equal(got, []int64{LotusDongThap}) {
		t.Errorf("document left out of the rebuild still found: %v", got)
	}

	// A failing source keeps the current index.
	boom := errors.New("source failed")
	err = r.Rebuild(ctx, func(yield func(search.Document) error) error {
		if err := yield(docs[0]); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("Rebuild with a failing source: %v, want %v", err, boom)
	}
	if n2, _ := idx.Count(ctx); n2 != n {
		t.Errorf("Count after a failed rebuild = %d, want %d", n2, n)
	}
}
