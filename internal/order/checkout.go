package order

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// codeAlphabet has no 0/O or 1/I, which shoppers misread over the phone.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// newGroupCode returns a group code such as OC-7KD2Q9.
func newGroupCode() (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("order: code: %w", err)
	}
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return "OC-" + string(b), nil
}

// saleRow is a product with what checkout needs of its cooperative.
type saleRow struct {
	ID              int64  `db:"id"`
	Slug            string `db:"slug"`
	Name            string `db:"name"`
	Unit            string `db:"unit"`
	PriceVND        int64  `db:"price_vnd"`
	ForSale         bool   `db:"for_sale"`
	CoopID          int64  `db:"coop_id"`
	CoopSlug        string `db:"coop_slug"`
	CoopName        string `db:"coop_name"`
	ShippingFee     int64  `db:"shipping_fee_vnd"`
	FreeOver        int64  `db:"free_shipping_over_vnd"`
	BankBIN         string `db:"bank_bin"`
	BankAccountNo   string `db:"bank_account_no"`
	BankAccountName string `db:"bank_account_name"`
	StripeAccount   string `db:"stripe_account_id"`
}

// Checkout places the orders of a cart in one transaction: it re-reads
// prices, takes the stock (never below zero), creates the group and one
// order per cooperative, and writes the notification and index jobs. A
// request repeating an IdempotencyKey returns the first answer (replayed
// true) and creates nothing. For card payments the processor's session is
// started after the commit.
func (s *Service) Checkout(ctx context.Context, in CheckoutInput) (g *Group, replayed bool, err error) {
	if !ValidIdempotencyKey(in.IdempotencyKey) {
		return nil, false, ErrIdempotencyKey("idempotency_key")
	}
	fp, scope := fingerprint(in), cartScope(in.CartID)
	if in.IdempotencyKey != "" {
		// A repeat is answered before anything else: the cart it came
		// from has been emptied by the first checkout.
		prev, err := s.replay(ctx, s.db, scope, in.IdempotencyKey, fp)
		switch {
		case err == nil:
			return prev, true, s.finishCard(ctx, prev)
		case !errors.Is(err, ErrNotFound):
			return nil, false, err
		}
	}
	v, err := s.validate(ctx, in)
	if err != nil {
		return nil, false, err
	}
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		if in.IdempotencyKey != "" {
			prev, err := s.replay(ctx, tx, scope, in.IdempotencyKey, fp)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			if err == nil {
				g, replayed = prev, true
				return nil
			}
		}
		g, err = s.place(ctx, tx, v)
		if err != nil {
			return err
		}
		if in.IdempotencyKey != "" {
			if err := s.remember(ctx, tx, scope, in.IdempotencyKey, fp, g); err != nil {
				return err
			}
		}
		return s.fail("before_commit")
	})
	if err != nil && in.IdempotencyKey != "" && db.IsUniqueViolation(err) {
		// The same key committed concurrently: answer with its result.
		prev, rerr := s.replay(ctx, s.db, scope, in.IdempotencyKey, fp)
		if rerr != nil {
			return nil, false, fmt.Errorf("order: checkout: %w", rerr)
		}
		g, replayed, err = prev, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	return g, replayed, s.finishCard(ctx, g)
}

// finishCard starts the card payment of a card group that has none yet.
func (s *Service) finishCard(ctx context.Context, g *Group) error {
	if g.PaymentMethod != payment.MethodCard {
		return nil
	}
	return s.beginCard(ctx, g)
}

