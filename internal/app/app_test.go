package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/config"
)

// get answers a GET without cookies.
func get(t *testing.T, f *fiber.App, path string, header ...string) apptest.Response {
	t.Helper()
	return apptest.NewClient(t, f).Get(path, header...)
}

func TestSchemaBehindRefusesToServe(t *testing.T) {
	dir := t.TempDir()
	cfg, err := config.Load(func(k string) string { return map[string]string{"DATA_DIR": dir}[k] })
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.CheckSchema(context.Background()); err == nil || !strings.Contains(err.Error(), "ocopmarket migrate") {
		t.Fatalf("an empty database must be refused with advice to migrate, got %v", err)
	}
}

func TestHealthAndErrors(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		f := apptest.New(t, b, apptest.Options{}).Fiber()
		if r := get(t, f, "/healthz"); r.Status != 200 {
			t.Errorf("healthz %d", r.Status)
		}
		r := get(t, f, "/readyz")
		if r.Status != 200 || !strings.Contains(r.Raw, `"database":"ok"`) || !strings.Contains(r.Raw, `"search":"ok"`) {
			t.Errorf("readyz %d %s", r.Status, r.Raw)
		}
		if r.Header.Get("X-Request-Id") == "" || r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("missing request id or security headers: %v", r.Header)
		}
		cases := []struct {
			path   string
			status int
			code   string
			field  string
		}{
			{"/api/v1/products?page=-1", 400, "invalid_input", "page"},
			{"/api/v1/products?per_page=100000", 400, "invalid_input", "per_page"},
			{"/api/v1/products?min_price=abc", 400, "invalid_input", "min_price"},
			{"/api/v1/products?stars=9", 400, "invalid_input", "stars"},
			{"/api/v1/products?sort=cheapest", 400, "invalid_input", "sort"},
			{"/api/v1/products?province=%22%20OR%201%3D1", 400, "invalid_input", "province"},
			{"/api/v1/products?q=%ff%fe", 400, "invalid_input", "q"},
			{"/api/v1/products?q=" + strings.Repeat("a", 10000), 400, "invalid_input", "q"},
			{"/api/v1/products?min_price=500&max_price=100", 400, "invalid_input", "max_price"},
			{"/api/v1/cooperatives?per_page=0", 400, "invalid_input", "per_page"},
			{"/api/v1/products/khong-ton-tai", 404, "not_found", ""},
			{"/api/v1/cooperatives/khong-ton-tai", 404, "not_found", ""},
			{"/api/v1/khong-co", 404, "not_found", ""},
		}
		for _, c := range cases {
			r := get(t, f, c.path)
			var body struct {
				Error struct {
					Code    string
					Message string
					Fields  map[string]string
				}
			}
			if err := json.Unmarshal([]byte(r.Raw), &body); err != nil {
				t.Errorf("%s: not the JSON error shape: %s", c.path, r.Raw)
				continue
			}
			if r.Status != c.status || body.Error.Code != c.code || body.Error.Message == "" {
				t.Errorf("%s: %d %+v, want %d %s", c.path, r.Status, body.Error, c.status, c.code)
			}
			if c.field != "" && body.Error.Fields[c.field] == "" {
				t.Errorf("%s: fields %v do not name %s", c.path, body.Error.Fields, c.field)
			}
		}
		for _, p := range []string{"/images/12-abc.svg", "/images/abc", "/images/-1-x.png"} {
			if r := get(t, f, p); r.Status != 404 {
				t.Errorf("%s: %d, want 404", p, r.Status)
			}
		}
	})
}
