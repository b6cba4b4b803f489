package admin_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// listingWorld is two cooperatives, one product each, a staff member of
// the first, a shopper and an anonymous visitor.
type listingWorld struct {
	a               *apptest.App
	mine, theirs    int64 // products
	coop, otherCoop int64
	staff, shopper  *apptest.Client
	anon            *apptest.Client
	csrf            string
}

func newListingWorld(t *testing.T, b apptest.Backend, status string) *listingWorld {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, b, apptest.Options{})
	w := &listingWorld{a: a}
	for i, slug := range []string{"htx-bich-thao", "htx-ho-quynh"} {
		st := catalog.CoopActive
		if i == 0 {
			st = status
		}
		co := &catalog.Cooperative{Slug: slug, Name: "HTX " + slug, Province: catalog.NamedSlug{Slug: "son-la"}, Status: st,
			BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX", ShippingFeeVND: 30000}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: "ca-phe-" + slug,
			Name: "Cà phê " + slug, PriceVND: 100000, Unit: "gói", Stock: 10, Published: st == catalog.CoopActive, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			w.coop, w.mine = co.ID, id
		} else {
			w.otherCoop, w.theirs = co.ID, id
		}
	}
	w.staff = a.LoggedIn(&account.User{Email: "thao@htx.example.vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &w.coop})
	w.shopper = a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})
	w.anon = a.Client()
	w.csrf = apptest.CSRF(t, w.staff.Page("/quan-ly/san-pham", http.StatusOK))
	return w
}

func (w *listingWorld) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := w.a.DB.GetContext(context.Background(), &n, w.a.DB.Rebind(query), args...); err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *listingWorld) audits(t *testing.T) int { return w.count(t, `SELECT COUNT(*) FROM audit_log`) }

func productBody(name string, price, stock int64, published bool) map[string]any {
	return map[string]any{"name": name, "description": "Rang mộc", "category": "ca-phe", "price_vnd": price, "unit": "gói 500 g",
		"stock": stock, "origin": map[string]any{"province": "son-la", "ward": "Chiềng Ban", "geographical_indication": nil},
		"certifications": []string{"vietgap"}, "published": published}
}

// upload posts a CSV file to the import route with the form's flags.
func upload(t *testing.T, c *apptest.Client, csrf, target, csv string, fields map[string]string) apptest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", "gia.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(csv))
	mw.Close()
	return c.Do(http.MethodPost, target, b.String(), "Content-Type", mw.FormDataContentType(), "X-CSRF-Token", csrf)
}

