package app_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe/stripetest"
)

// seedProduct makes a cooperative (with a bank account, for VietQR) and a
// product of it, and returns the product's id.
func seedProduct(t *testing.T, a *app.App) int64 {
	t.Helper()
	ctx := context.Background()
	co := &catalog.Cooperative{Slug: "htx-bich-thao", Name: "HTX Cà phê Bích Thao", Province: catalog.NamedSlug{Slug: "son-la"},
		Status: catalog.CoopActive, ShippingFeeVND: 30000, BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX BICH THAO"}
	if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
		t.Fatal(err)
	}
	id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe",
		Slug: "ca-phe-bot", Name: "Cà phê bột", PriceVND: 180000, Unit: "gói", Stock: 10, Published: true, ProvinceSlug: "son-la"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func fillCart(t *testing.T, c *apptest.Client, productID string) {
	t.Helper()
	if r := send(c, "POST", "/api/v1/cart/items", `{"product_id":`+productID+`,"quantity":2}`); r.Status != 200 {
		t.Fatalf("add to cart: %d %s", r.Status, r.Raw)
	}
}

func checkoutBody(method string) string {
	return `{"name":"Nguyễn Thị Lan","phone":"0912345678","email":"lan@example.com",
		"address":{"line":"12 Lê Lợi","ward":"Phường Tô Hiệu","province":"Hà Giang"},"payment_method":"` + method + `"}`
}

// An Idempotency-Key belongs to the cart that sent it: a second guest who
// sends the first one's key and body never sees the first one's order.
func TestIdempotencyKeyOfAnotherGuest(t *testing.T) {
	eachDatabase(t, func(t *testing.T, a *apptest.App) {
		product := fmt.Sprint(seedProduct(t, a.App))
		const key = "7c2d9e4b-1a3f-4e5d-9b8c-0f1e2d3c4b5a"
		first, second := a.Client(), a.Client()
		fillCart(t, first, product)
		a1 := send(first, "POST", "/api/v1/checkout", checkoutBody("bank_transfer"), "Idempotency-Key", key)
		if a1.Status != 201 {
			t.Fatalf("first guest: %d %s", a1.Status, a1.Raw)
		}
		if r := send(second, "POST", "/api/v1/checkout", checkoutBody("bank_transfer"), "Idempotency-Key", key); r.Status != 400 ||
			!strings.Contains(r.Raw, `"code":"empty_cart"`) {
			t.Errorf("second guest with an empty cart: %d %s, want 400 empty_cart", r.Status, r.Raw)
		}
		fillCart(t, second, product)
		b1 := send(second, "POST", "/api/v1/checkout", checkoutBody("bank_transfer"), "Idempotency-Key", key)
		if b1.Status != 201 || b1.Header.Get("Idempotent-Replayed") != "" || b1.Raw == a1.Raw {
			t.Errorf("second guest: %d replayed %q %s, want an order of its own", b1.Status, b1.Header.Get("Idempotent-Replayed"), b1.Raw)
		}
		a2 := send(first, "POST", "/api/v1/checkout", checkoutBody("bank_transfer"), "Idempotency-Key", key)
		if a2.Status != 201 || a2.Header.Get("Idempotent-Replayed") != "true" || a2.Raw != a1.Raw {
			t.Errorf("first guest repeating: %d %s, want the first answer %s", a2.Status, a2.Raw, a1.Raw)
		}
	})
}

// Distinct Stripe events for one PaymentIntent arriving together all get a
// 200, and the payment is credited once.
func TestConcurrentStripeEventsForOneIntent(t *testing.T) {
	const secret = "whsec_ocop_app_test"
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		env := secureEnv()
		env["STRIPE_SECRET_KEY"], env["STRIPE_WEBHOOK_SECRET"], env["STRIPE_API_URL"] = "sk_test_123", secret, stripetest.URL(t)
		a := apptest.New(t, b, apptest.Options{Env: env})
		f := a.Fiber()
		ctx := context.Background()
		c := a.Client()
		fillCart(t, c, fmt.Sprint(seedProduct(t, a.App)))
		r := send(c, "POST", "/api/v1/checkout", checkoutBody("card"), "Idempotency-Key", "2f1e4c6a-card")
		if r.Status != 201 || !strings.Contains(r.Raw, `"client_secret"`) {
			t.Fatalf("checkout: %d %s", r.Status, r.Raw)
		}
		var intent string
		var total int64
		if err := a.DB.QueryRowContext(ctx, `SELECT payment_ref, total_vnd FROM order_groups`).Scan(&intent, &total); err != nil {
			t.Fatal(err)
		}

		const events = 8
		statuses := make([]int, events)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range events {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := stripetest.IntentEvent(fmt.Sprintf("evt_%d", i), "payment_intent.succeeded", intent, total)
				req := httptest.NewRequest("POST", "/api/v1/payments/stripe/webhook", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Stripe-Signature", stripetest.Sign(body, secret, time.Now()))
				<-start
				res, err := f.Test(req, -1)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				statuses[i] = res.StatusCode
			}()
		}
		close(start)
		wg.Wait()
		for i, s := range statuses {
			if s != 200 {
				t.Errorf("event %d: %d, want 200", i, s)
			}
		}
		var paid, entries int
		if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM orders WHERE payment_status = 'paid'`).Scan(&paid); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_entries`).Scan(&entries); err != nil {
			t.Fatal(err)
		}
		if paid != 1 || entries != 2 {
			t.Errorf("%d orders paid with %d ledger entries, want 1 with 2 (earning and commission)", paid, entries)
		}
	})
}
