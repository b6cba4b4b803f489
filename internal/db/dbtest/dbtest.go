// Package dbtest gives tests fresh, migrated databases: a SQLite file in a
// temporary folder, and a new database on the PostgreSQL server named by
// TEST_POSTGRES_URL, which `make test` starts for the run.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// PostgresEnv names the variable holding the URL of a PostgreSQL server on
// which tests may create and drop databases.
const PostgresEnv = "TEST_POSTGRES_URL"

// Run runs fn as two subtests, one against a fresh SQLite database and one
// against a fresh PostgreSQL database.
func Run(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated SQLite database in a temporary folder, closed
// when the test ends.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return sqlite(t, nil)
}

func sqlite(t testing.TB, wrap db.WrapDriver) *db.DB {
	t.Helper()
	d, err := db.OpenWrapped(context.Background(), "", filepath.Join(t.TempDir(), "ocop.db"), wrap)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d)
	return d
}

// PostgresURL returns the admin URL of the test PostgreSQL server, failing
// the test with instructions when it is not set.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		t.Fatalf("dbtest: %s is not set: run the tests with `make test`, which starts a throwaway PostgreSQL and Redis, "+
			"or point %s at a PostgreSQL server where the tests may create databases", PostgresEnv, PostgresEnv)
	}
	return u
}

// NewPostgresDatabase creates an empty database on the test server, dropped
// when the test ends, and returns its URL.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	admin, err := db.Open(ctx, PostgresURL(t), "")
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	name := "ocop_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("dbtest: create database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := db.Open(ctx, PostgresURL(t), "")
		if err != nil {
			t.Errorf("dbtest: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dbtest: drop database: %v", err)
		}
	})
	u, err := url.Parse(PostgresURL(t))
	if err != nil {
		t.Fatalf("dbtest: %s: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	return u.String()
}

// Postgres returns a migrated database of its own on the test PostgreSQL
// server, dropped when the test ends.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	return postgres(t, nil)
}

func postgres(t testing.TB, wrap db.WrapDriver) *db.DB {
	t.Helper()
	d, err := db.OpenWrapped(context.Background(), NewPostgresDatabase(t), "", wrap)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d)
	return d
}

func migrate(t testing.TB, d *db.DB) {
	t.Helper()
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("dbtest: %v", err)
	}
}
