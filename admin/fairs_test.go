package admin_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// fairWorld is two provinces' cooperatives and products, and a client for
// each kind of visitor of the staff's fair routes.
type fairWorld struct {
	a        *apptest.App
	coops    map[string]int64
	products map[string]int64
	clients  map[string]*apptest.Client
}

func newFairWorld(t *testing.T, b apptest.Backend) *fairWorld {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, b, apptest.Options{})
	w := &fairWorld{a: a, coops: map[string]int64{}, products: map[string]int64{}, clients: map[string]*apptest.Client{}}
	for _, c := range []struct{ slug, province, status string }{
		{"htx-son-la-a", "son-la", catalog.CoopActive},
		{"htx-son-la-b", "son-la", catalog.CoopActive},
		{"htx-ha-noi", "ha-noi", catalog.CoopActive},
		{"htx-son-la-nghi", "son-la", catalog.CoopSuspended},
	} {
		co := &catalog.Cooperative{Slug: c.slug, Name: "HTX " + c.slug, Province: catalog.NamedSlug{Slug: c.province}, Status: c.status,
			BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX", ShippingFeeVND: 30000}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		w.coops[c.slug] = co.ID
	}
	for _, p := range []struct {
		slug, coop string
		published  bool
	}{
		{"a1", "htx-son-la-a", true}, {"a2", "htx-son-la-a", true}, {"a3", "htx-son-la-a", false},
		{"b1", "htx-son-la-b", true}, {"h1", "htx-ha-noi", true}, {"n1", "htx-son-la-nghi", true},
	} {
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: w.coops[p.coop], CategorySlug: "ca-phe",
			Slug: "sp-" + p.slug, Name: "Sản phẩm " + p.slug, PriceVND: 100000, Unit: "gói", Stock: 50, Published: p.published,
			ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		w.products[p.slug] = id
	}
	sonLa, coop := "son-la", w.coops["htx-son-la-a"]
	w.clients[""] = a.Client()
	w.clients["national"] = a.LoggedIn(&account.User{Email: "xuctien@ocop.local", Name: "Xúc tiến", Roles: []string{account.RolePromotionStaff}})
	w.clients["sonla"] = a.LoggedIn(&account.User{Email: "xuctien-son-la@ocop.local", Name: "Sơn La", Roles: []string{account.RolePromotionStaff},
		StaffProvince: &sonLa})
	w.clients["coop"] = a.LoggedIn(&account.User{Email: "a@ocop.local", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &coop})
	w.clients["shopper"] = a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})
	return w
}

// count is the number of rows of table.
func (w *fairWorld) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := w.a.DB.Get(&n, "SELECT COUNT(*) FROM "+table); err != nil {
		t.Fatal(err)
	}
	return n
}

// create makes a fair through the API as who and returns its id.
func (w *fairWorld) create(t *testing.T, who string, body map[string]any) int64 {
	t.Helper()
	r := w.clients[who].Do("POST", "/api/v1/staff/showcases", body)
	apptest.Expect(t, "create a fair as "+who, r, http.StatusCreated)
	return int64(r.Body["id"].(float64))
}

