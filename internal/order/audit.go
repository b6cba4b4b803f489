package order

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/db"
)

// auditState is an order as its audit records show it before and after a
// change.
type auditState struct {
	Status        string `json:"status" db:"status"`
	PaymentStatus string `json:"payment_status" db:"payment_status"`
	TrackingNo    string `json:"tracking_no,omitempty" db:"tracking_no"`
	Carrier       string `json:"carrier,omitempty" db:"carrier"`
	CancelReason  string `json:"cancel_reason,omitempty" db:"cancel_reason"`
	code          string
	coopID        int64
}

// auditState reads order id inside tx; lock takes the row's lock in
// PostgreSQL, so that the state read before a change is the one it
// changes (SQLite has one writer at a time).
func (s *Service) auditState(ctx context.Context, tx *sqlx.Tx, id int64, lock bool) (auditState, error) {
	var st struct {
		auditState
		Code   string `db:"code"`
		CoopID int64  `db:"cooperative_id"`
	}
	q := `SELECT code, cooperative_id, status, payment_status, tracking_no, carrier, cancel_reason FROM orders WHERE id = ?`
	if lock && s.db.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	if err := tx.GetContext(ctx, &st, tx.Rebind(q), id); err != nil {
		return auditState{}, fmt.Errorf("order: %d: audit state: %w", id, err)
	}
	st.auditState.code, st.auditState.coopID = st.Code, st.CoopID
	return st.auditState, nil
}

// audited runs change on order id inside tx and records it in the audit
// log as action by actor, with the order as it was and as it is; a change
// that fails records nothing.
func (s *Service) audited(ctx context.Context, tx *sqlx.Tx, id int64, actor Actor, action string, change func() error) error {
	before, err := s.auditState(ctx, tx, id, true)
	if err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	after, err := s.auditState(ctx, tx, id, false)
	if err != nil {
		return err
	}
	who := audit.Actor{Email: actor.Email}
	if actor.UserID != nil {
		who.ID = *actor.UserID
	}
	coop := before.coopID
	return s.audit.Record(ctx, tx, audit.Entry{Actor: who, CooperativeID: &coop, Action: action,
		Subject: audit.Subject{Kind: "order", ID: before.code}, Before: before, After: after})
}
