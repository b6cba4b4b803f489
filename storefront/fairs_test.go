package storefront_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

// fairShop is a shop with Sơn La cooperatives, one fair running today, one
// coming, one past and one draft.
type fairShop struct {
	*apptest.App
	coops    map[string]int64
	products map[string]int64
	fairs    map[string]int64
}

func newFairShop(t *testing.T, b apptest.Backend) *fairShop {
	t.Helper()
	ctx := context.Background()
	s := &fairShop{App: apptest.New(t, b, apptest.Options{}), coops: map[string]int64{}, products: map[string]int64{}, fairs: map[string]int64{}}
	for _, slug := range []string{"htx-bich-thao", "htx-ho-quynh", "htx-moc-chau"} {
		co := &catalog.Cooperative{Slug: slug, Name: "HTX " + slug, Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive,
			BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX", ShippingFeeVND: 30000}
		if err := s.Catalog.CreateCooperative(ctx, s.DB, co); err != nil {
			t.Fatal(err)
		}
		s.coops[slug] = co.ID
		for _, p := range []string{"1", "2"} {
			id, err := s.Catalog.CreateProduct(ctx, s.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe",
				Slug: slug + "-" + p, Name: "Sản phẩm " + slug + " " + p, PriceVND: 100000, Unit: "gói", Stock: 50, Published: true,
				ProvinceSlug: "son-la"})
			if err != nil {
				t.Fatal(err)
			}
			s.products[slug+"-"+p] = id
		}
	}
	today := db.NewDate(time.Now().In(format.Vietnam()))
	for _, f := range []struct {
		slug, status string
		from, to     int
	}{
		{"hoi-cho-son-la", "published", -2, 3},
		{"hoi-cho-sap-toi", "published", 10, 12},
		{"hoi-cho-da-qua", "published", -20, -15},
		{"hoi-cho-nhap", "draft", -1, 1},
		{"hoi-cho-luu-tru", "archived", -30, -28},
	} {
		var id int64
		if err := s.DB.Get(&id, s.DB.Rebind(`INSERT INTO showcases (slug, title, city, venue, starts_on, ends_on, status, province_slug,
			created_at, updated_at) VALUES (?, ?, 'Sơn La', 'Quảng trường Tây Bắc', ?, ?, ?, 'son-la', ?, ?) RETURNING id`),
			f.slug, "Tiêu đề "+f.slug, db.Date{Time: today.AddDate(0, 0, f.from)}, db.Date{Time: today.AddDate(0, 0, f.to)}, f.status,
			time.Now(), time.Now()); err != nil {
			t.Fatal(err)
		}
		s.fairs[f.slug] = id
		for i, coop := range []string{"htx-bich-thao", "htx-ho-quynh", "htx-moc-chau"} {
			var booth int64
			if err := s.DB.Get(&booth, s.DB.Rebind(`INSERT INTO showcase_booths (showcase_id, cooperative_id, position) VALUES (?, ?, ?) RETURNING id`),
				id, s.coops[coop], i+1); err != nil {
				t.Fatal(err)
			}
			for j, p := range []string{"-1", "-2"} {
				s.Exec("INSERT INTO showcase_booth_products (booth_id, product_id, position) VALUES (?, ?, ?)", booth, s.products[coop+p], j)
			}
		}
	}
	return s
}

func (s *fairShop) booth(t *testing.T, fair, coop string) int64 {
	t.Helper()
	var id int64
	if err := s.DB.Get(&id, s.DB.Rebind("SELECT id FROM showcase_booths WHERE showcase_id = ? AND cooperative_id = ?"), s.fairs[fair], s.coops[coop]); err != nil {
		t.Fatal(err)
	}
	return id
}

