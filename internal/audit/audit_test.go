package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
)

// A record is written with its change or not at all, and reads back as
// it was written, newest first, filtered by cooperative and time.
func TestRecordFollowsItsTransaction(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
		log := audit.New(d, func() time.Time { return now })
		var coop int64
		if err := d.GetContext(ctx, &coop, `INSERT INTO cooperatives (slug, name, province_slug) VALUES ('htx-a', 'HTX A', 'son-la') RETURNING id`); err != nil {
			t.Fatal(err)
		}
		entry := func(action string) audit.Entry {
			return audit.Entry{Actor: audit.Actor{Email: "a@ocop.local"}, CooperativeID: &coop, Action: action,
				Subject: audit.Subject{Kind: "product", ID: "7"}, Before: map[string]int{"stock": 1}, After: map[string]int{"stock": 2}}
		}
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			if err := log.Record(ctx, tx, entry("product.rolled_back")); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("tx: %v", err)
		}
		if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return log.Record(ctx, tx, entry("product.update")) }); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		if err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			return log.Record(ctx, tx, audit.Entry{Actor: audit.Actor{Email: "staff@ocop.local"}, Action: "settings.update",
				Subject: audit.Subject{Kind: "settings", ID: "marketplace"}})
		}); err != nil {
			t.Fatal(err)
		}

		all, total, err := log.List(ctx, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || len(all) != 2 || all[0].Action != "settings.update" || all[1].Action != "product.update" {
			t.Fatalf("all = %d %+v", total, all)
		}
		if string(all[0].Before) != "null" {
			t.Errorf("no before = %s", all[0].Before)
		}
		var before, after map[string]int
		if err := json.Unmarshal(all[1].Before, &before); err != nil || before["stock"] != 1 {
			t.Errorf("before = %s (%v)", all[1].Before, err)
		}
		if err := json.Unmarshal(all[1].After, &after); err != nil || after["stock"] != 2 {
			t.Errorf("after = %s (%v)", all[1].After, err)
		}
		if !all[1].At.Equal(now.Add(-time.Hour)) || all[1].Subject != (audit.Subject{Kind: "product", ID: "7"}) {
			t.Errorf("record = %+v", all[1])
		}

		mine, total, err := log.List(ctx, audit.Filter{CooperativeID: coop})
		if err != nil || total != 1 || len(mine) != 1 || mine[0].Action != "product.update" {
			t.Fatalf("cooperative's = %d %+v (%v)", total, mine, err)
		}
		late, total, err := log.List(ctx, audit.Filter{From: now})
		if err != nil || total != 1 || late[0].Action != "settings.update" {
			t.Fatalf("from = %d %+v (%v)", total, late, err)
		}
	})
}
