package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

func auditCount(t *testing.T, a *apptest.App, action string) int {
	t.Helper()
	var n int
	if err := a.DB.GetContext(context.Background(), &n, a.DB.Rebind(`SELECT COUNT(*) FROM audit_log WHERE action = ?`), action); err != nil {
		t.Fatal(err)
	}
	return n
}

// Admins grant roles and lock accounts, by API and by page, each change
// in the audit log; nobody else may, and a refused change leaves no record.
func TestAdminUsers(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		ctx := context.Background()
		a := apptest.New(t, b, apptest.Options{})
		co := &catalog.Cooperative{Slug: "htx-a", Name: "HTX A", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		admin := a.LoggedIn(&account.User{Email: "admin@ocop.local", Name: "Admin", Roles: []string{account.RoleAdmin}})
		clients := map[string]*apptest.Client{
			"anonymous": a.Client(),
			"shopper":   a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}}),
			"coop":      a.LoggedIn(&account.User{Email: "htx@example.vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &co.ID}),
			"staff":     a.LoggedIn(&account.User{Email: "xt@ocop.local", Name: "Xuân", Roles: []string{account.RolePromotionStaff}}),
		}
		target := a.LoggedIn(&account.User{Email: "hung@example.vn", Name: "Hưng", Roles: []string{account.RoleShopper}})
		var targetID int64
		if err := a.DB.GetContext(ctx, &targetID, `SELECT id FROM users WHERE email = 'hung@example.vn'`); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(targetID, 10)
		want := map[string]int{"anonymous": 401, "shopper": 403, "coop": 403, "staff": 403}
		for who, c := range clients {
			for _, r := range []struct{ method, path, body string }{
				{"GET", "/api/v1/admin/users", ""},
				{"PUT", "/api/v1/admin/users/" + id + "/roles", `{"roles":["admin"]}`},
				{"POST", "/api/v1/admin/users/" + id + "/lock", ""},
				{"POST", "/api/v1/admin/users/" + id + "/unlock", ""},
			} {
				apptest.Expect(t, who+" "+r.method+" "+r.path, c.Do(r.method, r.path, r.body, "Content-Type", "application/json"), want[who])
			}
		}
		if n := auditCount(t, a, "user.roles") + auditCount(t, a, "user.lock"); n != 0 {
			t.Fatalf("refused changes left %d records", n)
		}

		r := admin.Get("/api/v1/admin/users?q=HUNG")
		apptest.Expect(t, "search", r, 200)
		apptest.Contains(t, "search", r.Raw, `"total":1`, "hung@example.vn")
		apptest.Expect(t, "role filter", admin.Get("/api/v1/admin/users?role=boss"), 400)

		for _, tc := range []struct {
			name, body string
			status     int
			code       string
		}{
			{"unknown role", `{"roles":["boss"]}`, 400, "invalid_input"},
			{"province without staff", `{"roles":["shopper"],"province":"son-la"}`, 400, "invalid_input"},
			{"unknown province", `{"roles":["promotion_staff"],"province":"atlantis"}`, 400, "invalid_input"},
			{"bad JSON", `{"roles":`, 400, "invalid_json"},
			{"wrong type", `{"roles":"admin"}`, 400, "invalid_json"},
		} {
			apptest.Expect(t, tc.name, admin.Do("PUT", "/api/v1/admin/users/"+id+"/roles", tc.body, "Content-Type", "application/json"), tc.status, tc.code)
		}
		apptest.Expect(t, "unknown user", admin.Do("PUT", "/api/v1/admin/users/999999/roles", `{"roles":["shopper"]}`, "Content-Type", "application/json"), 404)
		apptest.Expect(t, "not an id", admin.Do("POST", "/api/v1/admin/users/x/lock", "", "Content-Type", "application/json"), 404)
		if n := auditCount(t, a, "user.roles"); n != 0 {
			t.Fatalf("refused role changes left %d records", n)
		}

		r = admin.Do("PUT", "/api/v1/admin/users/"+id+"/roles", `{"roles":["shopper","promotion_staff"],"province":"son-la"}`, "Content-Type", "application/json")
		apptest.Expect(t, "grant", r, 200)
		apptest.Contains(t, "grant", r.Raw, `"province":"son-la"`, `"promotion_staff"`)
		apptest.Contains(t, "the user's own view", target.Get("/api/v1/me").Raw, `"province":"son-la"`, "promotion_staff")
		if n := auditCount(t, a, "user.roles"); n != 1 {
			t.Fatalf("%d role records, want 1", n)
		}

		var adminID int64
		if err := a.DB.GetContext(ctx, &adminID, `SELECT id FROM users WHERE email = 'admin@ocop.local'`); err != nil {
			t.Fatal(err)
		}
		self := strconv.FormatInt(adminID, 10)
		apptest.Expect(t, "drop own admin", admin.Do("PUT", "/api/v1/admin/users/"+self+"/roles", `{"roles":["shopper"]}`, "Content-Type", "application/json"), 409, "own_account")
		apptest.Expect(t, "lock self", admin.Do("POST", "/api/v1/admin/users/"+self+"/lock", "", "Content-Type", "application/json"), 409, "own_account")

		apptest.Expect(t, "unlock an open account", admin.Do("POST", "/api/v1/admin/users/"+id+"/unlock", "", "Content-Type", "application/json"), 409, "not_locked")
		apptest.Expect(t, "lock", admin.Do("POST", "/api/v1/admin/users/"+id+"/lock", "", "Content-Type", "application/json"), 200)
		apptest.Expect(t, "lock twice", admin.Do("POST", "/api/v1/admin/users/"+id+"/lock", "", "Content-Type", "application/json"), 409, "already_locked")
		apptest.Expect(t, "a locked account's session ends", target.Get("/api/v1/me"), 401)
		apptest.Expect(t, "a locked account cannot log in", a.Client().Do("POST", "/api/v1/auth/login",
			map[string]any{"email": "hung@example.vn", "password": apptest.Password}), 403, "account_locked")
		apptest.Expect(t, "a wrong password says nothing of the lock", a.Client().Do("POST", "/api/v1/auth/login",
			map[string]any{"email": "hung@example.vn", "password": "wrong-password"}), 401)
		apptest.Expect(t, "unlock", admin.Do("POST", "/api/v1/admin/users/"+id+"/unlock", "", "Content-Type", "application/json"), 200)
		apptest.Expect(t, "logs in again", a.Client().Do("POST", "/api/v1/auth/login",
			map[string]any{"email": "hung@example.vn", "password": apptest.Password}), 200)
		if lock, unlock := auditCount(t, a, "user.lock"), auditCount(t, a, "user.unlock"); lock != 1 || unlock != 1 {
			t.Fatalf("%d lock and %d unlock records, want 1 and 1", lock, unlock)
		}

		// The page and its forms.
		r = clients["anonymous"].Get("/quan-tri/nguoi-dung")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
			t.Fatalf("anonymous page: %d %s", r.Status, r.Header.Get("Location"))
		}
		clients["staff"].Page("/quan-tri/nguoi-dung", http.StatusForbidden)
		page := admin.Page("/quan-tri/nguoi-dung?q=hung", http.StatusOK)
		apptest.Contains(t, "users page", page, "hung@example.vn", "Sơn La", `action="/quan-tri/nguoi-dung/`+id+`/khoa"`)
		csrf := apptest.CSRF(t, page)
		r = admin.PostForm("/quan-tri/nguoi-dung/"+id+"/vai-tro", url.Values{"_csrf": {csrf}, "roles": {"shopper", "admin"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("roles form: %d %.300s", r.Status, r.Raw)
		}
		apptest.Contains(t, "after the form", target.Get("/api/v1/me").Raw, `"admin"`)
		r = admin.PostForm("/quan-tri/nguoi-dung/"+id+"/vai-tro", url.Values{"_csrf": {csrf}, "roles": {"shopper"}, "province": {"son-la"}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "Chỉ cán bộ xúc tiến") {
			t.Fatalf("refused form: %d %.300s", r.Status, r.Raw)
		}
		apptest.Expect(t, "form without token", admin.PostForm("/quan-tri/nguoi-dung/"+id+"/khoa", url.Values{}), 403)
		if n := auditCount(t, a, "user.roles"); n != 2 {
			t.Fatalf("%d role records, want 2", n)
		}
	})
}