// Every verb of every product route: the staff member's own product
// answers, another cooperative's is a 404, a shopper gets 403 and an
// anonymous visitor 401, and each write leaves one audit record.
func TestCoopProductAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newListingWorld(t, b, catalog.CoopActive)
		mine, theirs := fmt.Sprint(w.mine), fmt.Sprint(w.theirs)
		put := productBody("Cà phê rang xay", 120000, 8, true)
		routes := []struct {
			method, path string
			body         any
			own          int
		}{
			{"GET", "/api/v1/coop/products/%s", nil, 200},
			{"PUT", "/api/v1/coop/products/%s", put, 200},
			{"POST", "/api/v1/coop/products/%s/duplicate", nil, 201},
			{"DELETE", "/api/v1/coop/products/%s", nil, 204},
		}
		for _, r := range routes {
			path := fmt.Sprintf(r.path, theirs)
			apptest.Expect(t, "anonymous "+r.method+" "+path, w.anon.Do(r.method, path, r.body), 401, "not_logged_in")
			apptest.Expect(t, "shopper "+r.method+" "+path, w.shopper.Do(r.method, path, r.body), 403, "forbidden")
			before := w.audits(t)
			apptest.Expect(t, "another's "+r.method+" "+path, w.staff.Do(r.method, path, r.body), 404, "not_found")
			if w.audits(t) != before {
				t.Errorf("%s %s on another's product left an audit record", r.method, path)
			}
		}
		apptest.Expect(t, "another's restore", w.staff.Do("POST", "/api/v1/coop/products/"+theirs+"/restore", nil), 404, "not_found")
		for _, p := range []string{"/api/v1/coop/products", "/api/v1/coop/products/export"} {
			apptest.Expect(t, "anonymous "+p, w.anon.Get(p), 401, "not_logged_in")
			apptest.Expect(t, "shopper "+p, w.shopper.Get(p), 403, "forbidden")
		}
		apptest.Expect(t, "anonymous create", w.anon.Do("POST", "/api/v1/coop/products", put), 401)
		apptest.Expect(t, "shopper create", w.shopper.Do("POST", "/api/v1/coop/products", put), 403)
		apptest.Expect(t, "anonymous import", upload(t, w.anon, "x", "/api/v1/coop/products/import", "id,price_vnd,stock\n", nil), 403)

		// Own product, every verb, one audit record each.
		for _, r := range routes {
			path := fmt.Sprintf(r.path, mine)
			before := w.audits(t)
			res := w.staff.Do(r.method, path, r.body)
			apptest.Expect(t, "own "+r.method+" "+path, res, r.own)
			want := before + 1
			if r.method == "GET" {
				want = before
			}
			if got := w.audits(t); got != want {
				t.Errorf("%s %s: %d audit records, want %d", r.method, path, got-before, want-before)
			}
			if r.method == "PUT" {
				if res.Body["status"] != "published" || res.Body["price_vnd"] != float64(120000) || res.Body["ocop_claim"] != nil {
					t.Errorf("PUT answered %s", res.Raw)
				}
			}
		}
		// The PUT's record holds the product before and after.
		var before, after string
		if err := w.a.DB.QueryRowContext(context.Background(), w.a.DB.Rebind(`SELECT before_json, after_json FROM audit_log
			WHERE action = 'product.update'`)).Scan(&before, &after); err != nil {
			t.Fatal(err)
		}
		apptest.Contains(t, "before", before, `"price_vnd":100000`)
		apptest.Contains(t, "after", after, `"price_vnd":120000`, `"certifications":["vietgap"]`)

		res := w.staff.Do("POST", "/api/v1/coop/products", productBody("<script>alert(1)</script> Chè", 50000, 3, false))
		apptest.Expect(t, "create", res, 201)
		if res.Body["status"] != "draft" || res.Body["name"] != "<script>alert(1)</script> Chè" || res.Body["slug"] != "script-alert-1-script-che" {
			t.Errorf("create answered %s", res.Raw)
		}
		res = w.staff.Get("/api/v1/coop/products?status=draft&q=che")
		apptest.Expect(t, "list", res, 200)
		if res.Body["total"] != float64(1) {
			t.Errorf("draft list: %s", res.Raw)
		}
		if r := w.staff.Get("/api/v1/coop/products"); !strings.Contains(r.Raw, `"total":2`) || strings.Contains(r.Raw, "ho-quynh") {
			t.Errorf("own list: %s", r.Raw)
		}
		apptest.Expect(t, "bad status", w.staff.Get("/api/v1/coop/products?status=lost"), 400)
		apptest.Expect(t, "unknown id", w.staff.Get("/api/v1/coop/products/999999"), 404, "not_found")
		apptest.Expect(t, "id not a number", w.staff.Get("/api/v1/coop/products/abc"), 404, "not_found")
		apptest.Expect(t, "restore a draft", w.staff.Do("POST", "/api/v1/coop/products/"+fmt.Sprint(res.Body["items"].([]any)[0].(map[string]any)["id"])+"/restore", nil), 409, "product_not_archived")
	})
}

