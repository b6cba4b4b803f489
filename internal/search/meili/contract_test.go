package meili

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/searchtest"
)

const wantSettings = `{
  "rankingRules": ["sort", "words", "typo", "proximity", "attribute", "exactness"],
  "searchableAttributes": ["name", "cooperative_name", "geographical_indication", "description",
    "category_name", "province_name", "ward"],
  "filterableAttributes": ["stars", "stars_expires_on", "province", "category", "category_path",
    "cooperative", "certifications", "price_vnd", "in_stock", "published"],
  "sortableAttributes": ["price_vnd", "created_at", "stars", "id"],
  "typoTolerance": {"enabled": true, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
    "disableOnWords": [], "disableOnAttributes": [], "disableOnNumbers": false},
  "pagination": {"maxTotalHits": 10000}
}`

func TestContractInit(t *testing.T) {
	for _, exists := range []bool{false, true} {
		t.Run(fmt.Sprint("index exists ", exists), func(t *testing.T) {
			f, idx := newFake(t)
			if exists {
				f.failTask = func(path string) (string, string) {
					if path == "POST /indexes" {
						return "index_already_exists", "Index `products` already exists."
					}
					return "", ""
				}
			}
			if err := idx.Init(context.Background()); err != nil {
				t.Fatalf("Init: %v", err)
			}
			reqs := f.requests()
			want := []string{"POST /indexes", "GET /tasks/1", "PATCH /indexes/products/settings", "GET /tasks/2"}
			if got := names(reqs); !slices.Equal(got, want) {
				t.Fatalf("requests %v, want %v", got, want)
			}
			jsonEqual(t, "create index", reqs[0].Body, `{"uid":"products","primaryKey":"id"}`)
			jsonEqual(t, "settings", reqs[2].Body, wantSettings)
		})
	}
	t.Run("settings failure", func(t *testing.T) {
		f, idx := newFake(t)
		f.failTask = func(path string) (string, string) {
			if strings.HasSuffix(path, "/settings") {
				return "invalid_settings_filterable_attributes", "bad settings"
			}
			return "", ""
		}
		if err := idx.Init(context.Background()); err == nil || !strings.Contains(err.Error(), "bad settings") {
			t.Errorf("Init: %v, want the task's failure", err)
		}
	})
}

func names(reqs []request) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.String()
	}
	return out
}