// Staff read the audit log of their scope: a province's staff that of
// their province's cooperatives, national staff all of it.
func TestStaffAudit(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		ctx := context.Background()
		a := apptest.New(t, b, apptest.Options{})
		for _, c := range []struct{ slug, province string }{{"htx-son-la", "son-la"}, {"htx-dak-lak", "dak-lak"}} {
			co := &catalog.Cooperative{Slug: c.slug, Name: c.slug, Province: catalog.NamedSlug{Slug: c.province}, Status: catalog.CoopActive}
			if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
				t.Fatal(err)
			}
			if err := a.DB.Tx(ctx, func(tx *sqlx.Tx) error {
				return a.Audit.Record(ctx, tx, audit.Entry{Actor: audit.Actor{Email: c.slug + "@ocop.local"}, CooperativeID: &co.ID,
					Action: "product.update", Subject: audit.Subject{Kind: "product", ID: "of-" + c.slug}})
			}); err != nil {
				t.Fatal(err)
			}
		}
		sonLa := "son-la"
		national := a.LoggedIn(&account.User{Email: "xt@ocop.local", Name: "Xuân", Roles: []string{account.RolePromotionStaff}})
		local := a.LoggedIn(&account.User{Email: "xt-sl@ocop.local", Name: "Hưng", Roles: []string{account.RolePromotionStaff}, StaffProvince: &sonLa})
		shopper := a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})

		r := national.Get("/api/v1/staff/audit")
		apptest.Expect(t, "national", r, 200)
		apptest.Contains(t, "national", r.Raw, `"total":2`, "of-htx-son-la", "of-htx-dak-lak")
		r = local.Get("/api/v1/staff/audit")
		apptest.Contains(t, "Sơn La", r.Raw, `"total":1`, "of-htx-son-la")
		if strings.Contains(r.Raw, "of-htx-dak-lak") {
			t.Error("Sơn La's staff read another province's record")
		}
		apptest.Contains(t, "by actor", national.Get("/api/v1/staff/audit?actor=htx-dak-lak@ocop.local").Raw, `"total":1`)
		apptest.Expect(t, "bad date", national.Get("/api/v1/staff/audit?from=02/12/2026"), 400, "invalid_input")
		apptest.Expect(t, "to before from", national.Get("/api/v1/staff/audit?from=2026-12-02&to=2026-12-01"), 400, "invalid_input")
		apptest.Expect(t, "shopper", shopper.Get("/api/v1/staff/audit"), 403)
		apptest.Expect(t, "anonymous", a.Client().Get("/api/v1/staff/audit"), 401)

		page := local.Page("/xuc-tien/nhat-ky", http.StatusOK)
		apptest.Contains(t, "page", page, "of-htx-son-la", "Xúc tiến thương mại · Sơn La")
		shopper.Page("/xuc-tien/nhat-ky", http.StatusForbidden)
	})
}

