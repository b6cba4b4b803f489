package storefront_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
)

func TestSearchPages(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := catalogApp(t, b)
		f, idx := a.Fiber(), a.Search
		for _, q := range []string{"ca phe", "Cà phê", "CA PHE", "ca phe bot", "cà phê bôt", "arabika"} {
			target := "/san-pham?lang=vi&q=" + url.QueryEscape(q)
			r := get(t, f, target)
			if r.status != 200 {
				t.Fatalf("GET %s: %d", target, r.status)
			}
			r.has(t, target, "/san-pham/ca-phe-bot-arabica")
		}
		target := "/san-pham?q=" + url.QueryEscape("ca phe")
		r := get(t, f, target)
		r.has(t, target, "<mark>Cà</mark> <mark>phê</mark>")
		r.lacks(t, target, "&lt;mark&gt;")

		// The markup product is found and still shown as text.
		target = "/san-pham?q=script"
		r = get(t, f, target)
		r.lacks(t, target, xssName)

		// Words that do not all match give relaxed results, with a note.
		target = "/san-pham?lang=en&q=" + url.QueryEscape("cà phê zzzzqqq")
		r = get(t, f, target)
		r.has(t, target, "No product matches every word", "/san-pham/ca-phe-bot-arabica")

		// With the index gone, the shop still lists from SQL and says so.
		if err := idx.Close(); err != nil {
			t.Fatal(err)
		}
		target = "/san-pham?lang=en&q=" + url.QueryEscape("ca phe")
		r = get(t, f, target)
		if r.status != 200 {
			t.Fatalf("degraded GET %s: %d", target, r.status)
		}
		r.has(t, target, "Search is under maintenance", "/san-pham/ca-phe-bot-arabica")
	})
}

func TestSearchAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		f := catalogApp(t, b).Fiber()
		r := get(t, f, "/api/v1/products?q="+url.QueryEscape("ca phe son la"))
		var list struct {
			Items []struct {
				Slug       string
				Highlights map[string]string
			}
			Total  int
			Facets map[string]map[string]int
		}
		if err := json.Unmarshal([]byte(r.body), &list); err != nil || r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if list.Total == 0 || !strings.Contains(list.Items[0].Highlights["name"], "<mark>") {
			t.Fatalf("search API: %+v", list)
		}
		sum := 0
		for _, n := range list.Facets["stars"] {
			sum += n
		}
		if sum != list.Total {
			t.Errorf("stars facet sums to %d, total %d", sum, list.Total)
		}

		r = get(t, f, "/api/v1/search/suggest?q="+url.QueryEscape("ca ph"))
		var sug struct{ Items []string }
		if err := json.Unmarshal([]byte(r.body), &sug); err != nil || r.status != 200 || len(sug.Items) == 0 {
			t.Fatalf("suggest: %d %s", r.status, r.body)
		}
		for _, bad := range []string{"/api/v1/search/suggest?q=%ff", "/api/v1/search/suggest?q=" + strings.Repeat("x", 500)} {
			if r := get(t, f, bad); r.status != 400 {
				t.Errorf("%s: %d, want 400", bad[:40], r.status)
			}
		}
	})
}