// Bad input gets a 400 naming each field, and changes nothing.
func TestCoopProductValidation(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newListingWorld(t, b, catalog.CoopActive)
		path := "/api/v1/coop/products/" + fmt.Sprint(w.mine)
		with := func(k string, v any) map[string]any {
			body := productBody("Cà phê", 100000, 10, true)
			body[k] = v
			return body
		}
		origin := func(k string, v any) map[string]any {
			body := productBody("Cà phê", 100000, 10, true)
			body["origin"].(map[string]any)[k] = v
			return body
		}
		for _, tc := range []struct {
			name, field, code string
			body              any
		}{
			{"no name", "name", "required", with("name", " ")},
			{"long name", "name", "too_long", with("name", strings.Repeat("à", 201))},
			{"NUL in the name", "name", "control_characters", with("name", "Cà\x00phê")},
			{"control in the description", "description", "control_characters", with("description", "a\x07b")},
			{"zero price", "price_vnd", "out_of_range", with("price_vnd", 0)},
			{"huge price", "price_vnd", "out_of_range", with("price_vnd", 1_000_000_001)},
			{"negative stock", "stock", "out_of_range", with("stock", -1)},
			{"huge stock", "stock", "out_of_range", with("stock", 1_000_001)},
			{"unknown category", "category", "unknown_choice", with("category", "xe-may")},
			{"no unit", "unit", "required", with("unit", "")},
			{"unknown province", "origin.province", "unknown_province", origin("province", "binh-duong")},
			{"NUL province", "origin.province", "unknown_province", origin("province", "son\x00la")},
			{"unknown indication", "origin.geographical_indication", "unknown_choice", origin("geographical_indication", "nuoc-mam-x")},
			{"unknown certification", "certifications", "unknown_choice", with("certifications", []string{"iso-9999"})},
			{"price as text", "price_vnd", "wrong_type", with("price_vnd", "100k")},
			{"fractional price", "price_vnd", "wrong_type", with("price_vnd", 1.5)},
			{"stock as text", "stock", "wrong_type", with("stock", "ten")},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := w.audits(t)
				for _, method := range []string{"PUT", "POST"} {
					target := path
					if method == "POST" {
						target = "/api/v1/coop/products"
					}
					r := w.staff.Do(method, target, tc.body)
					apptest.Expect(t, method+" "+tc.name, r, 400)
					if got := r.FieldCode(tc.field); got != tc.code {
						t.Errorf("%s: field %s: %q, want %q: %s", method, tc.field, got, tc.code, r.Raw)
					}
				}
				if w.audits(t) != before || w.count(t, `SELECT COUNT(*) FROM products`) != 2 {
					t.Error("a refused write changed something")
				}
			})
		}
		apptest.Expect(t, "malformed JSON", w.staff.Do("PUT", path, `{"name":`, "Content-Type", "application/json"), 400, "invalid_json")
		apptest.Expect(t, "an array", w.staff.Do("POST", "/api/v1/coop/products", `[]`, "Content-Type", "application/json"), 400, "invalid_json")
		if n := w.count(t, `SELECT COUNT(*) FROM products WHERE id = ? AND price_vnd = 100000 AND name = ?`, w.mine, "Cà phê htx-bich-thao"); n != 1 {
			t.Error("the product changed")
		}
	})
}

// A pending cooperative keeps drafts but cannot publish, by API or page.
func TestPendingCooperativeCannotPublish(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newListingWorld(t, b, catalog.CoopPending)
		apptest.Expect(t, "create published", w.staff.Do("POST", "/api/v1/coop/products", productBody("Chè", 1000, 1, true)), 409, "cooperative_not_active")
		apptest.Expect(t, "create draft", w.staff.Do("POST", "/api/v1/coop/products", productBody("Chè", 1000, 1, false)), 201)
		apptest.Expect(t, "publish by PUT", w.staff.Do("PUT", "/api/v1/coop/products/"+fmt.Sprint(w.mine), productBody("Chè", 1000, 1, true)), 409, "cooperative_not_active")
		before := w.audits(t)
		r := w.staff.PostForm(fmt.Sprintf("/quan-ly/san-pham/%d/dang-ban", w.mine), url.Values{"_csrf": {w.csrf}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Raw, "chưa được duyệt") {
			t.Errorf("publish page: %d %.300s", r.Status, r.Raw)
		}
		if w.audits(t) != before || w.count(t, `SELECT COUNT(*) FROM products WHERE published = TRUE AND cooperative_id = ?`, w.coop) != 0 {
			t.Error("a pending cooperative published")
		}
	})
}

