package app_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe/stripetest"
)

// Distinct Stripe events for one PaymentIntent arriving together all get a
// 200, and the payment is credited once.
func TestConcurrentStripeEventsForOneIntent(t *testing.T) {
	const secret = "whsec_ocop_app_test"
	for name, postgres := range map[string]bool{"sqlite": false, "postgres": true} {
		t.Run(name, func(t *testing.T) {
			env := secureEnv(t, postgres)
			env["STRIPE_SECRET_KEY"], env["STRIPE_WEBHOOK_SECRET"], env["STRIPE_API_URL"] = "sk_test_123", secret, stripetest.URL(t)
			a := openTestApp(t, env)
			f := a.Fiber(t)
			ctx := context.Background()
			co := &catalog.Cooperative{Slug: "htx-bich-thao", Name: "HTX Cà phê Bích Thao", Province: catalog.NamedSlug{Slug: "son-la"},
				Status: catalog.CoopActive, ShippingFeeVND: 30000}
			if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
				t.Fatal(err)
			}
			product, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe",
				Slug: "ca-phe-bot", Name: "Cà phê bột", PriceVND: 180000, Unit: "gói", Stock: 10, Published: true, ProvinceSlug: "son-la"})
			if err != nil {
				t.Fatal(err)
			}
			c := newBrowser(t, f)
			if r := c.do("POST", "/api/v1/cart/items", fmt.Sprintf(`{"product_id":%d,"quantity":2}`, product)); r.status != 200 {
				t.Fatalf("add to cart: %d %s", r.status, r.body)
			}
			r := c.do("POST", "/api/v1/checkout", `{"name":"Nguyễn Thị Lan","phone":"0912345678","email":"lan@example.com",
				"address":{"line":"12 Lê Lợi","ward":"Phường Tô Hiệu","province":"Hà Giang"},"payment_method":"card"}`,
				"Idempotency-Key", "2f1e4c6a-card")
			if r.status != 201 || !strings.Contains(string(r.body), `"client_secret"`) {
				t.Fatalf("checkout: %d %s", r.status, r.body)
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
}
