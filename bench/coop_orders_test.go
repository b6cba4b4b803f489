package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/order"
)

// coopOrders is how many orders the cooperative of the panel benchmarks
// has.
const coopOrders = 20_000

// coopPassword is the password of the benchmark's staff member.
const coopPassword = "mat-khau-ban-hang"

// serveCoopOrders starts the whole app on a loopback port over a database
// where one cooperative has coopOrders orders, and returns its address and
// the cookie of its staff member's session.
func serveCoopOrders(b *testing.B, env map[string]string) (string, http.Header) {
	b.Helper()
	ctx := context.Background()
	a := openApp(b, env)
	co := &catalog.Cooperative{Slug: "htx-ban-nhieu", Name: "HTX Bán nhiều", Province: catalog.NamedSlug{Slug: "son-la"},
		Status: catalog.CoopActive, ShippingFeeVND: 30000}
	if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
		b.Fatal(err)
	}
	var products []int64
	for i := range 5 {
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe",
			Slug: fmt.Sprintf("ca-phe-%d", i), Name: fmt.Sprintf("Cà phê %d", i), PriceVND: 120000, Unit: "gói", Stock: 1000,
			Published: true, ProvinceSlug: "son-la"})
		if err != nil {
			b.Fatal(err)
		}
		products = append(products, id)
	}
	start := time.Now()
	if err := insertOrders(ctx, a.DB, co.ID, products, coopOrders); err != nil {
		b.Fatal(err)
	}
	// The statistics autovacuum (PostgreSQL) or a periodic ANALYZE
	// (SQLite) would have gathered after such a load.
	analyze := "ANALYZE"
	if a.DB.Dialect == db.Postgres {
		analyze = "VACUUM ANALYZE"
	}
	if _, err := a.DB.ExecContext(ctx, analyze); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d orders inserted and analyzed in %s", a.DB.Dialect, coopOrders, time.Since(start).Round(time.Millisecond))
	staff := &account.User{Email: "staff@htx-ban-nhieu.vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &co.ID}
	if err := a.Accounts.Create(ctx, staff, coopPassword); err != nil {
		b.Fatal(err)
	}
	f, err := a.Fiber()
	if err != nil {
		b.Fatal(err)
	}
	base := listen(b, f)
	return base, login(b, base, staff.Email)
}

// login logs in through the API and returns the Cookie header that
// carries the session.
func login(b *testing.B, base, email string) http.Header {
	b.Helper()
	body := fmt.Sprintf(`{"email":%q,"password":%q}`, email, coopPassword)
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader([]byte(body)))
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("login: %d", res.StatusCode)
	}
	var pairs []string
	for _, c := range res.Cookies() {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	return http.Header{"Cookie": {strings.Join(pairs, "; ")}}
}

// insertOrders writes n orders of one item to cooperative coopID, one a
// minute back from now, in every status, in multi-row INSERTs of one
// transaction: groups, orders and items, with explicit ids on a fresh
// database.
func insertOrders(ctx context.Context, d *db.DB, coopID int64, products []int64, n int) error {
	const batch = 500
	now := time.Now().UTC()
	statuses := order.Statuses()
	return d.Tx(ctx, func(tx *sqlx.Tx) error {
		for from := 1; from <= n; from += batch {
			to := min(n, from+batch-1)
			var groups, orders, items strings.Builder
			var gargs, oargs, iargs []any
			for i := from; i <= to; i++ {
				at := now.Add(-time.Duration(i) * time.Minute)
				code := fmt.Sprintf("OC-B%06d", i)
				qty := 1 + i%3
				sub := int64(120000 * qty)
				sep := map[bool]string{true: "", false: ","}[i == from]
				groups.WriteString(sep + "(?, ?, 'Nguyễn Thị Lan', '0912345678', '', '12 Lê Lợi', 'Tô Hiệu', 'son-la', 'cod', '', ?, ?)")
				gargs = append(gargs, i, code, sub+30000, at)
				orders.WriteString(sep + "(?, ?, ?, ?, ?, ?, 30000, ?, 'cod', 'pending', ?, ?)")
				oargs = append(oargs, i, i, code+"-1", coopID, statuses[i%len(statuses)], sub, sub+30000, at, at)
				p := products[i%len(products)]
				items.WriteString(sep + "(?, ?, ?, 'Cà phê', 'gói', 120000, ?, ?)")
				iargs = append(iargs, i, p, fmt.Sprintf("ca-phe-%d", i%len(products)), qty, sub)
			}
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`INSERT INTO order_groups (id, code, name, phone, email, address_line, ward, province_slug, payment_method, note,
					total_vnd, created_at) VALUES ` + groups.String(), gargs},
				{`INSERT INTO orders (id, group_id, code, cooperative_id, status, subtotal_vnd, shipping_vnd, total_vnd,
					payment_method, payment_status, created_at, updated_at) VALUES ` + orders.String(), oargs},
				{`INSERT INTO order_items (order_id, product_id, slug, name, unit, price_vnd, quantity, line_total_vnd) VALUES ` + items.String(), iargs},
			} {
				if _, err := tx.ExecContext(ctx, tx.Rebind(q.sql), q.args...); err != nil {
					return fmt.Errorf("bench: insert orders %d–%d: %w", from, to, err)
				}
			}
		}
		return nil
	})
}

// BenchmarkCoopOrders loads a cooperative panel's order list page and the
// order API over 20,000 orders of one cooperative, on SQLite and on
// PostgreSQL, beside the fixed-string ceiling.
func BenchmarkCoopOrders(b *testing.B) {
	fixed := serveFixed(b)
	b.Run("fixed_string", func(b *testing.B) { load(b, fixed, []string{"/"}, 8) })
	cases := []struct {
		name  string
		paths []string
	}{
		{"order_list_page", []string{"/quan-ly/don-hang", "/quan-ly/don-hang?page=400", "/quan-ly/don-hang?status=delivered&page=50"}},
		{"orders_api", []string{"/api/v1/coop/orders", "/api/v1/coop/orders?page=150&per_page=50", "/api/v1/coop/orders?status=pending"}},
	}
	for _, be := range databases() {
		b.Run(be.name, func(b *testing.B) {
			base, cookie := serveCoopOrders(b, be.env(b))
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) { loadWith(b, base, c.paths, 8, cookie) })
			}
		})
	}
}
