package storefront_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/cart/sqlcart"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/cod"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe/stripetest"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/search/bleve"
	"github.com/ocopmarket/ocopmarket/internal/session"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront"
)

const webhookSecret = "whsec_ocop_test"

// checkoutApp is a storefront with accounts, carts (in SQL) and orders
// paid in cash, by VietQR or by card through stripe-mock.
func checkoutApp(t *testing.T, w *world) (*fiber.App, *order.Service) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	idx := bleve.New(t.TempDir())
	if err := idx.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	h, err := storefront.New(w.cat, browse.New(w.cat, idx, log), log)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://ocop.example.vn")
	h.WithAccounts(storefront.Accounts{
		Users: w.users, Addresses: account.NewAddressBook(w.d, w.cat),
		Sessions: session.New(session.NewSQLStorage(w.d, time.Now), w.users, session.Config{Secure: true}),
		Carts:    cart.NewService(sqlcart.New(w.d, time.Now), w.cat), Limiter: ratelimit.NewSQL(w.d, time.Now),
		Mail: mail.NewLog(log), BaseURL: base,
	})
	card := stripe.New(stripe.Config{SecretKey: "sk_test_123", WebhookSecret: webhookSecret, APIURL: stripetest.URL(t)})
	svc := order.New(order.Config{DB: w.d, Catalog: w.cat, Ledger: ledger.New(w.d, time.Now, 5), Log: log,
		Methods: payment.Methods{payment.MethodCOD: cod.Method{}, payment.MethodBankTransfer: vietqr.Method{}, payment.MethodCard: card}})
	h.WithOrders(storefront.Orders{Service: svc, Stripe: card, StripePublishableKey: "pk_test_123"})
	t.Cleanup(h.WaitMail)
	f := fiber.New(fiber.Config{ErrorHandler: web.ErrorHandler(log, h.Messages(), nil)})
	web.Common(f, log, 30*time.Second)
	h.Routes(f)
	return f, svc
}

func checkoutBody(method string) map[string]any {
	return map[string]any{"name": "Nguyễn Thị Lan", "phone": "0912 345 678", "email": "lan@example.com",
		"address":        map[string]any{"line": "12 Lê Lợi", "ward": "Phường Tô Hiệu", "province": "Hà Giang"},
		"payment_method": method}
}

func (c *client) add(productID int64, qty int) {
	c.t.Helper()
	expect(c.t, "add to cart", c.do("POST", "/api/v1/cart/items", map[string]any{"product_id": productID, "quantity": qty}), 200)
}

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

func TestCheckoutAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, "sql")
		w.exec(`UPDATE cooperatives SET bank_bin = '970436', bank_account_no = '1017595600', bank_account_name = 'HTX BICH THAO'`)
		app, _ := checkoutApp(t, w)
		c := newClient(t, app)
		c.add(w.ids["ca-phe-bot"], 2)
		c.add(w.ids["cha-ca"], 3)

		r := c.do("POST", "/api/v1/checkout", checkoutBody("bank_transfer"))
		expect(t, "checkout without Idempotency-Key", r, 400, "invalid_input")
		if r.field("Idempotency-Key") == "" {
			t.Fatalf("no word on the missing key: %s", r.Raw)
		}
		r = c.do("POST", "/api/v1/checkout", checkoutBody("bank_transfer"), "Idempotency-Key", "k-1")
		expect(t, "checkout", r, 201)
		code, _ := r.Body["code"].(string)
		orders, _ := r.Body["orders"].([]any)
		if len(orders) != 2 {
			t.Fatalf("%d orders: %s", len(orders), r.Raw)
		}
		var sum int64
		for _, o := range orders {
			m := o.(map[string]any)
			if num(m["total_vnd"]) != num(m["subtotal_vnd"])+num(m["shipping_vnd"]) {
				t.Errorf("order total %v", m)
			}
			pay := m["payment"].(map[string]any)
			if qr, _ := pay["vietqr"].(map[string]any); qr == nil || num(qr["amount_vnd"]) != num(m["total_vnd"]) || qr["purpose"] != m["code"] {
				t.Errorf("payment %v", pay)
			}
			sum += num(m["total_vnd"])
		}
		if num(r.Body["total_vnd"]) != sum || sum != 2*180000+30000+3*95000+25000 {
			t.Errorf("group total %v, orders add to %d", r.Body["total_vnd"], sum)
		}
		if q := c.quantities(); len(q) != 0 {
			t.Errorf("cart after checkout: %v", q)
		}
		again := c.do("POST", "/api/v1/checkout", checkoutBody("bank_transfer"), "Idempotency-Key", "k-1")
		expect(t, "repeat", again, 201)
		if again.Body["code"] != code || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("repeat answered %s", again.Raw)
		}
		var groups int
		if err := d.Get(&groups, `SELECT COUNT(*) FROM order_groups`); err != nil || groups != 1 {
			t.Fatalf("%d groups after a repeat, %v", groups, err)
		}

		guest := newClient(t, app)
		for _, tc := range []struct {
			name, target string
			status       int
		}{
			{"guest with the phone", "/api/v1/orders/" + code + "?phone=%2B84912345678", 200},
			{"one order with the phone", "/api/v1/orders/" + code + "-2?phone=0912345678", 200},
			{"guest without the phone", "/api/v1/orders/" + code, 404},
			{"guest with another phone", "/api/v1/orders/" + code + "?phone=0987654321", 404},
			{"unknown code", "/api/v1/orders/OC-ZZZZZZ?phone=0912345678", 404},
		} {
			t.Run(tc.name, func(t *testing.T) { expect(t, tc.target, guest.do("GET", tc.target, nil), tc.status) })
		}
		expect(t, "my orders as a guest", guest.do("GET", "/api/v1/orders", nil), 401, "not_logged_in")
	})
}

func TestCheckoutAPIBadInput(t *testing.T) {
	w := newWorld(t, dbtest.SQLite(t), "sql")
	app, _ := checkoutApp(t, w)
	c := newClient(t, app)
	with := func(mod func(map[string]any)) map[string]any {
		b := checkoutBody("cod")
		mod(b)
		return b
	}
	empty := newClient(t, app)
	expect(t, "empty cart", empty.do("POST", "/api/v1/checkout", checkoutBody("cod"), "Idempotency-Key", "e-1"), 400, "empty_cart")
	c.add(w.ids["ca-phe-bot"], 1)
	for i, tc := range []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"missing fields", map[string]any{}, 400, "invalid_input", "name"},
		{"phone of letters", with(func(b map[string]any) { b["phone"] = "abc def" }), 400, "invalid_input", "phone"},
		{"unknown province", with(func(b map[string]any) { b["address"].(map[string]any)["province"] = "Gotham" }), 400, "invalid_input", "address.province"},
		{"unknown payment method", with(func(b map[string]any) { b["payment_method"] = "bitcoin" }), 400, "invalid_input", "payment_method"},
		{"quantity as text", with(func(b map[string]any) { b["expected_total_vnd"] = "many" }), 400, "invalid_input", "expected_total_vnd"},
		{"not JSON", "{", 400, "invalid_json", ""},
		{"form body", "name=x", 415, "unsupported_media_type", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hdr := []string{"Idempotency-Key", fmt.Sprintf("bad-%d", i)}
			if tc.code == "invalid_json" {
				hdr = append(hdr, "Content-Type", "application/json")
			}
			r := c.do("POST", "/api/v1/checkout", tc.body, hdr...)
			expect(t, tc.name, r, tc.status, tc.code)
			if tc.field != "" && r.field(tc.field) == "" {
				t.Fatalf("no message for %s: %s", tc.field, r.Raw)
			}
		})
	}
	w.exec(`UPDATE products SET stock = 1000, price_vnd = 60000000 WHERE id = ?`, w.ids["cha-ca"])
	big := newClient(t, app)
	big.add(w.ids["cha-ca"], 2)
	r := big.do("POST", "/api/v1/checkout", checkoutBody("card"), "Idempotency-Key", "big-1")
	expect(t, "card over Stripe's limit", r, 422, "amount_too_large")
	if r.field("payment_method") == "" {
		t.Fatalf("no word on the payment method: %s", r.Raw)
	}
	var n int
	if err := w.d.Get(&n, `SELECT COUNT(*) FROM orders`); err != nil || n != 0 {
		t.Fatalf("%d orders after bad input, %v", n, err)
	}
}

