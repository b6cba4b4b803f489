package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
)

// secureEnv is a production-like configuration: an https public address
// behind a load balancer. Test requests come from 0.0.0.0, the balancer.
func secureEnv() map[string]string {
	return map[string]string{"BASE_URL": "https://ocop.example.vn", "TRUSTED_PROXIES": "0.0.0.0, 10.0.0.0/8"}
}

// eachDatabase runs fn on the production-like app over each database.
func eachDatabase(t *testing.T, fn func(t *testing.T, a *apptest.App)) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		fn(t, apptest.New(t, b, apptest.Options{Env: secureEnv()}))
	})
}

// send sends body as JSON, when there is one, with the name, value pairs
// of header (which may name another Content-Type).
func send(c *apptest.Client, method, path, body string, header ...string) apptest.Response {
	if body != "" {
		header = append([]string{"Content-Type", "application/json"}, header...)
	}
	return c.Do(method, path, body, header...)
}

// A client behind the balancer cannot escape the per-address login limit
// by putting addresses of its own in front of the one the balancer
// appends, and a malformed X-Forwarded-For never reaches the limiter.
func TestLoginLimitBehindProxy(t *testing.T) {
	eachDatabase(t, func(t *testing.T, a *apptest.App) {
		const perAddress = 50 // account.DefaultLimits().PerAddress
		attempts := 0
		login := func(xff string) int {
			t.Helper()
			attempts++
			c := a.Client()
			email := fmt.Sprintf("nobody%d@example.vn", attempts)
			return send(c, "POST", "/api/v1/auth/login", `{"email":"`+email+`","password":"doan-thu-mat-khau"}`, "X-Forwarded-For", xff).Status
		}
		for i := range perAddress {
			if s := login(fmt.Sprintf("198.18.%d.%d, 203.0.113.7, 10.1.2.3", i/250, i%250)); s != 401 {
				t.Fatalf("attempt %d: %d, want 401", i+1, s)
			}
		}
		if s := login("192.0.2.200, 203.0.113.7, 10.1.2.3"); s != 429 {
			t.Errorf("attempt past the limit with a fresh forged address: %d, want 429", s)
		}
		if s := login("203.0.113.7"); s != 429 {
			t.Errorf("the same client straight to the balancer: %d, want 429", s)
		}
		if s := login("203.0.113.7, 198.51.100.9"); s != 401 {
			t.Errorf("another client: %d, want 401", s)
		}
		for _, xff := range []string{"\xff", "203.0.113.7, 1.2.3.4\x00", "fe80::1%\xff", strings.Repeat("9", 300)} {
			if s := login(xff); s != 401 {
				t.Errorf("X-Forwarded-For %q: %d, want 401 (the balancer's own address)", xff, s)
			}
		}
	})
}

func TestStrictTransportSecurity(t *testing.T) {
	tests := []struct {
		base string
		want string
	}{
		{"https://ocop.example.vn", "max-age=31536000; includeSubDomains"},
		{"http://localhost:8080", ""},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			f := apptest.New(t, apptest.Databases()[0], apptest.Options{Env: map[string]string{"BASE_URL": tt.base}}).Fiber()
			for _, path := range []string{"/", "/healthz", "/api/v1/khong-co"} {
				if got := get(t, f, path).Header.Get("Strict-Transport-Security"); got != tt.want {
					t.Errorf("%s: Strict-Transport-Security %q, want %q", path, got, tt.want)
				}
			}
		})
	}
}

