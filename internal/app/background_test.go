package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/mail/mailtest"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

// A password reset asked for while the process stops (SIGTERM ends the
// background work at once, the requests in flight still finish) is sent by
// the next start on the same database.
func TestResetEmailSurvivesARestart(t *testing.T) {
	smtp := mailtest.Start(t)
	for name, databaseURL := range map[string]string{"sqlite": "", "postgres": dbtest.NewPostgresDatabase(t)} {
		t.Run(name, func(t *testing.T) {
			env := map[string]string{"DATA_DIR": t.TempDir(), "AUTO_MIGRATE": "1", "DATABASE_URL": databaseURL,
				"SMTP_URL": smtp.URL, "SMTP_FROM": "OCOP Market <no-reply@ocop.example.vn>", "BASE_URL": "https://ocop.example.vn"}
			open := func() *app.App {
				cfg, err := config.Load(func(k string) string { return env[k] })
				if err != nil {
					t.Fatal(err)
				}
				a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
				if err != nil {
					t.Fatal(err)
				}
				if err := a.CheckSchema(context.Background()); err != nil {
					t.Fatal(err)
				}
				return a
			}

			first := open()
			if err := first.Accounts.Create(context.Background(), &account.User{Email: "lan@example.vn", Name: "Nguyễn Thị Lan",
				Roles: []string{account.RoleShopper}}, "mat-khau-dai"); err != nil {
				t.Fatal(err)
			}
			f, err := first.Fiber()
			if err != nil {
				t.Fatal(err)
			}
			sigterm, stop := context.WithCancel(context.Background())
			wait := first.Background(sigterm)
			stop()
			wait()
			req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/password/forgot", strings.NewReader(`{"email":"lan@example.vn"}`))
			req.Header.Set("Content-Type", "application/json")
			if res, err := f.Test(req, -1); err != nil || res.StatusCode != http.StatusAccepted {
				t.Fatalf("forgot: %v %v", res, err)
			}
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}

			second := open()
			t.Cleanup(func() { second.Close() })
			f2, err := second.Fiber()
			if err != nil {
				t.Fatal(err)
			}
			if r := get(t, f2, "/readyz"); !strings.Contains(r.Raw, `"jobs":{"waiting":1,"running":0,"dead":0}`) {
				t.Fatalf("readyz %s: want the reset email waiting", r.Raw)
			}
			ctx, stop2 := context.WithCancel(context.Background())
			wait2 := second.Background(ctx)
			t.Cleanup(func() { stop2(); wait2() })
			m := smtp.Next(t, 20*time.Second)
			if to := m.Header.Get("To"); to != "<lan@example.vn>" {
				t.Errorf("To %q", to)
			}
			if body := mailtest.Body(t, m); !regexp.MustCompile(`https://ocop\.example\.vn/dat-lai-mat-khau\?token=[A-Za-z0-9_-]{20,}`).MatchString(body) {
				t.Errorf("no reset link in %q", body)
			}
			deadline := time.Now().Add(10 * time.Second)
			for {
				s, err := second.Outbox.Stats(context.Background())
				if err == nil && s == (outbox.Stats{}) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("jobs left after sending: %+v %v", s, err)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}