// Admins change the settings by API and page; others may not; a bad value
// is a 400 that changes nothing.
func TestAdminSettings(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{})
		admin := a.LoggedIn(&account.User{Email: "admin@ocop.local", Name: "Admin", Roles: []string{account.RoleAdmin}})
		staff := a.LoggedIn(&account.User{Email: "xt@ocop.local", Name: "Xuân", Roles: []string{account.RolePromotionStaff}})
		apptest.Expect(t, "anonymous", a.Client().Get("/api/v1/admin/settings"), 401)
		apptest.Expect(t, "staff", staff.Get("/api/v1/admin/settings"), 403)
		apptest.Expect(t, "staff write", staff.Do("PUT", "/api/v1/admin/settings", `{"commission_percent":1,"bank_transfer_ttl_hours":2}`, "Content-Type", "application/json"), 403)
		before := admin.Get("/api/v1/admin/settings")
		apptest.Expect(t, "read", before, 200)
		for _, bad := range []string{`{"commission_percent":-1,"bank_transfer_ttl_hours":24}`, `{"commission_percent":"5","bank_transfer_ttl_hours":24}`,
			`{"commission_percent":5,"bank_transfer_ttl_hours":0}`, `{`} {
			if r := admin.Do("PUT", "/api/v1/admin/settings", bad, "Content-Type", "application/json"); r.Status != 400 {
				t.Errorf("PUT %s: %d", bad, r.Status)
			}
		}
		if r := admin.Get("/api/v1/admin/settings"); r.Raw != before.Raw {
			t.Fatalf("refused changes changed the settings: %s", r.Raw)
		}
		apptest.Expect(t, "write", admin.Do("PUT", "/api/v1/admin/settings", `{"commission_percent":7.5,"bank_transfer_ttl_hours":48}`, "Content-Type", "application/json"), 200)
		apptest.Contains(t, "read back", admin.Get("/api/v1/admin/settings").Raw, `"commission_percent":7.5`, `"bank_transfer_ttl_hours":48`)

		page := admin.Page("/quan-tri", http.StatusOK)
		apptest.Contains(t, "page", page, `value="7.5"`, `value="48"`)
		csrf := apptest.CSRF(t, page)
		r := admin.PostForm("/quan-tri", url.Values{"_csrf": {csrf}, "commission_percent": {"6,5"}, "bank_transfer_ttl_hours": {"12"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("form: %d %.300s", r.Status, r.Raw)
		}
		apptest.Contains(t, "after the form", admin.Get("/api/v1/admin/settings").Raw, `"commission_percent":6.5`, `"bank_transfer_ttl_hours":12`)
		r = admin.PostForm("/quan-tri", url.Values{"_csrf": {csrf}, "commission_percent": {"nhiều"}, "bank_transfer_ttl_hours": {"0"}})
		if r.Status != http.StatusBadRequest || strings.Count(r.Raw, `aria-invalid="true"`) != 2 {
			t.Fatalf("bad form, both fields wrong: %d %.300s", r.Status, r.Raw)
		}
		staff.Page("/quan-tri", http.StatusForbidden)
		if n := auditCount(t, a, "settings.update"); n != 2 {
			t.Fatalf("%d settings records, want 2", n)
		}
	})
}