func bannerPNG(t *testing.T, width, height int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for x := 0; x < width; x++ {
		img.Set(x, height/2, color.RGBA{G: 120, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartBanner is a form holding file as "banner", with its content type.
func multipartBanner(t *testing.T, file []byte) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("banner", "banner.png")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(file)
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

// Every staff route of the fair API: national staff act on every fair, a
// province's staff on their province's fairs only (404 for another's),
// other roles get 403 and anonymous visitors 401; refused input changes
// nothing and records nothing, and every write records one audit entry.
func TestStaffShowcaseAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newFairWorld(t, b)
		hanoi := w.create(t, "national", map[string]any{"title": "Hội chợ Hà Nội", "city": "ha noi", "starts_on": "2026-12-01",
			"ends_on": "2026-12-07", "province": "ha-noi"})
		sonla := w.create(t, "sonla", map[string]any{"title": "Hội chợ OCOP Sơn La", "city": "Sơn La", "venue": "Quảng trường Tây Bắc",
			"starts_on": "2026-12-01", "ends_on": "2026-12-08", "province": "ha-noi"})
		fair := func(id int64, tail string) string { return fmt.Sprintf("/api/v1/staff/showcases/%d%s", id, tail) }
		r := w.clients["sonla"].Get(fair(sonla, ""))
		apptest.Expect(t, "the Sơn La fair", r, http.StatusOK)
		if r.Body["province_slug"] != "son-la" || r.Body["status"] != "draft" || r.Body["slug"] != "hoi-cho-ocop-son-la" {
			t.Fatalf("a province's staff organise for their own province, as a draft: %s", r.Raw)
		}
		if r := w.clients["national"].Get(fair(hanoi, "")); r.Body["city"] != "Hà Nội" {
			t.Errorf("a province typed without accents is written as named: %s", r.Raw)
		}

		long := strings.Repeat("a", 201)
		booth := func(coop string, products ...string) map[string]any {
			ids := []int64{}
			for _, p := range products {
				ids = append(ids, w.products[p])
			}
			return map[string]any{"cooperative_id": w.coops[coop], "product_ids": ids}
		}
		valid := map[string]any{"title": "Hội chợ Sơn La mùa xuân", "starts_on": "2026-12-01", "ends_on": "2026-12-08"}
		for _, tc := range []struct {
			name, user, method, path string
			body                     any
			status                   int
			code                     string
			audits                   int
		}{
			{"anonymous list", "", "GET", "/api/v1/staff/showcases", nil, 401, "not_logged_in", 0},
			{"anonymous create", "", "POST", "/api/v1/staff/showcases", valid, 401, "not_logged_in", 0},
			{"anonymous show", "", "GET", fair(sonla, ""), nil, 401, "not_logged_in", 0},
			{"anonymous update", "", "PUT", fair(sonla, ""), valid, 401, "not_logged_in", 0},
			{"anonymous booth", "", "POST", fair(sonla, "/booths"), booth("htx-son-la-a", "a1"), 401, "not_logged_in", 0},
			{"anonymous booth update", "", "PUT", fair(sonla, "/booths/1"), booth("htx-son-la-a", "a1"), 401, "not_logged_in", 0},
			{"anonymous booth removal", "", "DELETE", fair(sonla, "/booths/1"), nil, 401, "not_logged_in", 0},
			{"anonymous publish", "", "POST", fair(sonla, "/publish"), nil, 401, "not_logged_in", 0},
			{"anonymous unpublish", "", "POST", fair(sonla, "/unpublish"), nil, 401, "not_logged_in", 0},
			{"anonymous archive", "", "POST", fair(sonla, "/archive"), nil, 401, "not_logged_in", 0},
			{"shopper list", "shopper", "GET", "/api/v1/staff/showcases", nil, 403, "forbidden", 0},
			{"shopper create", "shopper", "POST", "/api/v1/staff/showcases", valid, 403, "forbidden", 0},
			{"shopper show", "shopper", "GET", fair(sonla, ""), nil, 403, "forbidden", 0},
			{"shopper update", "shopper", "PUT", fair(sonla, ""), valid, 403, "forbidden", 0},
			{"shopper booth", "shopper", "POST", fair(sonla, "/booths"), booth("htx-son-la-a", "a1"), 403, "forbidden", 0},
			{"shopper booth update", "shopper", "PUT", fair(sonla, "/booths/1"), booth("htx-son-la-a", "a1"), 403, "forbidden", 0},
			{"shopper booth removal", "shopper", "DELETE", fair(sonla, "/booths/1"), nil, 403, "forbidden", 0},
			{"shopper publish", "shopper", "POST", fair(sonla, "/publish"), nil, 403, "forbidden", 0},
			{"shopper unpublish", "shopper", "POST", fair(sonla, "/unpublish"), nil, 403, "forbidden", 0},
			{"shopper archive", "shopper", "POST", fair(sonla, "/archive"), nil, 403, "forbidden", 0},
			{"cooperative list", "coop", "GET", "/api/v1/staff/showcases", nil, 403, "forbidden", 0},
			{"cooperative create", "coop", "POST", "/api/v1/staff/showcases", valid, 403, "forbidden", 0},
			{"cooperative show", "coop", "GET", fair(sonla, ""), nil, 403, "forbidden", 0},
			{"cooperative update", "coop", "PUT", fair(sonla, ""), valid, 403, "forbidden", 0},
			{"cooperative booth", "coop", "POST", fair(sonla, "/booths"), booth("htx-son-la-a", "a1"), 403, "forbidden", 0},
			{"cooperative booth update", "coop", "PUT", fair(sonla, "/booths/1"), booth("htx-son-la-a", "a1"), 403, "forbidden", 0},
			{"cooperative booth removal", "coop", "DELETE", fair(sonla, "/booths/1"), nil, 403, "forbidden", 0},
			{"cooperative publish", "coop", "POST", fair(sonla, "/publish"), nil, 403, "forbidden", 0},
			{"cooperative unpublish", "coop", "POST", fair(sonla, "/unpublish"), nil, 403, "forbidden", 0},
			{"cooperative archive", "coop", "POST", fair(sonla, "/archive"), nil, 403, "forbidden", 0},

			{"another province's fair", "sonla", "GET", fair(hanoi, ""), nil, 404, "not_found", 0},
			{"update another province's fair", "sonla", "PUT", fair(hanoi, ""), valid, 404, "not_found", 0},
			{"booth at another province's fair", "sonla", "POST", fair(hanoi, "/booths"), booth("htx-son-la-a", "a1"), 404, "not_found", 0},
			{"publish another province's fair", "sonla", "POST", fair(hanoi, "/publish"), nil, 404, "not_found", 0},
			{"unpublish another province's fair", "sonla", "POST", fair(hanoi, "/unpublish"), nil, 404, "not_found", 0},
			{"archive another province's fair", "sonla", "POST", fair(hanoi, "/archive"), nil, 404, "not_found", 0},
			{"unknown fair", "national", "GET", fair(999999, ""), nil, 404, "not_found", 0},
			{"fair id not a number", "national", "GET", "/api/v1/staff/showcases/abc", nil, 404, "not_found", 0},

			{"no title", "sonla", "POST", "/api/v1/staff/showcases", map[string]any{"starts_on": "2026-12-01", "ends_on": "2026-12-02"}, 400, "title", 0},
			{"title too long", "sonla", "POST", "/api/v1/staff/showcases", map[string]any{"title": long, "starts_on": "2026-12-01", "ends_on": "2026-12-02"}, 400, "too_long", 0},
			{"ends before it starts", "sonla", "PUT", fair(sonla, ""), map[string]any{"title": "X", "starts_on": "2026-12-05", "ends_on": "2026-12-02"}, 400, "fair_ends_before_start", 0},
			{"not a date", "sonla", "POST", "/api/v1/staff/showcases", map[string]any{"title": "X", "starts_on": "05/12/2026", "ends_on": "2026-12-02"}, 400, "invalid_date", 0},
			{"control character in the venue", "sonla", "POST", "/api/v1/staff/showcases", map[string]any{"title": "X", "venue": "a\u0000b", "starts_on": "2026-12-01", "ends_on": "2026-12-02"}, 400, "control_characters", 0},
			{"city too long", "sonla", "POST", "/api/v1/staff/showcases", map[string]any{"title": "X", "city": long, "starts_on": "2026-12-01", "ends_on": "2026-12-02"}, 400, "too_long", 0},
			{"description too long", "sonla", "PUT", fair(sonla, ""), map[string]any{"title": "X", "description": strings.Repeat("b", 5001), "starts_on": "2026-12-01", "ends_on": "2026-12-02"}, 400, "too_long", 0},
			{"unknown province", "national", "POST", "/api/v1/staff/showcases", map[string]any{"title": "X", "province": "atlantis", "starts_on": "2026-12-01", "ends_on": "2026-12-02"}, 400, "unknown_province", 0},
			{"broken JSON", "sonla", "POST", "/api/v1/staff/showcases", "{", 400, "invalid_json", 0},
			{"title of the wrong type", "sonla", "POST", "/api/v1/staff/showcases", `{"title": 5}`, 400, "wrong_type", 0},
			{"bad status filter", "sonla", "GET", "/api/v1/staff/showcases?status=lost", nil, 400, "status", 0},

			{"booth of another province's cooperative", "sonla", "POST", fair(sonla, "/booths"), booth("htx-ha-noi", "h1"), 400, "booth_unknown_cooperative", 0},
			{"booth of a suspended cooperative", "sonla", "POST", fair(sonla, "/booths"), booth("htx-son-la-nghi", "n1"), 400, "booth_cooperative_not_active", 0},
			{"booth with another cooperative's product", "sonla", "POST", fair(sonla, "/booths"), booth("htx-son-la-a", "a1", "b1"), 400, "invalid_booth_products", 0},
			{"booth with an unpublished product", "sonla", "POST", fair(sonla, "/booths"), booth("htx-son-la-a", "a3"), 400, "invalid_booth_products", 0},
			{"booth without products", "sonla", "POST", fair(sonla, "/booths"), booth("htx-son-la-a"), 400, "product_ids", 0},
			{"booth with a product twice", "sonla", "POST", fair(sonla, "/booths"), booth("htx-son-la-a", "a1", "a1"), 400, "invalid_booth_products", 0},
			{"booth at a place past the end", "sonla", "POST", fair(sonla, "/booths"), map[string]any{"cooperative_id": w.coops["htx-son-la-a"], "product_ids": []int64{w.products["a1"]}, "position": 5}, 400, "out_of_range", 0},

			{"update the fair", "sonla", "PUT", fair(sonla, ""), map[string]any{"title": "Hội chợ OCOP Sơn La 2026", "city": "Sơn La", "starts_on": "2026-12-01", "ends_on": "2026-12-09"}, 200, `"ends_on":"2026-12-09"`, 1},
			{"add a booth", "sonla", "POST", fair(sonla, "/booths"), booth("htx-son-la-a", "a1", "a2"), 201, `"name":"Sản phẩm a2"`, 1},
			{"add the same cooperative again", "sonla", "POST", fair(sonla, "/booths"), booth("htx-son-la-a", "a1"), 409, "booth_exists", 0},
			{"add a booth first", "sonla", "POST", fair(sonla, "/booths"), map[string]any{"cooperative_id": w.coops["htx-son-la-b"], "product_ids": []int64{w.products["b1"]}, "position": 1}, 201, `"position":1,"cooperative":{"id":` + fmt.Sprint(w.coops["htx-son-la-b"]), 1},
			{"national staff see every fair", "national", "GET", fair(sonla, ""), nil, 200, "htx-son-la-b", 0},
			{"publish", "sonla", "POST", fair(sonla, "/publish"), nil, 200, `"status":"published"`, 1},
			{"publish twice", "sonla", "POST", fair(sonla, "/publish"), nil, 409, "invalid_showcase_transition", 0},
			{"archive before the end", "sonla", "POST", fair(sonla, "/archive"), nil, 409, "showcase_not_ended", 0},
			{"unpublish", "sonla", "POST", fair(sonla, "/unpublish"), nil, 200, `"status":"draft"`, 1},
			{"unpublish a draft", "sonla", "POST", fair(sonla, "/unpublish"), nil, 409, "invalid_showcase_transition", 0},
			{"national staff publish", "national", "POST", fair(hanoi, "/publish"), nil, 200, `"status":"published"`, 1},
			{"the province's own list", "sonla", "GET", "/api/v1/staff/showcases", nil, 200, `"total":1`, 0},
			{"the national list", "national", "GET", "/api/v1/staff/showcases?status=draft", nil, 200, `"total":1`, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				audits, fairs, booths := w.count(t, "audit_log"), w.count(t, "showcases"), w.count(t, "showcase_booths")
				r := w.clients[tc.user].Do(tc.method, tc.path, tc.body, "Content-Type", "application/json")
				if r.Status != tc.status || !strings.Contains(r.Raw, tc.code) {
					t.Fatalf("%s %s: %d %s; want %d with %s", tc.method, tc.path, r.Status, r.Raw, tc.status, tc.code)
				}
				if got := w.count(t, "audit_log") - audits; got != tc.audits {
					t.Errorf("%d audit records, want %d", got, tc.audits)
				}
				if r.Status >= 400 && (w.count(t, "showcases") != fairs || w.count(t, "showcase_booths") != booths) {
					t.Error("a refused request changed the fairs")
				}
			})
		}

		// Booths: products, place, removal, by id of this fair only.
		r = w.clients["sonla"].Get(fair(sonla, ""))
		booths := r.Body["booths"].([]any)
		first, second := booths[0].(map[string]any), booths[1].(map[string]any)
		boothB, boothA := int64(first["id"].(float64)), int64(second["id"].(float64))
		for _, tc := range []struct {
			name, user, method, path string
			body                     any
			status                   int
			code                     string
			audits                   int
		}{
			{"booth of another fair", "national", "PUT", fair(hanoi, fmt.Sprintf("/booths/%d", boothA)), map[string]any{"product_ids": []int64{w.products["a2"]}}, 404, "not_found", 0},
			{"another province's booth", "sonla", "DELETE", fair(hanoi, fmt.Sprintf("/booths/%d", boothA)), nil, 404, "not_found", 0},
			{"booth products of another cooperative", "sonla", "PUT", fair(sonla, fmt.Sprintf("/booths/%d", boothA)), map[string]any{"product_ids": []int64{w.products["b1"]}}, 400, "invalid_booth_products", 0},
			{"booth update without anything", "sonla", "PUT", fair(sonla, fmt.Sprintf("/booths/%d", boothA)), map[string]any{}, 400, "product_ids", 0},
			{"booth place of the wrong type", "sonla", "PUT", fair(sonla, fmt.Sprintf("/booths/%d", boothA)), `{"position":"first"}`, 400, "wrong_type", 0},
			{"set a booth's products", "sonla", "PUT", fair(sonla, fmt.Sprintf("/booths/%d", boothA)), map[string]any{"product_ids": []int64{w.products["a2"]}}, 200, `"name":"Sản phẩm a2"`, 1},
			{"move a booth first", "sonla", "PUT", fair(sonla, fmt.Sprintf("/booths/%d", boothA)), map[string]any{"position": 1}, 200, fmt.Sprintf(`"booths":[{"id":%d,"position":1`, boothA), 1},
			{"remove a booth", "sonla", "DELETE", fair(sonla, fmt.Sprintf("/booths/%d", boothB)), nil, 200, fmt.Sprintf(`"booths":[{"id":%d,"position":1`, boothA), 1},
			{"remove it again", "sonla", "DELETE", fair(sonla, fmt.Sprintf("/booths/%d", boothB)), nil, 404, "not_found", 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				audits := w.count(t, "audit_log")
				r := w.clients[tc.user].Do(tc.method, tc.path, tc.body, "Content-Type", "application/json")
				if r.Status != tc.status || !strings.Contains(r.Raw, tc.code) {
					t.Fatalf("%s %s: %d %s; want %d with %s", tc.method, tc.path, r.Status, r.Raw, tc.status, tc.code)
				}
				if got := w.count(t, "audit_log") - audits; got != tc.audits {
					t.Errorf("%d audit records, want %d", got, tc.audits)
				}
			})
		}
		if r := w.clients["sonla"].Get(fair(sonla, "")); strings.Contains(r.Raw, "Sản phẩm a1") || len(r.Body["booths"].([]any)) != 1 {
			t.Errorf("after the booth changes: %s", r.Raw)
		}

		// The banner: a real image is re-encoded and served; anything else is refused.
		for _, tc := range []struct {
			name, user string
			id         int64
			file       []byte
			status     int
			code       string
			audits     int
		}{
			{"not an image", "sonla", sonla, []byte("<svg onload=alert(1)>"), 400, "banner_not_image", 0},
			{"too narrow", "sonla", sonla, bannerPNG(t, 100, 40), 400, "banner_dimensions", 0},
			{"too large", "sonla", sonla, append(bannerPNG(t, 800, 300), make([]byte, 5<<20)...), 400, "banner_too_large", 0},
			{"another province's fair", "sonla", hanoi, bannerPNG(t, 800, 300), 404, "not_found", 0},
			{"a cooperative", "coop", sonla, bannerPNG(t, 800, 300), 403, "forbidden", 0},
			{"a banner", "sonla", sonla, bannerPNG(t, 800, 300), 200, `"banner_url":"/hoi-cho/hoi-cho-ocop-son-la/anh/`, 1},
		} {
			t.Run("banner: "+tc.name, func(t *testing.T) {
				audits := w.count(t, "audit_log")
				c := w.clients[tc.user]
				body, ctype := multipartBanner(t, tc.file)
				r := c.Do("POST", fair(tc.id, "/banner"), body, "Content-Type", ctype, "X-CSRF-Token", apptest.CSRF(t, c.Page("/gio-hang", http.StatusOK)))
				if r.Status != tc.status || !strings.Contains(r.Raw, tc.code) {
					t.Fatalf("%d %s; want %d with %s", r.Status, r.Raw, tc.status, tc.code)
				}
				if got := w.count(t, "audit_log") - audits; got != tc.audits {
					t.Errorf("%d audit records, want %d", got, tc.audits)
				}
				if tc.status == http.StatusOK {
					img := w.clients[""].Get(r.Body["banner_url"].(string))
					if img.Status != http.StatusOK || img.Header.Get("Content-Type") != "image/png" {
						t.Errorf("the banner: %d %s", img.Status, img.Header.Get("Content-Type"))
					}
				}
			})
		}
		if r := w.clients[""].Get("/hoi-cho/hoi-cho-ocop-son-la/anh/0000000000000000.png"); r.Status != http.StatusNotFound {
			t.Errorf("a banner of another digest: %d", r.Status)
		}

		// A fair that has ended can be archived, once.
		w.a.Exec("UPDATE showcases SET starts_on = ?, ends_on = ? WHERE id = ?", "2020-01-01", "2020-01-05", hanoi)
		r = w.clients["national"].Do("POST", fair(hanoi, "/archive"), nil)
		apptest.Expect(t, "archive an ended fair", r, http.StatusOK)
		apptest.Expect(t, "archive twice", w.clients["national"].Do("POST", fair(hanoi, "/archive"), nil), http.StatusConflict, "invalid_showcase_transition")
	})
}