func TestContractSearchRequests(t *testing.T) {
	cases := []struct {
		name string
		q    search.Query
		// want is the main query (hits and term facets); stars query is
		// derived from its filter.
		want string
	}{
		{
			name: "no text, defaults",
			q:    search.Query{Today: "2026-03-01"},
			want: `{"indexUid":"products","q":"","filter":"published = true","sort":["created_at:desc","id:desc"],
				"page":1,"hitsPerPage":24,"facets":["province","category","cooperative","certifications"],
				"matchingStrategy":"all","attributesToRetrieve":["id"],"hybrid":null}`,
		},
		{
			name: "text, relevance, page 3",
			q:    search.Query{Text: "  cà  phê\tSơn La ", Today: "2026-03-01", Page: 3, PerPage: 10},
			want: `{"indexUid":"products","q":"cà phê Sơn La","filter":"published = true",
				"page":3,"hitsPerPage":10,"facets":["province","category","cooperative","certifications"],
				"matchingStrategy":"all","attributesToRetrieve":["id","name"],
				"attributesToHighlight":["name","description"],"attributesToCrop":["description"],"cropLength":30,
				"highlightPreTag":"\ue000","highlightPostTag":"\ue001","hybrid":null}`,
		},
		{
			name: "every filter",
			q: search.Query{
				Today: "2026-03-01", MinStars: 4,
				Provinces: []string{"son-la", "dak-lak", "son-la"}, Categories: []string{"do-uong"},
				Cooperatives: []string{"htx-bich-thao"}, Certifications: []string{"vietgap", "organic"},
				MinPrice: 50000, MaxPrice: 200000, InStockOnly: true, Sort: "price_asc", PerPage: 100,
			},
			want: `{"indexUid":"products","q":"","filter":"published = true AND province IN [\"son-la\", \"dak-lak\"] AND category_path IN [\"do-uong\"] AND cooperative IN [\"htx-bich-thao\"] AND certifications IN [\"vietgap\", \"organic\"] AND stars >= 4 AND stars_expires_on >= 20260301 AND price_vnd >= 50000 AND price_vnd <= 200000 AND in_stock = true",
				"sort":["price_vnd:asc","id:asc"],"page":1,"hitsPerPage":100,
				"facets":["province","category","cooperative","certifications"],
				"matchingStrategy":"all","attributesToRetrieve":["id"],"hybrid":null}`,
		},
		{
			name: "price_desc, max price only",
			q:    search.Query{Today: "2026-03-01", MaxPrice: 95000, Sort: "price_desc"},
			want: `{"indexUid":"products","q":"","filter":"published = true AND price_vnd <= 95000","sort":["price_vnd:desc","id:asc"],
				"page":1,"hitsPerPage":24,"facets":["province","category","cooperative","certifications"],
				"matchingStrategy":"all","attributesToRetrieve":["id"],"hybrid":null}`,
		},
		{
			name: "stars sort, relaxed text",
			q:    search.Query{Text: "sen xyz", Today: "2026-03-01", Sort: "stars", MatchAny: true, PerPage: 5, Page: 2},
			want: `{"indexUid":"products","q":"sen xyz","filter":"published = true","sort":["stars:desc","created_at:desc","id:desc"],
				"page":2,"hitsPerPage":5,"facets":["province","category","cooperative","certifications"],
				"matchingStrategy":"last","attributesToRetrieve":["id","name"],
				"attributesToHighlight":["name","description"],"attributesToCrop":["description"],"cropLength":30,
				"highlightPreTag":"\ue000","highlightPostTag":"\ue001","hybrid":null}`,
		},
		{
			name: "newest with text, long text cut",
			q:    search.Query{Text: strings.Repeat("ab ", 5000), Today: "2026-03-01", Sort: "newest", PerPage: 1},
			want: `{"indexUid":"products","q":"` + strings.TrimSpace(strings.Repeat("ab ", 67)) + `","filter":"published = true","sort":["created_at:desc","id:desc"],
				"page":1,"hitsPerPage":1,"facets":["province","category","cooperative","certifications"],
				"matchingStrategy":"all","attributesToRetrieve":["id","name"],
				"attributesToHighlight":["name","description"],"attributesToCrop":["description"],"cropLength":30,
				"highlightPreTag":"\ue000","highlightPostTag":"\ue001","hybrid":null}`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, idx := newFake(t)
			if _, err := idx.Search(context.Background(), c.q); err != nil {
				t.Fatalf("Search: %v", err)
			}
			reqs := f.requests()
			if len(reqs) != 1 || reqs[0].String() != "POST /multi-search" {
				t.Fatalf("requests %v, want one POST /multi-search", names(reqs))
			}
			var body struct {
				Queries []json.RawMessage `json:"queries"`
			}
			if err := json.Unmarshal(reqs[0].Body, &body); err != nil || len(body.Queries) != 2 {
				t.Fatalf("multi-search body %s: %v", reqs[0].Body, err)
			}
			jsonEqual(t, "main query", body.Queries[0], c.want)

			var main struct {
				Q                string `json:"q"`
				Filter           string `json:"filter"`
				MatchingStrategy string `json:"matchingStrategy"`
			}
			_ = json.Unmarshal(body.Queries[0], &main)
			q, _ := json.Marshal(main.Q)
			jsonEqual(t, "stars facet query", body.Queries[1], fmt.Sprintf(
				`{"indexUid":"products","q":%s,"filter":%q,"page":1,"hitsPerPage":0,"facets":["stars"],
				"matchingStrategy":%q,"attributesToRetrieve":["id"],"hybrid":null}`,
				q, main.Filter+" AND stars_expires_on >= 20260301", main.MatchingStrategy))
		})
	}
}

