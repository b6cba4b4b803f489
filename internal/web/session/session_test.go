package session_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/redistest"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// storageSuite checks a fiber.Storage the way the session middleware uses it.
func storageSuite(t *testing.T, s fiber.Storage) {
	t.Helper()
	if v, err := s.Get("missing"); v != nil || err != nil {
		t.Fatalf("Get(missing) = %q, %v; want nil, nil", v, err)
	}
	if err := s.Set("a", []byte("one"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("a", []byte("two"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("forever", []byte("x"), 0); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get("a"); string(v) != "two" {
		t.Fatalf("Get(a) = %q, want two", v)
	}
	if err := s.Delete("a"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get("a"); v != nil {
		t.Fatalf("Get after Delete = %q", v)
	}
	if v, _ := s.Get("forever"); string(v) != "x" {
		t.Fatalf("Get(forever) = %q", v)
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get("forever"); v != nil {
		t.Fatalf("Get after Reset = %q", v)
	}
}

func TestSQLStorage(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		s := session.NewSQLStorage(d, func() time.Time { return now })
		storageSuite(t, s)
		if err := s.Set("short", []byte("x"), time.Minute); err != nil {
			t.Fatal(err)
		}
		if err := s.Set("long", []byte("y"), time.Hour); err != nil {
			t.Fatal(err)
		}
		now = now.Add(2 * time.Minute)
		if v, _ := s.Get("short"); v != nil {
			t.Fatalf("expired session still read: %q", v)
		}
		if n, err := s.GC(context.Background()); err != nil || n != 1 {
			t.Fatalf("GC = %d, %v; want 1", n, err)
		}
		if v, _ := s.Get("long"); string(v) != "y" {
			t.Fatalf("live session after GC: %q", v)
		}
	})
}

func TestRedisStorage(t *testing.T) {
	rdb, prefix := redistest.Client(t)
	// A key of someone else in the same Redis survives Reset.
	other := prefix + "other"
	if err := rdb.Set(context.Background(), other, "keep", 0).Err(); err != nil {
		t.Fatal(err)
	}
	storageSuite(t, session.NewRedisStorage(rdb, prefix+"sess:"))
	if v, err := rdb.Get(context.Background(), other).Result(); err != nil || v != "keep" {
		t.Fatalf("Reset deleted a key outside its prefix: %q, %v", v, err)
	}
	s := session.NewRedisStorage(rdb, prefix+"sess:")
	if err := s.Set("ttl", []byte("x"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if ttl := rdb.TTL(context.Background(), prefix+"sess:ttl").Val(); ttl <= 0 || ttl > time.Minute {
		t.Fatalf("TTL = %v", ttl)
	}
}

func TestCSRF(t *testing.T) {
	m := session.New(session.NewSQLStorage(dbtest.SQLite(t), time.Now), nil, session.Config{})
	app := fiber.New(fiber.Config{ErrorHandler: web.ErrorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)), nil, nil)})
	app.Use(m.CSRF())
	app.All("/form", func(c *fiber.Ctx) error {
		token, _ := c.Locals(session.CSRFLocal).(string)
		return c.SendString(token)
	})

	res, err := app.Test(httptest.NewRequest("GET", "/form", nil))
	if err != nil {
		t.Fatal(err)
	}
	var token string
	for _, ck := range res.Cookies() {
		if ck.Name == session.CSRFCookie {
			token = ck.Value
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("CSRF cookie %+v is not HttpOnly SameSite=Lax", ck)
			}
		}
	}
	if token == "" {
		t.Fatal("no CSRF cookie on GET")
	}
	tests := []struct {
		name   string
		cookie string
		field  string
		header string
		site   string
		origin string
		want   int
	}{
		{"form field", token, token, "", "", "", 200},
		{"header", token, "", token, "", "", 200},
		{"no token", token, "", "", "", "", 403},
		{"wrong token", token, "x" + token[1:], "", "", "", 403},
		{"no cookie", "", token, "", "", "", 403},
		{"cross-site", token, token, "", "cross-site", "", 403},
		{"same-site with a token", token, token, "", "same-site", "", 403},
		{"cross-site without a token", "", "", "", "cross-site", "", 403},
		{"same-origin without a token", "", "", "", "same-origin", "", 200},
		{"same-origin with a wrong token", token, "x" + token[1:], "", "same-origin", "", 200},
		{"typed address without a token", "", "", "", "none", "", 200},
		{"own Origin without a token", "", "", "", "", "http://example.com", 200},
		{"foreign Origin with a token", token, token, "", "", "https://evil.example", 403},
		{"foreign Origin without a token", "", "", "", "", "https://evil.example", 403},
		{"null Origin without a token", "", "", "", "", "null", 403},
		{"null Origin with a token", token, token, "", "", "null", 200},
		{"same-origin beats a foreign Origin", "", "", "", "same-origin", "https://evil.example", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/form", strings.NewReader("_csrf="+tt.field))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.cookie != "" {
				req.AddCookie(&http.Cookie{Name: session.CSRFCookie, Value: tt.cookie})
			}
			if tt.header != "" {
				req.Header.Set(session.CSRFHeader, tt.header)
			}
			if tt.site != "" {
				req.Header.Set("Sec-Fetch-Site", tt.site)
			}
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			res, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.want)
			}
		})
	}
}

func TestGuardAPI(t *testing.T) {
	m := session.New(session.NewSQLStorage(dbtest.SQLite(t), time.Now), nil, session.Config{})
	app := fiber.New(fiber.Config{ErrorHandler: web.ErrorHandler(slog.New(slog.NewTextHandler(io.Discard, nil)), nil, nil)})
	app.All("/api/v1/thing", m.GuardAPI(), func(c *fiber.Ctx) error { return web.NotFound("thing") })
	const token = "0123456789012345678901234567890123456789abc"
	tests := []struct {
		name, method, body, ctype, header, site string
		want                                    int
	}{
		{"body-less DELETE", "DELETE", "", "", "", "", 404},
		{"body-less POST from this origin", "POST", "", "", "", "same-origin", 404},
		{"body-less POST typed by the user", "POST", "", "", "", "none", 404},
		{"body-less POST with a form type", "POST", "", "application/x-www-form-urlencoded", "", "", 415},
		{"body-less JSON", "POST", "", "application/json", "", "", 404},
		{"JSON", "POST", "{}", "application/json; charset=utf-8", "", "", 404},
		{"token with a form body", "POST", "a=1", "application/x-www-form-urlencoded", token, "", 404},
		{"form body", "POST", "a=1", "application/x-www-form-urlencoded", "", "", 415},
		{"text body", "PUT", "{}", "text/plain", "", "", 415},
		{"body-less POST from a sibling subdomain", "POST", "", "", "", "same-site", 415},
		{"body-less POST from another site", "POST", "", "", "", "cross-site", 403},
		{"JSON from another site", "POST", "{}", "application/json", "", "cross-site", 403},
		{"wrong token", "DELETE", "", "", "x" + token[1:], "", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/api/v1/thing", strings.NewReader(tt.body))
			req.AddCookie(&http.Cookie{Name: session.CSRFCookie, Value: token})
			for name, v := range map[string]string{"Content-Type": tt.ctype, session.CSRFHeader: tt.header, "Sec-Fetch-Site": tt.site} {
				if v != "" {
					req.Header.Set(name, v)
				}
			}
			res, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.want || !strings.HasPrefix(string(body), `{"error":`) {
				t.Fatalf("%d %s, want %d and the JSON error shape", res.StatusCode, body, tt.want)
			}
		})
	}
}
