package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// ordersWorld is two cooperatives, A and B, with one product each (10 in
// stock at 100.000 ₫, shipping 30.000 ₫), a cash order split between
// them and a bank transfer order of A.
type ordersWorld struct {
	a                  *apptest.App
	coopA, coopB       int64
	productA           int64
	mine, theirs, bank string
	staff, shopper     *apptest.Client
}

func newOrdersWorld(t *testing.T, b apptest.Backend) *ordersWorld {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, b, apptest.Options{})
	w := &ordersWorld{a: a}
	products := map[string]int64{}
	for _, slug := range []string{"htx-a", "htx-b"} {
		co := &catalog.Cooperative{Slug: slug, Name: "HTX " + slug, Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive,
			Address: "Bản Mòng, xã Mai Sơn", Phone: "0912 000 111", BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX",
			ShippingFeeVND: 30000}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: "p-" + slug,
			Name: "Cà phê " + slug, PriceVND: 100000, Unit: "gói", Stock: 10, Published: true, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		products[slug] = id
		if slug == "htx-a" {
			w.coopA = co.ID
		} else {
			w.coopB = co.ID
		}
	}
	w.productA = products["htx-a"]
	in := order.CheckoutInput{Name: "Nguyễn Thị Lan", Phone: "0912345678",
		Address:       order.AddressInput{Line: "1 Lê Lợi", Ward: "Tô Hiệu", Province: "son-la"},
		PaymentMethod: payment.MethodCOD,
		Lines:         []order.Line{{ProductID: products["htx-a"], Quantity: 1}, {ProductID: products["htx-b"], Quantity: 1}}}
	g, _, err := a.Orders.Service.Checkout(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	w.mine, w.theirs = g.Orders[0].Code, g.Orders[1].Code
	in.PaymentMethod, in.Lines = payment.MethodBankTransfer, []order.Line{{ProductID: products["htx-a"], Quantity: 2}}
	if g, _, err = a.Orders.Service.Checkout(ctx, in); err != nil {
		t.Fatal(err)
	}
	w.bank = g.Orders[0].Code
	w.staff = a.LoggedIn(&account.User{Email: "thao@htx-a.vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &w.coopA})
	w.shopper = a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})
	return w
}

func (w *ordersWorld) audits(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.a.DB.Get(&n, `SELECT COUNT(*) FROM audit_log`); err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *ordersWorld) stock(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.a.DB.Get(&n, w.a.DB.Rebind(`SELECT stock FROM products WHERE id = ?`), w.productA); err != nil {
		t.Fatal(err)
	}
	return n
}

