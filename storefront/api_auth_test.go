package storefront_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/mail/mailtest"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
)

func TestRegisterLoginLogout(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		app := w.app()
		c := newClient(t, app)
		r := c.register("lan@example.vn")
		u := r.Body["user"].(map[string]any)
		if u["email"] != "lan@example.vn" || fmt.Sprint(u["roles"]) != "[shopper]" || u["password_hash"] != nil {
			t.Fatalf("registered user %v", u)
		}
		first := c.Cookie("ocop_session")
		if first == "" {
			t.Fatal("no session cookie after register")
		}
		expect(t, "me", c.Do("GET", "/api/v1/me", nil), 200)

		// The session cookie is HttpOnly, SameSite=Lax and Secure (BASE_URL is https).
		r = c.Do("POST", "/api/v1/auth/login", map[string]any{"email": "LAN@example.vn", "password": "mat-khau-dai"})
		expect(t, "login", r, 200)
		setCookie := strings.Join(r.Header.Values("Set-Cookie"), "\n")
		for _, want := range []string{"ocop_session=", "HttpOnly", "SameSite=Lax", "secure"} {
			if !strings.Contains(strings.ToLower(setCookie), strings.ToLower(want)) {
				t.Errorf("Set-Cookie %q lacks %s", setCookie, want)
			}
		}
		second := c.Cookie("ocop_session")
		if second == "" || second == first {
			t.Fatalf("session id not regenerated at login: %q then %q", first, second)
		}
		// The id from before login no longer works.
		old := newClient(t, app)
		old.SetCookie("ocop_session", first)
		expect(t, "me with the pre-login id", old.Do("GET", "/api/v1/me", nil), 401, "not_logged_in")

		// Logout ends the session everywhere: a copy of the cookie is worthless.
		stolen := newClient(t, app)
		stolen.SetCookie("ocop_session", second)
		expect(t, "me with a copy", stolen.Do("GET", "/api/v1/me", nil), 200)
		expect(t, "logout", c.Do("POST", "/api/v1/auth/logout", map[string]any{}), 204)
		expect(t, "me after logout", c.Do("GET", "/api/v1/me", nil), 401, "not_logged_in")
		expect(t, "me with a copy after logout", stolen.Do("GET", "/api/v1/me", nil), 401, "not_logged_in")
		expect(t, "profile after logout", stolen.Do("PUT", "/api/v1/me", map[string]any{"name": "X"}), 401)
		expect(t, "addresses after logout", stolen.Do("GET", "/api/v1/me/addresses", nil), 401)

		tests := []struct {
			name   string
			body   any
			status int
			code   string
		}{
			{"wrong password", map[string]any{"email": "lan@example.vn", "password": "sai-mat-khau"}, 401, "invalid_credentials"},
			{"unknown email", map[string]any{"email": "ai@example.vn", "password": "mat-khau-dai"}, 401, "invalid_credentials"},
			{"missing fields", map[string]any{}, 400, "invalid_input"},
			{"password not a string", map[string]any{"email": "lan@example.vn", "password": 12345678}, 400, "invalid_input"},
			{"malformed JSON", `{"email":`, 400, "invalid_json"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := newClient(t, app)
				var r = c.Do("POST", "/api/v1/auth/login", tt.body, "Content-Type", "application/json")
				expect(t, "login", r, tt.status, tt.code)
				if c.Cookie("ocop_session") != "" {
					t.Fatal("a failed login set a session cookie")
				}
			})
		}
		expect(t, "register again", c.Do("POST", "/api/v1/auth/register",
			map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai", "name": "Lan"}), 400, "invalid_input")
	})
}

func TestLoginRateLimit(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		w.Shop.Limits.PerAccountAddress = ratelimit.Rule{Limit: 3, Window: time.Minute}
		app := w.app()
		newClient(t, app).register("lan@example.vn")
		c := newClient(t, app)
		for i := range 3 {
			expect(t, fmt.Sprint("attempt ", i+1), c.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "doan-thu"}), 401)
		}
		r := c.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai"})
		expect(t, "attempt past the limit, even with the right password", r, 429, "too_many_attempts")
		if r.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		// Another account from the same address is not locked.
		newClient(t, app).register("minh@example.vn")
		expect(t, "other account", c.Do("POST", "/api/v1/auth/login", map[string]any{"email": "minh@example.vn", "password": "mat-khau-dai"}), 200)
	})
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		app := w.app()
		phone := newClient(t, app)
		phone.register("lan@example.vn")
		laptop := newClient(t, app)
		expect(t, "login", laptop.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai"}), 200)
		r := phone.Do("PUT", "/api/v1/me/password", map[string]any{"current_password": "sai", "new_password": "mat-khau-moi"})
		expect(t, "wrong current password", r, 400, "invalid_input")
		if r.Field("current_password") == "" {
			t.Fatalf("no error on current_password: %s", r.Raw)
		}
		expect(t, "change", phone.Do("PUT", "/api/v1/me/password", map[string]any{"current_password": "mat-khau-dai", "new_password": "mat-khau-moi"}), 200)
		expect(t, "this session goes on", phone.Do("GET", "/api/v1/me", nil), 200)
		expect(t, "the other one ends", laptop.Do("GET", "/api/v1/me", nil), 401)
	})
}

