package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/seed"
)

// freshWithin is how soon a change made through one instance must show on
// every other: the promise to cooperatives and staff.
const freshWithin = 5 * time.Second

// eventually polls what until it reports true, failing the test with its
// last answer after freshWithin. It never asserts a time: the change may
// show at once or at the last poll.
func eventually(t *testing.T, what string, check func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(freshWithin)
	for {
		ok, last := check()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v; last answer: %.600s", what, freshWithin, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// demoLogin logs c in as the demo account email.
func demoLogin(t *testing.T, c *apptest.Client, email string) {
	t.Helper()
	apptest.Expect(t, "log in as "+email, c.Do(http.MethodPost, "/api/v1/auth/login",
		map[string]any{"email": email, "password": demoPassword}), http.StatusOK)
}

const demoPassword = "ocop-demo-2025"

// TestChangesReachTheOtherInstance makes every kind of change shoppers
// see through one instance, the way cooperatives and staff make them, and
// reads it back from a second instance's pages and API: price, stock,
// publishing, OCOP stars verified, and a suspension. Both instances run
// their background work, as two replicas behind one proxy do.
func TestChangesReachTheOtherInstance(t *testing.T) {
	for _, b := range []apptest.Backend{{Name: "embedded"}, {Name: "postgres+redis", Postgres: true, Redis: true}} {
		t.Run(b.Name, func(t *testing.T) {
			one := apptest.New(t, b, apptest.Options{})
			sum, err := seed.Demo(context.Background(), seed.Deps{DB: one.DB, Catalog: one.Catalog, Accounts: one.Accounts, Now: time.Now}, demoPassword)
			if err != nil {
				t.Fatal(err)
			}
			one.Background()
			two := one.Second()
			two.Background()
			shop := two.Client()
			eventually(t, "second instance ready", func() (bool, string) {
				r := shop.Get("/readyz")
				return r.Status == http.StatusOK, r.Raw
			})
			var coopEmail, coopSlug string
			for _, l := range sum.Logins {
				if l.Role == "coop_staff" && coopEmail == "" {
					coopEmail, coopSlug = l.Email, l.Cooperative
				}
			}
			coop, staff := one.Client(), one.Client()
			demoLogin(t, coop, coopEmail)
			demoLogin(t, staff, seed.PromotionEmail)

			mine := coop.Get("/api/v1/coop/products")
			items, _ := mine.Body["items"].([]any)
			if len(items) == 0 {
				t.Fatalf("the demo cooperative %s has no products: %s", coopEmail, mine.Raw)
			}
			first := items[0].(map[string]any)
			id, slug := int64(first["id"].(float64)), first["slug"].(string)
			product := fmt.Sprintf("/api/v1/coop/products/%d", id)
			edit := func(change func(p map[string]any)) {
				t.Helper()
				p := coop.Get(product).Body
				origin := p["origin"].(map[string]any)
				body := map[string]any{"name": p["name"], "description": p["description"], "category": p["category"],
					"price_vnd": p["price_vnd"], "unit": p["unit"], "stock": p["stock"], "published": p["published"],
					"certifications": p["certifications"], "origin": origin}
				change(body)
				apptest.Expect(t, "edit product", coop.Do(http.MethodPut, product, body), http.StatusOK)
			}
			page, api := "/san-pham/"+slug, "/api/v1/products/"+slug
			shows := func(target string, status int, wants ...string) func() (bool, string) {
				return func() (bool, string) {
					r := shop.Get(target)
					if r.Status != status {
						return false, fmt.Sprintf("%d %s", r.Status, r.Raw)
					}
					for _, w := range wants {
						if !strings.Contains(r.Raw, w) {
							return false, r.Raw
						}
					}
					return true, ""
				}
			}
			lacks := func(target, unwanted string) func() (bool, string) {
				return func() (bool, string) {
					r := shop.Get(target)
					return r.Status == http.StatusOK && !strings.Contains(r.Raw, unwanted), r.Raw
				}
			}

			t.Run("price", func(t *testing.T) {
				edit(func(p map[string]any) { p["price_vnd"] = 123457 })
				eventually(t, "product page", shows(page, http.StatusOK, "123.457"))
				eventually(t, "product API", shows(api, http.StatusOK, `"price_vnd":123457`))
				eventually(t, "listing by price", shows("/api/v1/products?min_price=123457&max_price=123457", http.StatusOK, `"slug":"`+slug+`"`))
				eventually(t, "listing page by price", shows("/san-pham?min_price=123457&max_price=123457", http.StatusOK, page))
			})
			t.Run("stock", func(t *testing.T) {
				edit(func(p map[string]any) { p["stock"] = 0 })
				eventually(t, "product API", shows(api, http.StatusOK, `"stock":0`, `"in_stock":false`))
				edit(func(p map[string]any) { p["stock"] = 7 })
				eventually(t, "product API", shows(api, http.StatusOK, `"stock":7`, `"in_stock":true`))
			})
			t.Run("publish", func(t *testing.T) {
				edit(func(p map[string]any) { p["published"] = false })
				eventually(t, "product page", shows(page, http.StatusNotFound))
				eventually(t, "product API", shows(api, http.StatusNotFound))
				eventually(t, "listing", lacks("/api/v1/products?per_page=100&min_price=123457&max_price=123457", `"slug":"`+slug+`"`))
				eventually(t, "search", lacks("/api/v1/products?per_page=100&q="+url.QueryEscape(first["name"].(string)), `"slug":"`+slug+`"`))
				edit(func(p map[string]any) { p["published"] = true })
				eventually(t, "product page", shows(page, http.StatusOK))
				eventually(t, "listing", shows("/api/v1/products?per_page=100&min_price=123457&max_price=123457", http.StatusOK, `"slug":"`+slug+`"`))
				eventually(t, "search", shows("/api/v1/products?per_page=100&q="+url.QueryEscape(first["name"].(string)), http.StatusOK, `"slug":"`+slug+`"`))
			})
			t.Run("stars verified", func(t *testing.T) {
				pending := staff.Get("/api/v1/staff/ocop?status=pending")
				claims, _ := pending.Body["items"].([]any)
				if len(claims) == 0 {
					t.Fatalf("no pending claim in the demo data: %s", pending.Raw)
				}
				claim := claims[0].(map[string]any)
				claimed := claim["product"].(map[string]any)["slug"].(string)
				stars := int(claim["stars"].(float64))
				listing := fmt.Sprintf("/api/v1/products?per_page=100&stars=%d&cooperative=%s", stars,
					claim["cooperative"].(map[string]any)["slug"])
				eventually(t, "before", lacks(listing, `"slug":"`+claimed+`"`))
				apptest.Expect(t, "verify", staff.Do(http.MethodPost, fmt.Sprintf("/api/v1/staff/ocop/%d/verify", int64(claim["id"].(float64))), nil), http.StatusOK)
				eventually(t, "listing by stars", shows(listing, http.StatusOK, `"slug":"`+claimed+`"`))
				eventually(t, "product API", shows("/api/v1/products/"+claimed, http.StatusOK, fmt.Sprintf(`"stars":%d`, stars)))
			})
			t.Run("suspension", func(t *testing.T) {
				var coopID int64
				if err := one.DB.GetContext(context.Background(), &coopID, one.DB.Rebind("SELECT id FROM cooperatives WHERE slug = ?"), coopSlug); err != nil {
					t.Fatal(err)
				}
				eventually(t, "before", shows("/api/v1/products?per_page=100&cooperative="+coopSlug, http.StatusOK, `"slug":"`+slug+`"`))
				apptest.Expect(t, "suspend", staff.Do(http.MethodPost, fmt.Sprintf("/api/v1/staff/cooperatives/%d/suspend", coopID),
					map[string]any{"reason": "Kiểm tra chất lượng"}), http.StatusOK)
				eventually(t, "product page", shows(page, http.StatusNotFound))
				eventually(t, "listing", lacks("/api/v1/products?per_page=100&cooperative="+coopSlug, `"slug":"`+slug+`"`))
				eventually(t, "home", lacks("/", page))
				eventually(t, "search", lacks("/api/v1/products?per_page=100&q="+url.QueryEscape(first["name"].(string)), `"slug":"`+slug+`"`))
			})
		})
	}
}
