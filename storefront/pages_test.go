package storefront_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
)

// today is the fixed day of the tests: certificates issued in 2025 hold,
// one issued in 2021 has expired.
var testNow = func() time.Time { return time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC) }

const xssName = `<script>alert(1)</script>`

// fixture is a small catalog: two active cooperatives and a pending one,
// products with a verified, an expired, a pending and a rejected
// certificate, and a product whose name is markup.
func fixture(t *testing.T, d *db.DB, cat *catalog.Store) {
	t.Helper()
	ctx := context.Background()
	coop := func(slug, name, province string) int64 {
		c := &catalog.Cooperative{Slug: slug, Name: name, Province: catalog.NamedSlug{Slug: province}, Ward: "Xã Chiềng Mung",
			Address: "Bản Mé", Representative: "Lò Thị Thao", Phone: "0212 3856 888", Status: catalog.CoopActive,
			Description: "Hợp tác xã trồng và chế biến cà phê Arabica.", FoundedYear: sql.NullInt64{Int64: 2012, Valid: true}}
		if slug == "htx-cho-duyet" {
			c.Status = catalog.CoopPending
		}
		if err := cat.CreateCooperative(ctx, d, c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	bichThao := coop("htx-ca-phe-bich-thao", "HTX Cà phê Bích Thao", "son-la")
	hoQuynh := coop("htx-thuy-san-ho-quynh", "HTX Thủy sản Hồ Quỳnh", "tuyen-quang")
	pending := coop("htx-cho-duyet", "HTX Chờ Duyệt", "ha-noi")

	gi := &catalog.GeographicalIndication{Slug: "ca-phe-son-la", Name: "Cà phê Sơn La", ProvinceSlug: "son-la", CertificateNo: "00064"}
	if err := cat.CreateGeographicalIndication(ctx, d, gi); err != nil {
		t.Fatal(err)
	}
	base := testNow().Add(-30 * 24 * time.Hour)
	n := 0
	product := func(coopID int64, slug, name, category, province string, price int64, stock int, giID *int64) int64 {
		n++
		id, err := cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: coopID, CategorySlug: category, Slug: slug, Name: name,
			Description: "Sản phẩm " + name + " của hợp tác xã.", PriceVND: price, Unit: "gói 500g", Stock: stock, Published: true,
			ProvinceSlug: province, Ward: "Xã Chiềng Mung", GIID: giID, TraceCode: "SL-" + slug, CreatedAt: base.Add(time.Duration(n) * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	cert := func(productID int64, stars int, status, decision string, issued db.Date) {
		c := &catalog.Certificate{ProductID: productID, Stars: stars, DecisionNo: decision, IssuedBy: "Bộ Nông nghiệp và Môi trường",
			IssuedOn: issued, Status: status}
		if err := cat.AddCertificate(ctx, d, c); err != nil {
			t.Fatal(err)
		}
	}
	day := func(s string) db.Date {
		v, err := db.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	coffee := product(bichThao, "ca-phe-bot-arabica", "Cà phê bột Arabica Bích Thao", "ca-phe", "son-la", 1_250_000, 40, &gi.ID)
	cert(coffee, 5, catalog.CertVerified, "2361/QĐ-BNNMT", day("2025-06-26"))
	if _, err := cat.AddImage(ctx, d, coffee, "image/svg+xml", "Gói cà phê bột Arabica", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)); err != nil {
		t.Fatal(err)
	}
	if err := cat.SetCertification(ctx, d, coffee, "vietgap", "VietGAP-TT-13-09-68-0096", day("2027-03-01")); err != nil {
		t.Fatal(err)
	}
	tea := product(bichThao, "tra-hoa-ca-phe", "Trà hoa cà phê", "che", "son-la", 95_000, 0, nil)
	cert(tea, 4, catalog.CertVerified, "1111/QĐ-UBND-EXPIRED", day("2021-01-10")) // expired on 10/01/2024
	honey := product(bichThao, "mat-ong-hoa-ca-phe", "Mật ong hoa cà phê", "mat-ong", "son-la", 180_000, 12, nil)
	cert(honey, 4, catalog.CertPending, "2222/QĐ-UBND-PENDING", day("2025-09-01"))
	fish := product(hoQuynh, "ca-lang-say-kho", "Cá lăng sấy khô", "thuc-pham-che-bien", "tuyen-quang", 450_000, 8, nil)
	cert(fish, 3, catalog.CertRejected, "3333/QĐ-UBND-REJECTED", day("2025-05-01"))
	chaCa := product(hoQuynh, "cha-ca-lang", "Chả cá lăng", "thuc-pham-che-bien", "tuyen-quang", 220_000, 5, nil)
	cert(chaCa, 3, catalog.CertVerified, "4444/QĐ-UBND", day("2024-12-01"))
	product(hoQuynh, "xss-product", xssName, "thuc-pham-che-bien", "tuyen-quang", 10_000, 1, nil)
	product(pending, "hidden-product", "Sản phẩm chưa duyệt", "ca-phe", "ha-noi", 10_000, 1, nil)
}

// catalogApp is the whole app over the fixture, its search index built.
func catalogApp(t *testing.T, b apptest.Backend) *apptest.App {
	t.Helper()
	a := apptest.New(t, b, apptest.Options{})
	fixture(t, a.DB, a.Catalog)
	if err := a.Indexer.Reindex(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return a
}

// reply is an answer to a GET without cookies.
type reply struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, app *fiber.App, target string, headers ...string) reply {
	t.Helper()
	r := apptest.NewClient(t, app).Get(target, headers...)
	return reply{status: r.Status, header: r.Header, body: r.Raw}
}

func (r reply) has(t *testing.T, target string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.body, w) {
			t.Errorf("GET %s: body lacks %q", target, w)
		}
	}
}

func (r reply) lacks(t *testing.T, target string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(r.body, w) {
			t.Errorf("GET %s: body has %q", target, w)
		}
	}
}

func TestPages(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		app := catalogApp(t, b).Fiber()
		tests := []struct {
			target string
			status int
			want   []string
			not    []string
		}{
			// Home: hero, 5★ products, the six groups, provinces with products, newest.
			{"/", 200, []string{`<html lang="vi">`, "OCOP Market", "Mua tận gốc sản phẩm OCOP", "Sản phẩm OCOP 5 sao",
				"Cà phê bột Arabica Bích Thao", "Thủ công mỹ nghệ", "Dịch vụ du lịch cộng đồng", "Sơn La", "Tuyên Quang",
				"Sản phẩm mới", "Chả cá lăng", "1.250.000 ₫", `href="/san-pham?category=duoc-lieu"`, `action="/san-pham"`,
				`<label for="search-q"`, "Tiếng Việt", "English", "Mỗi xã một sản phẩm"},
				[]string{"Sản phẩm chưa duyệt", "Hà Nội <span"}},
			{"/?lang=en", 200, []string{`<html lang="en">`, "Buy OCOP products straight from", "5-star OCOP products",
				"Food", "Handicrafts", "Community and eco-tourism", "Shop by province", "One Commune One Product"},
				[]string{"Mua tận gốc"}},
			// Listing.
			{"/san-pham", 200, []string{"6 sản phẩm", "Cà phê bột Arabica Bích Thao", "Cá lăng sấy khô", "Bộ lọc",
				`name="province" value="son-la"`, "Từ 3 sao", "Khoảng giá", `<select id="f-sort" name="sort" form="filters">`},
				[]string{"Sản phẩm chưa duyệt"}},
			{"/san-pham?lang=en", 200, []string{"6 products", "Filters", "3 stars and up", "Price range", "Coffee and cocoa"}, nil},
			{"/san-pham?province=son-la", 200, []string{"3 sản phẩm", "Trà hoa cà phê", `class="chip"`},
				[]string{"Cá lăng sấy khô"}},
			{"/san-pham?stars=5", 200, []string{"1 sản phẩm", "Cà phê bột Arabica Bích Thao"}, []string{"Chả cá lăng", "Trà hoa cà phê"}},
			{"/san-pham?stars=3", 200, []string{"2 sản phẩm", "Chả cá lăng"}, []string{"Cá lăng sấy khô", "Mật ong hoa"}},
			{"/san-pham?category=thuc-pham-che-bien&max_price=300000", 200, []string{"2 sản phẩm", "Chả cá lăng", "Đến 300.000 ₫"},
				[]string{"Cá lăng sấy khô"}},
			{"/san-pham?category=thuc-pham", 200, []string{"6 sản phẩm"}, nil},
			{"/san-pham?cooperative=htx-thuy-san-ho-quynh&min_price=200000", 200, []string{"2 sản phẩm", "Từ 200.000 ₫"}, []string{"Trà hoa"}},
			{"/san-pham?certification=vietgap", 200, []string{"1 sản phẩm", "Cà phê bột"}, nil},
			{"/san-pham?q=mat+ong", 200, []string{"Kết quả cho “mat ong”", "Mật ong hoa cà phê", `value="mat ong"`}, []string{"Chả cá"}},
			{"/san-pham?per_page=2&page=2", 200, []string{`aria-current="page"`, `rel="prev"`, `rel="next"`, "page=3&amp;per_page=2"}, nil},
			{"/san-pham?province=ha-noi", 200, []string{"0 sản phẩm", "Không có sản phẩm nào khớp"}, nil},
			// Product page with a verified, unexpired certificate.
			{"/san-pham/ca-phe-bot-arabica", 200, []string{"Cà phê bột Arabica Bích Thao", "1.250.000 ₫", "gói 500g", "Còn hàng (40)",
				`class="ocop-badge"`, "2361/QĐ-BNNMT", "Bộ Nông nghiệp và Môi trường", "Có hiệu lực đến 26/06/2028", "ngày 26/06/2025",
				"Cà phê Sơn La", "00064", "Xã Chiềng Mung", "VietGAP-TT-13-09-68-0096", "SL-ca-phe-bot-arabica",
				`href="/hop-tac-xa/htx-ca-phe-bich-thao"`, `alt="Gói cà phê bột Arabica"`}, nil},
			{"/san-pham/ca-phe-bot-arabica?lang=en", 200, []string{"Valid until 26/06/2028", "Verified 5-star OCOP product", "Origin",
				"Geographical indication", "Certificate No. 00064", "Coffee and cocoa", "In stock (40)"}, nil},
			// Expired, pending and rejected certificates show no stars.
			{"/san-pham/tra-hoa-ca-phe", 200, []string{"Trà hoa cà phê", "Hết hàng"}, []string{`class="ocop-badge"`, "1111/QĐ", "ocop-pill"}},
			{"/san-pham/mat-ong-hoa-ca-phe", 200, []string{"Mật ong hoa cà phê"}, []string{`class="ocop-badge"`, "2222/QĐ"}},
			{"/san-pham/ca-lang-say-kho", 200, []string{"Cá lăng sấy khô"}, []string{`class="ocop-badge"`, "3333/QĐ"}},
			{"/san-pham/cha-ca-lang", 200, []string{`class="ocop-badge"`, "4444/QĐ-UBND", "Có hiệu lực đến 01/12/2027",
				"Sản phẩm cùng loại", "Cá lăng sấy khô"}, nil},
			// Cooperatives.
			{"/hop-tac-xa", 200, []string{"2 hợp tác xã", "HTX Cà phê Bích Thao", "HTX Thủy sản Hồ Quỳnh", `<label for="c-province">`},
				[]string{"HTX Chờ Duyệt"}},
			{"/hop-tac-xa?province=son-la", 200, []string{"1 hợp tác xã", "HTX Cà phê Bích Thao"}, []string{"HTX Thủy sản Hồ Quỳnh</a>"}},
			{"/hop-tac-xa?lang=en", 200, []string{"2 cooperatives", "All provinces"}, nil},
			{"/hop-tac-xa/htx-ca-phe-bich-thao", 200, []string{"HTX Cà phê Bích Thao", "Lò Thị Thao", "0212 3856 888", "Bản Mé",
				"Năm thành lập", "2012", "Sơn La", "3 sản phẩm", "Cà phê bột Arabica Bích Thao"}, []string{"Chả cá lăng"}},
			{"/hop-tac-xa/htx-ca-phe-bich-thao?lang=en", 200, []string{"Representative", "Founded", "3 products"}, nil},
			// Not found.
			{"/san-pham/khong-co", 404, []string{"Không tìm thấy trang", `<html lang="vi">`, "Về trang chủ", `href="/san-pham?category=thuc-pham"`}, nil},
			{"/san-pham/hidden-product", 404, []string{"Không tìm thấy trang"}, nil},
			{"/san-pham/Bad_Slug", 404, []string{"Không tìm thấy trang"}, nil},
			{"/hop-tac-xa/khong-co", 404, []string{"Không tìm thấy trang"}, nil},
			{"/hop-tac-xa/htx-cho-duyet", 404, []string{"Không tìm thấy trang"}, nil},
			{"/khong/co/trang/nay?lang=en", 404, []string{"Page not found", `<html lang="en">`}, nil},
			// Bad query values: a 400 page saying what is wrong.
			{"/san-pham?page=-1", 400, []string{"Yêu cầu chưa hợp lệ", "<code>page</code>", "Hãy nhập số từ 1 đến 416."}, nil},
			{"/san-pham?page=1001", 400, []string{"<code>page</code>", "Hãy nhập số từ 1 đến 416."}, nil},
			{"/san-pham?page=101&per_page=100&lang=en", 400, []string{"<code>page</code>", "Enter a number from 1 to 100."}, nil},
			{"/san-pham?stars=9", 400, []string{"<code>stars</code>", "Hãy nhập số từ 3 đến 5."}, nil},
			{"/san-pham?min_price=abc", 400, []string{"<code>min_price</code>", "Hãy nhập một số nguyên."}, nil},
			{"/san-pham?per_page=100000&lang=en", 400, []string{"Something in the request is not right", "<code>per_page</code>"}, nil},
			{"/san-pham?sort=cheapest", 400, []string{"<code>sort</code>"}, nil},
			{"/hop-tac-xa?province=S%C6%A1n+La", 400, []string{"<code>province</code>"}, nil},
			{"/hop-tac-xa/htx-ca-phe-bich-thao?page=0", 400, []string{"<code>page</code>"}, nil},
		}
		for _, tt := range tests {
			r := get(t, app, tt.target)
			if r.status != tt.status {
				t.Errorf("GET %s: status %d, want %d", tt.target, r.status, tt.status)
			}
			if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("GET %s: Content-Type %q", tt.target, ct)
			}
			r.has(t, tt.target, tt.want...)
			r.lacks(t, tt.target, tt.not...)
			r.lacks(t, tt.target, "style=", "<script>alert", "onclick", "javascript:")
		}
	})
}