// Prices and stock from a CSV file: a dry run changes nothing, a file with
// a bad row changes nothing unless its bad rows are skipped, and an
// applied file changes every product at once, one audit record each.
func TestCoopProductImport(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newListingWorld(t, b, catalog.CoopActive)
		second := w.staff.Do("POST", "/api/v1/coop/products", productBody("Chè Shan tuyết", 80000, 4, false))
		apptest.Expect(t, "second product", second, 201)
		id2 := int64(second.Body["id"].(float64))
		const target = "/api/v1/coop/products/import"
		good := fmt.Sprintf("\uFEFFid,price_vnd,stock\n%d,110000,7\n%d,,9\n", w.mine, id2)
		bad := good + fmt.Sprintf("%d,5,1\n%d,1,-2\n%d,abc,1\n%d,1\n%d,2000000000,1\n%d,1,1\n", w.theirs, w.mine+1000, w.mine+2000, w.mine+3000, w.mine+4000, id2)
		price := func() (int64, int64) {
			var p, s int64
			if err := w.a.DB.QueryRowContext(context.Background(), w.a.DB.Rebind(`SELECT price_vnd, stock FROM products WHERE id = ?`), w.mine).Scan(&p, &s); err != nil {
				t.Fatal(err)
			}
			return p, s
		}
		start := w.audits(t)

		r := upload(t, w.staff, w.csrf, target, good, nil)
		apptest.Expect(t, "dry run", r, 200)
		if r.Body["valid"] != float64(2) || r.Body["applied"] != float64(0) || !strings.Contains(r.Raw, `"price_vnd":[100000,110000]`) || !strings.Contains(r.Raw, `"stock":[4,9]`) {
			t.Errorf("dry run: %s", r.Raw)
		}
		r = upload(t, w.staff, w.csrf, target, bad, map[string]string{"dry_run": "false"})
		apptest.Expect(t, "refused", r, 200)
		if r.Body["invalid"] != float64(6) || r.Body["applied"] != float64(0) {
			t.Errorf("refused: %s", r.Raw)
		}
		for _, code := range []string{"unknown_product", "negative_stock", "not_whole_number", "wrong_column_count", "price_out_of_range", "duplicate_id"} {
			apptest.Contains(t, "row errors", r.Raw, `"error":"`+code+`"`)
		}
		if p, s := price(); p != 100000 || s != 10 || w.audits(t) != start {
			t.Errorf("a dry run or a refused file changed something: %d %d", p, s)
		}
		r = upload(t, w.staff, w.csrf, target, bad, map[string]string{"dry_run": "false", "skip_invalid": "true"})
		if r.Body["applied"] != float64(2) {
			t.Errorf("skip invalid: %s", r.Raw)
		}
		if p, s := price(); p != 110000 || s != 7 || w.audits(t) != start+2 {
			t.Errorf("skip invalid applied %d %d, %d records", p, s, w.audits(t)-start)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM products WHERE id = ? AND price_vnd = 100000`, w.theirs); n != 1 {
			t.Error("another cooperative's price changed")
		}
		apptest.Expect(t, "apply again: nothing to change", upload(t, w.staff, w.csrf, target, good, map[string]string{"dry_run": "false"}), 200)
		if w.audits(t) != start+2 {
			t.Error("an unchanged row left a record")
		}
		for name, file := range map[string]string{"header": "sku,price\n1,2\n", "binary": "\x89PNG\x00\x01", "empty": "", "quote": "id,price_vnd,stock\n\"1,2,3\n"} {
			r := upload(t, w.staff, w.csrf, target, file, nil)
			if r.Status != 400 || (r.ErrCode() != "csv_header" && r.ErrCode() != "invalid_csv") {
				t.Errorf("%s: %d %s", name, r.Status, r.Raw)
			}
		}
		apptest.Expect(t, "too many rows", upload(t, w.staff, w.csrf, target, "id,price_vnd,stock\n"+strings.Repeat("1,1,1\n", 5001), nil), 400, "csv_too_many_rows")
		apptest.Expect(t, "bad flag", upload(t, w.staff, w.csrf, target, good, map[string]string{"dry_run": "maybe"}), 400)
		apptest.Expect(t, "JSON instead of a file", w.staff.Do("POST", target, map[string]any{"file": "x"}), 415)

		w.a.Exec(`UPDATE products SET name = ? WHERE id = ?`, "=HYPERLINK(\"x\")", id2)
		r = w.staff.Get("/api/v1/coop/products/export")
		apptest.Expect(t, "export", r, 200)
		apptest.Contains(t, "export", r.Raw, "id,price_vnd,stock,slug,name\n", fmt.Sprintf("%d,110000,7,ca-phe-htx-bich-thao,Cà phê htx-bich-thao", w.mine), `'=HYPERLINK`)
		if strings.Contains(r.Raw, "ho-quynh") {
			t.Error("the export holds another cooperative's product")
		}
		// The exported file comes back as is.
		r = upload(t, w.staff, w.csrf, target, r.Raw, nil)
		if r.Body["invalid"] != float64(0) || r.Body["valid"] != float64(2) {
			t.Errorf("re-import of the export: %s", r.Raw)
		}
	})
}

