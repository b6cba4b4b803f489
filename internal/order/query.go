package order

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/vnphone"
)

// orderRow is an order as stored, with its group.
type orderRow struct {
	ID            int64          `db:"id"`
	GroupID       int64          `db:"group_id"`
	Code          string         `db:"code"`
	GroupCode     string         `db:"group_code"`
	CoopID        int64          `db:"coop_id"`
	CoopSlug      string         `db:"coop_slug"`
	CoopName      string         `db:"coop_name"`
	Status        string         `db:"status"`
	SubtotalVND   int64          `db:"subtotal_vnd"`
	ShippingVND   int64          `db:"shipping_vnd"`
	TotalVND      int64          `db:"total_vnd"`
	PaymentMethod string         `db:"payment_method"`
	PaymentStatus string         `db:"payment_status"`
	PaymentInfo   string         `db:"payment_info"`
	ExpiresAt     sql.NullTime   `db:"payment_expires_at"`
	PaidAt        sql.NullTime   `db:"paid_at"`
	TrackingNo    string         `db:"tracking_no"`
	Carrier       string         `db:"carrier"`
	CancelReason  string         `db:"cancel_reason"`
	CreatedAt     time.Time      `db:"created_at"`
	UpdatedAt     time.Time      `db:"updated_at"`
	UserID        sql.NullInt64  `db:"user_id"`
	Name          string         `db:"name"`
	Phone         string         `db:"phone"`
	Email         string         `db:"email"`
	AddressLine   string         `db:"address_line"`
	Ward          string         `db:"ward"`
	ProvinceSlug  string         `db:"province_slug"`
	ProvinceName  string         `db:"province_name"`
	PaymentRef    sql.NullString `db:"payment_ref"`
	StripeAccount string         `db:"stripe_account_id"`
	GroupMethod   string         `db:"group_payment_method"`
	GroupNote     string         `db:"group_note"`
	GroupTotalVND int64          `db:"group_total_vnd"`
	GroupAt       time.Time      `db:"group_created_at"`
	GroupSecret   string         `db:"payment_secret"`
}

const orderSelect = `SELECT o.id, o.group_id, o.code, g.code AS group_code, co.id AS coop_id, co.slug AS coop_slug,
	co.name AS coop_name, o.status, o.subtotal_vnd, o.shipping_vnd, o.total_vnd, o.payment_method, o.payment_status,
	o.payment_info, o.payment_expires_at, o.paid_at, o.tracking_no, o.carrier, o.cancel_reason, o.created_at, o.updated_at,
	g.user_id, g.name, g.phone, g.email, g.address_line, g.ward, g.province_slug, pr.name AS province_name, g.payment_ref,
	COALESCE(ci.stripe_account_id, '') AS stripe_account_id, g.payment_method AS group_payment_method, g.note AS group_note,
	g.total_vnd AS group_total_vnd, g.created_at AS group_created_at, g.payment_secret
	FROM orders o JOIN order_groups g ON g.id = o.group_id
	JOIN cooperatives co ON co.id = o.cooperative_id
	JOIN provinces pr ON pr.slug = g.province_slug
	LEFT JOIN cooperative_integrations ci ON ci.cooperative_id = co.id`

func (r *orderRow) contact() Contact {
	return Contact{Name: r.Name, Phone: r.Phone, Email: r.Email, Address: Address{Line: r.AddressLine, Ward: r.Ward,
		Province: catalog.NamedSlug{Slug: r.ProvinceSlug, Name: r.ProvinceName}}}
}

func (r *orderRow) order() Order {
	o := Order{ID: r.ID, GroupID: r.GroupID, Code: r.Code, GroupCode: r.GroupCode,
		Cooperative: catalog.Ref{ID: r.CoopID, Slug: r.CoopSlug, Name: r.CoopName}, Status: r.Status, Items: []Item{},
		SubtotalVND: r.SubtotalVND, ShippingVND: r.ShippingVND, TotalVND: r.TotalVND, TrackingNo: r.TrackingNo, Carrier: r.Carrier,
		CancelReason: r.CancelReason, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Payment: Payment{Method: r.PaymentMethod, Status: r.PaymentStatus}}
	if r.ExpiresAt.Valid && r.PaymentStatus == payment.StatusPending && r.Status != StatusCancelled {
		t := r.ExpiresAt.Time
		o.Payment.ExpiresAt = &t
	}
	if r.PaidAt.Valid {
		t := r.PaidAt.Time
		o.Payment.PaidAt = &t
	}
	if r.PaymentInfo != "" {
		var ins payment.Instructions
		if json.Unmarshal([]byte(r.PaymentInfo), &ins) == nil {
			o.Payment.VietQR = ins.VietQR
		}
	}
	return o
}