func TestEscapesDatabaseText(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		app := catalogApp(t, b).Fiber()
		for _, target := range []string{"/san-pham/xss-product", "/san-pham", "/hop-tac-xa/htx-thuy-san-ho-quynh", "/",
			"/san-pham?q=" + url.QueryEscape(xssName)} {
			r := get(t, app, target)
			if r.status != 200 {
				t.Fatalf("GET %s: status %d", target, r.status)
			}
			r.lacks(t, target, xssName)
			r.has(t, target, "&lt;script&gt;alert(1)&lt;/script&gt;")
		}
	})
}

func TestLanguage(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		app := catalogApp(t, b).Fiber()
		tests := []struct {
			name    string
			headers []string
			target  string
			want    string
		}{
			{"default", nil, "/", `lang="vi"`},
			{"query", nil, "/?lang=en", `lang="en"`},
			{"cookie", []string{"Cookie", "lang=en"}, "/", `lang="en"`},
			{"query beats cookie", []string{"Cookie", "lang=en"}, "/?lang=vi", `lang="vi"`},
			{"accept-language", []string{"Accept-Language", "en-GB,en;q=0.9"}, "/", `lang="en"`},
			{"cookie beats accept-language", []string{"Cookie", "lang=vi", "Accept-Language", "en"}, "/", `lang="vi"`},
			{"unknown language", []string{"Accept-Language", "fr-FR"}, "/?lang=xx", `lang="vi"`},
		}
		for _, tt := range tests {
			r := get(t, app, tt.target, tt.headers...)
			if r.status != 200 || !strings.Contains(r.body, "<html "+tt.want) {
				t.Errorf("%s: status %d, want <html %s>", tt.name, r.status, tt.want)
			}
		}
		r := get(t, app, "/san-pham?province=son-la&lang=en")
		if c := r.header.Get("Set-Cookie"); !strings.Contains(c, "lang=en") || !strings.Contains(strings.ToLower(c), "path=/") {
			t.Errorf("?lang=en: Set-Cookie %q", c)
		}
		// The switch keeps the page and its filters.
		r.has(t, "switch", `href="/san-pham?lang=vi&amp;province=son-la"`)
		if v := r.header.Get("Vary"); !strings.Contains(v, "Cookie") || !strings.Contains(v, "Accept-Language") {
			t.Errorf("Vary %q", v)
		}
	})
}

