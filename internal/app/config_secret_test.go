package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/config"
)

// A configuration the checks of config let through but a backend refuses
// still fails without printing the password it holds.
func TestOpenErrorsHideSecrets(t *testing.T) {
	const pw = "s3cr3t-P4ss"
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"database refuses", map[string]string{"DATABASE_URL": "postgres://ocop:" + pw + "@127.0.0.1:1/ocop?connect_timeout=2"}},
		{"database option", map[string]string{"DATABASE_URL": "postgres://ocop:" + pw + "@127.0.0.1:1/ocop?sslmode=sometimes"}},
		{"redis database number", map[string]string{"REDIS_URL": "redis://:" + pw + "@127.0.0.1:1/cache"}},
		{"smtp without host", map[string]string{"SMTP_URL": "smtp://mailer:" + pw + "@:587"}},
		{"smtp tls", map[string]string{"SMTP_URL": "smtp://mailer:" + pw + "@mail.example.vn:587?tls=always"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["DATA_DIR"] = t.TempDir()
			cfg, err := config.Load(func(k string) string { return tt.env[k] })
			if err == nil {
				var a *app.App
				a, err = app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
				if err == nil {
					a.Close()
					t.Fatal("want an error")
				}
			}
			if strings.Contains(err.Error(), pw) {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}