// loadOrders reads orders matching where, with their items: two queries
// whatever the number of orders.
func (s *Service) loadOrders(ctx context.Context, q sqlx.QueryerContext, where string, args ...any) ([]orderRow, []Order, error) {
	var rows []orderRow
	if err := sqlx.SelectContext(ctx, q, &rows, s.db.Rebind(orderSelect+" WHERE "+where), args...); err != nil {
		return nil, nil, fmt.Errorf("order: read orders: %w", err)
	}
	orders := make([]Order, len(rows))
	if len(rows) == 0 {
		return rows, orders, nil
	}
	ids := make([]int64, len(rows))
	pos := map[int64]int{}
	for i := range rows {
		orders[i] = rows[i].order()
		ids[i] = rows[i].ID
		pos[rows[i].ID] = i
	}
	query, iargs, err := sqlx.In(`SELECT order_id, product_id, slug, name, unit, price_vnd, quantity, line_total_vnd
		FROM order_items WHERE order_id IN (?) ORDER BY order_id, name`, ids)
	if err != nil {
		return nil, nil, fmt.Errorf("order: read items: %w", err)
	}
	var items []struct {
		OrderID int64 `db:"order_id"`
		Item
	}
	if err := sqlx.SelectContext(ctx, q, &items, s.db.Rebind(query), iargs...); err != nil {
		return nil, nil, fmt.Errorf("order: read items: %w", err)
	}
	for _, it := range items {
		o := &orders[pos[it.OrderID]]
		o.Items = append(o.Items, it.Item)
	}
	return rows, orders, nil
}

// withHistory fills in the history of each order, in one query; staff
// says whether it is for the cooperative's view, which names the staff
// member of each change (Event.By).
func (s *Service) withHistory(ctx context.Context, orders []Order, staff bool) error {
	if len(orders) == 0 {
		return nil
	}
	ids := make([]int64, len(orders))
	pos := map[int64]int{}
	for i := range orders {
		orders[i].History = []Event{}
		ids[i] = orders[i].ID
		pos[orders[i].ID] = i
	}
	query, args, err := sqlx.In(`SELECT e.order_id, e.kind, e.from_value, e.to_value, e.actor, e.note, e.created_at,
		COALESCE(u.email, '') AS by_email FROM order_events e LEFT JOIN users u ON u.id = e.actor_user_id
		WHERE e.order_id IN (?) ORDER BY e.order_id, e.id`, ids)
	if err != nil {
		return fmt.Errorf("order: read history: %w", err)
	}
	var evs []struct {
		OrderID int64 `db:"order_id"`
		Event
	}
	if err := s.db.SelectContext(ctx, &evs, s.db.Rebind(query), args...); err != nil {
		return fmt.Errorf("order: read history: %w", err)
	}
	for _, e := range evs {
		if !staff {
			e.By = ""
		}
		o := &orders[pos[e.OrderID]]
		o.History = append(o.History, e.Event)
	}
	return nil
}

// Access says who asks for an order: its owner by user id, or a guest
// proving it with the checkout phone.
type Access struct {
	UserID *int64
	Phone  string
}

func (a Access) allows(r *orderRow) bool {
	if a.UserID != nil && r.UserID.Valid && r.UserID.Int64 == *a.UserID {
		return true
	}
	p, ok := vnphone.Normalize(a.Phone)
	return ok && p == r.Phone
}

// IsGroupCode reports whether code names a group (OC-XXXXXX) rather than
// one order (OC-XXXXXX-1).
func IsGroupCode(code string) bool { return strings.Count(code, "-") == 1 }

