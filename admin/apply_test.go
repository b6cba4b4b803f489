package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// application is a valid application body; changes replace its fields.
func application(changes map[string]any) map[string]any {
	a := map[string]any{
		"name": "HTX Chè Shan tuyết Tà Xùa", "tax_code": "5500123456", "province": "son-la", "ward": "Xã Tà Xùa",
		"address": "Bản Bẹ", "phone": "0912 345 678", "email": "chetaxua@example.vn",
		"description": "Chè Shan tuyết cổ thụ hái tay.\n\nSản phẩm OCOP 4 sao.", "bank_bin": "970405",
		"account_no": "1234 5678 9012", "account_name": "Hợp tác xã Chè Tà Xùa",
	}
	for k, v := range changes {
		if v == nil {
			delete(a, k)
		} else {
			a[k] = v
		}
	}
	return a
}

// counts are how many rows a few tables hold, to check that a refused
// write changed nothing. (Outbox jobs are counted where they are
// asserted: a running worker deletes the ones it has done.)
func counts(t *testing.T, a *apptest.App) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"cooperatives", "audit_log", "user_roles", "coop_invites"} {
		var n int
		if err := a.DB.GetContext(context.Background(), &n, "SELECT COUNT(*) FROM "+table); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	var n int
	if err := a.DB.GetContext(context.Background(), &n, "SELECT COUNT(*) FROM users WHERE cooperative_id IS NOT NULL"); err != nil {
		t.Fatal(err)
	}
	out["staff"] = n
	return out
}

// same fails the test when the counts differ.
func same(t *testing.T, what string, before, after map[string]int) {
	t.Helper()
	for k, n := range before {
		if after[k] != n {
			t.Errorf("%s: %s went from %d to %d", what, k, n, after[k])
		}
	}
}