// The public fair pages and their API: published fairs that have not ended
// only; a suspended cooperative's booth and an unpublished product no
// longer show; ?gian= opens one booth.
func TestPublicFairs(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		s := newFairShop(t, b)
		c := s.Client()
		r := c.Get("/api/v1/showcases")
		apptest.Expect(t, "the fairs", r, http.StatusOK)
		if !strings.Contains(r.Raw, "hoi-cho-son-la") || !strings.Contains(r.Raw, "hoi-cho-sap-toi") || strings.Contains(r.Raw, "hoi-cho-da-qua") ||
			strings.Contains(r.Raw, "hoi-cho-nhap") || strings.Contains(r.Raw, "hoi-cho-luu-tru") || num(r.Body["total"]) != 2 {
			t.Errorf("running and coming fairs only: %s", r.Raw)
		}
		if r := c.Get("/api/v1/showcases?per_page=1&page=2"); !strings.Contains(r.Raw, "hoi-cho-sap-toi") || strings.Contains(r.Raw, `"slug":"hoi-cho-son-la"`) {
			t.Errorf("the second page of one fair: %s", r.Raw)
		}
		apptest.Expect(t, "a bad page", c.Get("/api/v1/showcases?page=0"), http.StatusBadRequest)
		for _, slug := range []string{"hoi-cho-nhap", "hoi-cho-luu-tru", "khong-co", "Not_A_Slug"} {
			apptest.Expect(t, "the API of "+slug, c.Get("/api/v1/showcases/"+slug), http.StatusNotFound, "not_found")
			c.Page("/hoi-cho/"+slug, http.StatusNotFound)
		}
		s.Exec("UPDATE cooperatives SET status = 'suspended' WHERE id = ?", s.coops["htx-moc-chau"])
		s.Exec("UPDATE products SET published = FALSE WHERE id = ?", s.products["htx-ho-quynh-2"])
		r = c.Get("/api/v1/showcases/hoi-cho-son-la")
		apptest.Expect(t, "the running fair", r, http.StatusOK)
		if booths := r.Body["booths"].([]any); len(booths) != 2 || strings.Contains(r.Raw, "htx-moc-chau") || strings.Contains(r.Raw, "htx-ho-quynh-2") ||
			!strings.Contains(r.Raw, "htx-ho-quynh-1") {
			t.Errorf("the suspended cooperative's booth and the unpublished product must not show: %s", r.Raw)
		}
		page := c.Page("/hoi-cho", http.StatusOK)
		apptest.Contains(t, "the fairs page", page, "Tiêu đề hoi-cho-son-la", "Tiêu đề hoi-cho-sap-toi", `href="/hoi-cho/hoi-cho-son-la"`)
		if strings.Contains(page, "hoi-cho-da-qua") || strings.Contains(page, "hoi-cho-nhap") {
			t.Error("the fairs page lists a past or draft fair")
		}
		open := s.booth(t, "hoi-cho-son-la", "htx-ho-quynh")
		page = c.Page(fmt.Sprintf("/hoi-cho/hoi-cho-son-la?gian=%d", open), http.StatusOK)
		apptest.Contains(t, "the fair page", page, "Quảng trường Tây Bắc", fmt.Sprintf(`class="booth booth-open" id="gian-%d"`, open),
			`href="/san-pham/htx-bich-thao-1"`)
		if strings.Index(page, "HTX htx-ho-quynh") > strings.Index(page, "HTX htx-bich-thao") {
			t.Error("the booth of ?gian= is not shown first")
		}
		c.Page("/hoi-cho/hoi-cho-son-la?gian=abc&lang=en", http.StatusOK)
	})
}

