package storefront_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/redistest"
)

func TestCartValidation(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		c := newClient(t, w.app())
		coffee, tea, hidden := w.ids["ca-phe-bot"], w.ids["tra-hoa"], w.ids["ca-an"]
		expect(t, "add", c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": 2}), 200)
		before := fmt.Sprint(c.quantities())
		tests := []struct {
			name   string
			method string
			target string
			body   any
			status int
			code   string
			field  string
		}{
			{"zero", "POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": 0}, 400, "invalid_input", "quantity"},
			{"negative", "POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": -1}, 400, "invalid_input", "quantity"},
			{"fractional", "POST", "/api/v1/cart/items", `{"product_id": ` + fmt.Sprint(coffee) + `, "quantity": 1.5}`, 400, "invalid_input", "quantity"},
			{"exponent", "POST", "/api/v1/cart/items", `{"product_id": ` + fmt.Sprint(coffee) + `, "quantity": 1e2}`, 400, "invalid_input", "quantity"},
			{"string", "POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": "2"}, 400, "invalid_input", "quantity"},
			{"null", "POST", "/api/v1/cart/items", `{"product_id": ` + fmt.Sprint(coffee) + `, "quantity": null}`, 400, "invalid_input", "quantity"},
			{"missing", "POST", "/api/v1/cart/items", map[string]any{"product_id": coffee}, 400, "invalid_input", "quantity"},
			{"1000", "POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": 1000}, 400, "invalid_input", "quantity"},
			{"huge", "POST", "/api/v1/cart/items", `{"product_id": ` + fmt.Sprint(coffee) + `, "quantity": 99999999999999999999999}`, 400, "invalid_input", "quantity"},
			{"unknown product", "POST", "/api/v1/cart/items", map[string]any{"product_id": 987654, "quantity": 1}, 400, "invalid_input", "product_id"},
			{"unpublished product", "POST", "/api/v1/cart/items", map[string]any{"product_id": hidden, "quantity": 1}, 400, "invalid_input", "product_id"},
			{"product id as text", "POST", "/api/v1/cart/items", map[string]any{"product_id": "ca-phe-bot", "quantity": 1}, 400, "invalid_input", "product_id"},
			{"malformed JSON", "POST", "/api/v1/cart/items", `{"product_id": 1, "quantity": `, 400, "invalid_json", ""},
			{"array", "POST", "/api/v1/cart/items", `[1, 2]`, 400, "invalid_json", ""},
			{"empty body", "POST", "/api/v1/cart/items", ``, 400, "invalid_json", ""},
			{"over stock", "POST", "/api/v1/cart/items", map[string]any{"product_id": tea, "quantity": 6}, 409, "insufficient_stock", ""},
			{"over stock with what is in the cart", "POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": 99}, 409, "insufficient_stock", ""},
			{"set over stock", "PUT", fmt.Sprintf("/api/v1/cart/items/%d", coffee), map[string]any{"quantity": 101}, 409, "insufficient_stock", ""},
			{"set negative", "PUT", fmt.Sprintf("/api/v1/cart/items/%d", coffee), map[string]any{"quantity": -3}, 400, "invalid_input", "quantity"},
			{"set fractional", "PUT", fmt.Sprintf("/api/v1/cart/items/%d", coffee), `{"quantity": 0.5}`, 400, "invalid_input", "quantity"},
			{"set unknown", "PUT", "/api/v1/cart/items/987654", map[string]any{"quantity": 1}, 404, "not_found", ""},
			{"set unpublished", "PUT", fmt.Sprintf("/api/v1/cart/items/%d", hidden), map[string]any{"quantity": 1}, 404, "not_found", ""},
			{"set bad id", "PUT", "/api/v1/cart/items/-4", map[string]any{"quantity": 1}, 404, "not_found", ""},
			{"set id as text", "PUT", "/api/v1/cart/items/abc", map[string]any{"quantity": 1}, 404, "not_found", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.Do(tt.method, tt.target, tt.body, "Content-Type", "application/json")
				expect(t, tt.name, r, tt.status, tt.code)
				if tt.field != "" && r.Field(tt.field) == "" {
					t.Fatalf("no error on %s: %s", tt.field, r.Raw)
				}
				if after := fmt.Sprint(c.quantities()); after != before {
					t.Fatalf("cart changed from %s to %s", before, after)
				}
			})
		}
		// PUT 0 removes, DELETE removes, both answer the cart.
		expect(t, "set", c.Do("PUT", fmt.Sprintf("/api/v1/cart/items/%d", coffee), map[string]any{"quantity": 100}), 200)
		if q := c.quantities(); q[coffee] != 100 {
			t.Fatalf("after PUT 100: %v", q)
		}
		expect(t, "set 0", c.Do("PUT", fmt.Sprintf("/api/v1/cart/items/%d", coffee), map[string]any{"quantity": 0}), 200)
		expect(t, "add tea", c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": tea, "quantity": 1}), 200)
		expect(t, "delete", c.Do("DELETE", fmt.Sprintf("/api/v1/cart/items/%d", tea), nil, "Content-Type", "application/json"), 200)
		if q := c.quantities(); len(q) != 0 {
			t.Fatalf("after removing everything: %v", q)
		}
	})
}