// Lookup returns a group by its code, or a group holding only the order
// named, each order with its history, for its owner or a guest giving the
// checkout phone; anyone else gets ErrNotFound, so codes cannot be probed.
// It costs three queries whatever the number of orders in the group.
func (s *Service) Lookup(ctx context.Context, code string, a Access) (*Group, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	where := "g.code = ?"
	if !IsGroupCode(code) {
		where = "o.code = ?"
	}
	rows, orders, err := s.loadOrders(ctx, s.db, where+" ORDER BY o.id", code)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 || !a.allows(&rows[0]) {
		return nil, fmt.Errorf("order: %s: %w", code, ErrNotFound)
	}
	if err := s.withHistory(ctx, orders, false); err != nil {
		return nil, err
	}
	return groupOf(&rows[0], orders), nil
}

// groupOf is the group of r made of orders.
func groupOf(r *orderRow, orders []Order) *Group {
	out := &Group{ID: r.GroupID, Code: r.GroupCode, TotalVND: r.GroupTotalVND, PaymentMethod: r.GroupMethod, Contact: r.contact(),
		Note: r.GroupNote, Orders: orders, CreatedAt: r.GroupAt, PaymentRef: r.PaymentRef.String, Status: groupStatus(orders)}
	if r.UserID.Valid {
		id := r.UserID.Int64
		out.UserID = &id
	}
	if r.GroupMethod == payment.MethodCard && r.PaymentRef.Valid && out.Status == StatusPending {
		out.ClientSecret = r.GroupSecret
	}
	return out
}

// Page is a page of a list.
type Page struct {
	Page    int
	PerPage int
}

func (p Page) limits() (limit, offset int) {
	if p.PerPage <= 0 {
		p.PerPage = 24
	}
	if p.Page <= 0 {
		p.Page = 1
	}
	return p.PerPage, (p.Page - 1) * p.PerPage
}

// CooperativeOrders lists a cooperative's orders, newest first, of one
// status when status is not empty, with the total count.
func (s *Service) CooperativeOrders(ctx context.Context, coopID int64, status string, p Page) ([]Order, int, error) {
	where, args := "o.cooperative_id = ?", []any{coopID}
	if status != "" {
		where, args = where+" AND o.status = ?", append(args, status)
	}
	var total int
	if err := s.db.GetContext(ctx, &total, s.db.Rebind("SELECT COUNT(*) FROM orders o WHERE "+where), args...); err != nil {
		return nil, 0, fmt.Errorf("order: count orders of cooperative %d: %w", coopID, err)
	}
	// The page's ids first, from the index alone: skipping the rows of
	// earlier pages then costs no joins.
	limit, offset := p.limits()
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, s.db.Rebind("SELECT o.id FROM orders o WHERE "+where+
		" ORDER BY o.created_at DESC, o.id DESC LIMIT ? OFFSET ?"), append(args, limit, offset)...); err != nil {
		return nil, 0, fmt.Errorf("order: orders of cooperative %d: %w", coopID, err)
	}
	if len(ids) == 0 {
		return []Order{}, total, nil
	}
	in, inArgs, err := sqlx.In("o.id IN (?) ORDER BY o.created_at DESC, o.id DESC", ids)
	if err != nil {
		return nil, 0, fmt.Errorf("order: orders of cooperative %d: %w", coopID, err)
	}
	rows, orders, err := s.loadOrders(ctx, s.db, in, inArgs...)
	if err != nil {
		return nil, 0, err
	}
	for i := range orders {
		c := rows[i].contact()
		orders[i].Customer = &c
	}
	return orders, total, nil
}

