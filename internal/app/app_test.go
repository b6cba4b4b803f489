package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
)

type testApp struct {
	*app.App
}

// newTestApp opens an app on a fresh SQLite data folder, migrated.
func newTestApp(t *testing.T) *testApp {
	t.Helper()
	return openTestApp(t, map[string]string{"DATA_DIR": t.TempDir(), "AUTO_MIGRATE": "1"})
}

// newPostgresTestApp opens an app on a fresh PostgreSQL database, migrated.
func newPostgresTestApp(t *testing.T) *testApp {
	t.Helper()
	return openTestApp(t, map[string]string{"DATA_DIR": t.TempDir(), "AUTO_MIGRATE": "1", "DATABASE_URL": dbtest.NewPostgresDatabase(t)})
}

func openTestApp(t *testing.T, env map[string]string) *testApp {
	t.Helper()
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
	return &testApp{a}
}

func (a *testApp) Fiber(t *testing.T) *fiber.App {
	t.Helper()
	f, err := a.App.Fiber()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, f *fiber.App, path string, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := f.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res.StatusCode, res.Header, body}
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
	for name, open := range map[string]func(*testing.T) *testApp{"sqlite": newTestApp, "postgres": newPostgresTestApp} {
		t.Run(name, func(t *testing.T) {
			f := open(t).Fiber(t)
			if r := get(t, f, "/healthz"); r.status != 200 {
				t.Errorf("healthz %d", r.status)
			}
			r := get(t, f, "/readyz")
			if r.status != 200 || !strings.Contains(string(r.body), `"database":"ok"`) || !strings.Contains(string(r.body), `"search":"ok"`) {
				t.Errorf("readyz %d %s", r.status, r.body)
			}
			if r.header.Get("X-Request-Id") == "" || r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("Content-Security-Policy") == "" {
				t.Errorf("missing request id or security headers: %v", r.header)
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
				if err := json.Unmarshal(r.body, &body); err != nil {
					t.Errorf("%s: not the JSON error shape: %s", c.path, r.body)
					continue
				}
				if r.status != c.status || body.Error.Code != c.code || body.Error.Message == "" {
					t.Errorf("%s: %d %+v, want %d %s", c.path, r.status, body.Error, c.status, c.code)
				}
				if c.field != "" && body.Error.Fields[c.field] == "" {
					t.Errorf("%s: fields %v do not name %s", c.path, body.Error.Fields, c.field)
				}
			}
			for _, p := range []string{"/images/12-abc.svg", "/images/abc", "/images/-1-x.png"} {
				if r := get(t, f, p); r.status != 404 {
					t.Errorf("%s: %d, want 404", p, r.status)
				}
			}
		})
	}
}
