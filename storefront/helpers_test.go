package storefront_test

import (
	"context"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe/stripetest"
)

// webhookSecret signs the Stripe webhooks of the tests.
const webhookSecret = "whsec_ocop_test"

// world is the whole app over a small catalog, with card payments through
// stripe-mock; app() serves it, as often as a test wants to restart it.
type world struct {
	*apptest.App
	t   testing.TB
	ids map[string]int64
}

// eachBackend runs fn for SQLite and PostgreSQL, each with sessions and
// carts in the database and in Redis.
func eachBackend(t *testing.T, fn func(t *testing.T, w *world)) {
	apptest.Run(t, apptest.Backends(), func(t *testing.T, b apptest.Backend) { fn(t, newWorld(t, b)) })
}

// eachDatabase runs fn for SQLite and PostgreSQL, with sessions and carts
// in the database.
func eachDatabase(t *testing.T, fn func(t *testing.T, w *world)) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) { fn(t, newWorld(t, b)) })
}

// sqliteWorld is a world on SQLite with the stores in the database.
func sqliteWorld(t *testing.T) *world { return newWorld(t, apptest.Databases()[0]) }

func newWorld(t *testing.T, b apptest.Backend, env ...string) *world {
	t.Helper()
	o := apptest.Options{Env: map[string]string{"STRIPE_SECRET_KEY": "sk_test_123", "STRIPE_PUBLISHABLE_KEY": "pk_test_123",
		"STRIPE_WEBHOOK_SECRET": webhookSecret, "STRIPE_API_URL": stripetest.URL(t)}}
	for i := 0; i+1 < len(env); i += 2 {
		o.Env[env[i]] = env[i+1]
	}
	w := &world{App: apptest.New(t, b, o), t: t, ids: map[string]int64{}}
	w.seed()
	return w
}

// seed makes two cooperatives with different shipping rules and products.
func (w *world) seed() {
	t, ctx := w.t, context.Background()
	coops := []struct {
		slug, name    string
		fee, freeOver int64
	}{
		{"htx-bich-thao", "HTX Cà phê Bích Thao", 30000, 500000},
		{"htx-ho-quynh", "HTX Thủy sản Hồ Quỳnh", 25000, 0},
	}
	for _, c := range coops {
		co := &catalog.Cooperative{Slug: c.slug, Name: c.name, Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive,
			ShippingFeeVND: c.fee, FreeShippingOverVND: c.freeOver}
		if err := w.Catalog.CreateCooperative(ctx, w.DB, co); err != nil {
			t.Fatal(err)
		}
		w.ids[c.slug] = co.ID
	}
	products := []struct {
		slug, coop string
		price      int64
		stock      int
		published  bool
	}{
		{"ca-phe-bot", "htx-bich-thao", 180000, 100, true},
		{"tra-hoa", "htx-bich-thao", 120000, 5, true},
		{"cha-ca", "htx-ho-quynh", 95000, 2000, true},
		{"ca-an", "htx-ho-quynh", 1000, 10, false},
	}
	for _, p := range products {
		id, err := w.Catalog.CreateProduct(ctx, w.DB, catalog.NewProduct{CooperativeID: w.ids[p.coop], CategorySlug: "ca-phe", Slug: p.slug,
			Name: p.slug, PriceVND: p.price, Unit: "gói", Stock: p.stock, Published: p.published, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		w.ids[p.slug] = id
	}
}

// app builds a server over the world, as a new process of the app would.
func (w *world) app() *fiber.App { return w.Restart() }

// client is a browser of the storefront.
type client struct {
	*apptest.Client
	t *testing.T
}

func newClient(t *testing.T, app *fiber.App) *client {
	return &client{Client: apptest.NewClient(t, app), t: t}
}

// response is a decoded answer.
type response = apptest.Response

// expect fails the test unless r has the status (and error code, if given).
func expect(t *testing.T, what string, r response, status int, code ...string) {
	t.Helper()
	apptest.Expect(t, what, r, status, code...)
}

// register signs a shopper up through the API.
func (c *client) register(email string) response {
	c.t.Helper()
	r := c.Do("POST", "/api/v1/auth/register", map[string]any{"email": email, "password": "mat-khau-dai", "name": "Khách " + email})
	expect(c.t, "register "+email, r, 201)
	return r
}

// quantities returns product id → quantity of the client's cart.
func (c *client) quantities() map[int64]int {
	c.t.Helper()
	r := c.Do("GET", "/api/v1/cart", nil)
	expect(c.t, "GET /cart", r, 200)
	out := map[int64]int{}
	groups, _ := r.Body["groups"].([]any)
	for _, g := range groups {
		for _, it := range g.(map[string]any)["items"].([]any) {
			m := it.(map[string]any)
			out[int64(m["product_id"].(float64))] = int(m["quantity"].(float64))
		}
	}
	return out
}
