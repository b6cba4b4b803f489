package seed

import (
	"context"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/report"
)

// TestSalesDemo checks that the demo data gives the staff reports sales
// to show: this month's and earlier, some cancelled, every order's total
// its items and shipping.
func TestSalesDemo(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := Demo(ctx, newDeps(d), testPassword); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			what, query string
			want        int
		}{
			{"orders", `SELECT COUNT(*) FROM orders`, demoOrders},
			{"cancelled orders", `SELECT COUNT(*) FROM orders WHERE status = 'cancelled'`, demoOrders / 9},
			{"orders whose totals disagree with their items", `SELECT COUNT(*) FROM orders o WHERE o.subtotal_vnd <>
				(SELECT SUM(line_total_vnd) FROM order_items i WHERE i.order_id = o.id) OR o.total_vnd <> o.subtotal_vnd + o.shipping_vnd`, 0},
		} {
			if got := count(t, d, c.query); got != c.want {
				t.Errorf("%s: %d, want %d", c.what, got, c.want)
			}
		}
		reports := report.New(d, testNow)
		dash, err := reports.Dashboard(ctx, report.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		if dash.Sales.Orders == 0 || len(dash.Top) == 0 || dash.PendingCooperatives == 0 || dash.PendingClaims == 0 {
			t.Errorf("the demo dashboard is empty: %+v", dash)
		}
		sales, err := reports.Sales(ctx, report.SalesQuery{GroupBy: report.ByStars, Range: report.Range{From: db.Date{Time: reports.Today().AddDate(0, 0, -80)}, To: reports.Today()}})
		if err != nil {
			t.Fatal(err)
		}
		if len(sales.Rows) < 3 || sales.Total.Orders < int64(demoOrders*8/9) {
			t.Errorf("demo sales by stars: %+v", sales)
		}
	})
}
