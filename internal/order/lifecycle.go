package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// Actor is who changes an order, recorded with the change.
type Actor struct {
	// Name is the role acting: coop_staff, shopper, system, stripe.
	Name   string
	UserID *int64
	// Email is the staff member's, for the audit log.
	Email string
}

// TransitionInput asks to move an order to another status.
type TransitionInput struct {
	Code string
	// CooperativeID limits the change to that cooperative's orders.
	CooperativeID int64
	To            string
	TrackingNo    string
	// Carrier is one of Carriers, or "" when not said; read when shipping.
	Carrier string
	Reason  string
	Actor   Actor
}

// Transition moves an order along its lifecycle and records who did it,
// in the order's history and in the audit log, in the change's
// transaction. Shipping needs a tracking number (and takes a carrier);
// cancelling needs a reason, returns the stock and voids or refunds the
// payment; delivering a cash order marks it paid and credits the
// cooperative's ledger. An impossible change is a *TransitionError and
// records nothing.
func (s *Service) Transition(ctx context.Context, in TransitionInput) (*Order, error) {
	var f fault.Fields
	valid := false
	for _, st := range Statuses() {
		valid = valid || (st == in.To && st != StatusPending)
	}
	if !valid {
		f.Add("to", "not_one_of", fault.Params{"choices": "confirmed, packed, shipped, delivered, cancelled"})
	}
	in.TrackingNo = strings.TrimSpace(in.TrackingNo)
	if len(in.TrackingNo) > 64 || !utf8.ValidString(in.TrackingNo) || hasControl(in.TrackingNo, false) {
		f.Add("tracking_no", "invalid_tracking_no", fault.Params{"max": 64})
	}
	if in.To == StatusShipped && in.TrackingNo == "" {
		f.Add("tracking_no", "tracking_no_required", nil)
	}
	in.Carrier = strings.TrimSpace(in.Carrier)
	if in.Carrier != "" && !slices.Contains(Carriers(), in.Carrier) {
		f.Add("carrier", "not_one_of", fault.Params{"choices": strings.Join(Carriers(), ", ")})
	}
	in.Reason = checkNote(&f, "reason", in.Reason)
	if in.To == StatusCancelled && in.Reason == "" {
		f.Add("reason", "required", nil)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &id, tx.Rebind(`SELECT id FROM orders WHERE code = ? AND cooperative_id = ?`),
			strings.ToUpper(strings.TrimSpace(in.Code)), in.CooperativeID)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("order: %s: %w", in.Code, ErrNotFound)
			}
			return fmt.Errorf("order: %s: %w", in.Code, err)
		}
		return s.audited(ctx, tx, id, in.Actor, "order."+in.To, func() error { return s.transition(ctx, tx, id, in) })
	})
	if err != nil {
		return nil, err
	}
	return s.orderWithHistory(ctx, id)
}