// TestCartView checks groups, shipping rules, totals and the notes about
// price and stock changes.
func TestCartView(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		c := newClient(t, w.app())
		coffee, tea, chaCa := w.ids["ca-phe-bot"], w.ids["tra-hoa"], w.ids["cha-ca"]
		for _, add := range []struct {
			id  int64
			qty int
		}{{coffee, 2}, {chaCa, 1}, {tea, 1}} {
			expect(t, "add", c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": add.id, "quantity": add.qty}), 200)
		}
		r := c.Do("GET", "/api/v1/cart", nil)
		// Bích Thao: 2×180000 + 120000 = 480000 < 500000 → 30000 shipping.
		// Hồ Quỳnh: 95000, flat 25000. Total 480000+30000+95000+25000.
		checkCart(t, r, 630000, 4, map[string][2]int64{"htx-bich-thao": {480000, 30000}, "htx-ho-quynh": {95000, 25000}})

		expect(t, "one more coffee", c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": 1}), 200)
		r = c.Do("GET", "/api/v1/cart", nil)
		// 660000 ≥ 500000: free shipping for Bích Thao.
		checkCart(t, r, 660000+95000+25000, 5, map[string][2]int64{"htx-bich-thao": {660000, 0}, "htx-ho-quynh": {95000, 25000}})

		// The cooperative raises a price and sells out another product.
		w.Exec(`UPDATE products SET price_vnd = 200000 WHERE id = ?`, coffee)
		w.Exec(`UPDATE products SET stock = 0 WHERE id = ?`, tea)
		r = c.Do("GET", "/api/v1/cart", nil)
		items := map[int64]map[string]any{}
		for _, g := range r.Body["groups"].([]any) {
			for _, it := range g.(map[string]any)["items"].([]any) {
				m := it.(map[string]any)
				items[int64(m["product_id"].(float64))] = m
			}
		}
		cf, te := items[coffee], items[tea]
		if cf["price_changed"] != true || cf["added_price_vnd"].(float64) != 180000 || cf["price_vnd"].(float64) != 200000 ||
			cf["note"].(map[string]any)["code"] != "price_changed" || cf["available"] != true {
			t.Fatalf("coffee after the price change: %v", cf)
		}
		if te["available"] != false || te["note"].(map[string]any)["code"] != "out_of_stock" {
			t.Fatalf("tea after selling out: %v", te)
		}
		if msg := cf["note"].(map[string]any)["message"]; msg != "Giá đã đổi từ 180.000 ₫ thành 200.000 ₫ kể từ khi bạn thêm vào." {
			t.Fatalf("note in Vietnamese: %q", msg)
		}
		en := c.Do("GET", "/api/v1/cart?lang=en", nil)
		if !strings.Contains(en.Raw, "Sold out since you added it") || strings.Contains(en.Raw, "Đã hết hàng") {
			t.Fatalf("notes in English: %s", en.Raw)
		}
		c.Do("GET", "/api/v1/cart?lang=vi", nil)
		// The sold-out tea is left out of the totals.
		checkCart(t, r, 3*200000+95000+25000, 5, map[string][2]int64{"htx-bich-thao": {600000, 0}, "htx-ho-quynh": {95000, 25000}})

		// Unpublished products are left out with a note.
		w.Exec(`UPDATE products SET published = FALSE WHERE id = ?`, chaCa)
		r = c.Do("GET", "/api/v1/cart", nil)
		if notes := r.Body["notes"].([]any); len(notes) != 1 || len(r.Body["groups"].([]any)) != 1 {
			t.Fatalf("after unpublishing: %s", r.Raw)
		}
	})
}

func checkCart(t *testing.T, r response, total, count int, groups map[string][2]int64) {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf("GET /cart: %d %s", r.Status, r.Raw)
	}
	if int(r.Body["total_vnd"].(float64)) != total || int(r.Body["count"].(float64)) != count {
		t.Fatalf("total %v count %v, want %d and %d: %s", r.Body["total_vnd"], r.Body["count"], total, count, r.Raw)
	}
	got := map[string][2]int64{}
	for _, g := range r.Body["groups"].([]any) {
		m := g.(map[string]any)
		slug := m["cooperative"].(map[string]any)["slug"].(string)
		got[slug] = [2]int64{int64(m["subtotal_vnd"].(float64)), int64(m["shipping_vnd"].(float64))}
	}
	if fmt.Sprint(got) != fmt.Sprint(groups) {
		t.Fatalf("groups (subtotal, shipping) = %v, want %v", got, groups)
	}
}

