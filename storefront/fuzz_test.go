package storefront_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe/stripetest"
)

// The fuzz targets of the shopper's API send what the fuzzer makes to the
// real app and hold it to three rules: never a 5xx; bad input is a 4xx;
// and a refused request changes nothing (the cart, the orders, the stock,
// the addresses). Every answer of /api/v1 is also checked against
// docs/openapi.yaml by the client. The app is built once per target and
// database, not once per input.

// fuzzing reports whether the test binary is fuzzing (go test -fuzz)
// rather than running the seed corpus as a plain test.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// fuzzBackends are the databases a fuzz target sends each input to: SQLite
// and PostgreSQL when the seed corpus runs as a plain test, SQLite alone
// while fuzzing, which then needs no server and runs more inputs a second.
func fuzzBackends() []apptest.Backend {
	if fuzzing() {
		return apptest.Databases()[:1]
	}
	return apptest.Databases()
}

// fuzzApp is the app a fuzz target sends its inputs to, on one database.
type fuzzApp struct {
	w   *world
	f   *fiber.App
	log *appLog
	// cookies are those of a client the target set up (logged in).
	cookies map[string]string
}

// fuzzApps builds the app of a fuzz target on each of fuzzBackends: the
// world of the tests, with card payments on when cards is true (with a
// webhook secret, but an API address that answers nothing, since no
// fuzzed request may reach Stripe). prepare runs on each before any input.
func fuzzApps(f *testing.F, cards bool, prepare func(a *fuzzApp)) []*fuzzApp {
	var apps []*fuzzApp
	for _, b := range fuzzBackends() {
		a := &fuzzApp{log: &appLog{}, cookies: map[string]string{}}
		o := apptest.Options{Env: map[string]string{}, Log: a.log}
		if cards {
			o.Env = map[string]string{"STRIPE_SECRET_KEY": "sk_test_123", "STRIPE_PUBLISHABLE_KEY": "pk_test_123",
				"STRIPE_WEBHOOK_SECRET": webhookSecret, "STRIPE_API_URL": "http://127.0.0.1:9"}
		}
		a.w = &world{App: apptest.New(f, b, o), t: f, ids: map[string]int64{}}
		a.w.seed()
		a.f = a.w.app()
		if prepare != nil {
			prepare(a)
		}
		a.log.take()
		apps = append(apps, a)
	}
	return apps
}

// client is a new client of the app for one input, with the target's cookies.
func (a *fuzzApp) client(t *testing.T) *client {
	c := newClient(t, a.f)
	for name, v := range a.cookies {
		c.SetCookie(name, v)
	}
	return c
}

// noServerError fails the test on a 5xx, with what the app logged.
func (a *fuzzApp) noServerError(t *testing.T, what string, r response) {
	t.Helper()
	if r.Status >= 500 {
		t.Fatalf("%s: %d %.1000s\napp log: %s", what, r.Status, r.Raw, a.log.take())
	}
}

// appLog keeps what the app logs while fuzzed, for the report of a 5xx.
type appLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *appLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 1<<20 {
		l.b.Reset()
	}
	return l.b.Write(p)
}

// take returns what was logged since the last take.
func (l *appLog) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	l.b.Reset()
	return s
}

// queryOf makes fuzzed text a request target's query: bytes a request line
// cannot hold are percent-encoded, everything else (&, =, %, +) is kept
// for the app to decode.
func queryOf(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c <= ' ' || c >= 0x7f || c == '#' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// headerOf makes fuzzed text a header value: the control characters a
// header line cannot carry are dropped.
func headerOf(raw string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, raw)
}