// The answers that carry a person's data are never stored by a cache,
// whichever method asked for them; public reads keep their caching.
func TestPersonalAnswersAreNotStored(t *testing.T) {
	eachDatabase(t, func(t *testing.T, a *apptest.App) {
		c := a.Client()
		address := `{"name":"Lan","phone":"0912345678","line":"12 Tô Hiệu","ward":"Phường Tô Hiệu","province":"Hà Giang"}`
		tests := []struct {
			name, method, path, body string
			status                   int
			cache                    string
		}{
			{"register", "POST", "/api/v1/auth/register", `{"email":"lan@example.vn","password":"mat-khau-dai","name":"Lan"}`, 201, "no-store"},
			{"login", "POST", "/api/v1/auth/login", `{"email":"lan@example.vn","password":"mat-khau-dai"}`, 200, "no-store"},
			{"profile", "PUT", "/api/v1/me", `{"name":"Nguyễn Thị Lan","phone":"0912345678"}`, 200, "no-store"},
			{"address", "POST", "/api/v1/me/addresses", address, 201, "no-store"},
			{"bad address", "POST", "/api/v1/me/addresses", `{}`, 400, "no-store"},
			{"addresses", "GET", "/api/v1/me/addresses", "", 200, "no-store"},
			{"suggestions", "GET", "/api/v1/search/suggest?q=ca", "", 200, "public, max-age=60"},
		}
		for _, tt := range tests {
			r := send(c, tt.method, tt.path, tt.body)
			if r.Status != tt.status || r.Header.Get("Cache-Control") != tt.cache {
				t.Errorf("%s: %d Cache-Control %q, want %d %q (%s)", tt.name, r.Status, r.Header.Get("Cache-Control"), tt.status, tt.cache, r.Raw)
			}
		}
	})
}

// The API answers its JSON error shape, with the status the request
// deserves, to a write without a body and to a malformed multipart body.
func TestAPIErrorShapeForOddBodies(t *testing.T) {
	eachDatabase(t, func(t *testing.T, a *apptest.App) {
		guest, lan := a.Client(), a.Client()
		if r := send(lan, "POST", "/api/v1/auth/register", `{"email":"lan@example.vn","password":"mat-khau-dai","name":"Lan"}`); r.Status != 201 {
			t.Fatalf("register: %d %s", r.Status, r.Raw)
		}
		send(lan, "GET", "/dang-nhap", "")
		multipart := []string{"Content-Type", "multipart/form-data; boundary=xyz"}
		tests := []struct {
			name   string
			c      *apptest.Client
			method string
			path   string
			body   string
			header []string
			status int
			code   string
		}{
			{"guest deletes an address", guest, "DELETE", "/api/v1/me/addresses/1", "", nil, 401, "not_logged_in"},
			{"deleting a missing address", lan, "DELETE", "/api/v1/me/addresses/999", "", nil, 404, "not_found"},
			{"removing what is not in the cart", lan, "DELETE", "/api/v1/cart/items/999", "", nil, 0, ""},
			{"malformed multipart", guest, "POST", "/api/v1/auth/login", "--nope\r\ngarbage", multipart, 415, "unsupported_media_type"},
			{"malformed multipart with the CSRF token", lan, "POST", "/api/v1/auth/login", "--nope\r\ngarbage",
				append(multipart, "X-CSRF-Token", lan.Cookie("ocop_csrf")), 400, "invalid_json"},
			{"guest logs out", guest, "POST", "/api/v1/auth/logout", "", nil, 204, ""},
			{"logout", lan, "POST", "/api/v1/auth/logout", "", nil, 204, ""},
		}
		for _, tt := range tests {
			r := send(tt.c, tt.method, tt.path, tt.body, tt.header...)
			if tt.status == 0 {
				if r.Status == 415 || r.Status >= 500 {
					t.Errorf("%s: %d %s", tt.name, r.Status, r.Raw)
				}
				continue
			}
			if r.Status != tt.status {
				t.Errorf("%s: %d %s, want %d", tt.name, r.Status, r.Raw, tt.status)
			}
			if tt.code != "" && (!strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") ||
				!strings.Contains(r.Raw, `"code":"`+tt.code+`"`)) {
				t.Errorf("%s: %s %s, want the JSON error %s", tt.name, r.Header.Get("Content-Type"), r.Raw, tt.code)
			}
		}
	})
}
