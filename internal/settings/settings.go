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
	if math.IsNaN(v.CommissionPercent) || v.CommissionPercent < 0 || v.CommissionPercent > MaxCommissionPercent {
		f.Add("commission_percent", "out_of_range", fault.Params{"min": 0, "max": MaxCommissionPercent})
	} else if math.Round(v.CommissionPercent*100) != v.CommissionPercent*100 {
		f.Add("commission_percent", "too_precise", fault.Params{"places": 2})
	}
	if v.BankTransferTTLHours < MinTransferTTLHours || v.BankTransferTTLHours > MaxTransferTTLHours {
		f.Add("bank_transfer_ttl_hours", "out_of_range", fault.Params{"min": MinTransferTTLHours, "max": MaxTransferTTLHours})
	}
	return f.Err()
}

// TransferTTL is how long an unpaid bank transfer holds its order.
func (v Values) TransferTTL() time.Duration { return time.Duration(v.BankTransferTTLHours) * time.Hour }

// Settings reads and writes the settings, keeping what it read for MaxAge.
type Settings struct {
	db       *db.DB
	audit    *audit.Log
	defaults Values
	// MaxAge is how long a read is reused before the database is asked
	// again: the longest another instance takes to see a change.
	MaxAge time.Duration

	mu     sync.Mutex
	cached Values
	readAt time.Time
}

// New returns the settings of d, defaulting to defaults until an admin
// sets them.
func New(d *db.DB, log *audit.Log, defaults Values) *Settings {
	return &Settings{db: d, audit: log, defaults: defaults, MaxAge: 2 * time.Second}
}

// Get returns the settings in force.
func (s *Settings) Get(ctx context.Context) (Values, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.readAt.IsZero() && time.Since(s.readAt) < s.MaxAge {
		return s.cached, nil
	}
	v, err := s.read(ctx, s.db)
	if err != nil {
		return Values{}, err
	}
	s.cached, s.readAt = v, time.Now()
	return v, nil
}

func (s *Settings) read(ctx context.Context, q sqlx.QueryerContext) (Values, error) {
	var rows []struct {
		Key   string `db:"key"`
		Value string `db:"value"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, s.db.Rebind(`SELECT key, value FROM app_state WHERE key IN (?, ?)`),
		keyCommission, keyTransferTTL); err != nil {
		return Values{}, fmt.Errorf("settings: read: %w", err)
	}
	v := s.defaults
	for _, r := range rows {
		switch r.Key {
		case keyCommission:
			if p, err := strconv.ParseFloat(r.Value, 64); err == nil {
				v.CommissionPercent = p
			}
		case keyTransferTTL:
			if h, err := strconv.Atoi(r.Value); err == nil {
				v.BankTransferTTLHours = h
			}
		}
	}
	return v, nil
}

// Put sets the settings, in one transaction with the audit record of the
// change; this instance uses them at once, the others within MaxAge.
func (s *Settings) Put(ctx context.Context, v Values, by audit.Actor) error {
	if err := v.Check(); err != nil {
		return err
	}
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.read(ctx, tx)
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
	s.cached, s.readAt = v, time.Now()
	s.mu.Unlock()
	return nil
}