// audits counts the audit records of action.
func audits(t *testing.T, a *apptest.App, action string) int {
	t.Helper()
	var n int
	if err := a.DB.GetContext(context.Background(), &n, a.DB.Rebind(`SELECT COUNT(*) FROM audit_log WHERE action = ?`), action); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestApplyAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{})
		expect := apptest.Expect
		anon := a.Client()
		expect(t, "anonymous", anon.Do("POST", "/api/v1/cooperatives/apply", application(nil)), 401, "not_logged_in")

		lan := a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Nguyễn Thị Lan", Roles: []string{account.RoleShopper}})
		before := counts(t, a)
		for _, tc := range []struct {
			name, field, code string
			value             any
		}{
			{"no name", "name", "required", ""},
			{"name of dashes", "name", "name_without_letters", "— — —"},
			{"long name", "name", "too_long", strings.Repeat("a", 151)},
			{"no tax code", "tax_code", "required", nil},
			{"short tax code", "tax_code", "invalid_tax_code", "550012345"},
			{"letters in the tax code", "tax_code", "invalid_tax_code", "55001234AB"},
			{"branch of two digits", "tax_code", "invalid_tax_code", "5500123456-01"},
			{"unknown province", "province", "unknown_province", "Atlantis"},
			{"no ward", "ward", "required", " "},
			{"NUL in the address", "address", "control_characters", "Bản\u0000Bẹ"},
			{"bad phone", "phone", "invalid_phone", "12345"},
			{"bad email", "email", "invalid_email", "chetaxua"},
			{"no description", "description", "required", "\n\n"},
			{"long description", "description", "too_long", strings.Repeat("chè ", 501)},
			{"control character in the description", "description", "control_characters", "Chè\u0007"},
			{"unknown bank", "bank_bin", "unknown_bank", "123456"},
			{"short account number", "account_no", "invalid_account_no", "12345"},
			{"long account number", "account_no", "invalid_account_no", strings.Repeat("1", 20)},
			{"letters in the account", "account_no", "invalid_account_no", "12345678ab"},
			{"account name of symbols", "account_name", "invalid_account_name", "HTX <script>"},
			{"account name missing", "account_name", "required", ""},
			{"tax code of the wrong type", "tax_code", "wrong_type", 5500123456},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := lan.Do("POST", "/api/v1/cooperatives/apply", application(map[string]any{tc.field: tc.value}))
				expect(t, tc.name, r, 400)
				if got := r.FieldCode(tc.field); got != tc.code {
					t.Errorf("%s: field code %q, want %q: %s", tc.field, got, tc.code, r.Raw)
				}
			})
		}
		expect(t, "bad JSON", lan.Do("POST", "/api/v1/cooperatives/apply", "{", "Content-Type", "application/json"), 400, "invalid_json")
		expect(t, "a form", lan.Do("POST", "/api/v1/cooperatives/apply", "name=x", "Content-Type", "application/x-www-form-urlencoded"), 415)
		same(t, "refused applications", before, counts(t, a))

		r := lan.Do("POST", "/api/v1/cooperatives/apply", application(map[string]any{"province": "Bình Dương", "tax_code": " 5500123456-001 "}))
		expect(t, "apply", r, 201)
		co, _ := r.Body["cooperative"].(map[string]any)
		if co["status"] != "pending" || co["slug"] != "htx-che-shan-tuyet-ta-xua" || co["tax_code"] != "5500123456-001" ||
			co["account_name"] != "HOP TAC XA CHE TA XUA" || co["account_no"] != "123456789012" || co["representative"] != "Nguyễn Thị Lan" {
			t.Fatalf("cooperative: %s", r.Raw)
		}
		if pr, _ := co["province"].(map[string]any); pr["slug"] != "ho-chi-minh" {
			t.Errorf("Bình Dương is now TP Hồ Chí Minh: %v", co["province"])
		}
		if n := audits(t, a, "cooperative.apply"); n != 1 {
			t.Errorf("%d audit records of the application, want 1", n)
		}
		me := lan.Get("/api/v1/me")
		u, _ := me.Body["user"].(map[string]any)
		if !strings.Contains(me.Raw, `"coop_staff"`) || u["cooperative_id"] != co["id"] {
			t.Fatalf("/api/v1/me after applying: %s", me.Raw)
		}
		if list := anon.Get("/api/v1/cooperatives"); strings.Contains(list.Raw, "htx-che-shan-tuyet-ta-xua") {
			t.Error("a pending cooperative is listed")
		}
		expect(t, "pending cooperative's page", anon.Get("/api/v1/cooperatives/htx-che-shan-tuyet-ta-xua"), 404)
		p := lan.Get("/api/v1/coop/profile")
		expect(t, "profile", p, 200)
		if p.Body["status"] != "pending" || p.Body["tax_code"] != "5500123456-001" || p.Body["bank_name"] != "Agribank" {
			t.Errorf("profile: %s", p.Raw)
		}
		page := lan.Page("/quan-ly/ho-so", http.StatusOK)
		apptest.Contains(t, "profile page", page, "HTX Chè Shan tuyết Tà Xùa", "chờ cán bộ xúc tiến thương mại duyệt", "5500123456-001")

		minh := a.LoggedIn(&account.User{Email: "minh@example.vn", Name: "Minh", Roles: []string{account.RoleShopper}})
		before = counts(t, a)
		expect(t, "apply twice", lan.Do("POST", "/api/v1/cooperatives/apply", application(map[string]any{"tax_code": "5500999999"})), 409, "already_coop_staff")
		expect(t, "same tax code", minh.Do("POST", "/api/v1/cooperatives/apply", application(map[string]any{"tax_code": "5500123456-001"})), 409, "tax_code_taken")
		same(t, "refused applications", before, counts(t, a))

		// Another cooperative of the same name gets its own address.
		r = minh.Do("POST", "/api/v1/cooperatives/apply", application(map[string]any{"tax_code": "5500123456"}))
		expect(t, "second cooperative of the name", r, 201)
		if co, _ := r.Body["cooperative"].(map[string]any); co["slug"] != "htx-che-shan-tuyet-ta-xua-2" {
			t.Errorf("slug of the second: %v", co["slug"])
		}
		if n := audits(t, a, "cooperative.apply"); n != 2 {
			t.Errorf("%d audit records, want 2", n)
		}
	})
}