// The settings take effect without a restart: the commission of the next
// earning and the deadline of the next bank transfer follow them.
func TestSettingsApply(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		ctx := context.Background()
		a := apptest.New(t, b, apptest.Options{})
		co := &catalog.Cooperative{Slug: "htx-a", Name: "HTX A", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive,
			BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX A", ShippingFeeVND: 30000}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: "ca-phe-a",
			Name: "Cà phê A", PriceVND: 100000, Unit: "gói", Stock: 10, Published: true, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		admin := a.LoggedIn(&account.User{Email: "admin@ocop.local", Name: "Admin", Roles: []string{account.RoleAdmin}})
		apptest.Expect(t, "settings", admin.Do("PUT", "/api/v1/admin/settings", `{"commission_percent":10,"bank_transfer_ttl_hours":48}`,
			"Content-Type", "application/json"), 200)
		if c, bp, err := a.Orders.Ledger.Commission(ctx, 100000); err != nil || c != 10000 || bp != 1000 {
			t.Errorf("commission of 100.000 ₫ = %d (%d bp, %v), want 10.000 ₫", c, bp, err)
		}
		before := time.Now()
		g, _, err := a.Orders.Service.Checkout(ctx, order.CheckoutInput{Name: "Lan", Phone: "0912345678",
			Address:       order.AddressInput{Line: "1 Lê Lợi", Ward: "Tô Hiệu", Province: "son-la"},
			PaymentMethod: payment.MethodBankTransfer, Lines: []order.Line{{ProductID: id, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		exp := g.Orders[0].Payment.ExpiresAt
		if exp == nil || exp.Sub(before) < 47*time.Hour || exp.Sub(before) > 49*time.Hour {
			t.Errorf("the transfer is due at %v, want 48 hours after %v", exp, before)
		}
	})
}

// Admins pay a cooperative at most its balance, with the VietQR transfer
// to its account; each payout is audited and lowers the balance.
func TestAdminPayouts(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		ctx := context.Background()
		a := apptest.New(t, b, apptest.Options{})
		co := &catalog.Cooperative{Slug: "htx-a", Name: "HTX A", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive,
			BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX A", ShippingFeeVND: 30000}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: "ca-phe-a",
			Name: "Cà phê A", PriceVND: 100000, Unit: "gói", Stock: 10, Published: true, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		g, _, err := a.Orders.Service.Checkout(ctx, order.CheckoutInput{Name: "Lan", Phone: "0912345678",
			Address:       order.AddressInput{Line: "1 Lê Lợi", Ward: "Tô Hiệu", Province: "son-la"},
			PaymentMethod: payment.MethodCOD, Lines: []order.Line{{ProductID: id, Quantity: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		o := g.Orders[0]
		if err := a.DB.Tx(ctx, func(tx *sqlx.Tx) error {
			return a.Orders.Ledger.Earn(ctx, tx, co.ID, o.ID, o.SubtotalVND, o.TotalVND, o.Code)
		}); err != nil {
			t.Fatal(err)
		}
		due := o.TotalVND - o.SubtotalVND*5/100 // the default 5 % commission
		admin := a.LoggedIn(&account.User{Email: "admin@ocop.local", Name: "Admin", Roles: []string{account.RoleAdmin}})
		staff := a.LoggedIn(&account.User{Email: "xt@ocop.local", Name: "Xuân", Roles: []string{account.RolePromotionStaff}})
		body := func(amount int64, ref string) string {
			return fmt.Sprintf(`{"cooperative_id":%d,"amount_vnd":%d,"reference":%q}`, co.ID, amount, ref)
		}
		apptest.Expect(t, "anonymous", a.Client().Get("/api/v1/admin/payouts"), 401)
		apptest.Expect(t, "staff", staff.Get("/api/v1/admin/payouts"), 403)
		apptest.Expect(t, "staff pays", staff.Do("POST", "/api/v1/admin/payouts", body(1000, "FT1"), "Content-Type", "application/json"), 403)
		apptest.Contains(t, "balances", admin.Get("/api/v1/admin/payouts").Raw, fmt.Sprintf(`"balance_vnd":%d`, due))
		for _, tc := range []struct {
			name, body string
			status     int
		}{
			{"over the balance", body(due+1, "FT1"), 409},
			{"nothing", body(0, "FT1"), 400},
			{"negative", body(-5, "FT1"), 400},
			{"no reference", body(1000, " "), 400},
			{"bad JSON", `{"cooperative_id":`, 400},
			{"unknown cooperative", `{"cooperative_id":999999,"amount_vnd":1000,"reference":"FT1"}`, 404},
		} {
			apptest.Expect(t, tc.name, admin.Do("POST", "/api/v1/admin/payouts", tc.body, "Content-Type", "application/json"), tc.status)
		}
		if n := auditCount(t, a, "payout.record"); n != 0 {
			t.Fatalf("refused payouts left %d records", n)
		}
		r := admin.Do("POST", "/api/v1/admin/payouts", body(due-1000, "FT2612020001"), "Content-Type", "application/json")
		apptest.Expect(t, "pay", r, 201)
		apptest.Contains(t, "pay", r.Raw, `"balance_vnd":1000`, `"payload":"000201`, `"account_no":"1017595600"`, fmt.Sprintf(`"amount_vnd":%d`, due-1000))
		if n := auditCount(t, a, "payout.record"); n != 1 {
			t.Fatalf("%d payout records, want 1", n)
		}
		apptest.Contains(t, "the cooperative's payouts", a.LoggedIn(&account.User{Email: "htx@example.vn", Name: "Thảo",
			Roles: []string{account.RoleCoopStaff}, CooperativeID: &co.ID}).Get("/api/v1/coop/payouts").Raw, `"balance_vnd":1000`, "FT2612020001")

		page := admin.Page("/quan-tri/thanh-toan", http.StatusOK)
		apptest.Contains(t, "page", page, "HTX A", fmt.Sprintf(`action="/quan-tri/thanh-toan/%d"`, co.ID))
		csrf := apptest.CSRF(t, page)
		r = admin.PostForm(fmt.Sprintf("/quan-tri/thanh-toan/%d", co.ID), url.Values{"_csrf": {csrf}, "amount_vnd": {"2.000"}, "reference": {"FT3"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Raw, "1000") {
			t.Fatalf("over the balance by page: %d %.300s", r.Status, r.Raw)
		}
		r = admin.PostForm(fmt.Sprintf("/quan-tri/thanh-toan/%d", co.ID), url.Values{"_csrf": {csrf}, "amount_vnd": {"1.000"}, "reference": {"FT3"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("pay by page: %d %.300s", r.Status, r.Raw)
		}
		apptest.Contains(t, "the transfer's QR", admin.Page(r.Header.Get("Location"), http.StatusOK), "data:image/png;base64,", "FT3", "OCOP PAYOUT")
		staff.Page("/quan-tri/thanh-toan", http.StatusForbidden)
	})
}
