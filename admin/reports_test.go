package admin_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/report"
)

// salesWorld is a generated marketplace: cooperatives of three provinces,
// products of several OCOP groups and star levels, and orders over
// several days, some cancelled, some on the edge of a Vietnam day.
type salesWorld struct {
	coopProvince map[int64]string // cooperative id → province slug
	coopSlug     map[int64]string
	coopStatus   map[int64]string
	product      map[int64]genProduct
	orders       []genOrder
}

type genProduct struct {
	coop  int64
	group string // the top-level category
	stars string // verified, unexpired stars on the test's today, or "none"
}

type genOrder struct {
	id        int64
	coop      int64
	showcase  string // the fair's id, or report.NoShowcase
	cancelled bool
	at        time.Time
	items     []genItem
}

type genItem struct {
	product  int64
	quantity int64
	total    int64
}

// edge instants: 23:59:59 on 30 November and 00:00 on 1 December in Vietnam.
var (
	edgeBefore = time.Date(2026, 11, 30, 16, 59, 59, 0, time.UTC)
	edgeAfter  = time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)
)

// buildSalesWorld fills the database of a with the generated world; today
// is the day star levels are judged on (the day the app reports on).
func buildSalesWorld(t *testing.T, a *apptest.App, today db.Date) *salesWorld {
	t.Helper()
	ctx := context.Background()
	w := &salesWorld{coopProvince: map[int64]string{}, coopSlug: map[int64]string{}, coopStatus: map[int64]string{}, product: map[int64]genProduct{}}
	coops := []struct{ slug, province, status string }{
		{"htx-bich-thao", "son-la", catalog.CoopActive},
		{"htx-moc-chau", "son-la", catalog.CoopActive},
		{"htx-na-dong-banh", "lang-son", catalog.CoopActive},
		{"=htx-ha-noi", "ha-noi", catalog.CoopSuspended}, // a slug a spreadsheet would run, for the CSV
		{"htx-cho-duyet", "son-la", catalog.CoopPending},
	}
	// category, group and the certificates of each product: stars,
	// status, expiry relative to today (days).
	type cert struct {
		stars  int
		status string
		days   int
	}
	kinds := []struct {
		category, group string
		certs           []cert
		stars           string
	}{
		{"ca-phe", "thuc-pham", []cert{{5, catalog.CertVerified, 4000}}, "5"},
		{"ruou", "do-uong", []cert{{4, catalog.CertVerified, -1}, {3, catalog.CertPending, 900}}, "none"},
		{"det-may", "thu-cong-my-nghe", []cert{{3, catalog.CertVerified, 30}, {4, catalog.CertVerified, 800}}, "4"},
		{"duoc-lieu-so-che", "duoc-lieu", []cert{{5, catalog.CertRejected, 900}}, "none"},
		{"che", "thuc-pham", []cert{{3, catalog.CertVerified, 0}}, "3"},
	}
	var products []int64
	for i, co := range coops {
		c := &catalog.Cooperative{Slug: co.slug, Name: "HTX " + co.slug, Province: catalog.NamedSlug{Slug: co.province}, Status: co.status,
			BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX", ShippingFeeVND: 30000}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, c); err != nil {
			t.Fatal(err)
		}
		w.coopProvince[c.ID], w.coopSlug[c.ID], w.coopStatus[c.ID] = co.province, co.slug, co.status
		if co.status == catalog.CoopPending {
			continue
		}
		for j := range 3 {
			k := kinds[(i+j)%len(kinds)]
			id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: c.ID, CategorySlug: k.category,
				Slug: fmt.Sprintf("p-%d-%d", i, j), Name: fmt.Sprintf("Sản phẩm %d-%d", i, j), PriceVND: 10000, Unit: "gói",
				Stock: 100, Published: true, ProvinceSlug: co.province})
			if err != nil {
				t.Fatal(err)
			}
			for _, ce := range k.certs {
				exp := db.Date{Time: today.AddDate(0, 0, ce.days)}
				a.Exec(`INSERT INTO ocop_certificates (product_id, stars, decision_no, issued_by, issued_on, expires_on, status)
					VALUES (?, ?, 'QĐ 1/QĐ-UBND', 'UBND tỉnh', ?, ?, ?)`, id, ce.stars, db.Date{Time: exp.AddDate(-3, 0, 0)}, exp, ce.status)
			}
			w.product[id] = genProduct{coop: c.ID, group: k.group, stars: k.stars}
			products = append(products, id)
		}
	}
	slices.Sort(products)

	rnd := rand.New(rand.NewPCG(9, 10))
	var g int64
	if err := a.DB.GetContext(ctx, &g, a.DB.Rebind(`INSERT INTO order_groups (code, name, phone, address_line, ward, province_slug,
		payment_method, total_vnd, created_at) VALUES ('OC-TEST', 'Lan', '0912345678', '1 Lê Lợi', 'Tô Hiệu', 'son-la', 'cod', 0, ?)
		RETURNING id`), edgeBefore); err != nil {
		t.Fatal(err)
	}
	var fairs []int64
	for _, f := range []string{"hoi-cho-son-la", "hoi-cho-ha-noi"} {
		var id int64
		if err := a.DB.GetContext(ctx, &id, a.DB.Rebind(`INSERT INTO showcases (slug, title, starts_on, ends_on, status, created_at, updated_at)
			VALUES (?, ?, '2026-11-27', '2026-12-06', 'published', ?, ?) RETURNING id`), f, "Hội chợ "+f, edgeBefore, edgeBefore); err != nil {
			t.Fatal(err)
		}
		fairs = append(fairs, id)
	}
	start := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for n := range 90 {
		at := start.Add(time.Duration(rnd.Int64N(int64(9 * 24 * time.Hour)))).Truncate(time.Second)
		switch n {
		case 0, 1:
			at = edgeBefore
		case 2, 3:
			at = edgeAfter
		}
		first := products[rnd.IntN(len(products))]
		coop := w.product[first].coop
		var mine []int64
		for _, p := range products {
			if w.product[p].coop == coop {
				mine = append(mine, p)
			}
		}
		rnd.Shuffle(len(mine), func(i, j int) { mine[i], mine[j] = mine[j], mine[i] })
		o := genOrder{coop: coop, cancelled: n%7 == 3, at: at, showcase: report.NoShowcase}
		var fair *int64
		if n%3 != 0 { // two orders in three came through a fair
			fair = &fairs[n%2]
			o.showcase = strconv.FormatInt(*fair, 10)
		}
		var subtotal int64
		for _, p := range mine[:1+rnd.IntN(len(mine))] {
			q := 1 + rnd.Int64N(5)
			it := genItem{product: p, quantity: q, total: q * (10000 + 1000*rnd.Int64N(50))}
			o.items = append(o.items, it)
			subtotal += it.total
		}
		status := []string{"pending", "confirmed", "shipped", "delivered"}[rnd.IntN(4)]
		if o.cancelled {
			status = "cancelled"
		}
		if err := a.DB.GetContext(ctx, &o.id, a.DB.Rebind(`INSERT INTO orders (group_id, code, cooperative_id, status, subtotal_vnd,
			shipping_vnd, total_vnd, payment_method, payment_status, showcase_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 30000, ?, 'cod', 'pending', ?, ?, ?) RETURNING id`),
			g, fmt.Sprintf("OC-TEST-%d", n+1), coop, status, subtotal, subtotal+30000, fair, at, at); err != nil {
			t.Fatal(err)
		}
		for _, it := range o.items {
			a.Exec(`INSERT INTO order_items (order_id, product_id, slug, name, unit, price_vnd, quantity, line_total_vnd)
				VALUES (?, ?, 'p', 'p', 'gói', ?, ?, ?)`, o.id, it.product, it.total/it.quantity, it.quantity, it.total)
		}
		w.orders = append(w.orders, o)
	}
	return w
}

