// Package apptest builds the whole app for handler tests: app.Open and
// app.Fiber on a fresh database (SQLite or PostgreSQL, from dbtest) with
// the sessions, carts and rate limits in the SQL database or in Redis
// (from redistest), and a client that behaves like a browser.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/redistest"
)

// BaseURL is the public address of the test app: HTTPS, so cookies carry
// the Secure flag as in production.
const BaseURL = "https://ocop.example.vn"

// Backend is a database and a store of sessions, carts and rate limits.
type Backend struct {
	Name     string
	Postgres bool // PostgreSQL instead of SQLite
	Redis    bool // sessions, carts and limits in Redis instead of the database
}

// Databases are SQLite and PostgreSQL, each with the stores in the
// database.
func Databases() []Backend {
	return []Backend{{Name: "sqlite"}, {Name: "postgres", Postgres: true}}
}

// Backends are both databases, each with the stores in the database and
// in Redis.
func Backends() []Backend {
	return []Backend{{Name: "sqlite/sql"}, {Name: "sqlite/redis", Redis: true},
		{Name: "postgres/sql", Postgres: true}, {Name: "postgres/redis", Postgres: true, Redis: true}}
}

// Run runs fn as one subtest per backend.
func Run(t *testing.T, backends []Backend, fn func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) { fn(t, b) })
	}
}

// Options change the app a test opens.
type Options struct {
	// Env is added to the environment the configuration is read from:
	// STRIPE_SECRET_KEY, SMTP_URL, or a REDIS_URL of a server that is down.
	Env map[string]string
	// Log receives the app's error log; the test's log when nil. A fuzz
	// target needs its own: its inputs may not write to the log of the
	// target.
	Log io.Writer
}

// App is the whole app on a fresh database, migrated. Tests may change
// what the app holds (a.Shop.Limits) before the
// first request: Fiber builds the handlers from it then.
type App struct {
	*app.App
	t      testing.TB
	f      *fiber.App
	env    map[string]string
	b      Backend
	prefix string
	log    io.Writer // Options.Log
}

// New opens the app on backend b, migrated, and closes it when the test
// ends. Passwords are hashed at bcrypt's lowest cost, to keep tests fast.
func New(t testing.TB, b Backend, o Options) *App {
	t.Helper()
	env := map[string]string{"DATA_DIR": t.TempDir(), "AUTO_MIGRATE": "1", "BASE_URL": BaseURL}
	if b.Postgres {
		env["DATABASE_URL"] = dbtest.NewPostgresDatabase(t)
	}
	prefix := app.RedisPrefix
	if b.Redis {
		env["REDIS_URL"] = redistest.URL(t)
		_, prefix = redistest.Client(t)
	}
	for k, v := range o.Env {
		env[k] = v
	}
	return open(t, b, env, prefix, o.Log)
}

// Second opens another instance of the app over a's database and stores,
// as a second process behind the same proxy would be, with a search index
// of its own when it is the embedded one.
func (a *App) Second() *App {
	a.t.Helper()
	env := maps.Clone(a.env)
	env["SEARCH_DIR"] = a.t.TempDir()
	return open(a.t, a.b, env, a.prefix, a.log)
}

// open opens the app on env, migrated, with the Redis keys under prefix,
// logging errors to logTo (the test's log when nil).
func open(t testing.TB, b Backend, env map[string]string, prefix string, logTo io.Writer) *App {
	t.Helper()
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("apptest: %v", err)
	}
	ctx := context.Background()
	var out io.Writer = testWriter{t}
	if logTo != nil {
		out = logTo
	}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelError}))
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		t.Fatalf("apptest: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.CheckSchema(ctx); err != nil {
		t.Fatalf("apptest: %v", err)
	}
	if b.Redis {
		// Keys under a prefix of the test's own, deleted when it ends, so
		// that tests sharing the Redis server never see each other's keys.
		if err := a.Shop.Close(); err != nil {
			t.Fatal(err)
		}
		if a.Shop, err = app.OpenShop(ctx, cfg, log, a.DB, a.Catalog, a.Shelf, a.Accounts, prefix); err != nil {
			t.Fatalf("apptest: %v", err)
		}
	}
	a.Accounts = account.New(a.DB, bcrypt.MinCost)
	return &App{App: a, t: t, env: env, b: b, prefix: prefix, log: logTo}
}

// Fiber returns the HTTP app, built on first use.
func (a *App) Fiber() *fiber.App {
	if a.f == nil {
		a.f = a.Restart()
	}
	return a.f
}

// Restart builds a new HTTP app over the same database and stores, as a
// new process of the app would be.
func (a *App) Restart() *fiber.App {
	a.t.Helper()
	f, err := a.App.Fiber()
	if err != nil {
		a.t.Fatalf("apptest: %v", err)
	}
	return f
}

// Background runs the app's background work (the outbox worker among
// it) until the test ends, as a serving process does.
func (a *App) Background() {
	ctx, stop := context.WithCancel(context.Background())
	wait := a.App.Background(ctx)
	a.t.Cleanup(func() { stop(); wait() })
}

// Exec runs a statement on the app's database, written with ? placeholders.
func (a *App) Exec(query string, args ...any) {
	a.t.Helper()
	if _, err := a.DB.ExecContext(context.Background(), a.DB.Rebind(query), args...); err != nil {
		a.t.Fatal(err)
	}
}

// testWriter sends the app's log (errors only) to the test's output.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// Password is the password of the users LoggedIn creates.
const Password = "mat-khau-dai"

// LoggedIn creates u, with Password, and returns a client logged in as u
// through the API.
func (a *App) LoggedIn(u *account.User) *Client {
	a.t.Helper()
	if err := a.Accounts.Create(context.Background(), u, Password); err != nil {
		a.t.Fatalf("apptest: %v", err)
	}
	c := a.Client()
	Expect(a.t, "log in as "+u.Email, c.Do(http.MethodPost, "/api/v1/auth/login", map[string]any{"email": u.Email, "password": Password}), http.StatusOK)
	return c
}