var resetLink = regexp.MustCompile(`https://ocop\.example\.vn/dat-lai-mat-khau\?token=([A-Za-z0-9_-]+)`)

// TestPasswordResetByEmail sends the reset link through a real SMTP server
// process and follows it.
func TestPasswordResetByEmail(t *testing.T) {
	srv := mailtest.Start(t)
	apptest.Run(t, apptest.Backends(), func(t *testing.T, b apptest.Backend) {
		w := newWorld(t, b, "SMTP_URL", srv.URL, "SMTP_FROM", "OCOP Market <no-reply@ocop.example.vn>")
		w.Background()
		app := w.app()
		lan := newClient(t, app)
		lan.register("lan@example.vn")

		c := newClient(t, app)
		unknown := c.Do("POST", "/api/v1/auth/password/forgot", map[string]any{"email": "ai@example.vn"})
		expect(t, "forgot, unknown email", unknown, 202)
		r := c.Do("POST", "/api/v1/auth/password/forgot", map[string]any{"email": "Lan@Example.vn"})
		expect(t, "forgot", r, 202)
		if r.Raw != unknown.Raw {
			t.Fatalf("answers differ for a registered email: %s vs %s", r.Raw, unknown.Raw)
		}
		if msg, _ := r.Body["message"].(string); !strings.HasPrefix(msg, "Nếu email này có tài khoản") {
			t.Fatalf("answer in Vietnamese: %s", r.Raw)
		}
		en := c.Do("POST", "/api/v1/auth/password/forgot?lang=en", map[string]any{"email": "ai@example.vn"})
		if msg, _ := en.Body["message"].(string); !strings.HasPrefix(msg, "If an account uses this email") {
			t.Fatalf("answer in English: %s", en.Raw)
		}
		expect(t, "forgot, bad email", c.Do("POST", "/api/v1/auth/password/forgot", map[string]any{"email": "lan"}), 400, "invalid_input")

		msg := srv.Next(t, 15*time.Second)
		if to := msg.Header.Get("To"); !strings.Contains(to, "lan@example.vn") {
			t.Fatalf("mail went to %q", to)
		}
		m := resetLink.FindStringSubmatch(mailtest.Body(t, msg))
		if m == nil {
			t.Fatalf("no reset link in %q", mailtest.Body(t, msg))
		}
		token := m[1]
		expect(t, "reset, short password", c.Do("POST", "/api/v1/auth/password/reset", map[string]any{"token": token, "password": "ngan"}), 400, "invalid_input")
		expect(t, "reset, bad token", c.Do("POST", "/api/v1/auth/password/reset", map[string]any{"token": "x" + token, "password": "mat-khau-moi"}), 400, "invalid_reset_token")
		expect(t, "reset", c.Do("POST", "/api/v1/auth/password/reset", map[string]any{"token": token, "password": "mat-khau-moi"}), 204)
		expect(t, "reset again", c.Do("POST", "/api/v1/auth/password/reset", map[string]any{"token": token, "password": "mat-khau-khac"}), 400, "invalid_reset_token")
		expect(t, "old session after reset", lan.Do("GET", "/api/v1/me", nil), 401)
		expect(t, "old password", c.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai"}), 401)
		expect(t, "new password", c.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "mat-khau-moi"}), 200)
	})
}

// TestAPIWritesNeedJSON: a form or a plain-text body from another site
// cannot change anything.
func TestAPIWritesNeedJSON(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		app := w.app()
		c := newClient(t, app)
		c.register("lan@example.vn")
		body := fmt.Sprintf(`{"product_id": %d, "quantity": 1}`, w.ids["ca-phe-bot"])
		tests := []struct {
			name    string
			method  string
			target  string
			headers []string
			status  int
			code    string
		}{
			{"form", "POST", "/api/v1/cart/items", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"},
			{"text", "POST", "/api/v1/cart/items", []string{"Content-Type", "text/plain"}, 415, "unsupported_media_type"},
			{"none", "POST", "/api/v1/cart/items", nil, 415, "unsupported_media_type"},
			{"xml", "PUT", "/api/v1/me", []string{"Content-Type", "application/xml"}, 415, "unsupported_media_type"},
			{"wrong CSRF header", "POST", "/api/v1/cart/items", []string{"X-CSRF-Token", "forged"}, 403, "csrf_failed"},
			{"cross-site JSON", "POST", "/api/v1/cart/items", []string{"Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"}, 403, "cross_site_request"},
			{"logout by form", "POST", "/api/v1/auth/logout", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				expect(t, tt.name, c.Do(tt.method, tt.target, body, tt.headers...), tt.status, tt.code)
			})
		}
		if q := c.quantities(); len(q) != 0 {
			t.Fatalf("refused requests changed the cart: %v", q)
		}
		expect(t, "still logged in", c.Do("GET", "/api/v1/me", nil), 200)
		expect(t, "JSON", c.Do("POST", "/api/v1/cart/items", body, "Content-Type", "application/json; charset=utf-8"), 200)
	})
}