// expected computes a sales report from the generated orders, as the API
// documents it: orders not cancelled, placed on a Vietnam day of the
// range, of the province's cooperatives when province is set; revenue is
// the line totals; an order counts once in each group it touches.
func (w *salesWorld) expected(groupBy string, from, to string, province string) (map[string]report.Row, report.Totals, []int64) {
	rows := map[string]report.Row{}
	var total report.Totals
	var ids []int64
	for _, o := range w.orders {
		day := o.at.In(format.Vietnam()).Format(db.DateLayout)
		if o.cancelled || day < from || day > to || (province != "" && w.coopProvince[o.coop] != province) {
			continue
		}
		ids = append(ids, o.id)
		total.Orders++
		touched := map[string]bool{}
		for _, it := range o.items {
			p := w.product[it.product]
			key := map[string]string{report.ByProvince: w.coopProvince[o.coop], report.ByCooperative: w.coopSlug[o.coop],
				report.ByCategory: p.group, report.ByStars: p.stars, report.ByShowcase: o.showcase}[groupBy]
			r := rows[key]
			r.Key = key
			if !touched[key] {
				touched[key] = true
				r.Orders++
			}
			r.Items += it.quantity
			r.RevenueVND += it.total
			rows[key] = r
			total.Items += it.quantity
			total.RevenueVND += it.total
		}
	}
	return rows, total, ids
}