func TestCartOwnership(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		app := w.app()
		lan := newClient(t, app)
		lan.register("lan@example.vn")
		expect(t, "add", lan.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": w.ids["ca-phe-bot"], "quantity": 3}), 200)
		expect(t, "logout", lan.Do("POST", "/api/v1/auth/logout", map[string]any{}), 204)
		if q := lan.quantities(); len(q) != 0 {
			t.Fatalf("after logout the browser still sees the cart: %v", q)
		}
		minh := newClient(t, app)
		minh.register("minh@example.vn")
		if q := minh.quantities(); len(q) != 0 {
			t.Fatalf("Minh sees %v", q)
		}
		// A forged guest cookie naming Lan's cart id reaches nothing.
		forger := newClient(t, app)
		forger.SetCookie("ocop_cart", "u:1")
		if q := forger.quantities(); len(q) != 0 {
			t.Fatalf("forged cart cookie sees %v", q)
		}
		expect(t, "login again", lan.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai"}), 200)
		if q := lan.quantities(); q[w.ids["ca-phe-bot"]] != 3 {
			t.Fatalf("Lan's cart after logging in again: %v", q)
		}
	})
}

func TestGuestCartJoinsAtLogin(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		app := w.app()
		coffee, chaCa := w.ids["ca-phe-bot"], w.ids["cha-ca"]
		lan := newClient(t, app)
		lan.register("lan@example.vn")
		expect(t, "add as Lan", lan.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": 3}), 200)

		guest := newClient(t, app)
		expect(t, "guest adds", guest.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": 2}), 200)
		expect(t, "guest adds", guest.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": chaCa, "quantity": 1}), 200)
		if guest.Cookie("ocop_cart") == "" {
			t.Fatal("no guest cart cookie")
		}
		expect(t, "guest logs in", guest.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai"}), 200)
		if guest.Cookie("ocop_cart") != "" {
			t.Error("guest cart cookie kept after login")
		}
		want := fmt.Sprint(map[int64]int{coffee: 5, chaCa: 1})
		if q := fmt.Sprint(guest.quantities()); q != want {
			t.Fatalf("merged cart %s, want %s", q, want)
		}
		if q := fmt.Sprint(lan.quantities()); q != want {
			t.Fatalf("Lan's other session sees %s, want %s", q, want)
		}
	})
}

func TestGuestCartSurvivesRestart(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		c := newClient(t, w.app())
		expect(t, "add", c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": w.ids["cha-ca"], "quantity": 4}), 200)
		c.Use(w.app()) // a new server process over the same database and Redis
		if q := c.quantities(); q[w.ids["cha-ca"]] != 4 {
			t.Fatalf("after restart: %v", q)
		}
	})
}

func TestConcurrentAdds(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		c := newClient(t, w.app())
		chaCa := w.ids["cha-ca"]
		expect(t, "first add", c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": chaCa, "quantity": 1}), 200)
		var wg sync.WaitGroup
		for range 49 {
			wg.Go(func() {
				if r := c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": chaCa, "quantity": 1}); r.Status != 200 {
					t.Errorf("concurrent add: %d %s", r.Status, r.Raw)
				}
			})
		}
		wg.Wait()
		if q := c.quantities(); q[chaCa] != 50 {
			t.Fatalf("after 50 adds: %v", q)
		}
	})
}

// TestRedisDown: with Redis gone, browsing works, the cart and login
// answer 503 with a message, and everything recovers when Redis is back.
func TestRedisDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ln.Addr().String()
	ln.Close()
	opt := redistest.Options(t, redistest.URL(t))
	real := opt.Addr
	d := newWorld(t, apptest.Backend{Name: "sqlite/redis", Redis: true}, "REDIS_URL", "redis://"+down+fmt.Sprintf("/%d", opt.DB))
	app := d.app()
	c := newClient(t, app)

	expect(t, "browsing", c.Do("GET", "/api/v1/products", nil), 200)
	expect(t, "guest cart without cookie", c.Do("GET", "/api/v1/cart", nil), 200)
	r := c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": d.ids["cha-ca"], "quantity": 1})
	expect(t, "add with Redis down", r, 503, "cart_unavailable")
	if r.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	expect(t, "register with Redis down", c.Do("POST", "/api/v1/auth/register",
		map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai", "name": "Lan"}), 503)

	if _, err := d.Accounts.Register(context.Background(), account.Registration{Email: "lan@example.vn", Password: "mat-khau-dai", Name: "Lan"}); err != nil {
		t.Fatal(err)
	}
	expect(t, "login with Redis down", c.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai"}), 503)
	stop := redistest.Proxy(t, down, real) // Redis is back
	expect(t, "add after Redis came back", c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": d.ids["cha-ca"], "quantity": 1}), 200)
	expect(t, "login after Redis came back", c.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai"}), 200)
	stop()
	expect(t, "browsing while Redis is gone again", c.Do("GET", "/api/v1/products", nil), 200)
	expect(t, "me while Redis is gone again", c.Do("GET", "/api/v1/me", nil), 503, "session_unavailable")
	expect(t, "cart while Redis is gone again", c.Do("GET", "/api/v1/cart", nil), 503)
}
