package seed

import (
	"context"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
)

// The demo gives each selling cooperative delivered orders credited in its
// ledger, open orders in every status, and payouts that leave a balance.
func TestDemoOrders(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		if _, err := Demo(context.Background(), newDeps(d), testPassword); err != nil {
			t.Fatal(err)
		}
		coop := count(t, d, `SELECT id FROM cooperatives WHERE slug = 'htx-ca-phe-bich-thao'`)
		for _, status := range []string{"pending", "confirmed", "packed", "shipped", "delivered", "cancelled"} {
			if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE cooperative_id = ? AND status = ?`, coop, status); n == 0 {
				t.Errorf("no %s demo order", status)
			}
		}
		delivered := count(t, d, `SELECT COUNT(*) FROM orders WHERE cooperative_id = ? AND status = 'delivered'`, coop)
		for _, kind := range []string{"earning", "commission"} {
			if n := count(t, d, `SELECT COUNT(*) FROM ledger_entries WHERE cooperative_id = ? AND kind = ?`, coop, kind); n != delivered {
				t.Errorf("%d %s entries for %d delivered orders", n, kind, delivered)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM ledger_entries WHERE cooperative_id = ? AND kind = 'payout' AND order_id IS NULL`, coop); n < 1 {
			t.Error("no payout")
		}
		if b := count(t, d, `SELECT SUM(amount_vnd) FROM ledger_entries WHERE cooperative_id = ?`, coop); b <= 0 {
			t.Errorf("balance %d after the payouts, want some still due", b)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)`); n != 0 {
			t.Errorf("%d demo orders without items", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM orders WHERE status IN ('shipped', 'delivered') AND (carrier = '' OR tracking_no = '')`); n != 0 {
			t.Errorf("%d shipped demo orders without carrier or tracking number", n)
		}
	})
}
