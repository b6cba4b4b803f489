package order

import (
	"context"
	"fmt"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

// LowStockAtMost is the stock at or below which a published product shows
// on the dashboard as running low.
const LowStockAtMost = 5

// bestSellerDays is how far back the best sellers are counted.
const bestSellerDays = 30

// awaitingShown is how many waiting orders the dashboard lists.
const awaitingShown = 10

// BestSeller is a product and what it sold in the last 30 days.
type BestSeller struct {
	ID         int64  `json:"id" db:"product_id"`
	Name       string `json:"name" db:"name"`
	Units      int    `json:"units" db:"units"`
	RevenueVND int64  `json:"revenue_vnd" db:"revenue"`
}

// Waiting is an order that waits for the cooperative to act on it.
type Waiting struct {
	Code      string    `json:"code" db:"code"`
	Status    string    `json:"status" db:"status"`
	TotalVND  int64     `json:"total_vnd" db:"total_vnd"`
	Customer  string    `json:"customer_name" db:"name"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
}

// Dashboard is a cooperative's day and month at a glance. Days and months
// are Vietnam's; orders and revenue leave cancelled orders out.
type Dashboard struct {
	OrdersToday     int   `json:"orders_today"`
	RevenueTodayVND int64 `json:"revenue_today_vnd"`
	OrdersMonth     int   `json:"orders_month"`
	RevenueMonthVND int64 `json:"revenue_month_vnd"`
	// AwaitingAction counts the orders pending, confirmed or packed: the
	// cooperative's move next.
	AwaitingAction int                  `json:"awaiting_action"`
	Awaiting       []Waiting            `json:"awaiting_orders"`
	LowStock       []catalog.StockLevel `json:"low_stock"`
	BestSellers    []BestSeller         `json:"best_sellers"`
}

// Dashboard sums a cooperative's orders of the day and the month that at
// falls in, in Vietnam's time, lists what waits for it (the oldest
// first), its published products with at most LowStockAtMost units left,
// and its five best sellers by units over the 30 days before at.
func (s *Service) Dashboard(ctx context.Context, coopID int64, at time.Time) (*Dashboard, error) {
	local := at.In(format.Vietnam())
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, format.Vietnam())
	month := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, format.Vietnam())
	d := &Dashboard{}
	for _, span := range []struct {
		from, to time.Time
		n        *int
		sum      *int64
	}{
		{day, day.AddDate(0, 0, 1), &d.OrdersToday, &d.RevenueTodayVND},
		{month, month.AddDate(0, 1, 0), &d.OrdersMonth, &d.RevenueMonthVND},
	} {
		var r struct {
			N   int   `db:"n"`
			Sum int64 `db:"total"`
		}
		if err := s.db.GetContext(ctx, &r, s.db.Rebind(`SELECT COUNT(*) AS n, COALESCE(SUM(total_vnd), 0) AS total FROM orders
			WHERE cooperative_id = ? AND status <> 'cancelled' AND created_at >= ? AND created_at < ?`),
			coopID, span.from.UTC(), span.to.UTC()); err != nil {
			return nil, fmt.Errorf("order: dashboard of cooperative %d: %w", coopID, err)
		}
		*span.n, *span.sum = r.N, r.Sum
	}
	if err := s.db.GetContext(ctx, &d.AwaitingAction, s.db.Rebind(`SELECT COUNT(*) FROM orders
		WHERE cooperative_id = ? AND status IN ('pending', 'confirmed', 'packed')`), coopID); err != nil {
		return nil, fmt.Errorf("order: dashboard of cooperative %d: awaiting: %w", coopID, err)
	}
	d.Awaiting = []Waiting{}
	if err := s.db.SelectContext(ctx, &d.Awaiting, s.db.Rebind(`SELECT o.code, o.status, o.total_vnd, g.name, o.created_at
		FROM orders o JOIN order_groups g ON g.id = o.group_id
		WHERE o.cooperative_id = ? AND o.status IN ('pending', 'confirmed', 'packed') ORDER BY o.created_at, o.id LIMIT ?`),
		coopID, awaitingShown); err != nil {
		return nil, fmt.Errorf("order: dashboard of cooperative %d: awaiting orders: %w", coopID, err)
	}
	d.BestSellers = []BestSeller{}
	if err := s.db.SelectContext(ctx, &d.BestSellers, s.db.Rebind(`SELECT i.product_id, p.name,
		SUM(i.quantity) AS units, SUM(i.line_total_vnd) AS revenue
		FROM order_items i JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id
		WHERE o.cooperative_id = ? AND o.status <> 'cancelled' AND o.created_at >= ? AND o.created_at <= ?
		GROUP BY i.product_id, p.name ORDER BY units DESC, revenue DESC, i.product_id LIMIT 5`),
		coopID, at.AddDate(0, 0, -bestSellerDays).UTC(), at.UTC()); err != nil {
		return nil, fmt.Errorf("order: dashboard of cooperative %d: best sellers: %w", coopID, err)
	}
	low, err := s.catalog.LowStock(ctx, coopID, LowStockAtMost)
	if err != nil {
		return nil, err
	}
	d.LowStock = low
	return d, nil
}