// The payouts and dashboard API: 401, 403, and the cooperative's own
// figures; the ship transition takes a carrier and cancelling a reason.
func TestCoopPayoutsAndDashboardAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newOrdersWorld(t, b)
		anon := w.a.Client()
		for _, p := range []string{"/api/v1/coop/payouts", "/api/v1/coop/payouts/export", "/api/v1/coop/dashboard"} {
			apptest.Expect(t, "anonymous "+p, anon.Get(p), http.StatusUnauthorized)
			apptest.Expect(t, "shopper "+p, w.shopper.Get(p), http.StatusForbidden)
		}
		move := func(code string, body map[string]any) apptest.Response {
			return w.staff.Do(http.MethodPost, "/api/v1/coop/orders/"+code+"/transitions", body)
		}
		for _, to := range []string{"confirmed", "packed"} {
			apptest.Expect(t, to, move(w.mine, map[string]any{"to": to}), http.StatusOK)
		}
		before := w.audits(t)
		r := move(w.mine, map[string]any{"to": "shipped", "tracking_no": "GHN1", "carrier": "pigeon"})
		if r.Status != http.StatusBadRequest || r.FieldCode("carrier") != "not_one_of" {
			t.Fatalf("unknown carrier: %d %s", r.Status, r.Raw)
		}
		r = move(w.mine, map[string]any{"to": "shipped", "tracking_no": "GHN1", "carrier": "ghn"})
		if r.Status != http.StatusOK || r.Body["carrier"] != "ghn" || r.Body["tracking_no"] != "GHN1" {
			t.Fatalf("ship: %d %s", r.Status, r.Raw)
		}
		if !strings.Contains(r.Raw, `"by":"thao@htx-a.vn"`) {
			t.Errorf("the history does not name who shipped: %s", r.Raw)
		}
		apptest.Expect(t, "deliver", move(w.mine, map[string]any{"to": "delivered"}), http.StatusOK)
		r = move(w.bank, map[string]any{"to": "cancelled"})
		if r.Status != http.StatusBadRequest || r.FieldCode("reason") != "required" {
			t.Fatalf("cancel without a reason: %d %s", r.Status, r.Raw)
		}
		apptest.Expect(t, "deliver twice", move(w.mine, map[string]any{"to": "delivered"}), http.StatusConflict)
		if n := w.audits(t) - before; n != 2 {
			t.Fatalf("%d audit records for a ship and a delivery among refused changes, want 2", n)
		}

		r = w.staff.Get("/api/v1/coop/payouts?per_page=10")
		apptest.Expect(t, "payouts", r, http.StatusOK)
		if r.Body["earned_vnd"] != float64(130000) || r.Body["commission_vnd"] != float64(5000) || r.Body["balance_vnd"] != float64(125000) ||
			r.Body["paid_out_vnd"] != float64(0) || r.Body["total"] != float64(2) {
			t.Fatalf("payouts: %s", r.Raw)
		}
		items, _ := r.Body["items"].([]any)
		if len(items) != 2 || !strings.Contains(r.Raw, `"order_code":"`+w.mine+`"`) {
			t.Fatalf("payout items: %s", r.Raw)
		}
		apptest.Expect(t, "bad page", w.staff.Get("/api/v1/coop/payouts?page=0"), http.StatusBadRequest)
		apptest.Expect(t, "huge per_page", w.staff.Get("/api/v1/coop/payouts?per_page=1000"), http.StatusBadRequest)

		r = w.staff.Get("/api/v1/coop/payouts/export")
		apptest.Expect(t, "export", r, http.StatusOK)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.Contains(r.Raw, "at,kind,order_code,amount_vnd,reference") ||
			!strings.Contains(r.Raw, ",earning,"+w.mine+",130000,") || !strings.Contains(r.Raw, ",commission,"+w.mine+",-5000,") {
			t.Fatalf("export: %s %q", r.Header.Get("Content-Type"), r.Raw)
		}

		r = w.staff.Get("/api/v1/coop/dashboard")
		apptest.Expect(t, "dashboard", r, http.StatusOK)
		// Today: A's cash order (130.000 ₫) and its bank transfer order
		// (230.000 ₫); the bank one waits for action.
		if r.Body["orders_today"] != float64(2) || r.Body["revenue_today_vnd"] != float64(360000) || r.Body["awaiting_action"] != float64(1) ||
			!strings.Contains(r.Raw, w.bank) || strings.Contains(r.Raw, w.theirs) {
			t.Fatalf("dashboard: %s", r.Raw)
		}
		best, _ := r.Body["best_sellers"].([]any)
		if len(best) != 1 || best[0].(map[string]any)["units"] != float64(3) {
			t.Fatalf("best sellers: %s", r.Raw)
		}
		low, _ := r.Body["low_stock"].([]any)
		if len(low) != 0 {
			t.Fatalf("low stock with 7 left: %s", r.Raw)
		}
	})
}