// state is what a refused request must leave as it was, as one string.
func state(t *testing.T, w *world) string {
	t.Helper()
	var s struct {
		Orders    int   `db:"orders"`
		Paid      int   `db:"paid"`
		Events    int   `db:"events"`
		Ledger    int   `db:"ledger"`
		Stock     int64 `db:"stock"`
		Addresses int   `db:"addresses"`
	}
	err := w.DB.GetContext(context.Background(), &s, `SELECT (SELECT COUNT(*) FROM orders) AS orders,
		(SELECT COUNT(*) FROM orders WHERE payment_status = 'paid') AS paid,
		(SELECT COUNT(*) FROM payment_events) AS events, (SELECT COUNT(*) FROM ledger_entries) AS ledger,
		(SELECT COALESCE(SUM(stock), 0) FROM products) AS stock, (SELECT COUNT(*) FROM user_addresses) AS addresses`)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%+v", s)
}

// FuzzListingQuery sends any query to the product list of the API and of
// the listing page: both answer 200 or 400, the same one, and a list
// answered holds at most a page of products.
func FuzzListingQuery(f *testing.F) {
	for _, q := range []string{"q=ca+phe&stars=4&province=son-la", "q=c%C3%A0%20ph%C3%AA&sort=price_asc&page=2&per_page=10",
		"category=ca-phe,tra&min_price=1000&max_price=200000", "stars=2", "page=0&per_page=101", "province=S%C6%A1n+La",
		"q=%00%FF&sort=stars", "min_price=500&max_price=100", "page=1001", "q=" + strings.Repeat("x", 201), "certification=&cooperative=,,"} {
		f.Add(q)
	}
	apps := fuzzApps(f, false, nil)
	f.Fuzz(func(t *testing.T, raw string) {
		q := queryOf(raw)
		for _, a := range apps {
			c := a.client(t)
			api := c.Get("/api/v1/products?" + q)
			page := c.Get("/san-pham?" + q)
			a.noServerError(t, "GET /api/v1/products?"+q, api)
			a.noServerError(t, "GET /san-pham?"+q, page)
			if (api.Status != 200 && api.Status != 400) || page.Status != api.Status {
				t.Fatalf("?%s: the API answers %d %.300s, the page %d", q, api.Status, api.Raw, page.Status)
			}
			if api.Status == 200 {
				items, _ := api.Body["items"].([]any)
				if per := num(api.Body["per_page"]); per < 1 || per > 100 || int64(len(items)) > per || num(api.Body["page"]) < 1 {
					t.Fatalf("?%s: page %v of %v holds %d products", q, api.Body["page"], api.Body["per_page"], len(items))
				}
			}
		}
	})
}

// FuzzCartItems sends any body to add an item and to set its quantity:
// never a 5xx; a refusal leaves the cart as it was; an item added or set
// changes the cart by exactly the quantity the body names.
func FuzzCartItems(f *testing.F) {
	f.Add(`{"product_id": %d, "quantity": 2}`, `{"quantity": 5}`)
	f.Add(`{"product_id": %d, "quantity": 1.5}`, `{"quantity": 0}`)
	f.Add(`{"product_id": "%d", "quantity": "1"}`, `{"quantity": -1}`)
	f.Add(`{"product_id": %d, "quantity": 998}`, `{"quantity": 1e2}`)
	f.Add(`{"product_id": 987654, "quantity": 1}`, `{"quantity": null}`)
	f.Add(`[%d, 1]`, `{"quantity": 99999999999999999999}`)
	f.Add(`{"product_id": %d, "quantity": 1, "quantity": 3}`, `{"Quantity": 4}`)
	f.Add(`{"product_id": %d`, ``)
	apps := fuzzApps(f, false, nil)
	f.Fuzz(func(t *testing.T, add, set string) {
		for _, a := range apps {
			coffee, tea := a.w.ids["ca-phe-bot"], a.w.ids["tra-hoa"]
			// The body names a product by %d: the coffee, so that quantities count.
			add := strings.ReplaceAll(add, "%d", strconv.FormatInt(coffee, 10))
			c := a.client(t)
			c.add(tea, 1)
			before := c.quantities()
			r := c.Do("POST", "/api/v1/cart/items", add, "Content-Type", "application/json")
			a.noServerError(t, "POST /api/v1/cart/items "+add, r)
			after := c.quantities()
			want := map[int64]int{tea: 1}
			if r.Status == 200 {
				pid, qty, ok := wholeNumbers(add, "product_id", "quantity")
				if !ok || pid != coffee {
					t.Fatalf("POST %s: 200 for a body that names no coffee and quantity", add)
				}
				want[coffee] = int(qty)
			} else if r.Status < 400 {
				t.Fatalf("POST %s: %d", add, r.Status)
			}
			if fmt.Sprint(after) != fmt.Sprint(want) {
				t.Fatalf("POST %s answered %d: the cart went from %v to %v, want %v", add, r.Status, before, after, want)
			}

			r = c.Do("PUT", fmt.Sprintf("/api/v1/cart/items/%d", tea), set, "Content-Type", "application/json")
			a.noServerError(t, "PUT /api/v1/cart/items "+set, r)
			final := c.quantities()
			if r.Status == 200 {
				qty, _, ok := wholeNumbers(set, "quantity", "quantity")
				if !ok {
					t.Fatalf("PUT %s: 200 for a body without a whole quantity", set)
				}
				delete(want, tea)
				if qty > 0 {
					want[tea] = int(qty)
				}
			} else if r.Status < 400 {
				t.Fatalf("PUT %s: %d", set, r.Status)
			}
			if fmt.Sprint(final) != fmt.Sprint(want) {
				t.Fatalf("PUT %s answered %d: the cart went from %v to %v, want %v", set, r.Status, after, final, want)
			}
		}
	})
}