// The staff's fair pages: the login redirect, 403 for other roles, 404
// for another province's fair; forms that work without JavaScript, with
// what to fix on refused input and one audit record per change.
func TestStaffFairPages(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newFairWorld(t, b)
		hanoi := w.create(t, "national", map[string]any{"title": "Hội chợ Hà Nội", "starts_on": "2026-12-01", "ends_on": "2026-12-07",
			"province": "ha-noi"})
		r := w.clients[""].Get("/xuc-tien/hoi-cho")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=%2Fxuc-tien%2Fhoi-cho") {
			t.Fatalf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
		}
		for _, who := range []string{"shopper", "coop"} {
			w.clients[who].Page("/xuc-tien/hoi-cho", http.StatusForbidden)
			w.clients[who].Page(fmt.Sprintf("/xuc-tien/hoi-cho/%d", hanoi), http.StatusForbidden)
		}
		c := w.clients["sonla"]
		c.Page(fmt.Sprintf("/xuc-tien/hoi-cho/%d", hanoi), http.StatusNotFound)
		c.Page(fmt.Sprintf("/xuc-tien/hoi-cho/%d/sua", hanoi), http.StatusNotFound)
		c.Page(fmt.Sprintf("/xuc-tien/hoi-cho/%d/xem-truoc", hanoi), http.StatusNotFound)

		page := c.Page("/xuc-tien/hoi-cho/moi", http.StatusOK)
		csrf := apptest.CSRF(t, page)
		if strings.Contains(page, `name="province"`) {
			t.Error("a province's staff are offered another organising province")
		}
		post := func(who, path string, form url.Values) apptest.Response {
			form.Set("_csrf", csrf)
			return w.clients[who].PostForm(path, form)
		}
		audits := w.count(t, "audit_log")
		r = post("sonla", "/xuc-tien/hoi-cho", url.Values{"title": {""}, "starts_on": {"2026-12-05"}, "ends_on": {"2026-12-01"}})
		apptest.Expect(t, "a form to fix", r, http.StatusBadRequest)
		apptest.Contains(t, "what to fix", r.Raw, "Vui lòng điền thông tin này", "Ngày kết thúc không được trước ngày bắt đầu", `aria-invalid="true"`)
		if w.count(t, "audit_log") != audits || w.count(t, "showcases") != 1 {
			t.Fatal("a refused form changed something")
		}
		r = post("sonla", "/xuc-tien/hoi-cho", url.Values{"title": {"Hội chợ Mộc Châu"}, "city": {"son la"}, "starts_on": {"2026-12-01"}, "ends_on": {"2026-12-09"}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/xuc-tien/hoi-cho/") {
			t.Fatalf("create: %d %s", r.Status, r.Header.Get("Location"))
		}
		fairPage := r.Header.Get("Location")
		page = c.Page(fairPage, http.StatusOK)
		apptest.Contains(t, "the new fair", page, "Hội chợ Mộc Châu", "Sơn La", "Đã tạo hội chợ", `name="_csrf"`)
		if strings.Contains(page, "HTX htx-ha-noi") {
			t.Error("a province's staff are offered another province's cooperative")
		}
		page = c.Page(fairPage+"?coop="+fmt.Sprint(w.coops["htx-son-la-a"]), http.StatusOK)
		apptest.Contains(t, "the cooperative's products", page, "Sản phẩm a1", "Sản phẩm a2")
		if strings.Contains(page, "Sản phẩm a3") {
			t.Error("an unpublished product is offered for a booth")
		}
		for _, coop := range []string{"htx-son-la-a", "htx-son-la-b"} {
			form := url.Values{"cooperative_id": {fmt.Sprint(w.coops[coop])}}
			for p, id := range w.products {
				if strings.HasPrefix(p, strings.TrimPrefix(coop, "htx-son-la-")) && p != "a3" {
					form.Add("product_id", fmt.Sprint(id))
				}
			}
			r = post("sonla", fairPage+"/gian-hang", form)
			apptest.Expect(t, "add the booth of "+coop, r, http.StatusSeeOther)
		}
		r = post("sonla", fairPage+"/gian-hang", url.Values{"cooperative_id": {fmt.Sprint(w.coops["htx-ha-noi"])}, "product_id": {fmt.Sprint(w.products["h1"])}})
		apptest.Expect(t, "a booth of another province's cooperative", r, http.StatusBadRequest)
		apptest.Contains(t, "why", r.Raw, "Chọn một hợp tác xã của tỉnh bạn phụ trách")
		if got := w.count(t, "audit_log") - audits; got != 3 {
			t.Errorf("%d audit records after creating the fair and two booths, want 3", got)
		}
		var boothA, boothB int64
		if err := w.a.DB.Get(&boothA, w.a.DB.Rebind("SELECT id FROM showcase_booths WHERE cooperative_id = ?"), w.coops["htx-son-la-a"]); err != nil {
			t.Fatal(err)
		}
		if err := w.a.DB.Get(&boothB, w.a.DB.Rebind("SELECT id FROM showcase_booths WHERE cooperative_id = ?"), w.coops["htx-son-la-b"]); err != nil {
			t.Fatal(err)
		}
		r = post("sonla", fmt.Sprintf("%s/gian-hang/%d/di-chuyen", fairPage, boothB), url.Values{"dir": {"up"}})
		apptest.Expect(t, "move a booth up", r, http.StatusSeeOther)
		page = c.Page(fairPage, http.StatusOK)
		apptest.Contains(t, "the booth moved up", page, "1. HTX htx-son-la-b", "2. HTX htx-son-la-a")
		r = post("sonla", fmt.Sprintf("%s/gian-hang/%d", fairPage, boothA), url.Values{"product_id": {fmt.Sprint(w.products["a2"])}})
		apptest.Expect(t, "set a booth's products", r, http.StatusSeeOther)
		r = post("sonla", fmt.Sprintf("/xuc-tien/hoi-cho/%d/gian-hang/%d/xoa", hanoi, boothA), url.Values{})
		apptest.Expect(t, "remove a booth through another province's fair", r, http.StatusNotFound)

		poster := c.Page(fmt.Sprintf("%s/gian-hang/%d/ap-phich", fairPage, boothA), http.StatusOK)
		apptest.Contains(t, "the poster", poster, "data:image/png;base64,", apptest.BaseURL+"/hoi-cho/hoi-cho-moc-chau?gian="+fmt.Sprint(boothA),
			"HTX htx-son-la-a", `class="poster-qr"`)
		c.Page(fmt.Sprintf("/xuc-tien/hoi-cho/%d/gian-hang/%d/ap-phich", hanoi, boothA), http.StatusNotFound)

		preview := c.Page(fairPage+"/xem-truoc", http.StatusOK)
		apptest.Contains(t, "the preview of a draft", preview, "Hội chợ Mộc Châu", "Sản phẩm a2", "Sản phẩm b1")
		r = post("sonla", fairPage+"/trang-thai", url.Values{"action": {"publish"}})
		apptest.Expect(t, "publish", r, http.StatusSeeOther)
		r = post("sonla", fairPage+"/trang-thai", url.Values{"action": {"archive"}})
		apptest.Expect(t, "archive a running fair", r, http.StatusConflict)
		r = post("sonla", fmt.Sprintf("/xuc-tien/hoi-cho/%d/trang-thai", hanoi), url.Values{"action": {"publish"}})
		apptest.Expect(t, "publish another province's fair", r, http.StatusNotFound)
		r = post("sonla", fmt.Sprintf("%s/gian-hang/%d/xoa", fairPage, boothB), url.Values{})
		apptest.Expect(t, "remove a booth", r, http.StatusSeeOther)
		r = post("sonla", fairPage+"/sua", url.Values{"title": {"Hội chợ Mộc Châu 2026"}, "starts_on": {"2026-12-01"}, "ends_on": {"2026-12-10"}})
		apptest.Expect(t, "edit", r, http.StatusSeeOther)
		if got := w.count(t, "audit_log") - audits; got != 8 {
			t.Errorf("%d audit records, want 8: create, 2 booths, move, products, publish, removal, edit", got)
		}
		page = c.Page("/xuc-tien/hoi-cho?status=published&lang=en", http.StatusOK)
		apptest.Contains(t, "the list in English", page, "Hội chợ Mộc Châu 2026", "Published")
		if strings.Contains(page, "Hội chợ Hà Nội") {
			t.Error("a province's staff see another province's fair in the list")
		}
		page = w.clients["national"].Page("/xuc-tien/hoi-cho", http.StatusOK)
		apptest.Contains(t, "national staff see every fair", page, "Hội chợ Hà Nội", "Hội chợ Mộc Châu 2026")
		c.Page("/xuc-tien/hoi-cho?status=lost", http.StatusBadRequest)
	})
}