type salesAnswer struct {
	GroupBy string `json:"group_by"`
	From    string `json:"from"`
	To      string `json:"to"`
	Rows    []report.Row
	Total   report.Totals
}

func TestStaffSalesReports(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{})
		today := db.NewDate(time.Now().In(format.Vietnam()))
		w := buildSalesWorld(t, a, today)
		sonLa := "son-la"
		coopID := int64(0)
		for id := range w.coopSlug {
			coopID = id
			break
		}
		national := a.LoggedIn(&account.User{Email: "xuctien@example.vn", Name: "Xúc tiến", Roles: []string{account.RolePromotionStaff}})
		clients := map[string]*apptest.Client{
			"":         national,
			"son-la":   a.LoggedIn(&account.User{Email: "xuctien-son-la@example.vn", Name: "Sơn La", Roles: []string{account.RolePromotionStaff}, StaffProvince: &sonLa}),
			"admin-sl": a.LoggedIn(&account.User{Email: "admin@example.vn", Name: "Admin", Roles: []string{account.RoleAdmin}, StaffProvince: &sonLa}),
		}

		ranges := [][2]string{{"2026-11-30", "2026-11-30"}, {"2026-12-01", "2026-12-01"}, {"2026-11-27", "2026-12-06"}, {"2026-12-02", "2026-12-04"}}
		// The day edge: 16:59:59 UTC is the 30th in Vietnam, 17:00:00 the 1st.
		_, _, on30 := w.expected(report.ByProvince, "2026-11-30", "2026-11-30", "")
		_, _, on1 := w.expected(report.ByProvince, "2026-12-01", "2026-12-01", "")
		if !slices.Contains(on30, w.orders[0].id) || !slices.Contains(on1, w.orders[2].id) || slices.Contains(on1, w.orders[0].id) {
			t.Fatalf("the generated edge orders are not on the days they should be")
		}
		for who, c := range clients {
			province := who
			if who == "admin-sl" {
				province = "" // an admin acts everywhere, whatever the column says
			}
			for _, by := range report.Groupings() {
				for _, rg := range ranges {
					t.Run(fmt.Sprintf("%s/%s/%s..%s", who, by, rg[0], rg[1]), func(t *testing.T) {
						q := url.Values{"group_by": {by}, "from": {rg[0]}, "to": {rg[1]}}
						r := c.Get("/api/v1/staff/reports/sales?" + q.Encode())
						apptest.Expect(t, "sales", r, http.StatusOK)
						var got salesAnswer
						if err := json.Unmarshal([]byte(r.Raw), &got); err != nil {
							t.Fatal(err)
						}
						rows, total, _ := w.expected(by, rg[0], rg[1], province)
						if got.Total != total {
							t.Errorf("total %+v, want %+v", got.Total, total)
						}
						if len(got.Rows) != len(rows) {
							t.Errorf("%d rows, want %d: %+v", len(got.Rows), len(rows), got.Rows)
						}
						var sumItems, sumRevenue, sumOrders int64
						for i, gr := range got.Rows {
							want := rows[gr.Key]
							if gr.Orders != want.Orders || gr.Items != want.Items || gr.RevenueVND != want.RevenueVND {
								t.Errorf("row %s: %+v, want %+v", gr.Key, gr, want)
							}
							if gr.Name == "" {
								t.Errorf("row %s has no name", gr.Key)
							}
							if i > 0 && gr.RevenueVND > got.Rows[i-1].RevenueVND {
								t.Errorf("rows not by revenue: %+v", got.Rows)
							}
							sumItems += gr.Items
							sumRevenue += gr.RevenueVND
							sumOrders += gr.Orders
						}
						if sumItems != total.Items || sumRevenue != total.RevenueVND {
							t.Errorf("rows add up to %d items %d ₫, total %+v", sumItems, sumRevenue, total)
						}
						if (by == report.ByProvince || by == report.ByCooperative) && sumOrders != total.Orders {
							t.Errorf("rows count %d orders, total %d", sumOrders, total.Orders)
						}
						if province == "son-la" && by == report.ByProvince && len(got.Rows) > 0 && (len(got.Rows) != 1 || got.Rows[0].Key != "son-la") {
							t.Errorf("Sơn La's staff see %+v", got.Rows)
						}

						q.Set("format", "csv")
						csvAnswer := c.Get("/api/v1/staff/reports/sales?" + q.Encode())
						apptest.Expect(t, "csv", csvAnswer, http.StatusOK)
						checkCSV(t, csvAnswer, got)
					})
				}
			}
		}

		t.Run("an order touching two groups counts once in each and once in the total", func(t *testing.T) {
			for _, o := range w.orders {
				groups := map[string]bool{}
				for _, it := range o.items {
					groups[w.product[it.product].group] = true
				}
				if len(groups) < 2 || o.cancelled {
					continue
				}
				day := o.at.In(format.Vietnam()).Format(db.DateLayout)
				rows, total, _ := w.expected(report.ByCategory, day, day, "")
				var sum int64
				for _, r := range rows {
					sum += r.Orders
				}
				if sum <= total.Orders {
					t.Fatalf("the generated orders of %s touch no two groups", day)
				}
				r := national.Get("/api/v1/staff/reports/sales?group_by=category&from=" + day + "&to=" + day)
				var got salesAnswer
				if err := json.Unmarshal([]byte(r.Raw), &got); err != nil {
					t.Fatal(err)
				}
				if got.Total != total {
					t.Fatalf("total %+v, want %+v", got.Total, total)
				}
				return
			}
			t.Fatal("no generated order spans two OCOP groups")
		})

		t.Run("defaults are this month, by province", func(t *testing.T) {
			r := national.Get("/api/v1/staff/reports/sales")
			apptest.Expect(t, "defaults", r, http.StatusOK)
			month := report.MonthOf(today)
			if r.Body["group_by"] != "province" || r.Body["from"] != month.From.String() || r.Body["to"] != today.String() {
				t.Fatalf("defaults: %s", r.Raw)
			}
			d := clients["son-la"].Get("/api/v1/staff/dashboard")
			apptest.Expect(t, "dashboard", d, http.StatusOK)
			_, total, _ := w.expected(report.ByProvince, month.From.String(), today.String(), "son-la")
			if got := d.Body["sales_month"].(map[string]any); got["orders"] != float64(total.Orders) || got["revenue_vnd"] != float64(total.RevenueVND) {
				t.Errorf("dashboard %s, want %+v", d.Raw, total)
			}
		})

		t.Run("catalog counts", func(t *testing.T) {
			for who, c := range clients {
				r := c.Get("/api/v1/staff/reports/catalog")
				apptest.Expect(t, "catalog", r, http.StatusOK)
				var got report.Catalog
				if err := json.Unmarshal([]byte(r.Raw), &got); err != nil {
					t.Fatal(err)
				}
				wantCoops := map[string]report.CoopTally{}
				wantStars := map[string]report.StarTally{}
				for id, p := range w.coopProvince {
					if who == "son-la" && p != "son-la" {
						continue
					}
					tl := wantCoops[p]
					switch w.coopStatus[id] {
					case catalog.CoopPending:
						tl.Pending++
					case catalog.CoopActive:
						tl.Active++
					case catalog.CoopSuspended:
						tl.Suspended++
					}
					tl.Total++
					wantCoops[p] = tl
				}
				for _, pr := range w.product {
					p := w.coopProvince[pr.coop]
					if (who == "son-la" && p != "son-la") || pr.stars == "none" {
						continue
					}
					tl := wantStars[p]
					switch pr.stars {
					case "3":
						tl.Stars3++
					case "4":
						tl.Stars4++
					case "5":
						tl.Stars5++
					}
					tl.Total++
					wantStars[p] = tl
				}
				if len(got.Cooperatives) != len(wantCoops) || len(got.Products) != len(wantStars) {
					t.Errorf("%s: %s, want %v %v", who, r.Raw, wantCoops, wantStars)
				}
				var coopsTotal report.CoopTally
				for _, cc := range got.Cooperatives {
					if cc.CoopTally != wantCoops[cc.Province.Slug] || cc.Province.Name == "" {
						t.Errorf("%s: cooperatives of %s: %+v, want %+v", who, cc.Province.Slug, cc, wantCoops[cc.Province.Slug])
					}
					coopsTotal.Pending += cc.Pending
					coopsTotal.Active += cc.Active
					coopsTotal.Suspended += cc.Suspended
					coopsTotal.Total += cc.Total
				}
				var starsTotal report.StarTally
				for _, sc := range got.Products {
					if sc.StarTally != wantStars[sc.Province.Slug] {
						t.Errorf("%s: products of %s: %+v, want %+v", who, sc.Province.Slug, sc, wantStars[sc.Province.Slug])
					}
					starsTotal.Stars3 += sc.Stars3
					starsTotal.Stars4 += sc.Stars4
					starsTotal.Stars5 += sc.Stars5
					starsTotal.Total += sc.Total
				}
				if got.CooperativesTotal != coopsTotal || got.ProductsTotal != starsTotal {
					t.Errorf("%s: totals %+v %+v, want %+v %+v", who, got.CooperativesTotal, got.ProductsTotal, coopsTotal, starsTotal)
				}
			}
		})

		t.Run("who may read", func(t *testing.T) {
			others := map[string]*apptest.Client{
				"anonymous":  a.Client(),
				"shopper":    a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}}),
				"coop staff": a.LoggedIn(&account.User{Email: "thao@htx.example.vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &coopID}),
			}
			for _, path := range []string{"/api/v1/staff/reports/sales", "/api/v1/staff/reports/sales?format=csv", "/api/v1/staff/reports/catalog", "/api/v1/staff/dashboard"} {
				apptest.Expect(t, "anonymous "+path, others["anonymous"].Get(path), http.StatusUnauthorized, "not_logged_in")
				apptest.Expect(t, "shopper "+path, others["shopper"].Get(path), http.StatusForbidden, "forbidden")
				apptest.Expect(t, "coop staff "+path, others["coop staff"].Get(path), http.StatusForbidden, "forbidden")
			}
			for _, path := range []string{paths.StaffPanel, paths.StaffReports} {
				r := others["anonymous"].Get(path)
				if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), paths.Login+"?next=") {
					t.Errorf("anonymous %s: %d %s", path, r.Status, r.Header.Get("Location"))
				}
				others["shopper"].Page(path, http.StatusForbidden)
				others["coop staff"].Page(path, http.StatusForbidden)
			}
		})

		t.Run("bad parameters", func(t *testing.T) {
			for _, tc := range []struct{ query, field, code string }{
				{"group_by=showcases", "group_by", "not_one_of"},
				{"from=2026-13-01", "from", "invalid_date"},
				{"from=01/12/2026", "from", "invalid_date"},
				{"to=2026-12-1", "to", "invalid_date"},
				{"from=2026-12-05&to=2026-12-01", "to", report.CodeRangeReversed},
				{"from=2025-12-01&to=2026-12-02", "to", report.CodeRangeTooLong},
				{"from=2025-12-01&to=2026-12-01", "", ""}, // 366 days, both counted
				{"format=xlsx", "format", "not_one_of"},
				{"from=" + strings.Repeat("9", 100), "from", "too_long"},
			} {
				r := national.Get("/api/v1/staff/reports/sales?" + tc.query)
				if tc.field == "" {
					apptest.Expect(t, tc.query, r, http.StatusOK)
					continue
				}
				apptest.Expect(t, tc.query, r, http.StatusBadRequest, "invalid_input")
				if r.FieldCode(tc.field) != tc.code || r.Field(tc.field) == "" {
					t.Errorf("%s: %s, want %s %s", tc.query, r.Raw, tc.field, tc.code)
				}
			}
		})

		t.Run("pages", func(t *testing.T) {
			page := clients["son-la"].Page(paths.StaffReports+"?group_by=cooperative&from=2026-11-27&to=2026-12-06", http.StatusOK)
			rows, total, _ := w.expected(report.ByCooperative, "2026-11-27", "2026-12-06", "son-la")
			apptest.Contains(t, "reports page", page, `<svg`, `role="img"`, `<title id="chart-title">`, `<desc id="chart-desc">`,
				format.VND(total.RevenueVND), `name="group_by"`, `value="cooperative" selected`, `type="date"`, "format=csv")
			for key, r := range rows {
				apptest.Contains(t, "reports page", page, "HTX "+key, format.VND(r.RevenueVND))
			}
			if strings.Contains(page, "htx-na-dong-banh") {
				t.Error("Sơn La's staff see a Lạng Sơn cooperative")
			}
			if strings.Contains(page, "<script") {
				t.Error("the reports page runs JavaScript")
			}
			// The export link gives the CSV of the API.
			i := strings.Index(page, `href="`+paths.StaffReports+"?format=csv") + len(`href="`)
			link := page[i : i+strings.IndexByte(page[i:], '"')]
			link = strings.ReplaceAll(link, "&amp;", "&")
			fromPage := clients["son-la"].Get(link)
			fromAPI := clients["son-la"].Get("/api/v1/staff/reports/sales?group_by=cooperative&from=2026-11-27&to=2026-12-06&format=csv")
			if fromPage.Status != http.StatusOK || fromPage.Raw != fromAPI.Raw || !strings.HasPrefix(fromPage.Header.Get("Content-Type"), "text/csv") {
				t.Errorf("the page's CSV (%s): %d %q, want %q", link, fromPage.Status, fromPage.Raw, fromAPI.Raw)
			}

			bad := national.Get(paths.StaffReports + "?from=2026-12-05&to=2026-12-01")
			if bad.Status != http.StatusBadRequest || !strings.Contains(bad.Raw, `id="err-to"`) || !strings.Contains(bad.Raw, `aria-invalid="true"`) {
				t.Errorf("a reversed range: %d %.2000s", bad.Status, bad.Raw)
			}
			en := national.Page(paths.StaffReports+"?group_by=stars&from=2026-11-27&to=2026-12-06&lang=en", http.StatusOK)
			apptest.Contains(t, "reports page in English", en, "Revenue", "No OCOP stars", "OCOP 5★", "Cooperatives by province and status")

			dash := clients["son-la"].Page(paths.StaffPanel, http.StatusOK)
			apptest.Contains(t, "dashboard", dash, `href="`+paths.StaffCoops+`?status=pending"`, `href="`+paths.StaffOCOP+`?status=pending"`,
				`href="`+paths.StaffOCOP+`?status=expiring"`, `aria-current="page"`)
			month := report.MonthOf(today)
			rows, total, _ = w.expected(report.ByCooperative, month.From.String(), today.String(), "son-la")
			apptest.Contains(t, "dashboard", dash, format.VND(total.RevenueVND))
			for key := range rows {
				apptest.Contains(t, "dashboard", dash, "HTX "+key)
			}
			if strings.Contains(dash, "htx-na-dong-banh") {
				t.Error("Sơn La's dashboard shows a Lạng Sơn cooperative")
			}
		})
	})
}