// wholeNumbers reads two fields of a JSON object as integers, the way the
// API is meant to take them: JSON integers under their exact names.
func wholeNumbers(body, a, b string) (int64, int64, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(body), &m) != nil {
		return 0, 0, false
	}
	read := func(name string) (int64, bool) {
		n, err := strconv.ParseInt(strings.TrimSpace(string(m[name])), 10, 64)
		return n, err == nil
	}
	x, okA := read(a)
	y, okB := read(b)
	return x, y, okA && okB
}

// FuzzCheckout sends any checkout body and Idempotency-Key with a cart of
// two coffees: never a 5xx; a refusal places no order, takes no stock and
// leaves the cart as it was; a checkout placed takes the two coffees from
// the stock and empties the cart.
func FuzzCheckout(f *testing.F) {
	body := func(method, phone, province string) string {
		return fmt.Sprintf(`{"name": "Nguyễn Thị Lan", "phone": %q, "email": "lan@example.com",
			"address": {"line": "12 Lê Lợi", "ward": "Phường Tô Hiệu", "province": %q}, "payment_method": %q}`, phone, province, method)
	}
	f.Add(body("cod", "0912 345 678", "Hà Giang"), "fuzz-1")
	f.Add(body("bank_transfer", "+84 912 345 678", "son-la"), "fuzz-2")
	f.Add(body("card", "0912345678", "Tuyên Quang"), "fuzz-3")
	f.Add(body("cod", "0112345678", "Atlantis"), "fuzz-4")
	f.Add(`{"name": "\u0000", "phone": 912345678, "address": "Hà Nội", "payment_method": "cod", "expected_total_vnd": -1}`, "fuzz-5")
	f.Add(`{"name": "Lan", "phone": "0912345678", "address": {"line": "x", "ward": "y", "province": "Hà Nội"}, "payment_method": "cod", "expected_total_vnd": 1}`, "fuzz-6")
	f.Add(body("cod", "0912 345 678", "Hà Giang"), "")
	f.Add(body("cod", "0912 345 678", "Hà Giang"), "khóa")
	apps := fuzzApps(f, false, func(a *fuzzApp) {
		a.w.Exec(`UPDATE products SET stock = 1000000`)
		a.w.Exec(`UPDATE cooperatives SET bank_bin = '970436', bank_account_no = '1017595600', bank_account_name = 'HTX BICH THAO'`)
	})
	n := 0
	f.Fuzz(func(t *testing.T, body, key string) {
		n++
		for _, a := range apps {
			c := a.client(t)
			c.add(a.w.ids["ca-phe-bot"], 2)
			before, cart := state(t, a.w), fmt.Sprint(c.quantities())
			// A key of this input alone, so that no input replays another's.
			k := headerOf(key)
			if k != "" {
				k = fmt.Sprintf("%s-%d-%d", key, n, time.Now().UnixNano())
			}
			r := c.Do("POST", "/api/v1/checkout", body, "Content-Type", "application/json", "Idempotency-Key", k)
			a.noServerError(t, "POST /api/v1/checkout "+body, r)
			switch {
			case r.Status == 201:
				if q := c.quantities(); len(q) != 0 {
					t.Fatalf("checkout %s placed, the cart still holds %v", body, q)
				}
			case r.Status >= 400:
				if after := state(t, a.w); after != before {
					t.Fatalf("checkout %s refused with %d %s, but the database went from %s to %s", body, r.Status, r.Raw, before, after)
				}
				if after := fmt.Sprint(c.quantities()); after != cart {
					t.Fatalf("checkout %s refused, but the cart went from %s to %s", body, cart, after)
				}
			default:
				t.Fatalf("checkout %s: %d", body, r.Status)
			}
		}
	})
}

