package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// database is the app's database as the checker reads it, beside the
// running server: the PostgreSQL URL, or the SQLite file in the server's
// DATA_DIR.
type database struct {
	url, sqlitePath string
}

func (d database) open(t *testing.T) *db.DB {
	t.Helper()
	x, err := db.Open(context.Background(), d.url, d.sqlitePath)
	if err != nil {
		t.Fatalf("checker: open the database: %v", err)
	}
	return x
}

// baseline is what must not change across a fault: for every product,
// its stock plus the units sold in live (not cancelled) orders, which only
// a restock raises (none of the fault tests restocks).
type baseline struct {
	db     database
	supply map[int64]int64
	// lastOrder is the highest order id before the fault: the seed's
	// orders were written without notification jobs.
	lastOrder int64
}

// snapshot records the baseline before a fault.
func snapshot(t *testing.T, d database) *baseline {
	t.Helper()
	x := d.open(t)
	defer x.Close()
	b := &baseline{db: d, supply: supply(t, x)}
	if err := x.Get(&b.lastOrder, `SELECT COALESCE(MAX(id), 0) FROM orders`); err != nil {
		t.Fatalf("checker: orders: %v", err)
	}
	return b
}

func supply(t *testing.T, x *db.DB) map[int64]int64 {
	t.Helper()
	var rows []struct {
		ID     int64 `db:"id"`
		Supply int64 `db:"supply"`
	}
	if err := x.Select(&rows, `SELECT p.id, p.stock + COALESCE((SELECT SUM(i.quantity) FROM order_items i
		JOIN orders o ON o.id = i.order_id WHERE i.product_id = p.id AND o.status <> 'cancelled'), 0) AS supply
		FROM products p`); err != nil {
		t.Fatalf("checker: stock: %v", err)
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Supply
	}
	return out
}

// check fails the test for every inconsistency in the database after a
// fault: a product whose stock plus live sales moved, a half-written order,
// an order whose payment or status is not the end of its events, an order
// whose notification job vanished (neither waiting nor done), a dead job,
// and for SQLite a failed integrity check.
func (b *baseline) check(t *testing.T) {
	t.Helper()
	x := b.db.open(t)
	defer x.Close()
	if x.Dialect == db.SQLite {
		var res []string
		if err := x.Select(&res, `PRAGMA integrity_check`); err != nil {
			t.Fatalf("checker: integrity_check: %v", err)
		}
		if len(res) != 1 || res[0] != "ok" {
			t.Errorf("checker: SQLite integrity_check: %v", res)
		}
	}
	now := supply(t, x)
	for id, want := range b.supply {
		if now[id] != want {
			t.Errorf("checker: product %d: stock + units in live orders = %d, was %d", id, now[id], want)
		}
	}
	for _, c := range []struct{ what, query string }{
		{"checkout without orders", `SELECT g.code FROM order_groups g WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.group_id = g.id)`},
		{"order without items", `SELECT o.code FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)`},
		{"item whose line total is not price × quantity", `SELECT o.code FROM order_items i JOIN orders o ON o.id = i.order_id
			WHERE i.line_total_vnd <> i.price_vnd * i.quantity`},
		{"order whose subtotal is not the sum of its items", `SELECT o.code FROM orders o
			WHERE o.subtotal_vnd <> (SELECT SUM(i.line_total_vnd) FROM order_items i WHERE i.order_id = o.id)
			OR o.total_vnd <> o.subtotal_vnd + o.shipping_vnd`},
		{"checkout whose total is not the sum of its orders", `SELECT g.code FROM order_groups g
			WHERE g.total_vnd <> (SELECT SUM(o.total_vnd) FROM orders o WHERE o.group_id = g.id)`},
		{"product with negative stock", `SELECT slug FROM products WHERE stock < 0`},
	} {
		var bad []string
		if err := x.Select(&bad, c.query); err != nil {
			t.Fatalf("checker: %s: %v", c.what, err)
		}
		if len(bad) > 0 {
			t.Errorf("checker: %d %s, e.g. %v", len(bad), c.what, bad[:min(len(bad), 5)])
		}
	}
	checkEvents(t, x)
	checkJobs(t, x, b.lastOrder)
}