func TestAssetsAreHashedAndImmutable(t *testing.T) {
	app := catalogApp(t, apptest.Databases()[0]).Fiber()
	r := get(t, app, "/")
	urls := regexp.MustCompile(`/assets/[a-z0-9/_-]+\.[0-9a-f]{8}\.(css|js|svg)`).FindAllString(r.body, -1)
	if len(urls) < 3 {
		t.Fatalf("home links %d hashed assets, want the CSS, the JS and the logo at least: %v", len(urls), urls)
	}
	for _, u := range urls {
		a := get(t, app, u)
		if a.status != 200 {
			t.Errorf("GET %s: status %d", u, a.status)
		}
		if cc := a.header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control %q", u, cc)
		}
	}
	css := regexp.MustCompile(`/assets/app\.([0-9a-f]{8})\.css`).FindStringSubmatch(r.body)
	if css == nil {
		t.Fatal("no app.css link")
	}
	if ct := get(t, app, css[0]).header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("app.css Content-Type %q", ct)
	}
	for _, bad := range []string{"/assets/app.00000000.css", "/assets/app.css", "/assets/nothing.12345678.css"} {
		a := get(t, app, bad)
		if a.status != 404 {
			t.Errorf("GET %s: status %d, want 404", bad, a.status)
		}
		if a.header.Get("Cache-Control") == "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: a miss must not be cached for good", bad)
		}
	}
}