// The order pages: the login redirect, the 403 page, another cooperative's
// order a 404 for every verb, and forms that move an order from pending to
// delivered, with errors shown on the order page, after which the payouts
// page shows the earning and the commission.
func TestCoopOrderPages(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newOrdersWorld(t, b)
		anon := w.a.Client()
		mine := "/quan-ly/don-hang/" + w.mine
		theirs := "/quan-ly/don-hang/" + w.theirs
		pages := []string{"/quan-ly", "/quan-ly/don-hang", mine, mine + "/phieu-giao", "/quan-ly/thanh-toan"}
		for _, p := range pages {
			r := anon.Get(p)
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
				t.Fatalf("anonymous %s: %d %s", p, r.Status, r.Header.Get("Location"))
			}
			apptest.Contains(t, "shopper "+p, w.shopper.Page(p, http.StatusForbidden), "<html")
		}
		shopperCSRF := apptest.CSRF(t, w.shopper.Page("/tai-khoan", http.StatusOK))
		for _, p := range []string{mine + "/trang-thai", mine + "/da-nhan-tien"} {
			r := anon.PostForm(p, url.Values{"to": {"confirmed"}})
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap") {
				t.Fatalf("anonymous POST %s: %d", p, r.Status)
			}
			if r := w.shopper.PostForm(p, url.Values{"to": {"confirmed"}, "_csrf": {shopperCSRF}}); r.Status != http.StatusForbidden {
				t.Fatalf("shopper POST %s: %d", p, r.Status)
			}
		}

		list := w.staff.Page("/quan-ly/don-hang", http.StatusOK)
		apptest.Contains(t, "order list", list, w.mine, w.bank, "Nguyễn Thị Lan", "130.000 ₫", "status=pending", `class="pill pill-pending"`)
		if strings.Contains(list, w.theirs) {
			t.Fatal("the list shows another cooperative's order")
		}
		apptest.Contains(t, "pending tab", w.staff.Page("/quan-ly/don-hang?status=shipped", http.StatusOK), "Không có đơn nào")
		w.staff.Page("/quan-ly/don-hang?status=lost", http.StatusBadRequest)
		w.staff.Page("/quan-ly/don-hang?page=x", http.StatusBadRequest)

		page := w.staff.Page(mine, http.StatusOK)
		apptest.Contains(t, "order page", page, "tel:0912345678", "Cà phê htx-a", "130.000 ₫", `value="confirmed"`, `value="cancelled"`, "Lịch sử")
		csrf := apptest.CSRF(t, page)
		post := func(path string, form url.Values) apptest.Response {
			form.Set("_csrf", csrf)
			return w.staff.PostForm(path, form)
		}
		for _, p := range []string{theirs, theirs + "/phieu-giao"} {
			w.staff.Page(p, http.StatusNotFound)
		}
		before := w.audits(t)
		for _, p := range []string{theirs + "/trang-thai", theirs + "/da-nhan-tien"} {
			if r := post(p, url.Values{"to": {"confirmed"}}); r.Status != http.StatusNotFound {
				t.Fatalf("POST %s: %d", p, r.Status)
			}
		}
		if r := w.staff.PostForm(mine+"/trang-thai", url.Values{"to": {"confirmed"}}); r.Status != http.StatusForbidden {
			t.Fatalf("a form without its token: %d", r.Status)
		}
		if n := w.audits(t); n != before {
			t.Fatalf("refused forms wrote %d audit records", n-before)
		}

		step := func(name string, form url.Values, status int, contains ...string) {
			t.Helper()
			before := w.audits(t)
			r := post(mine+"/trang-thai", form)
			if r.Status != status {
				t.Fatalf("%s: %d, want %d: %.600s", name, r.Status, status, r.Raw)
			}
			want := 0
			if status == http.StatusSeeOther {
				want = 1
				if r.Header.Get("Location") != mine {
					t.Fatalf("%s: sent to %s", name, r.Header.Get("Location"))
				}
				r.Raw = w.staff.Page(mine, http.StatusOK)
			}
			apptest.Contains(t, name, r.Raw, contains...)
			if n := w.audits(t) - before; n != want {
				t.Fatalf("%s: %d audit records, want %d", name, n, want)
			}
		}
		step("confirm", url.Values{"to": {"confirmed"}}, http.StatusSeeOther, "Đã xác nhận đơn", `value="packed"`)
		step("deliver too early", url.Values{"to": {"delivered"}}, http.StatusConflict, `class="notice"`, "không thể chuyển sang", w.mine)
		step("pack", url.Values{"to": {"packed"}}, http.StatusSeeOther, `name="carrier"`, `name="tracking_no"`)
		step("ship without tracking", url.Values{"to": {"shipped"}, "carrier": {"ghn"}}, http.StatusBadRequest,
			"Cần mã vận đơn", `aria-invalid="true"`, `<option value="ghn" selected>`)
		step("ship", url.Values{"to": {"shipped"}, "carrier": {"ghn"}, "tracking_no": {"GHN778899"}}, http.StatusSeeOther,
			"GHN (Giao Hàng Nhanh) · GHN778899", `value="delivered"`, "thao@htx-a.vn")
		apptest.Contains(t, "the shop's tracking page", anon.Page("/don-hang/"+w.mine+"?phone=0912345678", http.StatusOK), "GHN · GHN778899")
		step("deliver", url.Values{"to": {"delivered"}}, http.StatusSeeOther, "Đơn này không còn việc gì cần làm")

		slip := w.staff.Page(mine+"/phieu-giao", http.StatusOK)
		apptest.Contains(t, "packing slip", slip, w.mine, "data:image/png;base64,", "HTX htx-a", "Bản Mòng", "Nguyễn Thị Lan", "0912345678", "Đã thanh toán")

		payouts := w.staff.Page("/quan-ly/thanh-toan", http.StatusOK)
		apptest.Contains(t, "payouts page", payouts, w.mine, "130.000 ₫", "−5.000 ₫", "125.000 ₫", "/api/v1/coop/payouts/export")
		if err := w.a.DB.Tx(context.Background(), func(tx *sqlx.Tx) error {
			return w.a.Orders.Ledger.RecordPayout(context.Background(), tx, w.coopA, 100000, "UNC 0001/2026", time.Now())
		}); err != nil {
			t.Fatal(err)
		}
		apptest.Contains(t, "payouts page in English", w.staff.Page("/quan-ly/thanh-toan?lang=en", http.StatusOK), "Balance due to you", "UNC 0001/2026", "25.000 ₫")

		// The bank transfer order: received, then cancelled with a reason,
		// which puts its stock back.
		bank := "/quan-ly/don-hang/" + w.bank
		apptest.Contains(t, "bank order", w.staff.Page(bank+"?lang=vi", http.StatusOK), w.bank, "Đã nhận tiền chuyển khoản", "Nội dung chuyển khoản")
		if r := post(bank+"/da-nhan-tien", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("transfer received: %d", r.Status)
		}
		if r := post(bank+"/da-nhan-tien", url.Values{}); r.Status != http.StatusConflict || !strings.Contains(r.Raw, `class="notice"`) {
			t.Fatalf("transfer received twice: %d", r.Status)
		}
		stock := w.stock(t)
		before = w.audits(t)
		r := post(bank+"/trang-thai", url.Values{"to": {"cancelled"}, "reason": {" "}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "Vui lòng điền thông tin này") || w.stock(t) != stock || w.audits(t) != before {
			t.Fatalf("cancel without a reason: %d", r.Status)
		}
		if r := post(bank+"/trang-thai", url.Values{"to": {"cancelled"}, "reason": {"Khách đổi ý"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", r.Status)
		}
		if s := w.stock(t); s != stock+2 || w.audits(t) != before+1 {
			t.Fatalf("stock %d after cancelling 2 of %d; %d audit records", s, stock, w.audits(t)-before)
		}

		dash := w.staff.Page("/quan-ly", http.StatusOK)
		apptest.Contains(t, "dashboard", dash, "Đơn hôm nay", "130.000 ₫", "Bán chạy", "Cà phê htx-a")
		apptest.Contains(t, "dashboard in English", w.staff.Page("/quan-ly?lang=en", http.StatusOK), "Orders today", "Best sellers")
	})
}