// transition changes order id inside tx.
func (s *Service) transition(ctx context.Context, tx *sqlx.Tx, id int64, in TransitionInput) error {
	r, o, err := s.orderByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if !CanTransition(o.Status, in.To) {
		return &TransitionError{From: o.Status, To: in.To}
	}
	now := s.now().UTC()
	tracking, carrier, reason := r.TrackingNo, r.Carrier, r.CancelReason
	if in.To == StatusShipped {
		tracking, carrier = in.TrackingNo, in.Carrier
	}
	if in.To == StatusCancelled {
		reason = in.Reason
	}
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE orders SET status = ?, tracking_no = ?, carrier = ?, cancel_reason = ?,
		updated_at = ? WHERE id = ? AND status = ?`), in.To, tracking, carrier, reason, now, id, o.Status)
	if err != nil {
		return fmt.Errorf("order: %s: %s → %s: %w", o.Code, o.Status, in.To, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &TransitionError{From: o.Status, To: in.To} // changed under us
	}
	note := reason
	if in.To == StatusShipped {
		note = "tracking " + tracking
		if carrier != "" {
			note += " via " + carrier
		}
	}
	if err := s.recordEvent(ctx, tx, id, "status", o.Status, in.To, in.Actor.Name, in.Actor.UserID, note); err != nil {
		return err
	}
	switch in.To {
	case StatusDelivered:
		if o.Payment.Method == payment.MethodCOD && o.Payment.Status == payment.StatusPending {
			if err := s.setPayment(ctx, tx, o, payment.StatusPaid, in.Actor, "cash collected on delivery"); err != nil {
				return err
			}
		}
		if o.Payment.Method != payment.MethodCard {
			if err := s.ledger.Earn(ctx, tx, o.Cooperative.ID, o.ID, o.SubtotalVND, o.TotalVND, o.Code); err != nil {
				return fmt.Errorf("order: %s: %w", o.Code, err)
			}
		}
	case StatusCancelled:
		if err := s.cancelEffects(ctx, tx, o, in.Actor); err != nil {
			return err
		}
	}
	if err := s.jobs.Enqueue(ctx, tx, JobStatusChanged, Job{OrderID: id, Status: in.To}); err != nil {
		return fmt.Errorf("order: %s: %w", o.Code, err)
	}
	return nil
}

// cancelEffects returns a cancelled order's stock and voids or refunds its
// payment: the status here at once, the processor through a job.
func (s *Service) cancelEffects(ctx context.Context, tx *sqlx.Tx, o *Order, actor Actor) error {
	lines := make([]catalog.StockLine, len(o.Items))
	for i, it := range o.Items {
		lines[i] = catalog.StockLine{ProductID: it.ProductID, Quantity: it.Quantity}
	}
	if err := s.catalog.ReturnStock(ctx, tx, lines); err != nil {
		return fmt.Errorf("order: %s: %w", o.Code, err)
	}
	switch o.Payment.Status {
	case payment.StatusPending:
		if err := s.setPayment(ctx, tx, o, payment.StatusVoided, actor, "order cancelled"); err != nil {
			return err
		}
	case payment.StatusPaid:
		if err := s.setPayment(ctx, tx, o, payment.StatusRefunded, actor, "order cancelled after payment"); err != nil {
			return err
		}
		if err := s.ledger.Reverse(ctx, tx, o.ID, o.Code); err != nil {
			return fmt.Errorf("order: %s: %w", o.Code, err)
		}
	default:
		return nil
	}
	if err := s.jobs.Enqueue(ctx, tx, JobPaymentCancel, Job{OrderID: o.ID}); err != nil {
		return fmt.Errorf("order: %s: %w", o.Code, err)
	}
	return nil
}

func (s *Service) setPayment(ctx context.Context, tx *sqlx.Tx, o *Order, status string, actor Actor, note string) error {
	now := s.now().UTC()
	q := `UPDATE orders SET payment_status = ?, updated_at = ? WHERE id = ? AND payment_status = ?`
	args := []any{status, now, o.ID, o.Payment.Status}
	if status == payment.StatusPaid {
		q = `UPDATE orders SET payment_status = ?, updated_at = ?, paid_at = ? WHERE id = ? AND payment_status = ?`
		args = []any{status, now, now, o.ID, o.Payment.Status}
	}
	res, err := tx.ExecContext(ctx, tx.Rebind(q), args...)
	if err != nil {
		return fmt.Errorf("order: %s: payment %s: %w", o.Code, status, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &TransitionError{From: "payment " + o.Payment.Status, To: "payment " + status}
	}
	if err := s.recordEvent(ctx, tx, o.ID, "payment", o.Payment.Status, status, actor.Name, actor.UserID, note); err != nil {
		return err
	}
	o.Payment.Status = status
	return nil
}

// MarkTransferReceived records that a cooperative received the bank
// transfer of one of its orders, in its history and in the audit log.
func (s *Service) MarkTransferReceived(ctx context.Context, coopID int64, code string, actor Actor) (*Order, error) {
	var id int64
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &id, tx.Rebind(`SELECT id FROM orders WHERE code = ? AND cooperative_id = ?`),
			strings.ToUpper(strings.TrimSpace(code)), coopID)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("order: %s: %w", code, ErrNotFound)
			}
			return fmt.Errorf("order: %s: %w", code, err)
		}
		return s.audited(ctx, tx, id, actor, "order.payment_received", func() error {
			_, o, err := s.orderByID(ctx, tx, id)
			if err != nil {
				return err
			}
			if o.Payment.Method != payment.MethodBankTransfer || o.Payment.Status != payment.StatusPending || o.Status == StatusCancelled {
				return &TransitionError{From: "payment " + o.Payment.Status, To: "payment paid"}
			}
			if err := s.setPayment(ctx, tx, o, payment.StatusPaid, actor, "bank transfer received"); err != nil {
				return err
			}
			return s.jobs.Enqueue(ctx, tx, JobStatusChanged, Job{OrderID: id, Status: "paid"})
		})
	})
	if err != nil {
		return nil, err
	}
	return s.orderWithHistory(ctx, id)
}

// ExpireUnpaid cancels the bank transfer and card orders whose payment did
// not arrive in time and are not yet packed, returning their stock. It
// returns how many it cancelled.
func (s *Service) ExpireUnpaid(ctx context.Context) (int, error) {
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, s.db.Rebind(`SELECT id FROM orders WHERE payment_status = 'pending'
		AND payment_expires_at IS NOT NULL AND payment_expires_at < ? AND status IN ('pending', 'confirmed') ORDER BY id LIMIT 500`),
		s.now().UTC()); err != nil {
		return 0, fmt.Errorf("order: expire unpaid: %w", err)
	}
	n := 0
	for _, id := range ids {
		err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
			return s.transition(ctx, tx, id, TransitionInput{To: StatusCancelled, Reason: "payment not received in time", Actor: Actor{Name: "system"}})
		})
		if errors.Is(err, ErrTransition) {
			continue // paid or changed meanwhile
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// CardPayment is a processor's report that a group payment succeeded.
type CardPayment struct {
	EventID   string
	EventType string
	Ref       string // PaymentIntent id
	AmountVND int64
	Currency  string
}

// ApplyCardPayment marks the orders of the group paid by ref and credits
// their cooperatives, once: a repeated event, or another event reporting a
// payment already applied, returns applied false and changes nothing. A
// payment of no known group is ErrUnknownPayment.
func (s *Service) ApplyCardPayment(ctx context.Context, p CardPayment) (applied bool, err error) {
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		// Events of one intent may arrive together: the group's row is
		// locked first, so that each reads the orders as the one before
		// it left them instead of failing on a row it changed.
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE order_groups SET payment_ref = payment_ref WHERE payment_ref = ?`), p.Ref); err != nil {
			return fmt.Errorf("order: payment %s: lock group: %w", p.Ref, err)
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO payment_events (event_id, type, received_at) VALUES (?, ?, ?)
			ON CONFLICT (event_id) DO NOTHING`), p.EventID, p.EventType, s.now().UTC())
		if err != nil {
			return fmt.Errorf("order: payment event %s: %w", p.EventID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // applied before
		}
		rows, orders, err := s.loadOrders(ctx, tx, "g.payment_ref = ? ORDER BY o.id", p.Ref)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return fmt.Errorf("order: payment %s: %w", p.Ref, ErrUnknownPayment)
		}
		var owed int64
		for _, o := range orders {
			if o.Payment.Status == payment.StatusPending {
				owed += o.TotalVND
			}
		}
		if !strings.EqualFold(p.Currency, "vnd") || p.AmountVND < owed {
			return fmt.Errorf("order: payment %s of %d %s does not cover %d VND: %w", p.Ref, p.AmountVND, p.Currency, owed, ErrUnknownPayment)
		}
		actor := Actor{Name: "stripe"}
		for i := range orders {
			o := &orders[i]
			switch o.Payment.Status {
			case payment.StatusPending:
				applied = true
				if err := s.setPayment(ctx, tx, o, payment.StatusPaid, actor, "card payment "+p.Ref); err != nil {
					return err
				}
				if err := s.ledger.Earn(ctx, tx, o.Cooperative.ID, o.ID, o.SubtotalVND, o.TotalVND, o.Code); err != nil {
					return fmt.Errorf("order: %s: %w", o.Code, err)
				}
				if rows[i].StripeAccount != "" {
					if err := s.jobs.Enqueue(ctx, tx, JobPaymentTransfer, Job{OrderID: o.ID}); err != nil {
						return fmt.Errorf("order: %s: %w", o.Code, err)
					}
				}
				if err := s.jobs.Enqueue(ctx, tx, JobStatusChanged, Job{OrderID: o.ID, Status: "paid"}); err != nil {
					return fmt.Errorf("order: %s: %w", o.Code, err)
				}
			case payment.StatusVoided:
				// Cancelled before the money came: the charge paid for it
				// anyway, so it is refunded.
				applied = true
				if err := s.setPayment(ctx, tx, o, payment.StatusRefunded, actor, "paid after cancellation"); err != nil {
					return err
				}
				if err := s.jobs.Enqueue(ctx, tx, JobPaymentCancel, Job{OrderID: o.ID}); err != nil {
					return fmt.Errorf("order: %s: %w", o.Code, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	return applied, nil
}

// HandlePaymentCancel is the outbox handler of JobPaymentCancel: it asks
// the order's payment method to void or refund it at the processor.
func (s *Service) HandlePaymentCancel(ctx context.Context, payloads []json.RawMessage) error {
	for _, raw := range payloads {
		var j Job
		if err := json.Unmarshal(raw, &j); err != nil {
			s.log.Error("order: bad payment cancel job", "payload", string(raw), "err", err)
			continue
		}
		r, o, err := s.orderByID(ctx, s.db, j.OrderID)
		if err != nil {
			return err
		}
		m, err := s.methods.Get(o.Payment.Method)
		if err != nil {
			s.log.Error("order: payment cancel: method no longer on offer", "order", o.Code, "method", o.Payment.Method)
			continue
		}
		var remaining int64
		if err := s.db.GetContext(ctx, &remaining, s.db.Rebind(`SELECT COALESCE(SUM(total_vnd), 0) FROM orders
			WHERE group_id = ? AND payment_status = 'pending'`), o.GroupID); err != nil {
			return fmt.Errorf("order: %s: remaining of group: %w", o.Code, err)
		}
		if err := m.Cancel(ctx, payment.Cancellation{GroupCode: o.GroupCode, OrderCode: o.Code, Ref: r.PaymentRef.String,
			AmountVND: o.TotalVND, Paid: o.Payment.Status == payment.StatusRefunded, RemainingVND: remaining}); err != nil {
			return fmt.Errorf("order: %s: cancel payment: %w", o.Code, err)
		}
	}
	return nil
}

// HandlePaymentTransfer is the outbox handler of JobPaymentTransfer: it
// sends a card-paid order's share (total minus commission) to its
// cooperative's connected account, once.
func (s *Service) HandlePaymentTransfer(ctx context.Context, payloads []json.RawMessage) error {
	card, ok := s.methods[payment.MethodCard].(payment.Transferrer)
	if !ok {
		return nil
	}
	for _, raw := range payloads {
		var j Job
		if err := json.Unmarshal(raw, &j); err != nil {
			s.log.Error("order: bad payment transfer job", "payload", string(raw), "err", err)
			continue
		}
		r, o, err := s.orderByID(ctx, s.db, j.OrderID)
		if err != nil {
			return err
		}
		if o.Payment.Status != payment.StatusPaid || r.StripeAccount == "" {
			continue
		}
		commission, _, err := s.ledger.Commission(ctx, o.SubtotalVND)
		if err != nil {
			return err
		}
		amount := o.TotalVND - commission
		id, err := card.Transfer(ctx, payment.Order{Code: o.Code, GroupCode: o.GroupCode, TotalVND: o.TotalVND,
			Payee: payment.Payee{StripeAccountID: r.StripeAccount}}, r.PaymentRef.String, amount)
		if err != nil {
			return fmt.Errorf("order: %s: transfer: %w", o.Code, err)
		}
		if _, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE orders SET transfer_ref = ? WHERE id = ?`), id, o.ID); err != nil {
			return fmt.Errorf("order: %s: keep transfer: %w", o.Code, err)
		}
	}
	return nil
}
