package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
)

// demoCommissionPercent is the commission the demo ledger is written
// with: COMMISSION_PERCENT's default.
const demoCommissionPercent = 5

// demoCustomer is a shopper of the demo orders.
type demoCustomer struct {
	Name, Phone, Line, Ward, Province string
}

func demoCustomers() []demoCustomer {
	return []demoCustomer{
		{"Nguyễn Thị Lan", "0912345678", "12 Lê Lợi", "Phường Hoàn Kiếm", "ha-noi"},
		{"Trần Văn Minh", "0987654321", "45 Nguyễn Huệ", "Phường Sài Gòn", "ho-chi-minh"},
		{"Lê Thị Hồng", "0905123456", "88 Bạch Đằng", "Phường Hải Châu", "da-nang"},
		{"Phạm Quốc Huy", "0934567890", "7 Lạch Tray", "Phường Ngô Quyền", "hai-phong"},
		{"Võ Thị Mai", "0978112233", "21 Hòa Bình", "Phường Ninh Kiều", "can-tho"},
		{"Đặng Minh Tuấn", "0916778899", "3 Trần Hưng Đạo", "Phường Hạ Long", "quang-ninh"},
		{"Bùi Thu Trang", "0945332211", "150 Lê Duẩn", "Phường Vinh Phú", "nghe-an"},
		{"Hoàng Anh Đức", "0967445566", "9 Phan Đình Phùng", "Phường Thuận Hóa", "hue"},
	}
}

// demoOrderPlan is one demo order of a cooperative: how many days ago it
// was placed and what became of it.
type demoOrderPlan struct {
	daysAgo float64
	status  string
	method  string
}

// demoOrderPlans are a cooperative's demo orders over the last six weeks:
// delivered and a few cancelled ones, then one open order in every status.
func demoOrderPlans() []demoOrderPlan {
	cod, bank := payment.MethodCOD, payment.MethodBankTransfer
	return []demoOrderPlan{
		{41, order.StatusDelivered, cod}, {37.5, order.StatusDelivered, bank}, {33, order.StatusDelivered, cod},
		{29.2, order.StatusCancelled, cod}, {25, order.StatusDelivered, cod}, {21.4, order.StatusDelivered, bank},
		{17, order.StatusDelivered, cod}, {12.6, order.StatusDelivered, cod}, {8.3, order.StatusDelivered, bank},
		{5.2, order.StatusShipped, cod}, {3.1, order.StatusPacked, bank}, {1.4, order.StatusConfirmed, cod},
		{0.3, order.StatusPending, cod}, {0.08, order.StatusPending, cod},
	}
}

type demoProduct struct {
	ID       int64  `db:"id"`
	Slug     string `db:"slug"`
	Name     string `db:"name"`
	Unit     string `db:"unit"`
	PriceVND int64  `db:"price_vnd"`
}

type demoCoop struct {
	ID          int64  `db:"id"`
	Slug        string `db:"slug"`
	Status      string `db:"status"`
	ShipFee     int64  `db:"shipping_fee_vnd"`
	FreeOver    int64  `db:"free_shipping_over_vnd"`
	BankBIN     string `db:"bank_bin"`
	AccountNo   string `db:"bank_account_no"`
	AccountName string `db:"bank_account_name"`
}