func TestCheckoutAPIRaceForStock(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, "sql")
		w.exec(`UPDATE products SET stock = 50 WHERE id = ?`, w.ids["cha-ca"])
		app, _ := checkoutApp(t, w)
		clients := make([]*client, 200)
		for i := range clients {
			clients[i] = newClient(t, app)
			clients[i].add(w.ids["cha-ca"], 1)
		}
		statuses := make([]response, len(clients))
		var wg sync.WaitGroup
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = c.do("POST", "/api/v1/checkout", checkoutBody("cod"), "Idempotency-Key", fmt.Sprintf("race-%d", i))
			}()
		}
		wg.Wait()
		count := map[string]int{}
		for _, r := range statuses {
			count[fmt.Sprintf("%d %s", r.Status, r.errCode())]++
		}
		if count["201 "] != 50 || count["409 insufficient_stock"] != 150 {
			t.Fatalf("answers %v, want 50 × 201 and 150 × 409 insufficient_stock", count)
		}
		var stock int
		if err := d.Get(&stock, d.Rebind(`SELECT stock FROM products WHERE id = ?`), w.ids["cha-ca"]); err != nil || stock != 0 {
			t.Fatalf("stock %d, %v", stock, err)
		}
	})
}

func TestStripeWebhook(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d, "sql")
		app, _ := checkoutApp(t, w)
		c := newClient(t, app)
		c.add(w.ids["ca-phe-bot"], 1)
		c.add(w.ids["cha-ca"], 1)
		r := c.do("POST", "/api/v1/checkout", checkoutBody("card"), "Idempotency-Key", "card-1")
		expect(t, "card checkout", r, 201)
		st, _ := r.Body["stripe"].(map[string]any)
		if st == nil || st["client_secret"] == "" {
			t.Fatalf("no client secret: %s", r.Raw)
		}
		code := r.Body["code"].(string)
		total := num(r.Body["total_vnd"])
		var ref string
		if err := d.Get(&ref, d.Rebind(`SELECT payment_ref FROM order_groups WHERE code = ?`), code); err != nil {
			t.Fatal(err)
		}
		paid := func() int {
			var n int
			if err := d.Get(&n, `SELECT COUNT(*) FROM orders WHERE payment_status = 'paid'`); err != nil {
				t.Fatal(err)
			}
			return n
		}
		hook := func(body []byte, sig string) response {
			return c.do("POST", "/api/v1/payments/stripe/webhook", string(body), "Content-Type", "application/json", "Stripe-Signature", sig)
		}
		event := stripetest.IntentEvent("evt_paid", "payment_intent.succeeded", ref, total)
		expect(t, "forged", hook(event, stripetest.Sign(event, "whsec_forger", time.Now())), 400, "bad_signature")
		expect(t, "replayed a day later", hook(event, stripetest.Sign(event, webhookSecret, time.Now().Add(-24*time.Hour))), 400, "bad_signature")
		if n := paid(); n != 0 {
			t.Fatalf("%d orders paid by forged webhooks", n)
		}
		expect(t, "signed", hook(event, stripetest.Sign(event, webhookSecret, time.Now())), 200)
		if n := paid(); n != 2 {
			t.Fatalf("%d orders paid, want 2", n)
		}
		expect(t, "delivered twice", hook(event, stripetest.Sign(event, webhookSecret, time.Now())), 200)
		var entries int
		if err := d.Get(&entries, `SELECT COUNT(*) FROM ledger_entries`); err != nil || entries != 4 {
			t.Fatalf("%d ledger entries after a repeated event, want 4 (%v)", entries, err)
		}
		unknown := stripetest.IntentEvent("evt_other", "payment_intent.succeeded", "pi_unknown", 50000)
		expect(t, "unknown payment", hook(unknown, stripetest.Sign(unknown, webhookSecret, time.Now())), 200)
		other := stripetest.IntentEvent("evt_created", "payment_intent.created", ref, total)
		expect(t, "other event", hook(other, stripetest.Sign(other, webhookSecret, time.Now())), 200)
	})
}