// A change of price and stock in the panel shows in the shop, in search
// once the outbox has run, and in a shopper's cart; an archived product
// stays on its old order.
func TestPanelChangeReachesTheShop(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newListingWorld(t, b, catalog.CoopActive)
		w.a.Background()
		apptest.Expect(t, "add to cart", w.shopper.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": w.mine, "quantity": 1}), 200)
		page := w.staff.Page(fmt.Sprintf("/quan-ly/san-pham/%d", w.mine), http.StatusOK)
		form := url.Values{"_csrf": {apptest.CSRF(t, page)}, "name": {"Cà phê htx-bich-thao"}, "description": {"Rang mộc\nxay vừa"},
			"category": {"ca-phe"}, "price_vnd": {"135.000"}, "unit": {"gói"}, "stock": {"3"}, "origin.province": {"son-la"}}
		r := w.staff.PostForm(fmt.Sprintf("/quan-ly/san-pham/%d", w.mine), form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("save: %d %.500s", r.Status, r.Raw)
		}
		apptest.Contains(t, "shop page", w.anon.Page("/san-pham/ca-phe-htx-bich-thao", http.StatusOK), "135.000")
		if r := w.anon.Get("/api/v1/products/ca-phe-htx-bich-thao"); r.Body["price_vnd"] != float64(135000) || r.Body["stock"] != float64(3) {
			t.Errorf("product API: %s", r.Raw)
		}
		deadline := time.Now().Add(15 * time.Second)
		for {
			r := w.anon.Get("/api/v1/products?q=ca+phe+bich+thao")
			if strings.Contains(r.Raw, `"price_vnd":135000`) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("search never showed the new price: %s", r.Raw)
			}
			time.Sleep(100 * time.Millisecond)
		}
		apptest.Contains(t, "cart", w.shopper.Get("/api/v1/cart").Raw, `"price_changed":true`)

		g, _, err := w.a.Orders.Service.Checkout(context.Background(), order.CheckoutInput{Name: "Lan", Phone: "0912345678",
			Address:       order.AddressInput{Line: "1 Lê Lợi", Ward: "Tô Hiệu", Province: "son-la"},
			PaymentMethod: payment.MethodCOD, Lines: []order.Line{{ProductID: w.mine, Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		r = w.staff.Do("DELETE", fmt.Sprintf("/api/v1/coop/products/%d", w.mine), nil)
		if r.Status != 200 || r.Body["status"] != "archived" {
			t.Fatalf("archive: %d %s", r.Status, r.Raw)
		}
		w.anon.Page("/san-pham/ca-phe-htx-bich-thao", http.StatusNotFound)
		if r := w.staff.Get("/api/v1/coop/products"); strings.Contains(r.Raw, "ca-phe-htx-bich-thao") {
			t.Error("the default list shows an archived product")
		}
		apptest.Contains(t, "old order", w.staff.Get("/api/v1/coop/orders/"+g.Orders[0].Code).Raw, "Cà phê htx-bich-thao")
		apptest.Expect(t, "publish archived", w.staff.Do("PUT", fmt.Sprintf("/api/v1/coop/products/%d", w.mine), productBody("Cà phê", 1000, 1, true)), 409, "product_archived")
		apptest.Expect(t, "archive again", w.staff.Do("DELETE", fmt.Sprintf("/api/v1/coop/products/%d", w.mine), nil), 409, "product_archived")
		r = w.staff.Do("POST", fmt.Sprintf("/api/v1/coop/products/%d/restore", w.mine), nil)
		if r.Status != 200 || r.Body["status"] != "draft" {
			t.Errorf("restore: %d %s", r.Status, r.Raw)
		}
	})
}

// The product pages: who may open them, the list, the forms and their
// buttons.
func TestCoopProductPages(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newListingWorld(t, b, catalog.CoopActive)
		own, theirs := fmt.Sprintf("/quan-ly/san-pham/%d", w.mine), fmt.Sprintf("/quan-ly/san-pham/%d", w.theirs)
		gets := []string{"/quan-ly/san-pham", "/quan-ly/san-pham/moi", "/quan-ly/san-pham/nhap", "/quan-ly/san-pham/xuat", own}
		posts := []string{"", "/dang-ban", "/ngung-ban", "/nhan-ban", "/xoa", "/khoi-phuc"}
		for _, p := range gets {
			r := w.anon.Get(p)
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
				t.Errorf("anonymous %s: %d", p, r.Status)
			}
			w.shopper.Page(p, http.StatusForbidden)
		}
		shopperCSRF := apptest.CSRF(t, w.shopper.Page("/gio-hang", http.StatusOK))
		for _, suffix := range posts {
			before := w.audits(t)
			if r := w.staff.PostForm(theirs+suffix, url.Values{"_csrf": {w.csrf}, "name": {"x"}}); r.Status != http.StatusNotFound {
				t.Errorf("POST another's %s: %d", suffix, r.Status)
			}
			if r := w.shopper.PostForm(own+suffix, url.Values{"_csrf": {shopperCSRF}}); r.Status != http.StatusForbidden {
				t.Errorf("shopper POST %s: %d", suffix, r.Status)
			}
			if r := w.anon.PostForm(own+suffix, url.Values{}); r.Status != http.StatusSeeOther && r.Status != http.StatusForbidden {
				t.Errorf("anonymous POST %s: %d", suffix, r.Status)
			}
			if w.audits(t) != before {
				t.Errorf("a refused POST %s left a record", suffix)
			}
		}
		w.staff.Page(theirs, http.StatusNotFound)

		page := w.staff.Page("/quan-ly/san-pham", http.StatusOK)
		apptest.Contains(t, "list", page, "Cà phê htx-bich-thao", "Đang bán", own)
		if strings.Contains(page, "htx-ho-quynh") {
			t.Error("the list shows another cooperative's product")
		}
		w.staff.Page("/quan-ly/san-pham?status=lost", http.StatusBadRequest)
		page = w.staff.Page(own, http.StatusOK)
		apptest.Contains(t, "edit", page, "/quan-ly/san-pham/"+fmt.Sprint(w.mine)+"/anh", "/quan-ly/san-pham/"+fmt.Sprint(w.mine)+"/ocop",
			`<optgroup label="Thực phẩm">`, `value="son-la" selected`, `name="certifications"`, "Ngừng bán")

		// A new product with script in its name, shown escaped; bad
		// numbers shown back with per-field messages.
		form := url.Values{"_csrf": {w.csrf}, "name": {"<script>alert(1)</script>"}, "category": {"ca-phe"}, "price_vnd": {"nhiều"},
			"unit": {"gói"}, "stock": {"-1"}, "origin.province": {"son-la"}}
		before := w.audits(t)
		r := w.staff.PostForm("/quan-ly/san-pham/moi", form)
		if r.Status != http.StatusBadRequest {
			t.Fatalf("bad form: %d", r.Status)
		}
		apptest.Contains(t, "bad form", r.Raw, `id="err-price"`, `id="err-stock"`, "&lt;script&gt;")
		if strings.Contains(r.Raw, "<script>alert") || w.audits(t) != before {
			t.Error("the bad form was not escaped, or changed something")
		}
		form.Set("price_vnd", "45000")
		form.Set("stock", "2")
		form["certifications"] = []string{"vietgap", "organic"}
		r = w.staff.PostForm("/quan-ly/san-pham/moi", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("new: %d %.400s", r.Status, r.Raw)
		}
		edit := r.Header.Get("Location")
		page = w.staff.Page(edit, http.StatusOK)
		apptest.Contains(t, "new product", page, "&lt;script&gt;alert(1)&lt;/script&gt;", "Đã lưu sản phẩm", "Nháp", `value="organic" checked`)
		for _, step := range []struct{ suffix, flash string }{
			{"/dang-ban", "Sản phẩm đã được mở bán"}, {"/ngung-ban", "Đã ngừng bán"}, {"/nhan-ban", "bản sao nháp"},
		} {
			before := w.audits(t)
			r := w.staff.PostForm(edit+step.suffix, url.Values{"_csrf": {w.csrf}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("%s: %d %.300s", step.suffix, r.Status, r.Raw)
			}
			apptest.Contains(t, step.suffix, w.staff.Page(r.Header.Get("Location"), http.StatusOK), step.flash)
			if w.audits(t) != before+1 {
				t.Errorf("%s: %d records", step.suffix, w.audits(t)-before)
			}
		}
		r = w.staff.PostForm(edit+"/xoa", url.Values{"_csrf": {w.csrf}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/quan-ly/san-pham" {
			t.Fatalf("delete: %d %s", r.Status, r.Header.Get("Location"))
		}
		w.staff.Page(edit, http.StatusNotFound)

		// The import page: a preview, then the same file applied.
		file := fmt.Sprintf("id,price_vnd,stock\n%d,99000,\n%d,1,1\n", w.mine, w.theirs)
		r = upload(t, w.staff, w.csrf, "/quan-ly/san-pham/nhap", file, map[string]string{"_csrf": w.csrf, "dry_run": "true"})
		if r.Status != 200 {
			t.Fatalf("preview: %d %.300s", r.Status, r.Raw)
		}
		apptest.Contains(t, "preview", r.Raw, "99.000", "Không có sản phẩm nào của bạn mang mã này", `name="skip_invalid"`)
		r = upload(t, w.staff, w.csrf, "/quan-ly/san-pham/nhap", file, map[string]string{"_csrf": w.csrf, "dry_run": "false"})
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("refused apply: %d", r.Status)
		}
		r = upload(t, w.staff, w.csrf, "/quan-ly/san-pham/nhap", file, map[string]string{"_csrf": w.csrf, "dry_run": "false", "skip_invalid": "true"})
		if r.Status != http.StatusSeeOther {
			t.Errorf("apply: %d %.300s", r.Status, r.Raw)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM products WHERE id = ? AND price_vnd = 99000`, w.mine); n != 1 {
			t.Error("the import page did not apply the file")
		}
		r = upload(t, w.staff, w.csrf, "/quan-ly/san-pham/nhap", "nope", map[string]string{"_csrf": w.csrf})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "id,price_vnd,stock") {
			t.Errorf("bad file: %d", r.Status)
		}
		r = w.staff.Get("/quan-ly/san-pham/xuat")
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("export: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		apptest.Contains(t, "English", w.staff.Page("/quan-ly/san-pham?lang=en", http.StatusOK), "On sale", "New product")
	})
}
