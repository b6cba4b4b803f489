package faults

import (
	"net/http"
	"testing"
	"time"
)

// TestRedisRestart stops Redis, which holds the sessions and carts, and
// starts it again: meanwhile the catalog pages and API answer (for
// shoppers logged in too) and a cart says it is unavailable with a 503;
// afterwards the logged-in shopper is still logged in, both carts are
// as they were and a checkout goes through.
func TestRedisRestart(t *testing.T) {
	t.Parallel()
	start := time.Now()
	rs := newRedis(t)
	srv := newServer(t, "REDIS_URL="+rs.url())
	srv.start()
	base := snapshot(t, database{sqlitePath: srv.dir + "/ocopmarket.db"})
	products := stocked(t, srv, 2)

	tl := newTally()
	shopper, visitor := newClient(t, srv, tl), newClient(t, srv, tl)
	shopper.must(t, http.StatusOK, http.MethodPost, "/api/v1/auth/login", map[string]any{"email": "khach@ocop.local", "password": "ocop-demo-2025"})
	shopper.must(t, http.StatusOK, http.MethodPost, "/api/v1/cart/items", map[string]any{"product_id": products[0], "quantity": 2})
	visitor.must(t, http.StatusOK, http.MethodPost, "/api/v1/cart/items", map[string]any{"product_id": products[1], "quantity": 3})
	me := shopper.must(t, http.StatusOK, http.MethodGet, "/api/v1/me", nil)

	rs.restart(func() {
		for _, c := range []*client{shopper, visitor, newClient(t, srv, tl)} {
			for _, path := range []string{"/", "/san-pham", "/san-pham?q=ca+phe", "/api/v1/products?q=mat+ong"} {
				c.must(t, http.StatusOK, http.MethodGet, path, nil)
			}
		}
		// A visitor without a cart has nothing to read; the two with one
		// are told it is out of reach (the shopper's session first).
		for _, c := range []*client{shopper, visitor} {
			a := c.must(t, http.StatusServiceUnavailable, http.MethodGet, "/api/v1/cart", nil)
			if a.code() != "cart_unavailable" && a.code() != "session_unavailable" {
				t.Errorf("cart while Redis is down: %s", a.Raw)
			}
		}
	})

	again := shopper.must(t, http.StatusOK, http.MethodGet, "/api/v1/me", nil)
	if email(again) != email(me) || email(me) == "" {
		t.Errorf("after the restart /api/v1/me is %s, was %s", again.Raw, me.Raw)
	}
	for _, c := range []struct {
		who   *client
		count float64
	}{{shopper, 2}, {visitor, 3}} {
		cart := c.who.must(t, http.StatusOK, http.MethodGet, "/api/v1/cart", nil)
		if n, _ := cart.JSON["count"].(float64); n != c.count {
			t.Errorf("after the restart the cart holds %v items, want %v: %s", n, c.count, truncate(cart.Raw, 300))
		}
	}
	shopper.must(t, http.StatusCreated, http.MethodPost, "/api/v1/checkout", guest(1), "Idempotency-Key", newKey())

	t.Logf("answers: %s", tl)
	tl.only(t, 503)
	base.check(t)
	t.Logf("fault run took %s", time.Since(start).Round(time.Millisecond))
}

// email is the email of a /api/v1/me answer.
func email(a answer) string {
	u, _ := a.JSON["user"].(map[string]any)
	s, _ := u["email"].(string)
	return s
}
