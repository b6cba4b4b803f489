package storefront_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// TestBadInputNeverFailsOrChanges sends the API bytes PostgreSQL refuses
// (NUL, invalid UTF-8) and oversized values in every text a shopper types:
// each is a 4xx saying what to fix, never a 500 or 503, and nothing is
// placed, stored or taken from stock.
func TestBadInputNeverFailsOrChanges(t *testing.T) {
	eachDatabase(t, func(t *testing.T, w *world) {
		d := w.DB
		app := w.app()
		c := newClient(t, app)
		c.register("lan@example.com")
		c.add(w.ids["ca-phe-bot"], 2)
		const nul = "a\x00b"
		checkout := func(mod func(b map[string]any)) map[string]any {
			b := checkoutBody("cod")
			mod(b)
			return b
		}
		address := func(mod func(b map[string]any)) map[string]any {
			b := map[string]any{"name": "Lan", "phone": "0912345678", "line": "12 Lê Lợi", "ward": "Tô Hiệu", "province": "son-la"}
			mod(b)
			return b
		}
		for _, tc := range []struct {
			name, method, path string
			body               any
			headers            []string
			status             int
			code, field        string
		}{
			{"checkout: NUL in name", "POST", "/api/v1/checkout", checkout(func(b map[string]any) { b["name"] = nul }),
				[]string{"Idempotency-Key", "k-1"}, 400, "invalid_input", "name"},
			{"checkout: NUL in note", "POST", "/api/v1/checkout", checkout(func(b map[string]any) { b["note"] = nul }),
				[]string{"Idempotency-Key", "k-2"}, 400, "invalid_input", "note"},
			{"checkout: NUL in province", "POST", "/api/v1/checkout", checkout(func(b map[string]any) {
				b["address"] = map[string]any{"line": "1", "ward": "2", "province": nul}
			}), []string{"Idempotency-Key", "k-3"}, 400, "invalid_input", "address.province"},
			{"checkout: script in name is text, too long note", "POST", "/api/v1/checkout", checkout(func(b map[string]any) {
				b["name"], b["note"] = "<script>alert(1)</script>", strings.Repeat("x", 501)
			}), []string{"Idempotency-Key", "k-4"}, 400, "invalid_input", "note"},
			{"checkout: key of invalid UTF-8", "POST", "/api/v1/checkout", checkoutBody("cod"),
				[]string{"Idempotency-Key", "k\xff\xfe"}, 400, "invalid_input", "Idempotency-Key"},
			{"checkout: key with NUL", "POST", "/api/v1/checkout", checkoutBody("cod"),
				[]string{"Idempotency-Key", "k\x00k"}, 400, "invalid_input", "Idempotency-Key"},
			{"checkout: key too long", "POST", "/api/v1/checkout", checkoutBody("cod"),
				[]string{"Idempotency-Key", strings.Repeat("k", 201)}, 400, "invalid_input", "Idempotency-Key"},
			{"checkout: fractional total", "POST", "/api/v1/checkout", checkout(func(b map[string]any) { b["expected_total_vnd"] = 1.5 }),
				[]string{"Idempotency-Key", "k-5"}, 400, "invalid_input", "expected_total_vnd"},
			{"checkout: negative total", "POST", "/api/v1/checkout", checkout(func(b map[string]any) { b["expected_total_vnd"] = -1 }),
				[]string{"Idempotency-Key", "k-6"}, 400, "invalid_input", "expected_total_vnd"},
			{"checkout: name of the wrong type", "POST", "/api/v1/checkout", checkout(func(b map[string]any) { b["name"] = 7 }),
				[]string{"Idempotency-Key", "k-7"}, 400, "invalid_input", "name"},
			{"address: NUL in line", "POST", "/api/v1/me/addresses", address(func(b map[string]any) { b["line"] = nul }),
				nil, 400, "invalid_input", "line"},
			{"address: NUL in ward", "POST", "/api/v1/me/addresses", address(func(b map[string]any) { b["ward"] = nul }),
				nil, 400, "invalid_input", "ward"},
			{"address: NUL in name", "POST", "/api/v1/me/addresses", address(func(b map[string]any) { b["name"] = nul }),
				nil, 400, "invalid_input", "name"},
			{"address: NUL in province", "POST", "/api/v1/me/addresses", address(func(b map[string]any) { b["province"] = nul }),
				nil, 400, "invalid_input", "province"},
			{"address: long line", "POST", "/api/v1/me/addresses", address(func(b map[string]any) { b["line"] = strings.Repeat("ă", 201) }),
				nil, 400, "invalid_input", "line"},
			{"cart: fractional quantity", "POST", "/api/v1/cart/items", map[string]any{"product_id": w.ids["tra-hoa"], "quantity": 1.5},
				nil, 400, "invalid_input", "quantity"},
			{"cart: huge quantity", "PUT", "/api/v1/cart/items/" + strconv.FormatInt(w.ids["ca-phe-bot"], 10), map[string]any{"quantity": 1e12},
				nil, 400, "invalid_input", "quantity"},
			{"cart: negative quantity", "PUT", "/api/v1/cart/items/" + strconv.FormatInt(w.ids["ca-phe-bot"], 10), map[string]any{"quantity": -1},
				nil, 400, "invalid_input", "quantity"},
			{"products: a page past the index", "GET", "/api/v1/products?page=1001", nil, nil, 400, "invalid_input", "page"},
			{"products: a page past the deepest hit", "GET", "/api/v1/products?per_page=100&page=101", nil, nil, 400, "invalid_input", "page"},
			{"products: too many provinces", "GET", "/api/v1/products?province=" + strings.TrimSuffix(strings.Repeat("son-la,", 51), ","), nil, nil, 400, "invalid_input", "province"},
			{"products: text past the index", "GET", "/api/v1/products?q=" + strings.Repeat("a", 201), nil, nil, 400, "invalid_input", "q"},
			{"login: NUL in email", "POST", "/api/v1/auth/login", map[string]any{"email": "lan\x00@example.com", "password": "mat-khau-dai"},
				nil, 401, "invalid_credentials", ""},
			{"login: email of invalid UTF-8", "POST", "/api/v1/auth/login", "{\"email\":\"lan\xff@example.com\",\"password\":\"mat-khau-dai\"}",
				[]string{"Content-Type", "application/json"}, 401, "invalid_credentials", ""},
			{"login: email of 300 kB", "POST", "/api/v1/auth/login", map[string]any{"email": strings.Repeat("a", 300_000) + "@example.com", "password": "mat-khau-dai"},
				nil, 401, "invalid_credentials", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := c.Do(tc.method, tc.path, tc.body, tc.headers...)
				expect(t, tc.name, r, tc.status, tc.code)
				if tc.field != "" && (r.Field(tc.field) == "" || r.FieldCode(tc.field) == "") {
					t.Fatalf("no word or code on %s: %s", tc.field, r.Raw)
				}
			})
		}
		var n int
		if err := d.GetContext(context.Background(), &n, `SELECT COUNT(*) FROM orders`); err != nil || n != 0 {
			t.Fatalf("%d orders after refused checkouts (%v)", n, err)
		}
		if err := d.GetContext(context.Background(), &n, `SELECT COUNT(*) FROM user_addresses`); err != nil || n != 0 {
			t.Fatalf("%d addresses after refused ones (%v)", n, err)
		}
		if q := c.quantities(); len(q) != 1 || q[w.ids["ca-phe-bot"]] != 2 {
			t.Fatalf("cart after refused changes: %v", q)
		}
		if s, _ := w.Catalog.Stock(context.Background(), w.DB, w.ids["ca-phe-bot"]); s != 100 {
			t.Fatalf("stock %d after refused checkouts, want 100", s)
		}
	})
}
