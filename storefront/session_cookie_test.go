package storefront_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestForgedSessionCookie checks that a session cookie no session of ours
// could have (bytes PostgreSQL refuses, or any odd shape) reads as logged
// out instead of a 503, and that logging in over it starts a new session.
func TestForgedSessionCookie(t *testing.T) {
	eachDatabase(t, func(t *testing.T, w *world) {
		app := w.app()
		newClient(t, app).register("lan@example.com")
		for _, forged := range []string{"\xff\xfe", "a%00b", strings.Repeat("x", 43) + "\xff"} {
			send := func(method, path, body string) (int, string, string) {
				req := httptest.NewRequest(method, path, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Cookie", "ocop_session="+forged)
				res, err := app.Test(req, -1)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				session := ""
				for _, ck := range res.Cookies() {
					if ck.Name == "ocop_session" && ck.MaxAge >= 0 && ck.Value != "" {
						session = ck.Value
					}
				}
				return res.StatusCode, string(b), session
			}
			for _, tc := range []struct {
				method, path, body string
				status             int
			}{
				{"GET", "/api/v1/me", "", 401},
				{"GET", "/api/v1/cart", "", 200},
				{"GET", "/api/v1/orders", "", 401},
				{"POST", "/api/v1/auth/logout", "", 204},
				{"POST", "/api/v1/auth/login", `{"email":"lan@example.com","password":"mat-khau-dai"}`, 200},
			} {
				status, body, session := send(tc.method, tc.path, tc.body)
				if status != tc.status {
					t.Fatalf("cookie %q: %s %s: %d %s, want %d", forged, tc.method, tc.path, status, body, tc.status)
				}
				if tc.path == "/api/v1/auth/login" && (session == "" || session == forged) {
					t.Fatalf("cookie %q: login kept session %q", forged, session)
				}
			}
		}
	})
}