// checkCSV checks that a CSV answer holds what the JSON answer got holds.
func checkCSV(t *testing.T, r apptest.Response, got salesAnswer) {
	t.Helper()
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(r.Raw, "\uFEFF") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %v %q", r.Header, r.Raw)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Raw, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{report.CSVHeader()}
	row := func(key, name string, o, i, v int64) []string {
		if strings.HasPrefix(key, "=") {
			key = "'" + key
		}
		return []string{key, name, strconv.FormatInt(o, 10), strconv.FormatInt(i, 10), strconv.FormatInt(v, 10)}
	}
	for _, gr := range got.Rows {
		want = append(want, row(gr.Key, gr.Name, gr.Orders, gr.Items, gr.RevenueVND))
	}
	want = append(want, row("", "Tổng cộng", got.Total.Orders, got.Total.Items, got.Total.RevenueVND))
	if !slices.EqualFunc(records, want, slices.Equal) {
		t.Errorf("csv %q, want %q", records, want)
	}
}

func TestStaffDashboard(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{})
		// 09:00 on 5 December in Vietnam: this month is 1–5 December.
		now := time.Date(2026, 12, 5, 2, 0, 0, 0, time.UTC)
		today := db.NewDate(now.In(format.Vietnam()))
		w := buildSalesWorld(t, a, today)
		svc := report.New(a.DB, func() time.Time { return now })
		for _, province := range []string{"", "son-la"} {
			d, err := svc.Dashboard(context.Background(), report.Scope{Province: province})
			if err != nil {
				t.Fatal(err)
			}
			rows, total, _ := w.expected(report.ByCooperative, "2026-12-01", "2026-12-05", province)
			if d.Sales != total || d.Month.From.String() != "2026-12-01" || d.Month.To.String() != "2026-12-05" {
				t.Errorf("%q: month %v sales %+v, want %+v", province, d.Month, d.Sales, total)
			}
			if len(d.Top) != min(len(rows), report.TopCooperatives) {
				t.Errorf("%q: top %+v of %d", province, d.Top, len(rows))
			}
			for _, r := range d.Top {
				if want := rows[r.Key]; r.RevenueVND != want.RevenueVND || r.Orders != want.Orders {
					t.Errorf("%q: top %+v, want %+v", province, r, want)
				}
			}
			// One pending cooperative (Sơn La's); pending claims: the 3★
			// claims of the spirits; expiring: the certificates that lapse
			// within 60 days (the 3★ brocade at +30 and the tea at +0).
			var pendingClaims, expiring int64
			for id, p := range w.product {
				if province != "" && w.coopProvince[p.coop] != province {
					continue
				}
				var n, e int64
				if err := a.DB.GetContext(context.Background(), &n, a.DB.Rebind(`SELECT COUNT(*) FROM ocop_certificates WHERE product_id = ? AND status = 'pending'`), id); err != nil {
					t.Fatal(err)
				}
				if err := a.DB.GetContext(context.Background(), &e, a.DB.Rebind(`SELECT COUNT(*) FROM ocop_certificates WHERE product_id = ? AND status = 'verified' AND expires_on >= ? AND expires_on <= ?`),
					id, today, db.Date{Time: today.AddDate(0, 0, 60)}); err != nil {
					t.Fatal(err)
				}
				pendingClaims += n
				expiring += e
			}
			if d.PendingCooperatives != 1 || d.PendingClaims != pendingClaims || d.ExpiringClaims != expiring || pendingClaims == 0 || expiring == 0 {
				t.Errorf("%q: pending %d, claims %d (want %d), expiring %d (want %d)", province, d.PendingCooperatives, d.PendingClaims, pendingClaims, d.ExpiringClaims, expiring)
			}
		}
	})
}
