package admin_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

// traceFixture is two cooperatives with a product each, the staff of
// each, a shopper and an anonymous visitor.
type traceFixture struct {
	a                  *apptest.App
	coopA, coopB       int64
	productA, productB int64
	slugA              string
	staffA, staffB     *apptest.Client
	shopper, anonymous *apptest.Client
}

func newTraceFixture(t *testing.T, b apptest.Backend) *traceFixture {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, b, apptest.Options{})
	f := &traceFixture{a: a}
	for _, side := range []struct {
		slug          string
		coop, product *int64
		staff         **apptest.Client
	}{{"htx-a", &f.coopA, &f.productA, &f.staffA}, {"htx-b", &f.coopB, &f.productB, &f.staffB}} {
		co := &catalog.Cooperative{Slug: side.slug, Name: "HTX " + side.slug, Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive,
			Address: "Bản Phiêng, xã Chiềng Ban, tỉnh Sơn La", Phone: "0912345678"}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: "ca-phe-" + side.slug,
			Name: "Cà phê " + side.slug, PriceVND: 150000, Unit: "gói", Stock: 10, Published: true, ProvinceSlug: "son-la", Ward: "Chiềng Ban"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Catalog.AddImage(ctx, a.DB, id, "image/svg+xml", "", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>`)); err != nil {
			t.Fatal(err)
		}
		*side.coop, *side.product = co.ID, id
		coopID := co.ID
		*side.staff = a.LoggedIn(&account.User{Email: "staff@" + side.slug + ".vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &coopID})
	}
	f.slugA = "ca-phe-htx-a"
	f.shopper = a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})
	f.anonymous = a.Client()
	return f
}

// count runs a COUNT query.
func (f *traceFixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.a.DB.GetContext(context.Background(), &n, f.a.DB.Rebind(query), args...); err != nil {
		t.Fatal(err)
	}
	return n
}

// audits is the number of audit records of batches.
func (f *traceFixture) audits(t *testing.T) int {
	return f.count(t, `SELECT COUNT(*) FROM audit_log WHERE subject_kind = 'batch'`)
}

// lastAudit is the action and cooperative of the newest audit record.
func (f *traceFixture) lastAudit(t *testing.T) (string, int64) {
	t.Helper()
	var row struct {
		Action string `db:"action"`
		Coop   int64  `db:"cooperative_id"`
	}
	if err := f.a.DB.GetContext(context.Background(), &row, `SELECT action, cooperative_id FROM audit_log ORDER BY id DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	return row.Action, row.Coop
}

// snapshot is every batch row and the products' trace codes, to check a
// refused write changed nothing.
func (f *traceFixture) snapshot(t *testing.T) string {
	t.Helper()
	var rows []struct {
		ID    int64  `db:"id"`
		No    string `db:"batch_no"`
		Code  string `db:"trace_code"`
		Prod  int64  `db:"product_id"`
		Dates string `db:"dates"`
		Notes string `db:"notes"`
	}
	if err := f.a.DB.SelectContext(context.Background(), &rows, `SELECT id, batch_no, trace_code, product_id,
		CAST(harvested_on AS TEXT) || CAST(packed_on AS TEXT) || COALESCE(CAST(expires_on AS TEXT), '') AS dates, notes
		FROM product_batches ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	var codes []string
	if err := f.a.DB.SelectContext(context.Background(), &codes, `SELECT trace_code FROM products ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(rows, codes)
}

// day is the day n days from today in Vietnam, as YYYY-MM-DD.
func traceDay(n int) string {
	return time.Now().In(format.Vietnam()).AddDate(0, 0, n).Format("2006-01-02")
}

var traceCodeShape = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{10}$`)

func traceJSON() []string { return []string{"Content-Type", "application/json"} }

func TestBatchAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		f := newTraceFixture(t, b)
		body := map[string]any{"product_id": f.productA, "harvested_on": traceDay(-5), "packed_on": traceDay(-3), "expires_on": traceDay(360),
			"farm_area_code": "VN-14-0026", "notes": "Thu hái thủ công."}

		// The other cooperative's batch, to be refused to A for every verb.
		r := f.staffB.Do("POST", "/api/v1/coop/batches", map[string]any{"product_id": f.productB, "harvested_on": traceDay(-2), "packed_on": traceDay(-1)})
		apptest.Expect(t, "B creates its batch", r, http.StatusCreated)
		theirs := strconv.Itoa(int(r.Body["id"].(float64)))

		r = f.staffA.Do("POST", "/api/v1/coop/batches", body)
		apptest.Expect(t, "create", r, http.StatusCreated)
		id := strconv.Itoa(int(r.Body["id"].(float64)))
		code, _ := r.Body["trace_code"].(string)
		if !traceCodeShape.MatchString(code) || r.Body["trace_url"] != apptest.BaseURL+"/truy-xuat/"+code ||
			r.Body["qr_url"] != "/api/v1/coop/batches/"+id+"/qr.png" || r.Body["batch_no"] != strings.ReplaceAll(traceDay(-3), "-", "")+"-1" {
			t.Fatalf("created: %s", r.Raw)
		}
		if n := f.audits(t); n != 2 {
			t.Fatalf("%d audit records after two creates", n)
		}
		if action, coop := f.lastAudit(t); action != "batch.create" || coop != f.coopA {
			t.Errorf("last audit: %s of %d", action, coop)
		}
		r = f.anonymous.Get("/api/v1/products/" + f.slugA)
		if r.Body["trace_code"] != code {
			t.Errorf("product trace_code = %v, want %s", r.Body["trace_code"], code)
		}

		mine := "/api/v1/coop/batches/" + id
		other := "/api/v1/coop/batches/" + theirs
		for _, tc := range []struct {
			name   string
			client *apptest.Client
			method string
			path   string
			body   any
			status int
		}{
			{"anonymous list", f.anonymous, "GET", "/api/v1/coop/batches", nil, 401},
			{"anonymous create", f.anonymous, "POST", "/api/v1/coop/batches", body, 401},
			{"anonymous get", f.anonymous, "GET", mine, nil, 401},
			{"anonymous update", f.anonymous, "PUT", mine, body, 401},
			{"anonymous delete", f.anonymous, "DELETE", mine, nil, 401},
			{"anonymous QR", f.anonymous, "GET", mine + "/qr.png", nil, 401},
			{"anonymous labels", f.anonymous, "GET", mine + "/labels", nil, 401},
			{"shopper list", f.shopper, "GET", "/api/v1/coop/batches", nil, 403},
			{"shopper create", f.shopper, "POST", "/api/v1/coop/batches", body, 403},
			{"shopper get", f.shopper, "GET", mine, nil, 403},
			{"shopper update", f.shopper, "PUT", mine, body, 403},
			{"shopper delete", f.shopper, "DELETE", mine, nil, 403},
			{"shopper QR", f.shopper, "GET", mine + "/qr.png", nil, 403},
			{"shopper labels", f.shopper, "GET", mine + "/labels", nil, 403},
			{"another's batch", f.staffA, "GET", other, nil, 404},
			{"update another's batch", f.staffA, "PUT", other, body, 404},
			{"delete another's batch", f.staffA, "DELETE", other, nil, 404},
			{"another's QR", f.staffA, "GET", other + "/qr.png", nil, 404},
			{"another's labels", f.staffA, "GET", other + "/labels", nil, 404},
			{"create on another's product", f.staffA, "POST", "/api/v1/coop/batches", map[string]any{"product_id": f.productB, "harvested_on": traceDay(-1), "packed_on": traceDay(0)}, 404},
			{"move a batch to another's product", f.staffA, "PUT", mine, map[string]any{"product_id": f.productB, "harvested_on": traceDay(-1), "packed_on": traceDay(0)}, 404},
			{"list another's product", f.staffA, "GET", "/api/v1/coop/batches?product_id=" + strconv.FormatInt(f.productB, 10), nil, 404},
			{"unknown product", f.staffA, "POST", "/api/v1/coop/batches", map[string]any{"product_id": 99999, "harvested_on": traceDay(-1), "packed_on": traceDay(0)}, 404},
			{"unknown batch", f.staffA, "GET", "/api/v1/coop/batches/99999", nil, 404},
			{"batch id not a number", f.staffA, "PUT", "/api/v1/coop/batches/abc", body, 404},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before, audits := f.snapshot(t), f.audits(t)
				r := tc.client.Do(tc.method, tc.path, tc.body, traceJSON()...)
				apptest.Expect(t, tc.method+" "+tc.path, r, tc.status)
				if f.snapshot(t) != before || f.audits(t) != audits {
					t.Error("a refused request changed something or wrote an audit record")
				}
			})
		}

		r = f.staffA.Get("/api/v1/coop/batches")
		if r.Status != 200 || r.Body["total"] != float64(1) || !strings.Contains(r.Raw, code) || strings.Contains(r.Raw, `"id":`+theirs+`,"product_id"`) {
			t.Fatalf("list: %s", r.Raw)
		}
		r = f.staffA.Get("/api/v1/coop/batches?product_id=" + strconv.FormatInt(f.productA, 10) + "&per_page=5")
		apptest.Expect(t, "list by product", r, 200)
		if r.Body["total"] != float64(1) || r.Body["per_page"] != float64(5) {
			t.Errorf("list by product: %s", r.Raw)
		}
		apptest.Expect(t, "bad product filter", f.staffA.Get("/api/v1/coop/batches?product_id=x"), 400)
		r = f.staffA.Get(mine)
		apptest.Expect(t, "get", r, 200)
		if r.Body["farm_area_code"] != "VN-14-0026" || r.Body["expires_on"] != traceDay(360) {
			t.Errorf("get: %s", r.Raw)
		}

		// Bad input: a 4xx with the field's code, nothing changed, no record.
		long := strings.Repeat("a", 1001)
		for _, tc := range []struct {
			name   string
			body   any
			status int
			field  string
			code   string
		}{
			{"harvest in the future", map[string]any{"product_id": f.productA, "harvested_on": traceDay(1), "packed_on": traceDay(1)}, 400, "harvested_on", "batch_date_in_future"},
			{"packed before harvest", map[string]any{"product_id": f.productA, "harvested_on": traceDay(-1), "packed_on": traceDay(-2)}, 400, "packed_on", "batch_packed_before_harvest"},
			{"expiry before packing", map[string]any{"product_id": f.productA, "harvested_on": traceDay(-2), "packed_on": traceDay(-1), "expires_on": traceDay(-1)}, 400, "expires_on", "batch_expiry_not_after_packing"},
			{"day first", map[string]any{"product_id": f.productA, "harvested_on": "01/12/2026", "packed_on": traceDay(-1)}, 400, "harvested_on", "invalid_date"},
			{"no dates", map[string]any{"product_id": f.productA}, 400, "packed_on", "required"},
			{"long notes", map[string]any{"product_id": f.productA, "harvested_on": traceDay(-2), "packed_on": traceDay(-1), "notes": long}, 400, "notes", "too_long"},
			{"script and NUL in the batch number", map[string]any{"product_id": f.productA, "harvested_on": traceDay(-2), "packed_on": traceDay(-1), "batch_no": "<script>\x00"}, 400, "batch_no", "control_characters"},
			{"product id of the wrong type", `{"product_id": "7", "harvested_on": "2025-01-01", "packed_on": "2025-01-02"}`, 400, "product_id", "wrong_type"},
			{"no product", map[string]any{"harvested_on": traceDay(-2), "packed_on": traceDay(-1)}, 400, "product_id", "required"},
			{"batch number taken", map[string]any{"product_id": f.productA, "harvested_on": traceDay(-2), "packed_on": traceDay(-1), "batch_no": strings.ReplaceAll(traceDay(-3), "-", "") + "-1"}, 409, "batch_no", "batch_no_taken"},
			{"not JSON", `{"product_id": `, 400, "", ""},
		} {
			for _, method := range []string{"POST", "PUT"} {
				t.Run(method+" "+tc.name, func(t *testing.T) {
					path := "/api/v1/coop/batches"
					if method == "PUT" {
						if tc.code == "batch_no_taken" {
							return // its own number is free to a batch
						}
						path = mine
					}
					before, audits := f.snapshot(t), f.audits(t)
					r := f.staffA.Do(method, path, tc.body, traceJSON()...)
					apptest.Expect(t, tc.name, r, tc.status)
					if tc.field != "" && r.FieldCode(tc.field) != tc.code {
						t.Errorf("field %s: %q, want %s: %s", tc.field, r.FieldCode(tc.field), tc.code, r.Raw)
					}
					if f.snapshot(t) != before || f.audits(t) != audits {
						t.Error("bad input changed something or wrote an audit record")
					}
				})
			}
		}

		// A second batch packed later becomes the product's trace code;
		// editing the first keeps its code; deleting the second gives the
		// product the first one's code back.
		r = f.staffA.Do("POST", "/api/v1/coop/batches", map[string]any{"product_id": f.productA, "batch_no": "L-02", "harvested_on": traceDay(-1), "packed_on": traceDay(0), "expires_on": nil})
		apptest.Expect(t, "second batch", r, http.StatusCreated)
		second, secondCode := strconv.Itoa(int(r.Body["id"].(float64))), r.Body["trace_code"].(string)
		if got := f.anonymous.Get("/api/v1/products/" + f.slugA).Body["trace_code"]; got != secondCode {
			t.Errorf("product trace_code = %v after the newer batch %s", got, secondCode)
		}
		audits := f.audits(t)
		r = f.staffA.Do("PUT", mine, map[string]any{"product_id": f.productA, "batch_no": "L-01", "harvested_on": traceDay(-6), "packed_on": traceDay(-4), "notes": "Đã sửa"})
		apptest.Expect(t, "update", r, 200)
		if r.Body["trace_code"] != code || r.Body["batch_no"] != "L-01" || r.Body["expires_on"] != nil || r.Body["notes"] != "Đã sửa" {
			t.Errorf("updated: %s", r.Raw)
		}
		if f.audits(t) != audits+1 {
			t.Error("an update wrote no audit record, or more than one")
		}
		if action, _ := f.lastAudit(t); action != "batch.update" {
			t.Errorf("last audit %s", action)
		}
		apptest.Expect(t, "delete", f.staffA.Do("DELETE", "/api/v1/coop/batches/"+second, nil, traceJSON()...), http.StatusNoContent)
		if f.audits(t) != audits+2 {
			t.Error("a delete wrote no audit record, or more than one")
		}
		if action, _ := f.lastAudit(t); action != "batch.delete" {
			t.Errorf("last audit %s", action)
		}
		apptest.Expect(t, "deleted", f.staffA.Get("/api/v1/coop/batches/"+second), 404)
		if got := f.anonymous.Get("/api/v1/products/" + f.slugA).Body["trace_code"]; got != code {
			t.Errorf("product trace_code = %v after deleting the newest batch, want %s", got, code)
		}

		// The QR code: a PNG of the size asked for, holding the trace URL.
		r = f.staffA.Get(mine + "/qr.png?size=300")
		apptest.Expect(t, "QR", r, 200)
		if ct := r.Header.Get("Content-Type"); ct != "image/png" {
			t.Errorf("QR Content-Type %s", ct)
		}
		img, err := png.Decode(bytes.NewReader([]byte(r.Raw)))
		if err != nil {
			t.Fatalf("QR is not a PNG: %v", err)
		}
		if img.Bounds().Dx() != 300 || img.Bounds().Dy() != 300 {
			t.Errorf("QR is %v, want 300 × 300", img.Bounds())
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
		if err != nil || res.GetText() != apptest.BaseURL+"/truy-xuat/"+code {
			t.Errorf("QR decodes to %v (%v)", res, err)
		}
		for _, q := range []string{"size=50", "size=5000", "size=big"} {
			apptest.Expect(t, "QR "+q, f.staffA.Get(mine+"/qr.png?"+q), 400)
		}

		// The labels: count of them, each with the QR code and the short URL.
		r = f.staffA.Get(mine + "/labels?layout=a4-65&count=7")
		apptest.Expect(t, "labels", r, 200)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("labels Content-Type %s", r.Header.Get("Content-Type"))
		}
		if n := strings.Count(r.Raw, `<div class="label">`); n != 7 {
			t.Errorf("%d labels, want 7", n)
		}
		if n := strings.Count(r.Raw, `src="`+mine+`/qr.png?size=256"`); n != 7 {
			t.Errorf("%d QR images, want 7", n)
		}
		apptest.Contains(t, "labels", r.Raw, "labels-a4-65", "ocop.example.vn/truy-xuat/"+code, "HTX htx-a", "L-01")
		r = f.staffA.Get(mine + "/labels?count=30")
		if strings.Count(r.Raw, `class="sheet labels-a4-24"`) != 2 || strings.Count(r.Raw, `<div class="label">`) != 30 {
			t.Errorf("30 labels of 24 a sheet are not 2 sheets: %d", strings.Count(r.Raw, `class="sheet`))
		}
		for _, q := range []string{"layout=a5", "count=0", "count=651", "count=x"} {
			apptest.Expect(t, "labels "+q, f.staffA.Get(mine+"/labels?"+q), 400)
		}
	})
}