// orders gives every active or suspended demo cooperative orders across
// the last six weeks, as the order lifecycle leaves them: the delivered
// ones credited in the ledger with their commission, open ones in every
// status, and one or two payouts of the balance.
func (s *demo) orders(ctx context.Context) error {
	var coops []demoCoop
	if err := s.tx.SelectContext(ctx, &coops, `SELECT id, slug, status, shipping_fee_vnd, free_shipping_over_vnd, bank_bin,
		bank_account_no, bank_account_name FROM cooperatives ORDER BY id`); err != nil {
		return fmt.Errorf("seed: orders: cooperatives: %w", err)
	}
	clock := s.now
	led := ledger.New(s.DB, func() time.Time { return clock }, demoCommissionPercent)
	customers := demoCustomers()
	n := 0
	for ci, co := range coops {
		if co.Status == catalog.CoopPending {
			continue
		}
		var products []demoProduct
		if err := s.tx.SelectContext(ctx, &products, s.tx.Rebind(`SELECT id, slug, name, unit, price_vnd FROM products
			WHERE cooperative_id = ? AND published = TRUE ORDER BY id`), co.ID); err != nil {
			return fmt.Errorf("seed: orders of %s: products: %w", co.Slug, err)
		}
		if len(products) == 0 {
			continue
		}
		for j, plan := range demoOrderPlans() {
			n++
			at := s.now.Add(-time.Duration(plan.daysAgo * 24 * float64(time.Hour))).Add(-time.Duration(ci%5) * 37 * time.Minute).UTC()
			method := plan.method
			if co.BankBIN == "" {
				method = payment.MethodCOD
			}
			var items []order.Item
			var subtotal int64
			for k := 0; k <= (ci+j)%2; k++ {
				p := products[(ci*3+j+k)%len(products)]
				if k > 0 && p.ID == items[0].ProductID {
					break
				}
				qty := 1 + (ci+j*7+k)%3
				items = append(items, order.Item{ProductID: p.ID, Slug: p.Slug, Name: p.Name, Unit: p.Unit, PriceVND: p.PriceVND,
					Quantity: qty, LineTotalVND: p.PriceVND * int64(qty)})
				subtotal += p.PriceVND * int64(qty)
			}
			ship := co.ShipFee
			if co.FreeOver > 0 && subtotal >= co.FreeOver {
				ship = 0
			}
			o := demoOrder{code: fmt.Sprintf("OC-D%02d%03d-1", ci%100, n%1000), coop: co, customer: customers[(ci+j)%len(customers)],
				items: items, subtotal: subtotal, shipping: ship, method: method, status: plan.status, at: at}
			id, err := s.insertDemoOrder(ctx, o)
			if err != nil {
				return fmt.Errorf("seed: order %s of %s: %w", o.code, co.Slug, err)
			}
			if plan.status == order.StatusDelivered {
				clock = o.step(4)
				if err := led.Earn(ctx, s.tx, co.ID, id, subtotal, subtotal+ship, o.code); err != nil {
					return err
				}
			}
		}
		// The marketplace paid out two weeks ago and, for every other
		// cooperative, again a few days ago.
		for k, when := range []time.Time{s.now.AddDate(0, 0, -14), s.now.AddDate(0, 0, -3)} {
			if k == 1 && ci%2 == 1 {
				break
			}
			// Each payout settles the orders delivered a week or more before it.
			var owed int64
			if err := s.tx.GetContext(ctx, &owed, s.tx.Rebind(`SELECT COALESCE(SUM(amount_vnd), 0) FROM ledger_entries
				WHERE cooperative_id = ? AND (kind = 'payout' OR created_at < ?)`), co.ID, when.AddDate(0, 0, -7).UTC()); err != nil {
				return fmt.Errorf("seed: balance of %s: %w", co.Slug, err)
			}
			amount := owed / 1000 * 1000
			if amount <= 0 {
				continue
			}
			ref := fmt.Sprintf("UNC %s-%04d", when.Format("20060102"), co.ID)
			if err := led.RecordPayout(ctx, s.tx, co.ID, amount, ref, when); err != nil {
				return fmt.Errorf("seed: payout to %s: %w", co.Slug, err)
			}
		}
	}
	return nil
}

// demoOrder is one demo order to write.
type demoOrder struct {
	code               string
	coop               demoCoop
	customer           demoCustomer
	items              []order.Item
	subtotal, shipping int64
	method, status     string
	at                 time.Time
}

// step is when the order reached the n-th step after it was placed
// (1 confirmed, 2 packed, 3 shipped, 4 delivered), about a day apart.
func (o demoOrder) step(n int) time.Time {
	return o.at.Add(time.Duration(n) * 19 * time.Hour).Add(time.Duration(n*n) * 11 * time.Minute)
}

