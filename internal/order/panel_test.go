package order_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

type auditRow struct {
	ActorID *int64 `db:"actor_user_id"`
	Email   string `db:"actor_email"`
	Coop    *int64 `db:"cooperative_id"`
	Action  string `db:"action"`
	Kind    string `db:"subject_kind"`
	Subject string `db:"subject_id"`
	Before  string `db:"before_json"`
	After   string `db:"after_json"`
}

func auditRows(t *testing.T, d *db.DB) []auditRow {
	t.Helper()
	var rows []auditRow
	if err := d.Select(&rows, `SELECT actor_user_id, actor_email, cooperative_id, action, subject_kind, subject_id, before_json, after_json
		FROM audit_log ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	return rows
}

func state(t *testing.T, raw string) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("audit state %q: %v", raw, err)
	}
	return m
}

// Each change a cooperative's staff make to an order writes one audit
// record in its transaction, with the order before and after; a refused
// change writes none.
func TestTransitionAudit(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		var staff int64
		if err := d.Get(&staff, `INSERT INTO users (email, password_hash, name) VALUES ('thao@ocop.local', 'x', 'Thảo') RETURNING id`); err != nil {
			t.Fatal(err)
		}
		actor := order.Actor{Name: "coop_staff", UserID: &staff, Email: "thao@ocop.local"}
		coop := f.coops["htx-bich-thao"]
		g, _, err := f.svc.Checkout(ctx, f.input(payment.MethodBankTransfer, f.line("ca-phe-bot", 2)))
		if err != nil {
			t.Fatal(err)
		}
		code := g.Orders[0].Code
		move := func(in order.TransitionInput) error {
			in.Code, in.CooperativeID, in.Actor = code, coop, actor
			_, err := f.svc.Transition(ctx, in)
			return err
		}
		for _, tc := range []struct {
			name   string
			in     order.TransitionInput
			want   error
			action string
		}{
			{"impossible", order.TransitionInput{To: order.StatusDelivered}, order.ErrTransition, ""},
			{"confirm", order.TransitionInput{To: order.StatusConfirmed}, nil, "order.confirmed"},
			{"confirm again", order.TransitionInput{To: order.StatusConfirmed}, order.ErrTransition, ""},
			{"pack", order.TransitionInput{To: order.StatusPacked}, nil, "order.packed"},
			{"ship without tracking", order.TransitionInput{To: order.StatusShipped, Carrier: order.CarrierGHN}, order.ErrInvalid, ""},
			{"unknown carrier", order.TransitionInput{To: order.StatusShipped, Carrier: "pigeon", TrackingNo: "X1"}, order.ErrInvalid, ""},
			{"ship", order.TransitionInput{To: order.StatusShipped, Carrier: order.CarrierGHN, TrackingNo: "GHN123"}, nil, "order.shipped"},
		} {
			before := len(auditRows(t, d))
			err := move(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("%s: %v, want %v", tc.name, err, tc.want)
			}
			rows := auditRows(t, d)
			if tc.action == "" {
				if len(rows) != before {
					t.Fatalf("%s: refused, yet %d audit records were written", tc.name, len(rows)-before)
				}
				continue
			}
			if len(rows) != before+1 {
				t.Fatalf("%s: %d audit records written, want 1", tc.name, len(rows)-before)
			}
			r := rows[len(rows)-1]
			if r.Action != tc.action || r.Kind != "order" || r.Subject != code || r.Email != "thao@ocop.local" ||
				r.ActorID == nil || *r.ActorID != staff || r.Coop == nil || *r.Coop != coop {
				t.Fatalf("%s: record %+v", tc.name, r)
			}
			if after := state(t, r.After); after["status"] != tc.in.To {
				t.Fatalf("%s: after %s", tc.name, r.After)
			}
		}
		last := auditRows(t, d)[2]
		b, a := state(t, last.Before), state(t, last.After)
		if b["status"] != "packed" || b["tracking_no"] != "" || a["carrier"] != "ghn" || a["tracking_no"] != "GHN123" || a["payment_status"] != "pending" {
			t.Fatalf("ship record: before %s after %s", last.Before, last.After)
		}
		o, err := f.svc.CooperativeOrder(ctx, coop, code)
		if err != nil || o.Carrier != order.CarrierGHN || o.TrackingNo != "GHN123" {
			t.Fatalf("shipped order: %+v %v", o, err)
		}
		if by := o.History[len(o.History)-1].By; by != "thao@ocop.local" {
			t.Fatalf("the history names %q as who shipped", by)
		}

		// The bank transfer: recorded once; the second time is refused.
		if _, err := f.svc.MarkTransferReceived(ctx, coop, code, actor); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.MarkTransferReceived(ctx, coop, code, actor); !errors.Is(err, order.ErrTransition) {
			t.Fatalf("second transfer: %v", err)
		}
		rows := auditRows(t, d)
		if len(rows) != 4 || rows[3].Action != "order.payment_received" || state(t, rows[3].After)["payment_status"] != "paid" {
			t.Fatalf("records after the transfer: %+v", rows)
		}
		// Another cooperative cannot move the order, and leaves no record.
		if _, err := f.svc.Transition(ctx, order.TransitionInput{Code: code, CooperativeID: f.coops["htx-ho-quynh"],
			To: order.StatusDelivered, Actor: actor}); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("another cooperative: %v", err)
		}
		if n := len(auditRows(t, d)); n != 4 {
			t.Fatalf("%d records after another cooperative's try", n)
		}
	})
}

// Cancelling needs a reason, returns the stock and is audited.
func TestCancelNeedsReason(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		g, _, err := f.svc.Checkout(ctx, f.input(payment.MethodCOD, f.line("cha-ca-lang", 4)))
		if err != nil {
			t.Fatal(err)
		}
		o := g.Orders[0]
		in := order.TransitionInput{Code: o.Code, CooperativeID: o.Cooperative.ID, To: order.StatusCancelled, Reason: "  ",
			Actor: order.Actor{Name: "coop_staff"}}
		_, err = f.svc.Transition(ctx, in)
		var fe interface{ Error() string }
		if !errors.Is(err, order.ErrInvalid) || !errors.As(err, &fe) {
			t.Fatalf("cancel without a reason: %v", err)
		}
		if s := f.stock(t, "cha-ca-lang"); s != 6 || len(auditRows(t, d)) != 0 {
			t.Fatalf("a refused cancel changed the stock (%d) or was audited", s)
		}
		in.Reason = "Hết hàng"
		got, err := f.svc.Transition(ctx, in)
		if err != nil || got.Status != order.StatusCancelled || got.CancelReason != "Hết hàng" {
			t.Fatalf("cancel: %+v %v", got, err)
		}
		if s := f.stock(t, "cha-ca-lang"); s != 10 {
			t.Fatalf("stock %d after the cancel, want 10", s)
		}
		rows := auditRows(t, d)
		if len(rows) != 1 || rows[0].Action != "order.cancelled" || state(t, rows[0].After)["cancel_reason"] != "Hết hàng" ||
			state(t, rows[0].After)["payment_status"] != "voided" {
			t.Fatalf("cancel records: %+v", rows)
		}
	})
}

func (c *clock) set(t time.Time) { c.Add(t.Sub(c.Now())) }

// Today and this month are Vietnam's: 23:30 there on the 1st is 16:30 UTC
// on the 1st and belongs to the 1st; 00:30 on the 2nd is 17:30 UTC on the
// 1st and belongs to the 2nd.
func TestDashboardDayEdges(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		coop := f.coops["htx-bich-thao"]
		place := func(at time.Time, qty int) order.Order {
			t.Helper()
			f.clock.set(at)
			g, _, err := f.svc.Checkout(ctx, f.input(payment.MethodCOD, f.line("ca-phe-bot", qty)))
			if err != nil {
				t.Fatal(err)
			}
			return g.Orders[0]
		}
		utc := func(day, hour, minute int) time.Time { return time.Date(2026, 3, day, hour, minute, 0, 0, time.UTC) }
		place(time.Date(2026, 2, 28, 16, 30, 0, 0, time.UTC), 1)          // 23:30 on 28 February in Vietnam
		first := place(time.Date(2026, 2, 28, 17, 30, 0, 0, time.UTC), 1) // 00:30 on 1 March
		lateFirst := place(utc(1, 16, 30), 2)                             // 23:30 on 1 March
		check := func(name string, at time.Time, today, month int, revenueToday, revenueMonth int64) {
			t.Helper()
			dash, err := f.svc.Dashboard(ctx, coop, at)
			if err != nil {
				t.Fatal(err)
			}
			if dash.OrdersToday != today || dash.OrdersMonth != month || dash.RevenueTodayVND != revenueToday || dash.RevenueMonthVND != revenueMonth {
				t.Errorf("%s: today %d (%d ₫), month %d (%d ₫); want %d (%d ₫), %d (%d ₫)", name, dash.OrdersToday, dash.RevenueTodayVND,
					dash.OrdersMonth, dash.RevenueMonthVND, today, revenueToday, month, revenueMonth)
			}
		}
		check("23:45 on 1 March", utc(1, 16, 45), 2, 2, first.TotalVND+lateFirst.TotalVND, first.TotalVND+lateFirst.TotalVND)
		second := place(utc(1, 17, 30), 3)   // 00:30 on 2 March
		cancelled := place(utc(1, 18, 0), 1) // 01:00 on 2 March, then cancelled
		if _, err := f.svc.Transition(ctx, order.TransitionInput{Code: cancelled.Code, CooperativeID: coop, To: order.StatusCancelled,
			Reason: "Khách hủy"}); err != nil {
			t.Fatal(err)
		}
		check("10:00 on 2 March", utc(2, 3, 0), 1, 3, second.TotalVND, first.TotalVND+lateFirst.TotalVND+second.TotalVND)
		dash, err := f.svc.Dashboard(ctx, coop, utc(2, 3, 0))
		if err != nil {
			t.Fatal(err)
		}
		if dash.AwaitingAction != 4 || len(dash.Awaiting) != 4 || dash.Awaiting[0].CreatedAt.After(dash.Awaiting[1].CreatedAt) {
			t.Errorf("awaiting %d, %+v", dash.AwaitingAction, dash.Awaiting)
		}
		// 7 sold of ca-phe-bot (the cancelled one left out), 20 in stock at first.
		if len(dash.BestSellers) != 1 || dash.BestSellers[0].Units != 7 || dash.BestSellers[0].ID != f.product["ca-phe-bot"] {
			t.Errorf("best sellers %+v", dash.BestSellers)
		}
		if len(dash.LowStock) != 0 {
			t.Errorf("low stock %+v with 13 and 50 left", dash.LowStock)
		}
		place(utc(2, 4, 0), 9) // 4 left
		dash, err = f.svc.Dashboard(ctx, coop, utc(2, 5, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(dash.LowStock) != 1 || dash.LowStock[0].Stock != 4 || dash.LowStock[0].Slug != "ca-phe-bot" {
			t.Errorf("low stock %+v", dash.LowStock)
		}
		// Another cooperative's dashboard sees none of it.
		other, err := f.svc.Dashboard(ctx, f.coops["htx-ho-quynh"], utc(2, 5, 0))
		if err != nil || other.OrdersMonth != 0 || other.AwaitingAction != 0 || len(other.BestSellers) != 0 {
			t.Errorf("another cooperative: %+v %v", other, err)
		}
	})
}

// The statement sums a cooperative's ledger: a delivered order's earning
// and commission, and payouts of no order (many may have a NULL order in
// the unique index of order and kind).
func TestStatementAndPayouts(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		coop := f.coops["htx-bich-thao"]
		g, _, err := f.svc.Checkout(ctx, f.input(payment.MethodCOD, f.line("ca-phe-bot", 2))) // 360.000 ₫ + 30.000 ₫ shipping
		if err != nil {
			t.Fatal(err)
		}
		o := g.Orders[0]
		for _, st := range []order.TransitionInput{{To: order.StatusConfirmed}, {To: order.StatusPacked},
			{To: order.StatusShipped, TrackingNo: "VN1", Carrier: order.CarrierVNPost}, {To: order.StatusDelivered}} {
			st.Code, st.CooperativeID = o.Code, coop
			if _, err := f.svc.Transition(ctx, st); err != nil {
				t.Fatal(err)
			}
		}
		l := f.svc.Ledger()
		for _, bad := range []struct {
			amount int64
			ref    string
		}{{0, "UNC 1"}, {-5, "UNC 1"}, {ledger.MaxPayoutVND + 1, "UNC 1"}, {1000, " "}, {1000, "UNC\x00"}} {
			err := d.Tx(ctx, func(tx *sqlx.Tx) error { return l.RecordPayout(ctx, tx, coop, bad.amount, bad.ref, time.Time{}) })
			if !errors.Is(err, order.ErrInvalid) {
				t.Fatalf("payout %d %q: %v", bad.amount, bad.ref, err)
			}
		}
		for i, amount := range []int64{100000, 50000} {
			at := f.clock.Now().Add(time.Duration(i+1) * time.Hour)
			if err := d.Tx(ctx, func(tx *sqlx.Tx) error {
				return l.RecordPayout(ctx, tx, coop, amount, "UNC-2026-0"+string(rune('1'+i)), at)
			}); err != nil {
				t.Fatal(err)
			}
		}
		st, err := l.Statement(ctx, coop, ledger.Page{Page: 1, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		want := ledger.Summary{EarnedVND: 390000, CommissionVND: 18000, PaidOutVND: 150000, BalanceVND: 390000 - 18000 - 150000}
		if st.Summary != want || st.Total != 4 || len(st.Items) != 4 {
			t.Fatalf("statement %+v, want %+v and 4 entries", st, want)
		}
		if it := st.Items[0]; it.Kind != ledger.KindPayout || it.AmountVND != -50000 || it.Reference != "UNC-2026-02" || it.OrderCode != "" {
			t.Fatalf("newest entry %+v", it)
		}
		lines, total, err := l.OrderLines(ctx, coop, ledger.Page{Page: 1, PerPage: 10})
		if err != nil || total != 1 || len(lines) != 1 || lines[0].OrderCode != o.Code || lines[0].EarnedVND != 390000 ||
			lines[0].CommissionVND != 18000 || lines[0].NetVND != 372000 {
			t.Fatalf("order lines %+v %d %v", lines, total, err)
		}
		other, err := l.Statement(ctx, f.coops["htx-ho-quynh"], ledger.Page{Page: 1})
		if err != nil || other.Summary != (ledger.Summary{}) || len(other.Items) != 0 {
			t.Fatalf("another cooperative's statement %+v %v", other, err)
		}
	})
}
