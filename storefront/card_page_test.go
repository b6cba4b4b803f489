package storefront_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestCardFormOnOrderPage checks that a pending card payment gets Stripe's
// card form, and that only that page lets Stripe's script and frames in.
func TestCardFormOnOrderPage(t *testing.T) {
	eachDatabase(t, func(t *testing.T, w *world) {
		app := w.app()
		c := newClient(t, app)
		c.add(w.ids["ca-phe-bot"], 1)
		r := c.Do("POST", "/api/v1/checkout", checkoutBody("card"), "Idempotency-Key", "card-page")
		expect(t, "card checkout", r, 201)
		code := r.Body["code"].(string)
		secret := r.Body["stripe"].(map[string]any)["client_secret"].(string)

		page := c.Do("GET", "/don-hang/"+code+"?phone="+url.QueryEscape("0912345678"), nil)
		if page.Status != 200 {
			t.Fatalf("order page: %d %s", page.Status, page.Raw)
		}
		for _, want := range []string{`<script src="https://js.stripe.com/v3/"></script>`, `data-stripe-key="pk_test_123"`,
			`data-client-secret="` + secret + `"`, `id="payment-element"`, "/assets/stripe-pay."} {
			if !strings.Contains(page.Raw, want) {
				t.Errorf("order page lacks %q", want)
			}
		}
		csp := page.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self' https://js.stripe.com/v3/") || !strings.Contains(csp, "frame-src 'self' https://js.stripe.com") {
			t.Errorf("order page CSP does not admit Stripe: %s", csp)
		}

		other := c.Do("GET", "/don-hang", nil)
		if csp := other.Header.Get("Content-Security-Policy"); strings.Contains(csp, "stripe") {
			t.Errorf("another page admits Stripe: %s", csp)
		}
	})
}

// TestOrderLookupByPhoneIsLimited checks that guessing phones for an order
// code from one address runs into the rate limit.
func TestOrderLookupByPhoneIsLimited(t *testing.T) {
	eachDatabase(t, func(t *testing.T, w *world) {
		app := w.app()
		c := newClient(t, app)
		limited := false
		for i := range 70 {
			r := c.Do("GET", fmt.Sprintf("/api/v1/orders/OC-ZZZZZZ?phone=09%08d", i), nil)
			if r.Status == 429 {
				limited = true
				break
			}
			if r.Status != 404 {
				t.Fatalf("lookup %d: %d", i, r.Status)
			}
		}
		if !limited {
			t.Error("70 phone guesses from one address were all answered")
		}
	})
}