func TestContractBadInputSendsNothing(t *testing.T) {
	cases := []search.Query{
		{Provinces: []string{`son-la" OR published = false OR province = "x`}},
		{Categories: []string{`ca-phe\`}},
		{Cooperatives: []string{"htx bich thao"}},
		{Certifications: []string{"organic]"}},
		{Text: "c\xe0 ph\xea"},
		{Sort: "price_vnd:asc"},
		{PerPage: 1000},
		{MinStars: 3, Today: "01/03/2026"},
	}
	for i, q := range cases {
		f, idx := newFake(t)
		_, err := idx.Search(context.Background(), q)
		if !errors.Is(err, search.ErrBadQuery) {
			t.Errorf("#%d %+v: %v, want ErrBadQuery", i, q, err)
		}
		if reqs := f.requests(); len(reqs) != 0 {
			t.Errorf("#%d: sent %v", i, names(reqs))
		}
	}
}

func TestQuote(t *testing.T) {
	cases := map[string]string{
		`son-la`:         `"son-la"`,
		`a"b`:            `"a\"b"`,
		`a\`:             `"a\\"`,
		`\" OR 1=1 OR "`: `"\\\" OR 1=1 OR \""`,
	}
	for in, want := range cases {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestContractSearchResponse(t *testing.T) {
	f, idx := newFake(t)
	f.multiSearch = `{"results":[
	  {"indexUid":"products","query":"bò","processingTimeMs":1,"totalHits":42,"page":1,"hitsPerPage":3,"totalPages":14,
	   "hits":[
	     {"id":5,"name":"Bơ sáp","_formatted":{"id":"5","name":"\ue000Bơ\ue001 sáp","description":"Quả chín"}},
	     {"id":6,"name":"Thịt bò khô","_formatted":{"id":"6","name":"Thịt \ue000bò\ue001 khô","description":"<b>Thịt</b> \ue000bò\ue001 & \"thảo dược\""}},
	     {"id":7,"name":"Bồ kết","_formatted":{"id":"7","name":"\ue000Bồ\ue001 kết","description":""}}
	   ],
	   "facetDistribution":{"province":{"son-la":30,"dak-lak":12},"category":{"dac-san-kho":40,"trai-cay":2},
	     "cooperative":{"htx-moc-chau":42},"certifications":{"vietgap":7}}},
	  {"indexUid":"products","query":"bò","processingTimeMs":1,"totalHits":9,"page":1,"hitsPerPage":0,"totalPages":0,"hits":[],
	   "facetDistribution":{"stars":{"3":5,"5":4}}}
	]}`
	res, err := idx.Search(context.Background(), search.Query{Text: "bò", Today: "2026-03-01", PerPage: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 42 {
		t.Errorf("Total %d, want 42", res.Total)
	}
	var ids []int64
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if !slices.Equal(ids, []int64{6, 5, 7}) {
		t.Errorf("hits %v, want [6 5 7]: exact-accent name first, Meilisearch order otherwise", ids)
	}
	h := res.Hits[0].Highlights
	if h["name"] != "Thịt <mark>bò</mark> khô" {
		t.Errorf("name highlight %q", h["name"])
	}
	if h["description"] != "&lt;b&gt;Thịt&lt;/b&gt; <mark>bò</mark> &amp; &#34;thảo dược&#34;" {
		t.Errorf("description highlight %q", h["description"])
	}
	if _, ok := res.Hits[1].Highlights["description"]; ok {
		t.Errorf("description without a match highlighted: %q", res.Hits[1].Highlights)
	}
	want := search.Facets{
		Stars:         map[string]int{"3": 5, "5": 4},
		Province:      map[string]int{"son-la": 30, "dak-lak": 12},
		Category:      map[string]int{"dac-san-kho": 40, "trai-cay": 2},
		Cooperative:   map[string]int{"htx-moc-chau": 42},
		Certification: map[string]int{"vietgap": 7},
	}
	if fmt.Sprint(res.Facets) != fmt.Sprint(want) {
		t.Errorf("facets %v, want %v", res.Facets, want)
	}
}

func TestContractWrites(t *testing.T) {
	ctx := context.Background()
	t.Run("documents in batches of 1000, each awaited", func(t *testing.T) {
		f, idx := newFake(t)
		docs := make([]search.Document, 2500)
		for i := range docs {
			docs[i] = search.Document{ID: int64(i + 1), Name: fmt.Sprint("p", i), Published: true}
		}
		if err := idx.Index(ctx, docs...); err != nil {
			t.Fatal(err)
		}
		reqs := f.requests()
		want := []string{
			"POST /indexes/products/documents", "GET /tasks/1",
			"POST /indexes/products/documents", "GET /tasks/2",
			"POST /indexes/products/documents", "GET /tasks/3",
		}
		if got := names(reqs); !slices.Equal(got, want) {
			t.Fatalf("requests %v, want %v", got, want)
		}
		for i, n := range []int{1000, 1000, 500} {
			var batch []map[string]any
			if err := json.Unmarshal(reqs[2*i].Body, &batch); err != nil || len(batch) != n {
				t.Errorf("batch %d: %d documents (%v), want %d", i, len(batch), err, n)
			}
			if reqs[2*i].Query != "primaryKey=id" {
				t.Errorf("batch %d: query %q, want primaryKey=id", i, reqs[2*i].Query)
			}
		}
	})

	t.Run("document JSON", func(t *testing.T) {
		f, idx := newFake(t)
		d := searchtest.Fixture()[0]
		d.Name += "\ue000" // markers are reserved for highlights
		if err := idx.Index(ctx, d); err != nil {
			t.Fatal(err)
		}
		reqs := f.writes()
		jsonEqual(t, "document", reqs[0].Body, fmt.Sprintf(`[{
		  "id": 1, "slug": "ca-phe-arabica-son-la", "name": "Cà phê Arabica Sơn La rang xay",
		  "description": "Cà phê hạt Arabica trồng trên cao nguyên, rang mộc, xay sẵn.",
		  "cooperative_id": 1, "cooperative": "htx-bich-thao", "cooperative_name": "HTX cà phê Bích Thao",
		  "province": "son-la", "province_name": "Sơn La", "ward": "Chiềng Ban",
		  "category": "ca-phe", "category_path": ["do-uong", "ca-phe"], "category_name": "Cà phê",
		  "stars": 5, "stars_expires_on": 20280626, "certifications": ["vietgap", "organic"],
		  "geographical_indication": "Cà phê Sơn La", "price_vnd": 180000, "in_stock": true,
		  "published": true, "created_at": %d}]`, d.CreatedAt.Unix()))
	})

	t.Run("delete", func(t *testing.T) {
		f, idx := newFake(t)
		if err := idx.Delete(ctx, 3, 42); err != nil {
			t.Fatal(err)
		}
		reqs := f.requests()
		if got := names(reqs); !slices.Equal(got, []string{"POST /indexes/products/documents/delete-batch", "GET /tasks/1"}) {
			t.Fatalf("requests %v", got)
		}
		jsonEqual(t, "delete", reqs[0].Body, `["3","42"]`)
	})

	t.Run("failed task is an error", func(t *testing.T) {
		f, idx := newFake(t)
		f.failTask = func(string) (string, string) { return "invalid_document_id", "Document identifier is invalid" }
		err := idx.Index(ctx, search.Document{ID: 1, Published: true})
		if err == nil || !strings.Contains(err.Error(), "Document identifier is invalid") {
			t.Errorf("Index: %v, want the task's failure", err)
		}
	})

	t.Run("invalid document sends nothing", func(t *testing.T) {
		f, idx := newFake(t)
		if err := idx.Index(ctx, search.Document{ID: 1, Stars: 4, StarsExpiresOn: "never"}); err == nil {
			t.Error("Index accepted stars with a bad expiry")
		}
		if reqs := f.requests(); len(reqs) != 0 {
			t.Errorf("sent %v", names(reqs))
		}
	})
}

func TestContractRebuild(t *testing.T) {
	f, idx := newFake(t)
	docs := searchtest.Fixture()
	err := idx.Rebuild(context.Background(), func(yield func(search.Document) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := f.writes()
	got := names(reqs)
	if len(got) != 5 {
		t.Fatalf("requests %v", got)
	}
	tmp := strings.TrimPrefix(reqs[1].Path, "/indexes/")
	tmp = strings.TrimSuffix(tmp, "/settings")
	if !strings.HasPrefix(tmp, "products_rebuild_") {
		t.Fatalf("temporary index %q", tmp)
	}
	want := []string{
		"POST /indexes",
		"PATCH /indexes/" + tmp + "/settings",
		"POST /indexes/" + tmp + "/documents",
		"POST /swap-indexes",
		"DELETE /indexes/" + tmp,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("requests %v, want %v", got, want)
	}
	jsonEqual(t, "create temporary index", reqs[0].Body, fmt.Sprintf(`{"uid":%q,"primaryKey":"id"}`, tmp))
	jsonEqual(t, "temporary settings", reqs[1].Body, wantSettings)
	jsonEqual(t, "swap", reqs[3].Body, fmt.Sprintf(`[{"indexes":["products",%q],"rename":false}]`, tmp))
	var batch []map[string]any
	if err := json.Unmarshal(reqs[2].Body, &batch); err != nil || len(batch) != len(docs) {
		t.Errorf("rebuild batch: %d documents, want %d", len(batch), len(docs))
	}

	t.Run("failing source keeps the live index", func(t *testing.T) {
		boom := errors.New("boom")
		err := idx.Rebuild(context.Background(), func(func(search.Document) error) error { return boom })
		if !errors.Is(err, boom) {
			t.Fatalf("Rebuild: %v, want boom", err)
		}
		for _, r := range f.writes() {
			if r.Method == "POST" && r.Path == "/swap-indexes" {
				t.Error("swapped after a failed build")
			}
		}
	})
}

func TestContractSuggestCountPing(t *testing.T) {
	ctx := context.Background()
	f, idx := newFake(t)
	f.search = `{"hits":[{"name":"Cà phê Arabica"},{"name":"Cà phê Arabica"},{"name":"Trà hoa cà phê"}],
	  "query":"ca p","processingTimeMs":1,"limit":15,"offset":0,"estimatedTotalHits":3,"totalHits":3}`
	got, err := idx.Suggest(ctx, " ca  p", 5)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"Cà phê Arabica", "Trà hoa cà phê"}) {
		t.Errorf("Suggest = %q", got)
	}
	reqs := f.requests()
	if len(reqs) != 1 || reqs[0].String() != "POST /indexes/products/search" {
		t.Fatalf("requests %v", names(reqs))
	}
	jsonEqual(t, "suggest", reqs[0].Body, `{"q":"ca p","limit":15,"filter":"published = true",
	  "attributesToSearchOn":["name"],"attributesToRetrieve":["name"],"matchingStrategy":"all","hybrid":null}`)

	if _, err := idx.Count(ctx); err != nil {
		t.Fatal(err)
	}
	reqs = f.requests()
	jsonEqual(t, "count", reqs[0].Body, `{"q":"","filter":"published = true","page":1,"hitsPerPage":0,"hybrid":null}`)

	if err := idx.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

func TestPingDown(t *testing.T) {
	idx, err := New(Config{URL: "http://127.0.0.1:1", HTTPClient: nil})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := idx.Ping(ctx); err == nil {
		t.Error("Ping of a closed port succeeded")
	}
}

func TestNewValidates(t *testing.T) {
	cases := []Config{{}, {URL: "http://x", Index: "bad name"}, {URL: "http://x", Index: "a/b"}}
	for _, c := range cases {
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) accepted", c)
		}
	}
}