// FuzzAddress sends any body to add an address to an account: never a
// 5xx; a refusal adds none; an address added reads back with a phone of
// digits and a province the app knows.
func FuzzAddress(f *testing.F) {
	body := func(phone, province string) string {
		return fmt.Sprintf(`{"name": "Trần Văn Minh", "phone": %q, "line": "45 Trần Phú", "ward": "Phường Ba Đình", "province": %q, "is_default": true}`,
			phone, province)
	}
	f.Add(body("0912 345 678", "Hà Nội"))
	f.Add(body("+84 24 3826 1234", "tinh-son-la"))
	f.Add(body("0912345678", "Tỉnh Hà Giang"))
	f.Add(body("12345", "Sài Gòn"))
	f.Add(`{"name": " ", "phone": "0912345678", "line": "a\u0000b", "ward": "x", "province": "ha-noi"}`)
	f.Add(`{"name": "Minh", "phone": ["0912345678"], "line": 1, "ward": null, "province": {"slug": "ha-noi"}}`)
	f.Add(`{"name": "` + strings.Repeat("Minh ", 30) + `", "phone": "0912345678", "line": "x", "ward": "y", "province": "Hà Nội"}`)
	users := 0
	apps := fuzzApps(f, false, func(a *fuzzApp) {
		users++
		c := apptest.NewClient(f, a.f)
		apptest.Expect(f, "register", c.Do("POST", "/api/v1/auth/register",
			map[string]any{"email": fmt.Sprintf("minh%d@example.vn", users), "password": apptest.Password, "name": "Minh"}), 201)
		for _, name := range []string{"ocop_session", "ocop_cart"} {
			if v := c.Cookie(name); v != "" {
				a.cookies[name] = v
			}
		}
		if a.cookies["ocop_session"] == "" {
			f.Fatal("no session cookie after registering")
		}
	})
	f.Fuzz(func(t *testing.T, body string) {
		for _, a := range apps {
			c := a.client(t)
			before := state(t, a.w)
			r := c.Do("POST", "/api/v1/me/addresses", body, "Content-Type", "application/json")
			a.noServerError(t, "POST /api/v1/me/addresses "+body, r)
			switch {
			case r.Status == 201:
				id := num(r.Body["id"])
				phone, _ := r.Body["phone"].(string)
				pr, _ := r.Body["province"].(map[string]any)
				if strings.Trim(phone, "0123456789") != "" || phone == "" || pr["slug"] == "" || pr["slug"] == nil {
					t.Fatalf("address %s added as %s", body, r.Raw)
				}
				got := c.Get(fmt.Sprintf("/api/v1/me/addresses/%d", id))
				if got.Status != 200 || got.Body["phone"] != phone || fmt.Sprint(got.Body["province"]) != fmt.Sprint(pr) {
					t.Fatalf("address %d reads back as %d %s, added as %s", id, got.Status, got.Raw, r.Raw)
				}
				// Removed again, so that the account never holds its maximum.
				if d := c.Do("DELETE", fmt.Sprintf("/api/v1/me/addresses/%d", id), nil); d.Status != 204 && d.Status != 200 {
					t.Fatalf("delete address %d: %d %s", id, d.Status, d.Raw)
				}
			case r.Status >= 400:
				if after := state(t, a.w); after != before {
					t.Fatalf("address %s refused with %d, but the database went from %s to %s", body, r.Status, before, after)
				}
			default:
				t.Fatalf("address %s: %d", body, r.Status)
			}
		}
	})
}

