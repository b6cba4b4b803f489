package db_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
)

func TestDate(t *testing.T) {
	cases := []struct {
		day    string
		months int
		want   string
	}{
		{"2025-06-26", 36, "2028-06-26"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2025-01-31", 1, "2025-02-28"},
		{"2025-12-15", 1, "2026-01-15"},
	}
	for _, c := range cases {
		d, err := db.ParseDate(c.day)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.AddMonths(c.months).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.day, c.months, got, c.want)
		}
	}
	for _, bad := range []string{"", "26/06/2025", "2025-13-01", "2025-02-30"} {
		if _, err := db.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	var d db.Date
	if err := json.Unmarshal([]byte(`"2025-06-26"`), &d); err != nil || d.String() != "2025-06-26" {
		t.Errorf("unmarshal: %v %v", d, err)
	}
	if b, _ := json.Marshal(d); string(b) != `"2025-06-26"` {
		t.Errorf("marshal: %s", b)
	}
	if b, _ := json.Marshal(db.Date{}); string(b) != "null" {
		t.Errorf("zero marshals as %s", b)
	}
	for _, bad := range []string{`26`, `"x"`, `"2025-06-26`} {
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("unmarshal %s accepted", bad)
		}
	}
}

func TestDatabase(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		current, latest, err := d.SchemaStatus(ctx)
		if err != nil || current != latest || latest < 1 {
			t.Fatalf("schema %d of %d: %v", current, latest, err)
		}

		// Dates go in and come out as days in both dialects.
		issued, _ := db.ParseDate("2025-06-26")
		var back db.Date
		if err := d.GetContext(ctx, &back, d.Rebind(`SELECT CAST(? AS DATE)`), issued); err != nil && d.Dialect == db.Postgres {
			t.Fatal(err)
		}
		if d.Dialect == db.Postgres && back.String() != "2025-06-26" {
			t.Errorf("date round trip: %s", back)
		}

		insert := func(tx *sqlx.Tx, slug string) error {
			_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO certifications (slug, name, description, description_en) VALUES (?, 'x', '', '')`), slug)
			return err
		}
		count := func() int {
			var n int
			if err := d.GetContext(ctx, &n, `SELECT COUNT(*) FROM certifications`); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		boom := errors.New("boom")
		if err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			if err := insert(tx, "rolled-back"); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatalf("Tx returned %v", err)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Error("a panic inside Tx must reach the caller")
				}
			}()
			_ = d.Tx(ctx, func(tx *sqlx.Tx) error {
				if err := insert(tx, "panicked"); err != nil {
					return err
				}
				panic("boom")
			})
		}()
		if count() != before {
			t.Fatalf("a failed transaction left rows behind")
		}
		if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return insert(tx, "kept") }); err != nil {
			t.Fatal(err)
		}
		err = d.Tx(ctx, func(tx *sqlx.Tx) error { return insert(tx, "kept") })
		if !db.IsUniqueViolation(err) {
			t.Errorf("duplicate key: %v is not a unique violation", err)
		}
		if count() != before+1 {
			t.Errorf("count %d, want %d", count(), before+1)
		}
	})
}

func TestSQLitePragmas(t *testing.T) {
	d := dbtest.SQLite(t)
	var fk, timeout int
	var mode string
	if err := d.Get(&fk, `PRAGMA foreign_keys`); err != nil || fk != 1 {
		t.Errorf("foreign_keys %d %v", fk, err)
	}
	if err := d.Get(&mode, `PRAGMA journal_mode`); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q %v", mode, err)
	}
	if err := d.Get(&timeout, `PRAGMA busy_timeout`); err != nil || timeout < 1000 {
		t.Errorf("busy_timeout %d %v", timeout, err)
	}
	if _, err := d.Exec(`INSERT INTO products (cooperative_id, category_slug, slug, name, price_vnd, unit, origin_province_slug, created_at, updated_at)
		VALUES (999, 'ca-phe', 'x', 'x', 1, 'g', 'son-la', ?, ?)`, time.Now(), time.Now()); err == nil {
		t.Error("a product of an unknown cooperative was accepted: foreign keys are off")
	}
}

// TestCounter pins what dbtest.Counter counts: each statement sent,
// prepared or not, inside a transaction or not, and nothing else.
func TestCounter(t *testing.T) {
	dbtest.RunCounted(t, func(t *testing.T, d *db.DB, c *dbtest.Counter) {
		ctx := context.Background()
		start := c.Count()
		var n int
		if err := d.GetContext(ctx, &n, `SELECT COUNT(*) FROM provinces`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, d.Rebind(`UPDATE provinces SET name = name WHERE slug = ?`), "ha-noi"); err != nil {
			t.Fatal(err)
		}
		err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			var slugs []string
			if err := tx.SelectContext(ctx, &slugs, `SELECT slug FROM provinces ORDER BY slug`); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE provinces SET name = name WHERE slug = ?`), slugs[0])
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		stmt, err := d.PreparexContext(ctx, d.Rebind(`SELECT name FROM provinces WHERE slug = ?`))
		if err != nil {
			t.Fatal(err)
		}
		defer stmt.Close()
		for _, slug := range []string{"ha-noi", "hue"} {
			var name string
			if err := stmt.GetContext(ctx, &name, slug); err != nil {
				t.Fatal(err)
			}
		}
		if got := c.Count() - start; got != 6 {
			t.Errorf("counted %d statements, want 6", got)
		}
	})
}

// Instances started together on one PostgreSQL database (two replicas with
// AUTO_MIGRATE=1) migrate it once between them: each waits for the
// others' lock, then finds nothing left to do.
func TestConcurrentMigrationsOnPostgres(t *testing.T) {
	ctx := context.Background()
	url := dbtest.NewPostgresDatabase(t)
	const instances = 3
	dbs := make([]*db.DB, instances)
	for i := range dbs {
		d, err := db.Open(ctx, url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		dbs[i] = d
	}
	applied := make([]int, instances)
	errs := make([]error, instances)
	var wg sync.WaitGroup
	for i, d := range dbs {
		wg.Go(func() { applied[i], errs[i] = d.Migrate(ctx) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent migrations: %v", err)
	}
	current, latest, err := dbs[0].SchemaStatus(ctx)
	if err != nil || current != latest {
		t.Fatalf("schema %d of %d after the migrations: %v", current, latest, err)
	}
	total := 0
	for _, n := range applied {
		total += n
	}
	if total != int(latest) {
		t.Errorf("the instances applied %v migrations, want %d in all: each once", applied, latest)
	}
}
