// Package payout is how the marketplace pays the cooperatives what their
// delivered orders earned: the balance due to each, and the record of a
// payout, with the VietQR payload that makes the bank transfer to the
// cooperative's own account for the amount.
package payout

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
)

// Errors of payouts.
var (
	// ErrOverBalance refuses paying more than the marketplace owes.
	ErrOverBalance = fault.New(fault.Conflict, "payout_over_balance")
	// ErrNoBankAccount refuses paying a cooperative whose bank account
	// cannot take a VietQR transfer.
	ErrNoBankAccount = fault.New(fault.Conflict, "payout_no_bank_account")
)

// Service records payouts.
type Service struct {
	db      *db.DB
	ledger  *ledger.Ledger
	catalog *catalog.Store
	audit   *audit.Log
	now     func() time.Time
}

// New returns the payouts of d.
func New(d *db.DB, l *ledger.Ledger, cat *catalog.Store, log *audit.Log, now func() time.Time) *Service {
	return &Service{db: d, ledger: l, catalog: cat, audit: log, now: now}
}

// Balance is what the marketplace owes one cooperative.
type Balance struct {
	Cooperative catalog.Ref `json:"cooperative"`
	Province    string      `json:"province"`
	ledger.Summary
}

// Balances lists the cooperatives the marketplace has a ledger with, the
// largest balance due first, in one query.
func (s *Service) Balances(ctx context.Context) ([]Balance, error) {
	var rows []struct {
		ID       int64  `db:"id"`
		Slug     string `db:"slug"`
		Name     string `db:"name"`
		Province string `db:"province"`
		ledger.Summary
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT co.id, co.slug, co.name, pr.name AS province,
		COALESCE(SUM(l.amount_vnd), 0) AS balance,
		COALESCE(SUM(CASE WHEN l.kind = 'earning' THEN l.amount_vnd ELSE 0 END), 0) AS earned,
		COALESCE(-SUM(CASE WHEN l.kind = 'commission' THEN l.amount_vnd ELSE 0 END), 0) AS commission,
		COALESCE(-SUM(CASE WHEN l.kind = 'reversal' THEN l.amount_vnd ELSE 0 END), 0) AS reversed,
		COALESCE(-SUM(CASE WHEN l.kind = 'payout' THEN l.amount_vnd ELSE 0 END), 0) AS paid_out
		FROM cooperatives co JOIN provinces pr ON pr.slug = co.province_slug
		JOIN ledger_entries l ON l.cooperative_id = co.id
		GROUP BY co.id, co.slug, co.name, pr.name ORDER BY balance DESC, co.name`); err != nil {
		return nil, fmt.Errorf("payout: balances: %w", err)
	}
	out := make([]Balance, len(rows))
	for i, r := range rows {
		out[i] = Balance{Cooperative: catalog.Ref{ID: r.ID, Slug: r.Slug, Name: r.Name}, Province: r.Province, Summary: r.Summary}
	}
	return out, nil
}

// Transfer is the VietQR transfer of amountVND to a cooperative's account.
func Transfer(co *catalog.Cooperative, amountVND int64) (*payment.VietQR, error) {
	qr := &payment.VietQR{BankBIN: co.BankBIN, AccountNo: co.BankAccountNo, AccountName: co.BankAccountName,
		AmountVND: amountVND, Purpose: purpose(co.ID)}
	var err error
	if qr.Payload, err = vietqr.Payload(vietqr.Transfer{BankBIN: co.BankBIN, AccountNo: co.BankAccountNo,
		AmountVND: amountVND, Purpose: qr.Purpose}); err != nil {
		return nil, ErrNoBankAccount.Wrap(err)
	}
	return qr, nil
}

// Payout is a payout recorded, with the transfer that makes it.
type Payout struct {
	Cooperative catalog.Ref     `json:"cooperative"`
	AmountVND   int64           `json:"amount_vnd"`
	Reference   string          `json:"reference"`
	At          time.Time       `json:"at"`
	BalanceVND  int64           `json:"balance_vnd"` // what is still due after it
	VietQR      *payment.VietQR `json:"vietqr"`
}

// purpose is the content of a payout's bank transfer: VietQR allows 25
// ASCII characters.
func purpose(coopID int64) string { return fmt.Sprintf("OCOP PAYOUT %d", coopID) }

// Record records that the marketplace pays amountVND to a cooperative, in
// one transaction with its audit record; it may not exceed the balance
// due. It answers the VietQR payload of the transfer to the cooperative's
// account for the amount.
func (s *Service) Record(ctx context.Context, coopID, amountVND int64, reference string, by audit.Actor) (*Payout, error) {
	co, err := s.catalog.CooperativeByID(ctx, coopID)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, fault.New(fault.NotFound, "not_found").With(fault.Params{"what": "cooperative"})
	}
	if err != nil {
		return nil, err
	}
	reference = strings.TrimSpace(reference)
	var qr *payment.VietQR
	if amountVND > 0 {
		if qr, err = Transfer(co, amountVND); err != nil {
			return nil, err
		}
	}
	p := &Payout{Cooperative: catalog.Ref{ID: co.ID, Slug: co.Slug, Name: co.Name}, AmountVND: amountVND, VietQR: qr, At: s.now().UTC()}
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		// Lock the cooperative's row on PostgreSQL, so two payouts at once
		// cannot both pass the balance check (SQLite writes one at a time).
		lock := `SELECT id FROM cooperatives WHERE id = ?`
		if s.db.Dialect == db.Postgres {
			lock += ` FOR UPDATE`
		}
		var id int64
		if err := tx.GetContext(ctx, &id, tx.Rebind(lock), coopID); err != nil {
			return fmt.Errorf("payout: lock cooperative %d: %w", coopID, err)
		}
		var balance int64
		if err := tx.GetContext(ctx, &balance, tx.Rebind(`SELECT COALESCE(SUM(amount_vnd), 0) FROM ledger_entries WHERE cooperative_id = ?`), coopID); err != nil {
			return fmt.Errorf("payout: balance of %d: %w", coopID, err)
		}
		if err := s.ledger.RecordPayout(ctx, tx, coopID, amountVND, reference, p.At); err != nil {
			return err
		}
		if amountVND > balance {
			return ErrOverBalance.With(fault.Params{"balance": balance})
		}
		p.Reference, p.BalanceVND = reference, balance-amountVND
		return s.audit.Record(ctx, tx, audit.Entry{Actor: by, CooperativeID: &coopID, Action: "payout.record",
			Subject: audit.Subject{Kind: "cooperative", ID: audit.SubjectID(coopID)},
			Before:  map[string]int64{"balance_vnd": balance},
			After:   map[string]any{"balance_vnd": balance - amountVND, "amount_vnd": amountVND, "reference": reference}})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