// fingerprint identifies a request's body and shopper, to catch a key
// reused for a different checkout. The cart lines are not part of it: a
// repeat finds the cart already emptied by the first checkout.
func fingerprint(in CheckoutInput) string {
	b, _ := json.Marshal(struct {
		CheckoutInput
		UserID *int64
	}{in, in.UserID})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// cartScope is what idempotency keys are stored under for a cart: a hash,
// since a guest cart's id is the secret of its cookie.
func cartScope(cartID string) string {
	sum := sha256.Sum256([]byte("cart:" + cartID))
	return hex.EncodeToString(sum[:])
}

func (s *Service) replay(ctx context.Context, q sqlx.QueryerContext, scope, key, fp string) (*Group, error) {
	var row struct {
		Fingerprint string `db:"fingerprint"`
		Response    string `db:"response"`
		GroupCode   string `db:"group_code"`
	}
	err := sqlx.GetContext(ctx, q, &row, s.db.Rebind(`SELECT fingerprint, response, group_code FROM idempotency_keys
		WHERE cart_scope = ? AND key = ?`), scope, key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("order: idempotency key: %w", err)
	}
	if row.Fingerprint != fp {
		return nil, ErrIdempotencyReused
	}
	var g Group
	if err := json.Unmarshal([]byte(row.Response), &g); err != nil {
		return nil, fmt.Errorf("order: idempotency key: stored answer: %w", err)
	}
	ref := struct {
		ID         int64          `db:"id"`
		PaymentRef sql.NullString `db:"payment_ref"`
		Secret     string         `db:"payment_secret"`
	}{}
	if err := sqlx.GetContext(ctx, q, &ref, s.db.Rebind(`SELECT id, payment_ref, payment_secret FROM order_groups WHERE code = ?`), row.GroupCode); err != nil {
		return nil, fmt.Errorf("order: idempotency key: group %s: %w", row.GroupCode, err)
	}
	g.ID, g.PaymentRef, g.ClientSecret = ref.ID, ref.PaymentRef.String, ref.Secret
	return &g, nil
}

func (s *Service) remember(ctx context.Context, tx *sqlx.Tx, scope, key, fp string, g *Group) error {
	b, err := json.Marshal(g)
	if err != nil {
		return fmt.Errorf("order: idempotency key: %w", err)
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO idempotency_keys (cart_scope, key, fingerprint, group_code, response, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`), scope, key, fp, g.Code, string(b), s.now().UTC()); err != nil {
		return fmt.Errorf("order: idempotency key: %w", err)
	}
	return nil
}

// place does the work of a checkout inside tx.
func (s *Service) place(ctx context.Context, tx *sqlx.Tx, v *validated) (*Group, error) {
	ids := make([]int64, len(v.lines))
	for i, l := range v.lines {
		ids[i] = l.ProductID
	}
	q, args, err := sqlx.In(`SELECT p.id, p.slug, p.name, p.unit, p.price_vnd,
		CASE WHEN p.published = TRUE AND co.status = 'active' THEN TRUE ELSE FALSE END AS for_sale,
		co.id AS coop_id, co.slug AS coop_slug, co.name AS coop_name, co.shipping_fee_vnd, co.free_shipping_over_vnd,
		co.bank_bin, co.bank_account_no, co.bank_account_name, COALESCE(ci.stripe_account_id, '') AS stripe_account_id
		FROM products p JOIN cooperatives co ON co.id = p.cooperative_id
		LEFT JOIN cooperative_integrations ci ON ci.cooperative_id = co.id
		WHERE p.id IN (?)`, ids)
	if err != nil {
		return nil, fmt.Errorf("order: checkout: %w", err)
	}
	var rows []saleRow
	if err := tx.SelectContext(ctx, &rows, tx.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("order: checkout: read products: %w", err)
	}
	byID := make(map[int64]*saleRow, len(rows))
	for i := range rows {
		byID[rows[i].ID] = &rows[i]
	}
	now := s.now().UTC()
	g := &Group{UserID: v.UserID, PaymentMethod: v.PaymentMethod, Note: v.Note, Status: StatusPending, CreatedAt: now,
		Contact: Contact{Name: v.Name, Phone: v.Phone, Email: v.Email, Address: Address{Line: v.Address.Line, Ward: v.Address.Ward,
			Province: catalog.NamedSlug{Slug: v.province.Slug, Name: v.province.Name}}}}
	payees := map[int64]payment.Payee{}
	orderOf := map[int64]int{}
	stock := make([]catalog.StockLine, 0, len(v.lines))
	for _, l := range v.lines {
		p := byID[l.ProductID]
		if p == nil || !p.ForSale {
			return nil, &NotForSaleError{ProductID: l.ProductID}
		}
		oi, ok := orderOf[p.CoopID]
		if !ok {
			oi = len(g.Orders)
			orderOf[p.CoopID] = oi
			g.Orders = append(g.Orders, Order{Cooperative: catalog.Ref{ID: p.CoopID, Slug: p.CoopSlug, Name: p.CoopName},
				Status: StatusPending, Items: []Item{}, ShippingVND: p.ShippingFee, CreatedAt: now, UpdatedAt: now,
				Payment: Payment{Method: v.PaymentMethod, Status: payment.StatusPending}})
			payees[p.CoopID] = payment.Payee{BankBIN: p.BankBIN, AccountNo: p.BankAccountNo, AccountName: p.BankAccountName,
				StripeAccountID: p.StripeAccount}
		}
		o := &g.Orders[oi]
		it := Item{ProductID: p.ID, Slug: p.Slug, Name: p.Name, Unit: p.Unit, PriceVND: p.PriceVND, Quantity: l.Quantity,
			LineTotalVND: p.PriceVND * int64(l.Quantity)}
		o.Items = append(o.Items, it)
		o.SubtotalVND += it.LineTotalVND
		stock = append(stock, catalog.StockLine{ProductID: p.ID, Quantity: l.Quantity})
	}
	for i := range g.Orders {
		o := &g.Orders[i]
		co := byID[o.Items[0].ProductID]
		o.ShippingVND = catalog.ShippingFee(o.SubtotalVND, co.ShippingFee, co.FreeOver)
		o.TotalVND = o.SubtotalVND + o.ShippingVND
		g.TotalVND += o.TotalVND
	}
	if v.ExpectedTotalVND > 0 && v.ExpectedTotalVND != g.TotalVND {
		return nil, fmt.Errorf("order: checkout: total is %d, the shopper saw %d: %w", g.TotalVND, v.ExpectedTotalVND, ErrPriceChanged)
	}
	method := s.methods[v.PaymentMethod]
	code, err := s.insertGroup(ctx, tx, g)
	if err != nil {
		return nil, err
	}
	pg := payment.Group{Code: code, TotalVND: g.TotalVND, Email: g.Contact.Email}
	for i := range g.Orders {
		o := &g.Orders[i]
		o.Code, o.GroupCode = fmt.Sprintf("%s-%d", code, i+1), code
		pg.Orders = append(pg.Orders, payment.Order{Code: o.Code, GroupCode: code, TotalVND: o.TotalVND, Payee: payees[o.Cooperative.ID]})
	}
	if err := method.Check(pg); err != nil {
		return nil, err
	}
	short, err := s.catalog.TakeStock(ctx, tx, stock)
	if err != nil {
		return nil, fmt.Errorf("order: checkout: %w", err)
	}
	if short != 0 {
		left, err := s.catalog.Stock(ctx, tx, short)
		if err != nil {
			return nil, fmt.Errorf("order: checkout: %w", err)
		}
		return nil, &catalog.StockError{ProductID: short, Name: byID[short].Name, Stock: left}
	}
	if err := s.fail("after_stock"); err != nil {
		return nil, err
	}
	var expires *time.Time
	if v.PaymentMethod != payment.MethodCOD {
		ttl, err := s.ttl(ctx)
		if err != nil {
			return nil, fmt.Errorf("order: checkout: payment deadline: %w", err)
		}
		t := now.Add(ttl)
		expires = &t
	}
	for i := range g.Orders {
		o := &g.Orders[i]
		o.GroupID = g.ID
		o.Payment.ExpiresAt = expires
		ins, err := method.Instructions(pg.Orders[i])
		if err != nil {
			return nil, fmt.Errorf("order: checkout: %w", err)
		}
		o.Payment.VietQR = ins.VietQR
		if err := s.insertOrder(ctx, tx, o, ins, v.ShowcaseID); err != nil {
			return nil, err
		}
		if err := s.recordEvent(ctx, tx, o.ID, "status", "", StatusPending, actorOf(v.UserID), nil, ""); err != nil {
			return nil, err
		}
		if err := s.jobs.Enqueue(ctx, tx, JobPlaced, Job{OrderID: o.ID}); err != nil {
			return nil, fmt.Errorf("order: checkout: %w", err)
		}
	}
	return g, nil
}

func actorOf(userID *int64) string {
	if userID == nil {
		return "guest"
	}
	return "shopper"
}

func (s *Service) insertGroup(ctx context.Context, tx *sqlx.Tx, g *Group) (string, error) {
	for range 5 {
		code, err := newGroupCode()
		if err != nil {
			return "", err
		}
		err = tx.GetContext(ctx, &g.ID, tx.Rebind(`INSERT INTO order_groups (code, user_id, name, phone, email, address_line, ward,
			province_slug, payment_method, note, total_vnd, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING RETURNING id`),
			code, g.UserID, g.Contact.Name, g.Contact.Phone, g.Contact.Email, g.Contact.Address.Line, g.Contact.Address.Ward,
			g.Contact.Address.Province.Slug, g.PaymentMethod, g.Note, g.TotalVND, g.CreatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			continue // the code is taken: draw another
		}
		if err != nil {
			return "", fmt.Errorf("order: checkout: insert group: %w", err)
		}
		g.Code = code
		return code, nil
	}
	return "", errors.New("order: checkout: no free group code after 5 draws")
}

func (s *Service) insertOrder(ctx context.Context, tx *sqlx.Tx, o *Order, ins *payment.Instructions, showcaseID *int64) error {
	info := ""
	if ins.VietQR != nil {
		b, err := json.Marshal(ins)
		if err != nil {
			return fmt.Errorf("order: checkout: %w", err)
		}
		info = string(b)
	}
	err := tx.GetContext(ctx, &o.ID, tx.Rebind(`INSERT INTO orders (group_id, code, cooperative_id, status, subtotal_vnd,
		shipping_vnd, total_vnd, payment_method, payment_status, payment_info, payment_expires_at, created_at, updated_at, showcase_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		o.GroupID, o.Code, o.Cooperative.ID, o.Status, o.SubtotalVND, o.ShippingVND, o.TotalVND, o.Payment.Method,
		o.Payment.Status, info, o.Payment.ExpiresAt, o.CreatedAt, o.UpdatedAt, showcaseID)
	if err != nil {
		return fmt.Errorf("order: checkout: insert order %s: %w", o.Code, err)
	}
	for _, it := range o.Items {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO order_items (order_id, product_id, slug, name, unit, price_vnd,
			quantity, line_total_vnd) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
			o.ID, it.ProductID, it.Slug, it.Name, it.Unit, it.PriceVND, it.Quantity, it.LineTotalVND); err != nil {
			return fmt.Errorf("order: checkout: insert item of %s: %w", o.Code, err)
		}
	}
	return nil
}

func (s *Service) recordEvent(ctx context.Context, tx sqlx.ExecerContext, orderID int64, kind, from, to, actor string, userID *int64, note string) error {
	if _, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO order_events (order_id, kind, from_value, to_value, actor, actor_user_id, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), orderID, kind, from, to, actor, userID, note, s.now().UTC()); err != nil {
		return fmt.Errorf("order: record %s event of order %d: %w", kind, orderID, err)
	}
	return nil
}

// beginCard starts the processor's payment of a committed card group and
// keeps its reference; a group that has one already is left as it is.
func (s *Service) beginCard(ctx context.Context, g *Group) error {
	if g.PaymentRef != "" {
		return nil
	}
	pg := payment.Group{Code: g.Code, TotalVND: g.TotalVND, Email: g.Contact.Email}
	for _, o := range g.Orders {
		pg.Orders = append(pg.Orders, payment.Order{Code: o.Code, GroupCode: g.Code, TotalVND: o.TotalVND})
	}
	sess, err := s.methods[payment.MethodCard].Begin(ctx, pg)
	if err != nil {
		s.log.Error("order: start card payment", "group", g.Code, "err", err)
		return fmt.Errorf("order: group %s: %w: %w", g.Code, ErrPaymentStart, err)
	}
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE order_groups SET payment_ref = ?, payment_secret = ?
		WHERE id = ? AND payment_ref IS NULL`), sess.Ref, sess.ClientSecret, g.ID); err != nil {
		return fmt.Errorf("order: group %s: keep payment reference: %w", g.Code, err)
	}
	g.PaymentRef, g.ClientSecret = sess.Ref, sess.ClientSecret
	return nil
}