// FuzzStripeWebhook sends any body to the webhook, once with a fuzzed
// Stripe-Signature header and once signed with the endpoint's secret:
// never a 5xx; the unsigned one is a 400 that changes nothing. The shop
// holds a card order pending on the intent pi_fuzz, which the seeds pay.
func FuzzStripeWebhook(f *testing.F) {
	f.Add(stripetest.IntentEvent("evt_pay", "payment_intent.succeeded", "pi_fuzz", 10_000_000), "t=1,v1=00")
	f.Add(stripetest.IntentEvent("evt_low", "payment_intent.succeeded", "pi_fuzz", 1), "")
	f.Add(stripetest.IntentEvent("evt_unknown", "payment_intent.succeeded", "pi_unknown", 50_000), "v1=")
	f.Add(stripetest.IntentEvent("evt_created", "payment_intent.created", "pi_fuzz", 10_000_000), "t=9999999999")
	f.Add([]byte(`{"id":"evt_nul\u0000","object":"event","type":"payment_intent.succeeded","data":{"object":{"id":"pi_\u0000","object":"payment_intent","amount_received":5,"currency":"vnd"}}}`), "t=1")
	f.Add([]byte(`{"id":"evt_charge","type":"payment_intent.succeeded","data":{"object":{"id":"ch_1","object":"charge"}}}`), "t=,v1=")
	f.Add([]byte(`{"id":"","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","amount_received":99999999999,"currency":"VND"}}}`), "x")
	f.Add([]byte(`not json`), "t=1,v1=ab,v0=cd")
	apps := fuzzApps(f, true, func(a *fuzzApp) {
		c := apptest.NewClient(f, a.f)
		apptest.Expect(f, "add", c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": a.w.ids["ca-phe-bot"], "quantity": 1}), 200)
		r := c.Do("POST", "/api/v1/checkout", map[string]any{"name": "Lan", "phone": "0912345678",
			"address": map[string]any{"line": "12 Lê Lợi", "ward": "Phường Tô Hiệu", "province": "Hà Giang"}, "payment_method": "cod"},
			"Idempotency-Key", "fuzz-card")
		apptest.Expect(f, "checkout", r, 201)
		// Made a card order by hand: its intent would come from Stripe.
		a.w.Exec(`UPDATE order_groups SET payment_method = 'card', payment_ref = 'pi_fuzz'`)
		a.w.Exec(`UPDATE orders SET payment_method = 'card', payment_status = 'pending'`)
	})
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		for _, a := range apps {
			c := a.client(t)
			hook := func(sig string) response {
				return c.Do("POST", "/api/v1/payments/stripe/webhook", string(body), "Content-Type", "application/json", "Stripe-Signature", sig)
			}
			before := state(t, a.w)
			r := hook(headerOf(header))
			if r.Status != 400 || r.ErrCode() != "bad_signature" {
				t.Fatalf("webhook %q signed %q: %d %s, want 400 bad_signature", body, header, r.Status, r.Raw)
			}
			if after := state(t, a.w); after != before {
				t.Fatalf("an unsigned webhook changed the database from %s to %s", before, after)
			}
			a.noServerError(t, fmt.Sprintf("signed webhook %q", body), hook(stripetest.Sign(body, webhookSecret, time.Now())))
		}
	})
}
