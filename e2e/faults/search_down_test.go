package faults

import (
	"net/http"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// TestSearchDown runs the app on a Meilisearch that does not answer:
// listings and searches, pages and API, answer from SQL; /readyz says
// the search is down (a 503, the only 5xx); checkouts go through and their
// index jobs wait, failed, in the outbox. Once the backend answers, the
// outbox catches up: every index job is done and the products the
// checkouts changed are written to the index.
func TestSearchDown(t *testing.T) {
	t.Parallel()
	start := time.Now()
	search := newMeili(t)
	srv := newServer(t, "SEARCH_URL="+search.url(), "SEARCH_API_KEY=faults-key")
	srv.start()
	d := database{sqlitePath: srv.dir + "/ocopmarket.db"}
	base := snapshot(t, d)
	tl := newTally()
	c := newClient(t, srv, tl)

	for _, path := range []string{"/api/v1/products?q=ca+phe", "/api/v1/products?stars=4&province=son-la", "/api/v1/products?q=mat+ong&sort=price_asc"} {
		res := c.must(t, http.StatusOK, http.MethodGet, path, nil)
		if total, _ := res.JSON["total"].(float64); total == 0 {
			t.Errorf("%s: no product while the search is down: %s", path, truncate(res.Raw, 300))
		}
	}
	for _, path := range []string{"/", "/san-pham", "/san-pham?q=ca+phe&stars=4"} {
		c.must(t, http.StatusOK, http.MethodGet, path, nil)
	}
	if res := c.must(t, http.StatusServiceUnavailable, http.MethodGet, "/readyz", nil); !jsonHas(res, "checks", "search", "down") {
		t.Errorf("/readyz while the search is down: %s", res.Raw)
	}

	products := stocked(t, srv, 3)
	for i, id := range products {
		shopper := newClient(t, srv, tl)
		shopper.must(t, http.StatusOK, http.MethodPost, "/api/v1/cart/items", map[string]any{"product_id": id, "quantity": 1})
		shopper.must(t, http.StatusCreated, http.MethodPost, "/api/v1/checkout", guest(i), "Idempotency-Key", newKey())
	}
	waitFor(t, 30*time.Second, "index jobs failed against the dead backend", func() bool {
		_, failed := pendingJobs(t, d, catalog.JobIndexProducts)
		return failed > 0
	})
	pending, failed := pendingJobs(t, d, catalog.JobIndexProducts)
	t.Logf("%d index jobs waiting while the search is down, %d of them failed at least once", pending, failed)

	search.start()
	waitFor(t, 90*time.Second, "the outbox catches up with the search backend", func() bool {
		n, _ := pendingJobs(t, d, catalog.JobIndexProducts)
		return n == 0
	})
	for _, id := range products {
		if !search.has(id) {
			t.Errorf("product %d, bought while the search was down, was not written to the index after", id)
		}
	}
	c.must(t, http.StatusOK, http.MethodGet, "/readyz", nil)

	t.Logf("answers: %s", tl)
	tl.only(t, 503)
	base.check(t)
	t.Logf("fault run took %s", time.Since(start).Round(time.Millisecond))
}

// jsonHas reports whether a's JSON holds want at the path of keys.
func jsonHas(a answer, keys ...string) bool {
	var v any = a.JSON
	for _, k := range keys[:len(keys)-1] {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		v = m[k]
	}
	return v == keys[len(keys)-1]
}
