package openapitest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/openapitest"
	"github.com/ocopmarket/ocopmarket/internal/seed"
)

// TestRealAnswers runs the validator over answers of the whole app on the
// demo data: each resource of the storefront API, a validation error, a
// 401 and a checkout.
func TestRealAnswers(t *testing.T) {
	c := newClient(t)
	v := openapitest.New(t)
	var list struct {
		Items []struct {
			ID          int64  `json:"id"`
			Slug        string `json:"slug"`
			InStock     bool   `json:"in_stock"`
			OcopStars   *int   `json:"ocop_stars"`
			Cooperative struct {
				Slug string `json:"slug"`
			} `json:"cooperative"`
		} `json:"items"`
	}
	products := c.do(v, http.MethodGet, "/api/v1/products?per_page=50", "", 200)
	if err := json.Unmarshal(products, &list); err != nil || len(list.Items) == 0 {
		t.Fatalf("no demo products: %v %s", err, products)
	}
	p, unstarred := list.Items[0], list.Items[0]
	for _, it := range list.Items {
		if it.InStock && it.OcopStars != nil {
			p = it
		}
		if it.OcopStars == nil {
			unstarred = it
		}
	}
	cases := []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/healthz", "", 200},
		{"GET", "/readyz", "", 200},
		{"GET", "/api/v1/products?q=tra&stars=3&sort=price_asc&page=1&per_page=5", "", 200},
		{"GET", "/api/v1/products?per_page=0", "", 400},
		{"GET", "/api/v1/products/" + p.Slug, "", 200},
		{"GET", "/api/v1/products/" + unstarred.Slug, "", 200},
		{"GET", "/api/v1/products/khong-ton-tai", "", 404},
		{"GET", "/api/v1/search/suggest?q=tra", "", 200},
		{"GET", "/api/v1/cooperatives", "", 200},
		{"GET", "/api/v1/cooperatives/" + p.Cooperative.Slug, "", 200},
		{"GET", "/api/v1/provinces", "", 200},
		{"GET", "/api/v1/categories", "", 200},
		{"GET", "/api/v1/khong-co", "", 404},
		{"GET", "/api/v1/me", "", 401},
		{"GET", "/api/v1/cart", "", 200},
		{"POST", "/api/v1/cart/items", `{"product_id": 0, "quantity": 1000}`, 400},
		{"POST", "/api/v1/cart/items", `{"product_id": ` + itoa(p.ID) + `, "quantity": 2}`, 200},
		{"PUT", "/api/v1/cart/items/" + itoa(p.ID), `{"quantity": 1}`, 200},
		{"GET", "/api/v1/cart", "", 200},
		{"POST", "/api/v1/auth/register", `{"email": "not-an-email", "password": "short", "name": ""}`, 400},
		{"POST", "/api/v1/checkout", `{"name": "", "phone": "123", "address": {"line": "", "ward": "", "province": "nowhere"}, "payment_method": "cod"}`, 400},
		{"POST", "/api/v1/checkout", `{"name": "Nguyễn Thị Lan", "phone": "0912 345 678", "email": "lan@example.com",
			"address": {"line": "12 Lê Lợi", "ward": "Phường Hà Giang 1", "province": "tuyen-quang"}, "payment_method": "cod"}`, 201},
	}
	for _, tc := range cases {
		c.do(v, tc.method, tc.path, tc.body, tc.status)
	}

	var group struct {
		Code string `json:"code"`
	}
	if err := json.Unmarshal(c.last, &group); err != nil || group.Code == "" {
		t.Fatalf("checkout gave no order code: %v %s", err, c.last)
	}
	// The group as its guest and then its owner sees it, and the account.
	afterCheckout := []struct {
		method, path, body string
		status             int
	}{
		{"GET", "/api/v1/orders/" + group.Code + "?phone=0912345678", "", 200},
		{"GET", "/api/v1/orders/" + group.Code + "-1?phone=0912345678", "", 200},
		{"GET", "/api/v1/orders/" + group.Code + "?phone=0987654321", "", 404},
		{"POST", "/api/v1/auth/register", `{"email": "lan@example.com", "password": "mat-khau-dai", "name": "Lan"}`, 201},
		{"GET", "/api/v1/me", "", 200},
		{"PUT", "/api/v1/me", `{"name": "Nguyễn Thị Lan", "phone": "0912 345 678"}`, 200},
		{"POST", "/api/v1/me/addresses", `{"name": "Lan", "phone": "0912 345 678", "line": "12 Lê Lợi", "ward": "Phường Hà Giang 1", "province": "tuyen-quang"}`, 201},
		{"GET", "/api/v1/me/addresses", "", 200},
		{"GET", "/api/v1/orders", "", 200},
		{"POST", "/api/v1/auth/logout", "", 204},
		{"POST", "/api/v1/auth/login", `{"email": "lan@example.com", "password": "sai-mat-khau"}`, 401},
		{"POST", "/api/v1/auth/password/forgot", `{"email": "lan@example.com"}`, 202},
	}
	for _, tc := range afterCheckout {
		c.do(v, tc.method, tc.path, tc.body, tc.status)
	}
}

// client sends requests to the app, keeping its cookies like a browser.
type client struct {
	t       *testing.T
	cookies map[string]*http.Cookie
	last    []byte // the body of the last answer
	sent    int    // the number of requests sent
	serve   func(*http.Request) (*http.Response, error)
}

func newClient(t *testing.T) *client {
	t.Helper()
	env := map[string]string{"DATA_DIR": t.TempDir(), "AUTO_MIGRATE": "1"}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.CheckSchema(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, seed.Deps{DB: a.DB, Catalog: a.Catalog, Accounts: a.Accounts, Now: time.Now}, "ocop-demo-2025"); err != nil {
		t.Fatal(err)
	}
	if err := a.Indexer.Reindex(ctx, func(int) {}); err != nil {
		t.Fatal(err)
	}
	f, err := a.Fiber()
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, cookies: map[string]*http.Cookie{},
		serve: func(r *http.Request) (*http.Response, error) { return f.Test(r, -1) }}
}

// do sends a request, checks its answer against the description and its
// status against want, and returns the body.
func (c *client) do(v *openapitest.Validator, method, path, body string, want int) []byte {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://ocop.test"+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/json")
	}
	if method == http.MethodPost && path == "/api/v1/checkout" {
		// A key of its own for each checkout request.
		req.Header.Set("Idempotency-Key", "openapitest-"+strconv.Itoa(c.sent))
	}
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	c.sent++
	res, err := c.serve(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	for _, ck := range res.Cookies() {
		c.cookies[ck.Name] = ck
	}
	if res.StatusCode != want {
		c.t.Errorf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, want, bytes.TrimSpace(got))
	}
	v.Check(c.t, req, res.StatusCode, res.Header, got)
	c.last = got
	return got
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
