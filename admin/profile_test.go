package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// profile is a valid profile body; changes replace its fields.
func profile(changes map[string]any) map[string]any {
	p := map[string]any{
		"name": "HTX htx-a", "representative": "Lò Thị Thảo", "phone": "0912 345 678", "email": "htx-a@example.vn",
		"ward": "Xã Mường Bú", "address": "Bản Bú", "description": "Cà phê Arabica Sơn La.", "bank_bin": "970436",
		"account_no": "1017595600", "account_name": "HTX Cà phê Bích Thảo", "shipping_fee_vnd": 25000, "free_shipping_over_vnd": 500000,
	}
	for k, v := range changes {
		if v == nil {
			delete(p, k)
		} else {
			p[k] = v
		}
	}
	return p
}

// indexJobs counts the queued jobs that reindex cooperative id's products.
func indexJobs(t *testing.T, a *apptest.App, id int64) int {
	t.Helper()
	var payloads []string
	if err := a.DB.SelectContext(context.Background(), &payloads, a.DB.Rebind(`SELECT payload FROM outbox_jobs WHERE kind = ?`),
		catalog.JobIndexProducts); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range payloads {
		var job catalog.IndexJob
		if json.Unmarshal([]byte(p), &job) == nil && job.CooperativeID == id {
			n++
		}
	}
	return n
}

func TestProfileAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{})
		expect := apptest.Expect
		thao, coopA, _ := staffOf(t, a, "htx-a", "thao@htx-a.vn", catalog.CoopActive)
		quynh, coopB, _ := staffOf(t, a, "htx-b", "quynh@htx-b.vn", catalog.CoopActive)
		shopper := a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})
		expect(t, "anonymous", a.Client().Get("/api/v1/coop/profile"), 401)
		expect(t, "shopper", shopper.Get("/api/v1/coop/profile"), 403, "forbidden")
		expect(t, "anonymous writes", a.Client().Do("PUT", "/api/v1/coop/profile", profile(nil)), 401)
		expect(t, "shopper writes", shopper.Do("PUT", "/api/v1/coop/profile", profile(nil)), 403, "forbidden")
		r := thao.Get("/api/v1/coop/profile")
		expect(t, "profile", r, 200)
		if r.Body["status"] != "active" || r.Body["name"] != "HTX htx-a" || r.Body["tax_code"] != "" || r.Body["review_message"] != "" {
			t.Errorf("profile: %s", r.Raw)
		}

		before := counts(t, a)
		for _, tc := range []struct {
			name, field, code string
			value             any
		}{
			{"another province", "province", "changed_by_staff", "ha-noi"},
			{"a tax code", "tax_code", "changed_by_staff", "0101234567"},
			{"negative fee", "shipping_fee_vnd", "out_of_range", -1},
			{"huge fee", "shipping_fee_vnd", "out_of_range", 1_000_001},
			{"huge threshold", "free_shipping_over_vnd", "out_of_range", 100_000_001},
			{"fee as text", "shipping_fee_vnd", "wrong_type", "30000"},
			{"fee with a fraction", "shipping_fee_vnd", "wrong_type", 1.5},
			{"no representative", "representative", "required", ""},
			{"bad phone", "phone", "invalid_phone", "0"},
			{"bad email", "email", "invalid_email", "a@b"},
			{"NUL in the ward", "ward", "control_characters", "a\u0000"},
			{"unknown bank", "bank_bin", "unknown_bank", "970999"},
			{"bad account", "account_no", "invalid_account_no", "12"},
			{"no description", "description", "required", nil},
			{"no name", "name", "required", nil},
		} {
			r := thao.Do("PUT", "/api/v1/coop/profile", profile(map[string]any{tc.field: tc.value}))
			expect(t, tc.name, r, 400)
			if got := r.FieldCode(tc.field); got != tc.code {
				t.Errorf("%s: %s is %q, want %q: %s", tc.name, tc.field, got, tc.code, r.Raw)
			}
		}
		expect(t, "bad JSON", thao.Do("PUT", "/api/v1/coop/profile", "[", "Content-Type", "application/json"), 400, "invalid_json")
		expect(t, "not JSON", thao.Do("PUT", "/api/v1/coop/profile", "a=b", "Content-Type", "text/plain"), 415)
		same(t, "refused changes", before, counts(t, a))

		// A change only the team sees: no reindex.
		r = thao.Do("PUT", "/api/v1/coop/profile", profile(map[string]any{"name": "HTX htx-a", "description": "Giới thiệu.",
			"shipping_fee_vnd": 30000, "free_shipping_over_vnd": 0, "province": "son-la", "tax_code": ""}))
		expect(t, "contact change", r, 200)
		if r.Body["account_name"] != "HTX CA PHE BICH THAO" || r.Body["representative"] != "Lò Thị Thảo" || r.Body["phone"] != "0912345678" {
			t.Errorf("saved: %s", r.Raw)
		}
		if n := indexJobs(t, a, coopA); n != 0 {
			t.Errorf("%d index jobs for a change shoppers do not see", n)
		}
		// A change shoppers see reaches the search index.
		r = thao.Do("PUT", "/api/v1/coop/profile", profile(map[string]any{"name": "HTX Cà phê Bích Thao", "shipping_fee_vnd": 0}))
		expect(t, "shop change", r, 200)
		if n := indexJobs(t, a, coopA); n != 1 {
			t.Errorf("%d index jobs, want 1", n)
		}
		if n := audits(t, a, "cooperative.update_profile"); n != 2 {
			t.Errorf("%d audit records, want 2", n)
		}
		var rec struct {
			Before string `db:"before_json"`
			After  string `db:"after_json"`
		}
		if err := a.DB.GetContext(context.Background(), &rec, `SELECT before_json, after_json FROM audit_log
			WHERE action = 'cooperative.update_profile' ORDER BY id DESC LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(rec.Before, `"name":"HTX htx-a"`) || !strings.Contains(rec.After, `"name":"HTX Cà phê Bích Thao"`) ||
			!strings.Contains(rec.After, `"shipping_fee_vnd":0`) {
			t.Errorf("audit before %s after %s", rec.Before, rec.After)
		}
		co, err := a.Catalog.CooperativeByID(context.Background(), coopA)
		if err != nil || co.Name != "HTX Cà phê Bích Thao" || co.ShippingFeeVND != 0 || co.FreeShippingOverVND != 500000 {
			t.Errorf("stored: %+v %v", co, err)
		}
		if other, _ := a.Catalog.CooperativeByID(context.Background(), coopB); other.Name != "HTX htx-b" {
			t.Errorf("the other cooperative changed: %s", other.Name)
		}
		if r := quynh.Get("/api/v1/coop/profile"); r.Body["name"] != "HTX htx-b" {
			t.Errorf("the other cooperative's profile: %s", r.Raw)
		}
	})
}

func TestProfilePage(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{})
		thao, coopA, _ := staffOf(t, a, "htx-a", "thao@htx-a.vn", catalog.CoopPending)
		a.Exec(`UPDATE cooperatives SET review_message = ?, tax_code = ? WHERE id = ?`, "Bổ sung ảnh giấy chứng nhận đăng ký HTX.", "5500111222", coopA)
		r := a.Client().Get("/quan-ly/ho-so")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
			t.Fatalf("anonymous: %d", r.Status)
		}
		shopper := a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})
		shopper.Page("/quan-ly/ho-so", http.StatusForbidden)
		if r := shopper.PostForm("/quan-ly/ho-so", url.Values{"_csrf": {apptest.CSRF(t, shopper.Page("/tai-khoan", http.StatusOK))}, "name": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("a shopper saves a profile: %d", r.Status)
		}
		if r := a.Client().PostForm("/quan-ly/ho-so", url.Values{"name": {"x"}}); r.Status != http.StatusSeeOther {
			t.Errorf("anonymous saves a profile: %d", r.Status)
		}
		page := thao.Page("/quan-ly/ho-so", http.StatusOK)
		apptest.Contains(t, "profile page", page, "Chờ duyệt", "Cán bộ đề nghị bổ sung", "Bổ sung ảnh giấy chứng nhận đăng ký HTX.",
			"5500111222", `name="shipping_fee_vnd" value="30000"`, `<option value="970436" selected>`, `name="_csrf"`)
		if strings.Contains(page, `name="tax_code"`) || strings.Contains(page, `name="province"`) {
			t.Error("the profile form offers the tax code or the province")
		}
		apptest.Contains(t, "English", thao.Page("/quan-ly/ho-so?lang=en", http.StatusOK), "Waiting for approval", "Staff ask you to change")
		thao.Page("/quan-ly/ho-so?lang=vi", http.StatusOK)
		form := url.Values{"_csrf": {apptest.CSRF(t, page)}, "name": {"HTX htx-a"}, "representative": {"Lò Thị Thảo"}, "phone": {"0912345678"},
			"email": {"a@example.vn"}, "ward": {"Xã Mường Bú"}, "address": {"Bản Bú"}, "description": {"Dòng một.\r\nDòng hai."},
			"bank_bin": {"970436"}, "account_no": {"1017595600"}, "account_name": {"HTX A"}, "shipping_fee_vnd": {"mười nghìn"},
			"free_shipping_over_vnd": {"500.000"}}
		before := counts(t, a)
		r = thao.PostForm("/quan-ly/ho-so", form)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "Hãy nhập một số nguyên") || !strings.Contains(r.Raw, `value="mười nghìn"`) {
			t.Fatalf("bad fee: %d", r.Status)
		}
		form.Set("phone", "1")
		r = thao.PostForm("/quan-ly/ho-so", form)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "Hãy nhập một số nguyên") || !strings.Contains(r.Raw, "Hãy nhập số điện thoại Việt Nam") {
			t.Fatalf("bad fee and phone: %d", r.Status)
		}
		same(t, "refused forms", before, counts(t, a))
		form.Set("phone", "0912345678")
		form.Set("shipping_fee_vnd", "25.000 ₫")
		r = thao.PostForm("/quan-ly/ho-so", form)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/quan-ly/ho-so" {
			t.Fatalf("save: %d %.300s", r.Status, r.Raw)
		}
		page = thao.Page("/quan-ly/ho-so", http.StatusOK)
		apptest.Contains(t, "saved", page, "Đã lưu hồ sơ hợp tác xã", `value="25000"`, `value="500000"`, "Dòng một.\nDòng hai.")
		if n := audits(t, a, "cooperative.update_profile"); n != 1 {
			t.Errorf("%d audit records, want 1", n)
		}
	})
}
