package seed

import (
	"context"
	"fmt"
	"time"
)

// demoOrders is how many orders the demo data places, spread over the past
// 75 days, so that the staff reports and dashboard have sales to show.
const demoOrders = 120

// salesDemo places demoOrders orders of the active cooperatives'
// published products: mostly delivered, some still open, one in nine
// cancelled, each of one to three products of one cooperative. Stock and
// the ledger are left as they are: these are past sales to report on.
func (s *demo) salesDemo(ctx context.Context) error {
	var products []struct {
		ID     int64  `db:"id"`
		CoopID int64  `db:"cooperative_id"`
		Slug   string `db:"slug"`
		Name   string `db:"name"`
		Unit   string `db:"unit"`
		Price  int64  `db:"price_vnd"`
		Fee    int64  `db:"shipping_fee_vnd"`
	}
	if err := s.tx.SelectContext(ctx, &products, `SELECT p.id, p.cooperative_id, p.slug, p.name, p.unit, p.price_vnd, co.shipping_fee_vnd
		FROM products p JOIN cooperatives co ON co.id = p.cooperative_id
		WHERE co.status = 'active' AND p.published = TRUE ORDER BY p.cooperative_id, p.id`); err != nil {
		return fmt.Errorf("seed: sales: %w", err)
	}
	if len(products) == 0 {
		return nil
	}
	statuses := []string{"delivered", "delivered", "delivered", "shipped", "delivered", "confirmed", "delivered", "pending", "cancelled"}
	provinces := []string{"ha-noi", "ho-chi-minh", "son-la", "da-nang", "hai-phong", "lang-son", "can-tho"}
	for n := range demoOrders {
		first := (n * 37) % len(products)
		at := s.now.Add(-time.Duration(n*15+n%4) * time.Hour).Add(-time.Duration((n*13)%60) * time.Minute)
		status := statuses[n%len(statuses)]
		payment := map[string]string{"delivered": "paid", "cancelled": "voided"}[status]
		if payment == "" {
			payment = "pending"
		}
		type line struct {
			id, price, qty int64
			slug, name     string
			unit           string
		}
		var lines []line
		var subtotal int64
		for i := first; i < len(products) && i < first+1+n%3 && products[i].CoopID == products[first].CoopID; i++ {
			p := products[i]
			q := int64(1 + (n+i)%4)
			lines = append(lines, line{p.ID, p.Price, q, p.Slug, p.Name, p.Unit})
			subtotal += p.Price * q
		}
		fee := products[first].Fee
		code := fmt.Sprintf("OC-DEMO%03d", n+1)
		var groupID int64
		if err := s.tx.GetContext(ctx, &groupID, s.tx.Rebind(`INSERT INTO order_groups (code, name, phone, address_line, ward,
			province_slug, payment_method, total_vnd, created_at) VALUES (?, ?, ?, ?, ?, ?, 'cod', ?, ?) RETURNING id`),
			code, "Khách demo", "0912345678", fmt.Sprintf("%d Lê Lợi", 1+n%90), "Phường Trung tâm", provinces[n%len(provinces)],
			subtotal+fee, at); err != nil {
			return fmt.Errorf("seed: sales: order %s: %w", code, err)
		}
		var orderID int64
		if err := s.tx.GetContext(ctx, &orderID, s.tx.Rebind(`INSERT INTO orders (group_id, code, cooperative_id, status, subtotal_vnd,
			shipping_vnd, total_vnd, payment_method, payment_status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'cod', ?, ?, ?) RETURNING id`),
			groupID, code+"-1", products[first].CoopID, status, subtotal, fee, subtotal+fee, payment, at, at); err != nil {
			return fmt.Errorf("seed: sales: order %s: %w", code, err)
		}
		for _, l := range lines {
			if _, err := s.tx.ExecContext(ctx, s.tx.Rebind(`INSERT INTO order_items (order_id, product_id, slug, name, unit, price_vnd,
				quantity, line_total_vnd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), orderID, l.id, l.slug, l.name, l.unit, l.price, l.qty, l.price*l.qty); err != nil {
				return fmt.Errorf("seed: sales: order %s: %w", code, err)
			}
		}
	}
	return nil
}
