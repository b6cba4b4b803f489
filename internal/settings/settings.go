// Package settings holds the marketplace settings admins change while it
// runs: the commission rate and how long an unpaid bank transfer holds its
// order. They live in the database, so every app instance takes a change
// within Settings.MaxAge, without a restart; until an admin sets them, the
// configuration's values (COMMISSION_PERCENT, BANK_TRANSFER_TTL) apply.
package settings

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Bounds of the settings.
const (
	MaxCommissionPercent = 50
	MinTransferTTLHours  = 1
	MaxTransferTTLHours  = 24 * 14
)

// Keys of the settings in app_state.
const (
	keyCommission  = "settings.commission_percent"
	keyTransferTTL = "settings.bank_transfer_ttl_hours"
)

// Values are the settings.
type Values struct {
	CommissionPercent    float64 `json:"commission_percent"`
	BankTransferTTLHours int     `json:"bank_transfer_ttl_hours"`
}

// Check validates v with a code per field.
func (v Values) Check() error {
	var f fault.Fields
	v.CheckInto(&f)
	return f.Err()
}

// CheckInto adds to f what is wrong with v, beside what f holds already (a
// form's fields that did not even parse).
func (v Values) CheckInto(f *fault.Fields) {
	if math.IsNaN(v.CommissionPercent) || v.CommissionPercent < 0 || v.CommissionPercent > MaxCommissionPercent {
		f.Add("commission_percent", "out_of_range", fault.Params{"min": 0, "max": MaxCommissionPercent})
	} else if math.Round(v.CommissionPercent*100) != v.CommissionPercent*100 {
		f.Add("commission_percent", "too_precise", fault.Params{"places": 2})
	}
	if v.BankTransferTTLHours < MinTransferTTLHours || v.BankTransferTTLHours > MaxTransferTTLHours {
		f.Add("bank_transfer_ttl_hours", "out_of_range", fault.Params{"min": MinTransferTTLHours, "max": MaxTransferTTLHours})
	}
}

// TransferTTL is how long an unpaid bank transfer holds its order.
func (v Values) TransferTTL() time.Duration { return time.Duration(v.BankTransferTTLHours) * time.Hour }

// Settings reads and writes the settings, keeping what it read for MaxAge.
type Settings struct {
	db         *db.DB
	audit      *audit.Log
	defaults   Values
	defaultTTL time.Duration // the configuration's, which may be under an hour
	// MaxAge is how long a read is reused before the database is asked
	// again: the longest another instance takes to see a change.
	MaxAge time.Duration

	mu     sync.Mutex
	cached Values
	ttlSet bool // an admin set the deadline: cached holds it
	readAt time.Time
}

// New returns the settings of d, defaulting to the configuration's
// commission and bank-transfer deadline until an admin sets them.
func New(d *db.DB, log *audit.Log, commissionPercent float64, transferTTL time.Duration) *Settings {
	hours := int((transferTTL + time.Hour - 1) / time.Hour)
	return &Settings{db: d, audit: log, defaultTTL: transferTTL, MaxAge: 2 * time.Second,
		defaults: Values{CommissionPercent: commissionPercent, BankTransferTTLHours: max(hours, MinTransferTTLHours)}}
}

// Commission is the commission percent in force, for the ledger.
func (s *Settings) Commission(ctx context.Context) (float64, error) {
	v, _, err := s.get(ctx)
	return v.CommissionPercent, err
}

// TransferTTL is how long an unpaid bank transfer holds its order: the
// admin's setting, or the configuration's deadline until one is set.
func (s *Settings) TransferTTL(ctx context.Context) (time.Duration, error) {
	v, set, err := s.get(ctx)
	if err != nil || !set {
		return s.defaultTTL, err
	}
	return v.TransferTTL(), nil
}

// Get returns the settings in force.
func (s *Settings) Get(ctx context.Context) (Values, error) {
	v, _, err := s.get(ctx)
	return v, err
}

func (s *Settings) get(ctx context.Context) (Values, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.readAt.IsZero() && time.Since(s.readAt) < s.MaxAge {
		return s.cached, s.ttlSet, nil
	}
	v, set, err := s.read(ctx, s.db)
	if err != nil {
		return Values{}, false, err
	}
	s.cached, s.ttlSet, s.readAt = v, set, time.Now()
	return v, set, nil
}

// read returns the settings and whether an admin set the deadline.
func (s *Settings) read(ctx context.Context, q sqlx.QueryerContext) (Values, bool, error) {
	var rows []struct {
		Key   string `db:"key"`
		Value string `db:"value"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, s.db.Rebind(`SELECT key, value FROM app_state WHERE key IN (?, ?)`),
		keyCommission, keyTransferTTL); err != nil {
		return Values{}, false, fmt.Errorf("settings: read: %w", err)
	}
	v, set := s.defaults, false
	for _, r := range rows {
		switch r.Key {
		case keyCommission:
			if p, err := strconv.ParseFloat(r.Value, 64); err == nil {
				v.CommissionPercent = p
			}
		case keyTransferTTL:
			if h, err := strconv.Atoi(r.Value); err == nil {
				v.BankTransferTTLHours, set = h, true
			}
		}
	}
	return v, set, nil
}

// Put sets the settings, in one transaction with the audit record of the
// change; this instance uses them at once, the others within MaxAge.
func (s *Settings) Put(ctx context.Context, v Values, by audit.Actor) error {
	if err := v.Check(); err != nil {
		return err
	}
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, _, err := s.read(ctx, tx)
		if err != nil {
			return err
		}
		for key, val := range map[string]string{
			keyCommission:  strconv.FormatFloat(v.CommissionPercent, 'f', -1, 64),
			keyTransferTTL: strconv.Itoa(v.BankTransferTTLHours),
		} {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO app_state (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`), key, val); err != nil {
				return fmt.Errorf("settings: write %s: %w", key, err)
			}
		}
		return s.audit.Record(ctx, tx, audit.Entry{Actor: by, Action: "settings.update",
			Subject: audit.Subject{Kind: "settings", ID: "marketplace"}, Before: before, After: v})
	})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.cached, s.ttlSet, s.readAt = v, true, time.Now()
	s.mu.Unlock()
	return nil
}
