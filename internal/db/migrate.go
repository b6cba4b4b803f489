package db

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/ocopmarket/ocopmarket/migrations"
)

// migrationProvider is goose over the embedded migrations of the dialect.
// On PostgreSQL it holds an advisory lock (goose's session locker) from
// reading the schema version to the last migration, so that instances
// started together (two replicas with AUTO_MIGRATE=1) migrate one after
// the other: the first applies what is pending, the others wait for its
// lock (up to five minutes) and then find nothing to do. SQLite serves one
// instance, whose file nothing else migrates.
func (d *DB) migrationProvider() (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// Try every second, for five minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("db: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrations.FS, string(d.Dialect))
	if err != nil {
		return nil, fmt.Errorf("db: migrations for %s: %w", d.Dialect, err)
	}
	p, err := goose.NewProvider(dialect, d.DB.DB, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("db: migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration and returns how many it applied.
func (d *DB) Migrate(ctx context.Context) (int, error) {
	p, err := d.migrationProvider()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("db: migrate: %w", err)
	}
	return len(res), nil
}

// SchemaStatus reports the schema version of the database and the newest
// version this binary knows.
func (d *DB) SchemaStatus(ctx context.Context) (current, latest int64, err error) {
	p, err := d.migrationProvider()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("db: schema version: %w", err)
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return current, latest, nil
}