// insertDemoOrder writes o with its group, items and history, and returns
// its id.
func (s *demo) insertDemoOrder(ctx context.Context, o demoOrder) (int64, error) {
	total := o.subtotal + o.shipping
	groupCode := strings.TrimSuffix(o.code, "-1")
	var groupID int64
	if err := s.tx.GetContext(ctx, &groupID, s.tx.Rebind(`INSERT INTO order_groups (code, name, phone, email, address_line, ward,
		province_slug, payment_method, note, total_vnd, created_at) VALUES (?, ?, ?, '', ?, ?, ?, ?, '', ?, ?) RETURNING id`),
		groupCode, o.customer.Name, o.customer.Phone, o.customer.Line, o.customer.Ward, o.customer.Province, o.method, total, o.at); err != nil {
		return 0, fmt.Errorf("group: %w", err)
	}
	flow := []string{order.StatusPending, order.StatusConfirmed, order.StatusPacked, order.StatusShipped, order.StatusDelivered}
	reached := 0
	for i, st := range flow {
		if st == o.status {
			reached = i
		}
	}
	payStatus := payment.StatusPending
	var paidAt *time.Time
	info := ""
	if o.method == payment.MethodBankTransfer {
		ins, err := vietqr.Method{}.Instructions(payment.Order{Code: o.code, GroupCode: groupCode, TotalVND: total,
			Payee: payment.Payee{BankBIN: o.coop.BankBIN, AccountNo: o.coop.AccountNo, AccountName: o.coop.AccountName}})
		if err != nil {
			return 0, err
		}
		b, err := json.Marshal(ins)
		if err != nil {
			return 0, err
		}
		info = string(b)
		if o.status != order.StatusCancelled {
			t := o.at.Add(2 * time.Hour)
			payStatus, paidAt = payment.StatusPaid, &t
		}
	}
	if o.status == order.StatusDelivered && o.method == payment.MethodCOD {
		t := o.step(4)
		payStatus, paidAt = payment.StatusPaid, &t
	}
	if o.status == order.StatusCancelled {
		payStatus = payment.StatusVoided
	}
	tracking, carrier, reason := "", "", ""
	if reached >= 3 {
		carriers := order.Carriers()
		carrier = carriers[int(hash(o.code))%(len(carriers)-1)]
		tracking = fmt.Sprintf("%s%09d", strings.ToUpper(carrier[:2]), hash(o.code+"t")%1000000000)
	}
	updated := o.step(reached)
	if o.status == order.StatusCancelled {
		reason, updated = "Khách hàng đổi ý, gọi điện xin hủy đơn", o.at.Add(5*time.Hour)
	}
	var id int64
	if err := s.tx.GetContext(ctx, &id, s.tx.Rebind(`INSERT INTO orders (group_id, code, cooperative_id, status, subtotal_vnd,
		shipping_vnd, total_vnd, payment_method, payment_status, payment_info, paid_at, tracking_no, carrier, cancel_reason,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		groupID, o.code, o.coop.ID, o.status, o.subtotal, o.shipping, total, o.method, payStatus, info, paidAt, tracking, carrier,
		reason, o.at, updated); err != nil {
		return 0, fmt.Errorf("order: %w", err)
	}
	for _, it := range o.items {
		if _, err := s.tx.ExecContext(ctx, s.tx.Rebind(`INSERT INTO order_items (order_id, product_id, slug, name, unit, price_vnd,
			quantity, line_total_vnd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), id, it.ProductID, it.Slug, it.Name, it.Unit, it.PriceVND,
			it.Quantity, it.LineTotalVND); err != nil {
			return 0, fmt.Errorf("item: %w", err)
		}
	}
	event := func(kind, from, to, actor, note string, at time.Time) error {
		_, err := s.tx.ExecContext(ctx, s.tx.Rebind(`INSERT INTO order_events (order_id, kind, from_value, to_value, actor, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), id, kind, from, to, actor, note, at)
		if err != nil {
			return fmt.Errorf("event: %w", err)
		}
		return nil
	}
	if err := event("status", "", order.StatusPending, "guest", "", o.at); err != nil {
		return 0, err
	}
	if o.method == payment.MethodBankTransfer && paidAt != nil {
		if err := event("payment", payment.StatusPending, payment.StatusPaid, "coop_staff", "bank transfer received", *paidAt); err != nil {
			return 0, err
		}
	}
	for i := 1; i <= reached; i++ {
		note := ""
		if flow[i] == order.StatusShipped {
			note = "tracking " + tracking + " via " + carrier
		}
		if err := event("status", flow[i-1], flow[i], "coop_staff", note, o.step(i)); err != nil {
			return 0, err
		}
	}
	if o.status == order.StatusDelivered && o.method == payment.MethodCOD {
		if err := event("payment", payment.StatusPending, payment.StatusPaid, "coop_staff", "cash collected on delivery", o.step(4)); err != nil {
			return 0, err
		}
	}
	if o.status == order.StatusCancelled {
		if err := event("status", order.StatusPending, order.StatusCancelled, "coop_staff", reason, updated); err != nil {
			return 0, err
		}
		if err := event("payment", payment.StatusPending, payment.StatusVoided, "coop_staff", "order cancelled", updated); err != nil {
			return 0, err
		}
	}
	return id, nil
}
