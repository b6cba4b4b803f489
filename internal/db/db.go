// Package db opens the SQL database (PostgreSQL or the embedded SQLite file),
// runs the embedded migrations and offers the transaction helper the domain
// packages share. Queries are written once with ? placeholders and rebound
// for the dialect by sqlx.
package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names the SQL dialect of an open database.
type Dialect string

// The two dialects the project supports.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is an open database with its dialect.
type DB struct {
	*sqlx.DB
	Dialect Dialect
}

// Open connects to PostgreSQL when databaseURL is a postgres:// URL, and
// otherwise opens (creating if needed) the SQLite file at sqlitePath.
func Open(ctx context.Context, databaseURL, sqlitePath string) (*DB, error) {
	return OpenWrapped(ctx, databaseURL, sqlitePath, nil)
}

// WrapDriver returns a driver that stands in for the SQL driver, to watch
// every statement sent through it (dbtest.Counter counts them).
type WrapDriver func(driver.Driver) driver.Driver

// OpenWrapped is Open with every connection made by wrap's driver when wrap
// is not nil.
func OpenWrapped(ctx context.Context, databaseURL, sqlitePath string, wrap WrapDriver) (*DB, error) {
	if databaseURL != "" {
		return openPostgres(ctx, databaseURL, wrap)
	}
	return openSQLite(ctx, sqlitePath, wrap)
}

// sqlOpen opens the pool of the named driver, through wrap when given.
func sqlOpen(name, dsn string, wrap WrapDriver) (*sqlx.DB, error) {
	x, err := sqlx.Open(name, dsn)
	if err != nil || wrap == nil {
		return x, err
	}
	drv := x.Driver()
	if err := x.Close(); err != nil {
		return nil, err
	}
	return sqlx.NewDb(sql.OpenDB(dsnConnector{dsn: dsn, driver: wrap(drv)}), name), nil
}

// dsnConnector opens connections by name, as sql.Open does for a driver
// without a connector of its own.
type dsnConnector struct {
	dsn    string
	driver driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }

func (c dsnConnector) Driver() driver.Driver { return c.driver }

func openPostgres(ctx context.Context, databaseURL string, wrap WrapDriver) (*DB, error) {
	x, err := sqlOpen("pgx", databaseURL, wrap)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	x.SetMaxOpenConns(25)
	x.SetMaxIdleConns(25)
	x.SetConnMaxLifetime(30 * time.Minute)
	if err := x.PingContext(ctx); err != nil {
		x.Close()
		return nil, fmt.Errorf("db: connect to postgres: %w", err)
	}
	return &DB{DB: x, Dialect: Postgres}, nil
}

func openSQLite(ctx context.Context, path string, wrap WrapDriver) (*DB, error) {
	if path == "" {
		return nil, errors.New("db: no DATABASE_URL and no SQLite path")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("db: create data folder: %w", err)
	}
	q := url.Values{}
	// cache_size: each connection's page cache, 2 MiB by default, 512 KiB
	// here. The catalog's reads are served from memory (internal/shelf),
	// the pages SQLite still reads stay in the kernel's page cache, and
	// eight default caches held 40 MB of the process's memory at 100,000
	// products.
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(10000)", "synchronous(NORMAL)", "cache_size(-512)"} {
		q.Add("_pragma", p)
	}
	q.Set("_time_format", "sqlite")
	q.Set("_txlock", "immediate")
	x, err := sqlOpen("sqlite", "file:"+path+"?"+q.Encode(), wrap)
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	// One writer at a time is what SQLite allows; a small pool keeps readers
	// concurrent under WAL while writers queue on the busy timeout.
	x.SetMaxOpenConns(8)
	x.SetMaxIdleConns(8)
	if err := x.PingContext(ctx); err != nil {
		x.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	return &DB{DB: x, Dialect: SQLite}, nil
}

// Analyze refreshes the statistics SQLite's planner chooses indexes by:
// without them it may read a whole index where a primary key lookup does
// (a page of products by id scanned every published product). Sampled, so
// it takes milliseconds at 100,000 products. PostgreSQL's autovacuum keeps
// its own statistics; Analyze does nothing there.
func (d *DB) Analyze(ctx context.Context) error {
	if d.Dialect != SQLite {
		return nil
	}
	for _, q := range []string{`PRAGMA analysis_limit = 1000`, `ANALYZE`} {
		if _, err := d.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("db: analyze: %w", err)
		}
	}
	return nil
}

// Tx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise (also when fn panics).
func (d *DB) Tx(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) {
	tx, err := d.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// IsUniqueViolation reports whether err is a unique-constraint failure in
// either dialect.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// NoRows reports whether err means a query found nothing.
func NoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// EscapeLike escapes the wildcards of s for a LIKE pattern written with
// ESCAPE '\', so that a searched "50%" or "a_b" matches only itself.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