func TestApplyPage(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{})
		r := a.Client().Get("/dang-ky-hop-tac-xa")
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/dang-nhap?next=%2Fdang-ky-hop-tac-xa" {
			t.Fatalf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
		}
		if r := a.Client().PostForm("/dang-ky-hop-tac-xa", url.Values{"name": {"x"}}); r.Status != http.StatusSeeOther {
			t.Errorf("anonymous applies: %d", r.Status)
		}
		lan := a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Nguyễn Thị Lan", Phone: "0912345678", Roles: []string{account.RoleShopper}})
		page := lan.Page("/dang-ky-hop-tac-xa", http.StatusOK)
		apptest.Contains(t, "form", page, `name="_csrf"`, `name="tax_code"`, `<option value="son-la"`, `<option value="970436"`,
			`value="Nguyễn Thị Lan"`, `value="lan@example.vn"`, "<fieldset", "Tài khoản nhận tiền (VietQR)")
		if n := strings.Count(page, `<option value="`) - strings.Count(page, `<option value="970`) - strings.Count(page, `<option value="">`); n != 34 {
			t.Errorf("%d province options, want 34", n)
		}
		apptest.Contains(t, "English", a.LoggedIn(&account.User{Email: "en@example.vn", Name: "Ann", Roles: []string{account.RoleShopper}}).
			Page("/dang-ky-hop-tac-xa?lang=en", http.StatusOK), "Sell on OCOP Market for your cooperative")
		csrf := apptest.CSRF(t, page)

		form := url.Values{"_csrf": {csrf}, "name": {"HTX Mây tre Phú Vinh"}, "tax_code": {"01-23"}, "province": {"ha-noi"},
			"ward": {"Xã Phú Nghĩa"}, "address": {"Thôn Phú Vinh"}, "phone": {"0912345678"}, "email": {"phuvinh@example.vn"},
			"description": {"<script>alert(1)</script> Mây tre đan."}, "bank_bin": {"970418"}, "account_no": {"12345678901234"},
			"account_name": {"HTX May tre Phu Vinh"}}
		before := counts(t, a)
		r = lan.PostForm("/dang-ky-hop-tac-xa", form)
		if r.Status != http.StatusBadRequest {
			t.Fatalf("bad tax code: %d", r.Status)
		}
		apptest.Contains(t, "form again", r.Raw, "Mã số thuế gồm 10 chữ số", `value="HTX Mây tre Phú Vinh"`, `aria-invalid="true"`)
		same(t, "refused form", before, counts(t, a))
		if r := lan.PostForm("/dang-ky-hop-tac-xa", url.Values{"name": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("without the form token: %d", r.Status)
		}

		form.Set("tax_code", "0123456789")
		r = lan.PostForm("/dang-ky-hop-tac-xa", form)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/quan-ly/ho-so" {
			t.Fatalf("apply: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Raw)
		}
		page = lan.Page("/quan-ly/ho-so", http.StatusOK)
		apptest.Contains(t, "profile", page, "Đã gửi đăng ký", "Chờ duyệt", "HTX Mây tre Phú Vinh", "0123456789",
			"&lt;script&gt;alert(1)&lt;/script&gt; Mây tre đan.", `href="/quan-ly/thanh-vien"`)
		if strings.Contains(page, "<script>alert(1)") {
			t.Error("the description reaches the page as HTML")
		}
		co, err := a.Catalog.CooperativeBySlug(context.Background(), "htx-may-tre-phu-vinh")
		if err == nil {
			t.Errorf("the pending cooperative is visible: %+v", co)
		}
		r = lan.Get("/dang-ky-hop-tac-xa")
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/quan-ly/ho-so" {
			t.Errorf("a member opens the application: %d %s", r.Status, r.Header.Get("Location"))
		}
		apptest.Contains(t, "account page", lan.Page("/tai-khoan", http.StatusOK), `href="/dang-ky-hop-tac-xa"`, "Bán hàng trên OCOP Market")
		apptest.Contains(t, "footer", a.Client().Page("/", http.StatusOK), `href="/dang-ky-hop-tac-xa"`)
	})
}

// staffOf creates a cooperative and returns a client logged in as its
// member email, with the member's id.
func staffOf(t *testing.T, a *apptest.App, slug, email string, status string) (*apptest.Client, int64, int64) {
	t.Helper()
	co := &catalog.Cooperative{Slug: slug, Name: "HTX " + slug, Province: catalog.NamedSlug{Slug: "son-la"}, Status: status,
		Ward: "Xã Mường Bú", Address: "Bản Bú", Representative: "Đại diện", Phone: "0912345678", Email: slug + "@example.vn",
		Description: "Giới thiệu.", BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX", ShippingFeeVND: 30000}
	if err := a.Catalog.CreateCooperative(context.Background(), a.DB, co); err != nil {
		t.Fatal(err)
	}
	u := &account.User{Email: email, Name: "Thành viên " + slug, Roles: []string{account.RoleCoopStaff}, CooperativeID: &co.ID}
	c := a.LoggedIn(u)
	return c, co.ID, u.ID
}