// Opening a fair's page counts a visit of the day, and a checkout after it
// is credited to the fair; one without is not.
func TestFairVisitsAndAttribution(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		s := newFairShop(t, b)
		fair := s.fairs["hoi-cho-son-la"]
		visitor := s.Client()
		visitor.Page("/hoi-cho/hoi-cho-son-la", http.StatusOK)
		visitor.Page("/hoi-cho/hoi-cho-son-la", http.StatusOK)
		var visits int64
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if err := s.DB.Get(&visits, s.DB.Rebind("SELECT COALESCE(SUM(visits), 0) FROM showcase_visits WHERE showcase_id = ?"), fair); err != nil {
				t.Fatal(err)
			}
			if visits == 2 {
				break
			}
		}
		if visits != 2 {
			t.Errorf("%d visits counted, want 2", visits)
		}
		if visitor.Cookie("ocop_fair") != fmt.Sprint(fair) {
			t.Fatalf("the fair page did not remember the fair: %q", visitor.Cookie("ocop_fair"))
		}
		checkout := func(c *apptest.Client, key string) string {
			t.Helper()
			apptest.Expect(t, "add to cart", c.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": s.products["htx-bich-thao-1"], "quantity": 1}), http.StatusOK)
			r := c.Do("POST", "/api/v1/checkout", map[string]any{"name": "Nguyễn Thị Lan", "phone": "0912 345 678",
				"address": map[string]any{"line": "12 Lê Lợi", "ward": "Phường Tô Hiệu", "province": "Sơn La"}, "payment_method": "cod"},
				"Idempotency-Key", key)
			apptest.Expect(t, "checkout", r, http.StatusCreated)
			return r.Body["orders"].([]any)[0].(map[string]any)["code"].(string)
		}
		showcaseOf := func(code string) sql.NullInt64 {
			var id sql.NullInt64
			if err := s.DB.Get(&id, s.DB.Rebind("SELECT showcase_id FROM orders WHERE code = ?"), code); err != nil {
				t.Fatal(err)
			}
			return id
		}
		if got := showcaseOf(checkout(visitor, "k-fair")); got.Int64 != fair {
			t.Errorf("the order after the fair page is credited to %v, want %d", got, fair)
		}
		if got := showcaseOf(checkout(s.Client(), "k-none")); got.Valid {
			t.Errorf("an order without the fair page is credited to %v", got)
		}
		forged := s.Client()
		forged.SetCookie("ocop_fair", fmt.Sprint(s.fairs["hoi-cho-nhap"]))
		if got := showcaseOf(checkout(forged, "k-draft")); got.Valid {
			t.Errorf("an order through a draft fair is credited to %v", got)
		}

		// The checkout pages credit the fair as the API does.
		shopper := s.Client()
		shopper.Page("/hoi-cho/hoi-cho-son-la", http.StatusOK)
		apptest.Expect(t, "add to cart", shopper.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": s.products["htx-ho-quynh-1"], "quantity": 2}), http.StatusOK)
		review := shopper.PostForm("/thanh-toan", checkoutFields(apptest.CSRF(t, shopper.Page("/thanh-toan", http.StatusOK))))
		apptest.Expect(t, "review", review, http.StatusOK)
		r := shopper.PostForm("/thanh-toan/xac-nhan", hidden(t, review.Raw, `action="/thanh-toan/xac-nhan"`))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("confirm: %d", r.Status)
		}
		group, _, _ := strings.Cut(strings.TrimPrefix(r.Header.Get("Location"), "/don-hang/"), "?")
		var credited int64
		if err := s.DB.Get(&credited, s.DB.Rebind(`SELECT COUNT(*) FROM orders o JOIN order_groups g ON g.id = o.group_id
			WHERE g.code = ? AND o.showcase_id = ?`), group, fair); err != nil || credited != 1 {
			t.Errorf("the order of the checkout pages after the fair page: %d credited, %v", credited, err)
		}
		r = s.Client().Get("/xuc-tien/hoi-cho")
		apptest.Expect(t, "the staff pages need a login", r, http.StatusSeeOther)
	})
}

// The home page shows the fair running today, not a past or coming one;
// the province portal and its JSON twin show the province's cooperatives,
// products and fairs, and the cooperative page links to it.
func TestHomeFairAndProvincePortal(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		s := newFairShop(t, b)
		c := s.Client()
		page := c.Page("/", http.StatusOK)
		apptest.Contains(t, "the home page", page, "Tiêu đề hoi-cho-son-la", `href="/hoi-cho/hoi-cho-son-la"`)
		for _, other := range []string{"hoi-cho-da-qua", "hoi-cho-sap-toi", "hoi-cho-nhap"} {
			if strings.Contains(page, other) {
				t.Errorf("the home page shows %s", other)
			}
		}
		r := c.Get("/api/v1/provinces/son-la")
		apptest.Expect(t, "the portal's API", r, http.StatusOK)
		if len(r.Body["cooperatives"].([]any)) != 3 || len(r.Body["products"].([]any)) != 6 || len(r.Body["showcases"].([]any)) != 2 ||
			r.Body["province"].(map[string]any)["name"] != "Sơn La" {
			t.Errorf("the Sơn La portal: %s", r.Raw)
		}
		apptest.Expect(t, "an unknown province", c.Get("/api/v1/provinces/atlantis"), http.StatusNotFound, "not_found")
		page = c.Page("/tinh/son-la", http.StatusOK)
		apptest.Contains(t, "the portal", page, "Sơn La", "HTX htx-bich-thao", "Sản phẩm htx-moc-chau 2", "Tiêu đề hoi-cho-sap-toi")
		c.Page("/tinh/atlantis", http.StatusNotFound)
		c.Page("/tinh/son-la?lang=en", http.StatusOK)
		page = c.Page("/hop-tac-xa/htx-bich-thao", http.StatusOK)
		apptest.Contains(t, "the cooperative page", page, `href="/tinh/son-la"`)
		page = c.Page("/san-pham?province=son-la", http.StatusOK)
		apptest.Contains(t, "the product listing", page, `href="/tinh/son-la"`)
	})
}