// CooperativeOf returns the cooperative an order belongs to, for staff
// who act on the orders of their province's cooperatives.
func (s *Service) CooperativeOf(ctx context.Context, code string) (int64, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, s.db.Rebind(`SELECT cooperative_id FROM orders WHERE code = ?`), strings.ToUpper(strings.TrimSpace(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("order: %s: %w", code, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("order: cooperative of %s: %w", code, err)
	}
	return id, nil
}

// StatusCounts counts a cooperative's orders by status; a status without
// orders is absent.
func (s *Service) StatusCounts(ctx context.Context, coopID int64) (map[string]int, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT status, COUNT(*) AS n FROM orders
		WHERE cooperative_id = ? GROUP BY status`), coopID); err != nil {
		return nil, fmt.Errorf("order: count orders of cooperative %d by status: %w", coopID, err)
	}
	counts := make(map[string]int, len(rows))
	for _, r := range rows {
		counts[r.Status] = r.N
	}
	return counts, nil
}

// CooperativeOrder returns one order of a cooperative with its history;
// another cooperative's order is ErrNotFound.
func (s *Service) CooperativeOrder(ctx context.Context, coopID int64, code string) (*Order, error) {
	rows, orders, err := s.loadOrders(ctx, s.db, "o.code = ? AND o.cooperative_id = ?", strings.ToUpper(strings.TrimSpace(code)), coopID)
	if err != nil {
		return nil, err
	}
	if len(orders) == 0 {
		return nil, fmt.Errorf("order: %s of cooperative %d: %w", code, coopID, ErrNotFound)
	}
	c := rows[0].contact()
	orders[0].Customer = &c
	if err := s.withHistory(ctx, orders, true); err != nil {
		return nil, err
	}
	return &orders[0], nil
}

// UserGroups lists a shopper's checkouts, newest first, with the count:
// four queries whatever the number of groups and orders.
func (s *Service) UserGroups(ctx context.Context, userID int64, p Page) ([]Group, int, error) {
	var total int
	if err := s.db.GetContext(ctx, &total, s.db.Rebind(`SELECT COUNT(*) FROM order_groups WHERE user_id = ?`), userID); err != nil {
		return nil, 0, fmt.Errorf("order: count groups of user %d: %w", userID, err)
	}
	limit, offset := p.limits()
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, s.db.Rebind(`SELECT id FROM order_groups WHERE user_id = ?
		ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`), userID, limit, offset); err != nil {
		return nil, 0, fmt.Errorf("order: groups of user %d: %w", userID, err)
	}
	out := make([]Group, 0, len(ids))
	if len(ids) == 0 {
		return out, total, nil
	}
	where, args, err := sqlx.In("o.group_id IN (?) ORDER BY o.id", ids)
	if err != nil {
		return nil, 0, fmt.Errorf("order: groups of user %d: %w", userID, err)
	}
	rows, orders, err := s.loadOrders(ctx, s.db, where, args...)
	if err != nil {
		return nil, 0, err
	}
	byGroup := map[int64][]int{}
	for i := range rows {
		byGroup[rows[i].GroupID] = append(byGroup[rows[i].GroupID], i)
	}
	for _, id := range ids {
		at := byGroup[id]
		if len(at) == 0 {
			continue
		}
		own := make([]Order, len(at))
		for j, i := range at {
			own[j] = orders[i]
		}
		out = append(out, *groupOf(&rows[at[0]], own))
	}
	return out, total, nil
}

// orderWithHistory reads order id afresh with its history, as a change
// by the cooperative left it, for the cooperative.
func (s *Service) orderWithHistory(ctx context.Context, id int64) (*Order, error) {
	_, o, err := s.orderByID(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	orders := []Order{*o}
	if err := s.withHistory(ctx, orders, true); err != nil {
		return nil, err
	}
	return &orders[0], nil
}

// orderByID reads one order inside q.
func (s *Service) orderByID(ctx context.Context, q sqlx.QueryerContext, id int64) (*orderRow, *Order, error) {
	rows, orders, err := s.loadOrders(ctx, q, "o.id = ?", id)
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 {
		return nil, nil, fmt.Errorf("order: order %d: %w", id, ErrNotFound)
	}
	return &rows[0], &orders[0], nil
}

// Notice is what a notification about an order needs.
type Notice struct {
	Order       Order
	Customer    Contact
	CoopEmail   string
	CoopWebhook string
}

// NoticeOf returns an order with its shopper and its cooperative's contact
// points, for notifications.
func (s *Service) NoticeOf(ctx context.Context, orderID int64) (*Notice, error) {
	r, o, err := s.orderByID(ctx, s.db, orderID)
	if err != nil {
		return nil, err
	}
	n := &Notice{Order: *o, Customer: r.contact()}
	var co struct {
		Email string `db:"email"`
		URL   string `db:"webhook_url"`
	}
	err = s.db.GetContext(ctx, &co, s.db.Rebind(`SELECT co.email, COALESCE(ci.webhook_url, '') AS webhook_url
		FROM cooperatives co LEFT JOIN cooperative_integrations ci ON ci.cooperative_id = co.id WHERE co.id = ?`), o.Cooperative.ID)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("order: notice of %s: %w", o.Code, err)
	}
	n.CoopEmail, n.CoopWebhook = co.Email, co.URL
	return n, nil
}
