package settings_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/settings"
)

// The configuration's values hold until an admin sets others, which every
// instance then reads within MaxAge; a bad value changes nothing.
func TestSettings(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		log := audit.New(d, time.Now)
		defaults := settings.Values{CommissionPercent: 5, BankTransferTTLHours: 1}
		one, other := settings.New(d, log, 5, 30*time.Minute), settings.New(d, log, 5, 30*time.Minute)
		other.MaxAge = 0
		if v, err := one.Get(ctx); err != nil || v != defaults {
			t.Fatalf("defaults = %+v, %v", v, err)
		}
		if ttl, err := one.TransferTTL(ctx); err != nil || ttl != 30*time.Minute {
			t.Fatalf("the configuration's deadline = %v, %v", ttl, err)
		}
		for _, bad := range []settings.Values{
			{CommissionPercent: -1, BankTransferTTLHours: 24},
			{CommissionPercent: 51, BankTransferTTLHours: 24},
			{CommissionPercent: 5.555, BankTransferTTLHours: 24},
			{CommissionPercent: 5, BankTransferTTLHours: 0},
			{CommissionPercent: 5, BankTransferTTLHours: 24*14 + 1},
		} {
			err := one.Put(ctx, bad, audit.Actor{Email: "admin@ocop.local"})
			if fe, ok := fault.As(err); !ok || fe.Kind != fault.Invalid {
				t.Errorf("Put(%+v) = %v, want a validation error", bad, err)
			}
		}
		want := settings.Values{CommissionPercent: 7.5, BankTransferTTLHours: 48}
		if err := one.Put(ctx, want, audit.Actor{Email: "admin@ocop.local"}); err != nil {
			t.Fatal(err)
		}
		if v, _ := one.Get(ctx); v != want {
			t.Errorf("this instance reads %+v", v)
		}
		if v, _ := other.Get(ctx); v != want || v.TransferTTL() != 48*time.Hour {
			t.Errorf("another instance reads %+v", v)
		}
		if ttl, _ := other.TransferTTL(ctx); ttl != 48*time.Hour {
			t.Errorf("another instance's deadline = %v", ttl)
		}
		if p, _ := other.Commission(ctx); p != 7.5 {
			t.Errorf("another instance's commission = %v", p)
		}
		recs, total, err := log.List(ctx, audit.Filter{})
		if err != nil || total != 1 || recs[0].Action != "settings.update" {
			t.Fatalf("audit = %d %+v (%v), want one record", total, recs, err)
		}
	})
}