// checkEvents: an order's status and payment status are where its events
// lead, each event starting where the one before ended (a checkout writes
// the status event "" → pending; payments start pending).
func checkEvents(t *testing.T, x *db.DB) {
	t.Helper()
	var orders []struct {
		ID      int64  `db:"id"`
		Code    string `db:"code"`
		Status  string `db:"status"`
		Payment string `db:"payment_status"`
	}
	if err := x.Select(&orders, `SELECT id, code, status, payment_status FROM orders`); err != nil {
		t.Fatalf("checker: orders: %v", err)
	}
	var events []struct {
		OrderID int64  `db:"order_id"`
		Kind    string `db:"kind"`
		From    string `db:"from_value"`
		To      string `db:"to_value"`
	}
	if err := x.Select(&events, `SELECT order_id, kind, from_value, to_value FROM order_events ORDER BY order_id, id`); err != nil {
		t.Fatalf("checker: order events: %v", err)
	}
	type state struct{ status, payment string }
	at := map[int64]*state{}
	bad := 0
	for _, e := range events {
		s := at[e.OrderID]
		if s == nil {
			s = &state{payment: "pending"}
			at[e.OrderID] = s
		}
		cur := &s.status
		if e.Kind == "payment" {
			cur = &s.payment
		}
		if *cur != e.From && bad < 5 {
			t.Errorf("checker: order %d: a %s event from %q after %q", e.OrderID, e.Kind, e.From, *cur)
			bad++
		}
		*cur = e.To
	}
	for _, o := range orders {
		s := at[o.ID]
		if s == nil {
			s = &state{payment: "pending"}
		}
		if (s.status != o.Status || s.payment != o.Payment) && bad < 10 {
			t.Errorf("checker: order %s is %s, paid %s; its events say %q, paid %q", o.Code, o.Status, o.Payment, s.status, s.payment)
			bad++
		}
	}
}

// checkJobs: no job is dead, and every order's "placed" notification is
// placed after the baseline is either still waiting in the outbox or done
// (its email recorded as sent): a job that is neither vanished.
func checkJobs(t *testing.T, x *db.DB, after int64) {
	t.Helper()
	var dead []struct {
		ID        int64  `db:"id"`
		Kind      string `db:"kind"`
		LastError string `db:"last_error"`
	}
	if err := x.Select(&dead, `SELECT id, kind, last_error FROM outbox_jobs WHERE state = 'dead'`); err != nil {
		t.Fatalf("checker: dead jobs: %v", err)
	}
	for _, j := range dead {
		t.Errorf("checker: job %d (%s) is dead: %s", j.ID, j.Kind, j.LastError)
	}
	var payloads []string
	if err := x.Select(&payloads, `SELECT payload FROM outbox_jobs WHERE kind = 'order.placed'`); err != nil {
		t.Fatalf("checker: jobs: %v", err)
	}
	waiting := map[int64]bool{}
	for _, p := range payloads {
		var j struct {
			OrderID int64 `json:"order_id"`
		}
		if err := json.Unmarshal([]byte(p), &j); err != nil {
			t.Fatalf("checker: job payload %s: %v", p, err)
		}
		waiting[j.OrderID] = true
	}
	var sent []string
	if err := x.Select(&sent, `SELECT key FROM notifications_sent`); err != nil {
		t.Fatalf("checker: notifications: %v", err)
	}
	done := map[string]bool{}
	for _, k := range sent {
		done[k] = true
	}
	var orders []struct {
		ID   int64  `db:"id"`
		Code string `db:"code"`
	}
	// A cooperative without an email gets no email: its job leaves no trace.
	if err := x.Select(&orders, x.Rebind(`SELECT o.id, o.code FROM orders o JOIN cooperatives c ON c.id = o.cooperative_id WHERE c.email <> '' AND o.id > ?`), after); err != nil {
		t.Fatalf("checker: orders: %v", err)
	}
	lost := 0
	for _, o := range orders {
		if !waiting[o.ID] && !done[fmt.Sprintf("placed:%d:email", o.ID)] {
			lost++
			if lost <= 5 {
				t.Errorf("checker: order %s: its notification job is neither waiting nor done", o.Code)
			}
		}
	}
	if lost > 5 {
		t.Errorf("checker: %d orders lost their notification job", lost)
	}
}
