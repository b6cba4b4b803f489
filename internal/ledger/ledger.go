// Package ledger keeps what the marketplace owes each cooperative: an
// earning for every order delivered (or paid by card), the platform's
// commission on it, reversals of refunded orders, and the payouts the
// marketplace made; a cooperative reads its statement of them.
package ledger

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// Kinds of ledger entries.
const (
	KindEarning    = "earning"
	KindCommission = "commission"
	KindReversal   = "reversal"
)

// Ledger writes ledger entries.
type Ledger struct {
	db  *db.DB
	now func() time.Time
	// rate is the commission percent in force when an order earns.
	rate func(context.Context) (float64, error)
}

// New returns a Ledger taking commissionPercent (0–100, e.g. 5.5) of each
// order's item subtotal.
func New(d *db.DB, now func() time.Time, commissionPercent float64) *Ledger {
	return &Ledger{db: d, now: now, rate: func(context.Context) (float64, error) { return commissionPercent, nil }}
}

// WithRate makes the ledger ask rate for the commission percent each time
// an order earns, so that an admin's change applies without a restart.
func (l *Ledger) WithRate(rate func(context.Context) (float64, error)) *Ledger {
	l.rate = rate
	return l
}

// Commission is the platform's share of an item subtotal at the rate in
// force, rounded half up to the whole đồng, and that rate in hundredths
// of a percent (550 = 5.5 %). Shipping fees go to the cooperative in full.
func (l *Ledger) Commission(ctx context.Context, subtotalVND int64) (amount, basisPoints int64, err error) {
	percent, err := l.rate(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("ledger: commission rate: %w", err)
	}
	basisPoints = int64(percent*100 + 0.5)
	return (subtotalVND*basisPoints + 5000) / 10000, basisPoints, nil
}

// Earn records, inside the caller's transaction, what a cooperative earns
// from an order: its total as an earning and the commission on its
// subtotal. Recording the same order again changes nothing.
func (l *Ledger) Earn(ctx context.Context, tx sqlx.ExtContext, coopID, orderID, subtotalVND, totalVND int64, orderCode string) error {
	now := l.now().UTC()
	commission, bp, err := l.Commission(ctx, subtotalVND)
	if err != nil {
		return err
	}
	for _, e := range []struct {
		kind   string
		amount int64
		note   string
	}{
		{KindEarning, totalVND, "Order " + orderCode},
		{KindCommission, -commission, fmt.Sprintf("Commission %.2f%% of %d ₫", float64(bp)/100, subtotalVND)},
	} {
		if _, err := tx.ExecContext(ctx, l.db.Rebind(`INSERT INTO ledger_entries (cooperative_id, order_id, kind, amount_vnd, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, kind) DO NOTHING`), coopID, orderID, e.kind, e.amount, e.note, now); err != nil {
			return fmt.Errorf("ledger: order %s: %s: %w", orderCode, e.kind, err)
		}
	}
	return nil
}

// Reverse records, inside the caller's transaction, that an order's
// earning was refunded: one entry cancelling its earning and commission.
// An order that earned nothing, or was reversed already, changes nothing.
func (l *Ledger) Reverse(ctx context.Context, tx sqlx.ExtContext, orderID int64, orderCode string) error {
	var sum struct {
		Coop  *int64 `db:"coop"`
		Total int64  `db:"total"`
	}
	if err := sqlx.GetContext(ctx, tx, &sum, l.db.Rebind(`SELECT MAX(cooperative_id) AS coop, COALESCE(SUM(amount_vnd), 0) AS total
		FROM ledger_entries WHERE order_id = ? AND kind IN ('earning', 'commission')`), orderID); err != nil {
		return fmt.Errorf("ledger: reverse order %s: %w", orderCode, err)
	}
	if sum.Coop == nil {
		return nil
	}
	if _, err := tx.ExecContext(ctx, l.db.Rebind(`INSERT INTO ledger_entries (cooperative_id, order_id, kind, amount_vnd, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, kind) DO NOTHING`), *sum.Coop, orderID, KindReversal, -sum.Total,
		"Refund of order "+orderCode, l.now().UTC()); err != nil {
		return fmt.Errorf("ledger: reverse order %s: %w", orderCode, err)
	}
	return nil
}
