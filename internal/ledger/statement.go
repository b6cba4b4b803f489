package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// KindPayout is money the marketplace paid out to a cooperative: a
// negative amount of no order, with the transfer's reference as its note.
const KindPayout = "payout"

// MaxPayoutVND is the largest payout recorded at once.
const MaxPayoutVND = 100_000_000_000

// MaxReferenceLen is the longest payout reference, in characters.
const MaxReferenceLen = 200

// Summary is what a cooperative earned and was paid, over all its entries.
// BalanceVND, what the marketplace still owes it, is EarnedVND −
// CommissionVND − ReversedVND − PaidOutVND.
type Summary struct {
	BalanceVND    int64 `json:"balance_vnd" db:"balance"`
	EarnedVND     int64 `json:"earned_vnd" db:"earned"`
	CommissionVND int64 `json:"commission_vnd" db:"commission"`
	ReversedVND   int64 `json:"reversed_vnd" db:"reversed"`
	PaidOutVND    int64 `json:"paid_out_vnd" db:"paid_out"`
}

// Entry is one line of a cooperative's ledger: a signed amount (an earning
// is positive; commission, reversals and payouts are negative).
type Entry struct {
	Kind      string    `json:"kind" db:"kind"`
	OrderCode string    `json:"order_code,omitempty" db:"order_code"`
	AmountVND int64     `json:"amount_vnd" db:"amount_vnd"`
	Reference string    `json:"reference,omitempty" db:"reference"`
	At        time.Time `json:"at" db:"created_at"`
}

// Statement is a cooperative's summary and one page of its entries,
// newest first.
type Statement struct {
	Summary
	Items []Entry `json:"items"`
	Total int     `json:"total"`
}

// Page is a page of a list.
type Page struct {
	Page    int
	PerPage int
}

func (p Page) limits() (limit, offset int) {
	if p.PerPage <= 0 {
		p.PerPage = 24
	}
	return p.PerPage, (max(p.Page, 1) - 1) * p.PerPage
}

// Summarize sums a cooperative's ledger.
func (l *Ledger) Summarize(ctx context.Context, coopID int64) (Summary, error) {
	var s Summary
	if err := l.db.GetContext(ctx, &s, l.db.Rebind(`SELECT COALESCE(SUM(amount_vnd), 0) AS balance,
		COALESCE(SUM(CASE WHEN kind = 'earning' THEN amount_vnd ELSE 0 END), 0) AS earned,
		COALESCE(-SUM(CASE WHEN kind = 'commission' THEN amount_vnd ELSE 0 END), 0) AS commission,
		COALESCE(-SUM(CASE WHEN kind = 'reversal' THEN amount_vnd ELSE 0 END), 0) AS reversed,
		COALESCE(-SUM(CASE WHEN kind = 'payout' THEN amount_vnd ELSE 0 END), 0) AS paid_out
		FROM ledger_entries WHERE cooperative_id = ?`), coopID); err != nil {
		return Summary{}, fmt.Errorf("ledger: summary of cooperative %d: %w", coopID, err)
	}
	return s, nil
}

// entrySelect reads entries with their order's code; a payout's note is
// its reference.
const entrySelect = `SELECT e.kind, COALESCE(o.code, '') AS order_code, e.amount_vnd,
	CASE WHEN e.kind = 'payout' THEN e.note ELSE '' END AS reference, e.created_at
	FROM ledger_entries e LEFT JOIN orders o ON o.id = e.order_id WHERE e.cooperative_id = ?`

// Statement returns a cooperative's summary over all its entries and one
// page of them, newest first.
func (l *Ledger) Statement(ctx context.Context, coopID int64, p Page) (*Statement, error) {
	sum, err := l.Summarize(ctx, coopID)
	if err != nil {
		return nil, err
	}
	st := &Statement{Summary: sum, Items: []Entry{}}
	if err := l.db.GetContext(ctx, &st.Total, l.db.Rebind(`SELECT COUNT(*) FROM ledger_entries WHERE cooperative_id = ?`), coopID); err != nil {
		return nil, fmt.Errorf("ledger: count entries of cooperative %d: %w", coopID, err)
	}
	limit, offset := p.limits()
	if err := l.db.SelectContext(ctx, &st.Items, l.db.Rebind(entrySelect+` ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?`),
		coopID, limit, offset); err != nil {
		return nil, fmt.Errorf("ledger: entries of cooperative %d: %w", coopID, err)
	}
	return st, nil
}