// The panel's batch pages: forms without JavaScript, for the cooperative's
// own batches only.
func TestBatchPages(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		f := newTraceFixture(t, b)
		r := f.staffB.Do("POST", "/api/v1/coop/batches", map[string]any{"product_id": f.productB, "harvested_on": traceDay(-2), "packed_on": traceDay(-1)})
		apptest.Expect(t, "B creates its batch", r, http.StatusCreated)
		theirs := "/quan-ly/truy-xuat/" + strconv.Itoa(int(r.Body["id"].(float64)))

		page := f.staffA.Page("/quan-ly/truy-xuat", http.StatusOK)
		apptest.Contains(t, "list", page, "Truy xuất nguồn gốc", "Cà phê htx-a", `name="harvested_on"`, `name="_csrf"`)
		if strings.Contains(page, "Cà phê htx-b") {
			t.Error("the product choice offers another cooperative's product")
		}
		csrf := apptest.CSRF(t, page)
		form := func(product int64, harvested, packed, extra string) url.Values {
			v := url.Values{"_csrf": {csrf}, "product_id": {strconv.FormatInt(product, 10)}, "harvested_on": {harvested}, "packed_on": {packed},
				"expires_on": {""}, "farm_area_code": {"VN-14-0001"}, "notes": {extra}}
			return v
		}

		// Refused forms change nothing and write no record.
		for _, tc := range []struct {
			name   string
			client *apptest.Client
			path   string
			form   url.Values
			status int
			shows  string
		}{
			{"packed before harvest", f.staffA, "/quan-ly/truy-xuat", form(f.productA, traceDay(-1), traceDay(-3), ""), 400, "Ngày đóng gói không được trước ngày thu hoạch."},
			{"harvest in the future", f.staffA, "/quan-ly/truy-xuat", form(f.productA, traceDay(2), traceDay(2), ""), 400, "Ngày này chưa đến"},
			{"long notes", f.staffA, "/quan-ly/truy-xuat", form(f.productA, traceDay(-2), traceDay(-1), strings.Repeat("ô", 1001)), 400, "Tối đa 1000 ký tự."},
			{"another's product", f.staffA, "/quan-ly/truy-xuat", form(f.productB, traceDay(-2), traceDay(-1), ""), 404, ""},
			{"update another's batch", f.staffA, theirs, form(f.productA, traceDay(-2), traceDay(-1), ""), 404, ""},
			{"delete another's batch", f.staffA, theirs + "/xoa", url.Values{"_csrf": {csrf}}, 404, ""},
			{"no CSRF token", f.staffA, "/quan-ly/truy-xuat", url.Values{"product_id": {strconv.FormatInt(f.productA, 10)}, "harvested_on": {traceDay(-2)}, "packed_on": {traceDay(-1)}}, 403, ""},
			{"shopper", f.shopper, "/quan-ly/truy-xuat", form(f.productA, traceDay(-2), traceDay(-1), ""), 403, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before, audits := f.snapshot(t), f.audits(t)
				r := tc.client.PostForm(tc.path, tc.form)
				if r.Status != tc.status || !strings.Contains(r.Raw, tc.shows) {
					t.Fatalf("POST %s: %d, want %d showing %q: %.600s", tc.path, r.Status, tc.status, tc.shows, r.Raw)
				}
				if f.snapshot(t) != before || f.audits(t) != audits {
					t.Error("a refused form changed something or wrote an audit record")
				}
			})
		}
		r = f.anonymous.PostForm("/quan-ly/truy-xuat", form(f.productA, traceDay(-2), traceDay(-1), ""))
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
			t.Errorf("anonymous POST: %d %s", r.Status, r.Header.Get("Location"))
		}

		// Create, see, edit, print and delete.
		audits := f.audits(t)
		r = f.staffA.PostForm("/quan-ly/truy-xuat", form(f.productA, traceDay(-4), traceDay(-2), "Phơi nắng tự nhiên."))
		loc := r.Header.Get("Location")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, "/quan-ly/truy-xuat/") {
			t.Fatalf("create: %d %s %.300s", r.Status, loc, r.Raw)
		}
		if f.audits(t) != audits+1 {
			t.Fatal("a created batch wrote no audit record, or more than one")
		}
		page = f.staffA.Page(loc, http.StatusOK)
		var code string
		if err := f.a.DB.GetContext(context.Background(), &code, `SELECT trace_code FROM product_batches WHERE product_id = `+strconv.FormatInt(f.productA, 10)); err != nil {
			t.Fatal(err)
		}
		apptest.Contains(t, "batch page", page, "Đã tạo lô hàng", code, "/truy-xuat/"+code, loc+"/tem?layout=a4-65", loc+"/tem?layout=a4-21",
			loc+"/tem?layout=a4-24", "/api/v1/coop/batches/"+strings.TrimPrefix(loc, "/quan-ly/truy-xuat/")+"/qr.png", "Phơi nắng tự nhiên.", "VN-14-0001")

		before := f.snapshot(t)
		r = f.staffA.PostForm(loc, form(f.productA, traceDay(-1), traceDay(-3), ""))
		if r.Status != 400 || !strings.Contains(r.Raw, "Ngày đóng gói không được trước ngày thu hoạch.") || f.snapshot(t) != before {
			t.Errorf("bad edit: %d %.300s", r.Status, r.Raw)
		}
		v := form(f.productA, traceDay(-5), traceDay(-3), "Sửa ghi chú")
		v.Set("batch_no", "LO-7")
		r = f.staffA.PostForm(loc, v)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != loc || f.audits(t) != audits+2 {
			t.Fatalf("edit: %d %s", r.Status, r.Header.Get("Location"))
		}
		page = f.staffA.Page(loc+"?lang=en", http.StatusOK)
		apptest.Contains(t, "edited, in English", page, "The batch is saved.", "LO-7", "Sửa ghi chú", "Print labels", code)

		page = f.staffA.Page(loc+"/tem?layout=a4-21&count=5", http.StatusOK)
		if n := strings.Count(page, `<div class="label">`); n != 5 {
			t.Errorf("%d labels, want 5", n)
		}
		apptest.Contains(t, "labels page", page, "labels-a4-21", "/qr.png?size=256", "LO-7", "HTX htx-a", "ocop.example.vn/truy-xuat/"+code)
		f.staffA.Page(loc+"/tem?count=999", http.StatusBadRequest)

		page = f.staffA.Page("/quan-ly/truy-xuat?product_id="+strconv.FormatInt(f.productA, 10), http.StatusOK)
		apptest.Contains(t, "filtered list", page, code, "LO-7")
		f.staffA.Page("/quan-ly/truy-xuat?product_id="+strconv.FormatInt(f.productB, 10), http.StatusNotFound)
		f.staffA.Page(theirs, http.StatusNotFound)
		f.staffA.Page(theirs+"/tem", http.StatusNotFound)
		f.staffA.Page("/quan-ly/truy-xuat/abc", http.StatusNotFound)
		f.shopper.Page(loc, http.StatusForbidden)
		for _, p := range []string{"/quan-ly/truy-xuat", loc, loc + "/tem"} {
			r := f.anonymous.Get(p)
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
				t.Errorf("anonymous GET %s: %d %s", p, r.Status, r.Header.Get("Location"))
			}
		}

		r = f.staffA.PostForm(loc+"/xoa", url.Values{"_csrf": {csrf}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/quan-ly/truy-xuat" || f.audits(t) != audits+3 {
			t.Fatalf("delete: %d %s", r.Status, r.Header.Get("Location"))
		}
		page = f.staffA.Page("/quan-ly/truy-xuat?lang=vi", http.StatusOK)
		apptest.Contains(t, "after delete", page, "Đã xóa lô hàng.", "Chưa có lô hàng nào")
		if f.count(t, `SELECT COUNT(*) FROM product_batches WHERE product_id = ?`, f.productA) != 0 {
			t.Error("the batch is still there")
		}
	})
}