// Each calls fn with every entry of a cooperative, newest first, reading
// them a batch at a time, for exports.
func (l *Ledger) Each(ctx context.Context, coopID int64, fn func(Entry) error) error {
	const batch = 1000
	for offset := 0; ; offset += batch {
		var es []Entry
		if err := l.db.SelectContext(ctx, &es, l.db.Rebind(entrySelect+` ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?`),
			coopID, batch, offset); err != nil {
			return fmt.Errorf("ledger: entries of cooperative %d: %w", coopID, err)
		}
		for _, e := range es {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(es) < batch {
			return nil
		}
	}
}

// OrderLine is what one order brought a cooperative: its earning, the
// commission taken and any reversal, and what is left of it.
type OrderLine struct {
	OrderCode     string    `json:"order_code" db:"order_code"`
	EarnedVND     int64     `json:"earned_vnd" db:"earned"`
	CommissionVND int64     `json:"commission_vnd" db:"commission"`
	ReversedVND   int64     `json:"reversed_vnd" db:"reversed"`
	NetVND        int64     `json:"net_vnd" db:"-"`
	At            time.Time `json:"at" db:"at"`
}

// OrderLines returns one page of what each order earned a cooperative,
// the latest earning first, and how many orders earned it something.
func (l *Ledger) OrderLines(ctx context.Context, coopID int64, p Page) ([]OrderLine, int, error) {
	var total int
	if err := l.db.GetContext(ctx, &total, l.db.Rebind(`SELECT COUNT(*) FROM ledger_entries
		WHERE cooperative_id = ? AND kind = 'earning'`), coopID); err != nil {
		return nil, 0, fmt.Errorf("ledger: count orders of cooperative %d: %w", coopID, err)
	}
	limit, offset := p.limits()
	lines := []OrderLine{}
	if err := l.db.SelectContext(ctx, &lines, l.db.Rebind(`SELECT o.code AS order_code, e.amount_vnd AS earned, e.created_at AS at,
		COALESCE((SELECT -SUM(c.amount_vnd) FROM ledger_entries c WHERE c.order_id = e.order_id AND c.kind = 'commission'), 0) AS commission,
		COALESCE((SELECT -SUM(r.amount_vnd) FROM ledger_entries r WHERE r.order_id = e.order_id AND r.kind = 'reversal'), 0) AS reversed
		FROM ledger_entries e JOIN orders o ON o.id = e.order_id
		WHERE e.cooperative_id = ? AND e.kind = 'earning' ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?`),
		coopID, limit, offset); err != nil {
		return nil, 0, fmt.Errorf("ledger: orders of cooperative %d: %w", coopID, err)
	}
	for i := range lines {
		lines[i].NetVND = lines[i].EarnedVND - lines[i].CommissionVND - lines[i].ReversedVND
	}
	return lines, total, nil
}

// Payouts returns the latest payouts to a cooperative, newest first, at
// most limit of them.
func (l *Ledger) Payouts(ctx context.Context, coopID int64, limit int) ([]Entry, error) {
	out := []Entry{}
	if err := l.db.SelectContext(ctx, &out, l.db.Rebind(entrySelect+` AND e.kind = 'payout' ORDER BY e.created_at DESC, e.id DESC LIMIT ?`),
		coopID, limit); err != nil {
		return nil, fmt.Errorf("ledger: payouts of cooperative %d: %w", coopID, err)
	}
	return out, nil
}

// RecordPayout records, inside the caller's transaction, that the
// marketplace paid amountVND (whole đồng, more than 0) to a cooperative
// at the moment at, with the bank transfer's reference (required, one
// line). It lowers the cooperative's balance by the amount.
func (l *Ledger) RecordPayout(ctx context.Context, tx sqlx.ExtContext, coopID, amountVND int64, reference string, at time.Time) error {
	var f fault.Fields
	if amountVND <= 0 || amountVND > MaxPayoutVND {
		f.Add("amount_vnd", "out_of_range", fault.Params{"min": 1, "max": MaxPayoutVND})
	}
	reference = strings.TrimSpace(reference)
	switch {
	case reference == "":
		f.Add("reference", "required", nil)
	case !utf8.ValidString(reference):
		f.Add("reference", "invalid_text", nil)
	case strings.IndexFunc(reference, unicode.IsControl) >= 0:
		f.Add("reference", "control_characters", nil)
	case utf8.RuneCountInString(reference) > MaxReferenceLen:
		f.Add("reference", "too_long", fault.Params{"max": MaxReferenceLen})
	}
	if err := f.Err(); err != nil {
		return err
	}
	if at.IsZero() {
		at = l.now()
	}
	if _, err := tx.ExecContext(ctx, l.db.Rebind(`INSERT INTO ledger_entries (cooperative_id, order_id, kind, amount_vnd, note, created_at)
		VALUES (?, NULL, ?, ?, ?, ?)`), coopID, KindPayout, -amountVND, reference, at.UTC()); err != nil {
		return fmt.Errorf("ledger: payout of %d to cooperative %d: %w", amountVND, coopID, err)
	}
	return nil
}
