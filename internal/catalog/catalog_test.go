package catalog_test

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/search"
)

var clock = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

func date(t *testing.T, s string) db.Date {
	t.Helper()
	d, err := db.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fixture is a small catalog: two active cooperatives and a suspended one,
// products whose certificates are verified, expired, pending and rejected.
type fixture struct {
	store *catalog.Store
	ids   map[string]int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	s := catalog.New(d, func() time.Time { return clock })
	f := &fixture{store: s, ids: map[string]int64{}}
	coops := []struct{ slug, name, province, status string }{
		{"htx-bich-thao", "HTX cà phê Bích Thao", "son-la", catalog.CoopActive},
		{"htx-ho-quynh", "HTX thủy sản Hồ Quỳnh", "dong-thap", catalog.CoopActive},
		{"htx-tam-dung", "HTX Tạm Dừng", "ha-noi", catalog.CoopSuspended},
	}
	coopIDs := map[string]int64{}
	for _, c := range coops {
		co := &catalog.Cooperative{Slug: c.slug, Name: c.name, Province: catalog.NamedSlug{Slug: c.province}, Status: c.status}
		if err := s.CreateCooperative(ctx, d, co); err != nil {
			t.Fatal(err)
		}
		coopIDs[c.slug] = co.ID
	}
	products := []struct {
		slug, name, coop, category, province string
		price                                int64
		stock                                int
		published                            bool
		cert                                 string // verified, expired, pending, rejected or ""
		stars                                int
		certs                                []string
	}{
		{"ca-phe-bot", "Cà phê bột Bích Thao", "htx-bich-thao", "ca-phe", "son-la", 180000, 20, true, "verified", 5, []string{"vietgap", "organic"}},
		{"tra-cascara", "Trà hoa cà phê", "htx-bich-thao", "che", "son-la", 120000, 0, true, "expired", 4, []string{"vietgap"}},
		{"ca-phe-hat", "Cà phê hạt rang mộc", "htx-bich-thao", "ca-phe", "son-la", 250000, 5, true, "pending", 4, nil},
		{"cha-ca-lang", "Chả cá lăng", "htx-ho-quynh", "thuc-pham-che-bien", "dong-thap", 95000, 10, true, "verified", 3, []string{"haccp"}},
		{"ruoc-ca", "Ruốc cá", "htx-ho-quynh", "thuc-pham-che-bien", "dong-thap", 60000, 10, true, "rejected", 3, nil},
		{"ca-say-kho", "Cá sấy khô", "htx-ho-quynh", "nong-san-so-che", "dong-thap", 150000, 3, true, "", 0, nil},
		{"ca-an-giau", "Cá chưa đăng", "htx-ho-quynh", "nong-san-so-che", "dong-thap", 1000, 3, false, "verified", 5, nil},
		{"xoai-tam-dung", "Xoài của HTX tạm dừng", "htx-tam-dung", "nong-san-tuoi", "ha-noi", 50000, 3, true, "verified", 4, nil},
	}
	for i, p := range products {
		id, err := s.CreateProduct(ctx, d, catalog.NewProduct{
			CooperativeID: coopIDs[p.coop], CategorySlug: p.category, Slug: p.slug, Name: p.name,
			PriceVND: p.price, Unit: "gói", Stock: p.stock, Published: p.published, ProvinceSlug: p.province,
			CreatedAt: clock.Add(time.Duration(i-100) * time.Hour), SearchKeywords: []string{p.coop},
		})
		if err != nil {
			t.Fatal(err)
		}
		f.ids[p.slug] = id
		for _, c := range p.certs {
			if err := s.SetCertification(ctx, d, id, c, "CODE-"+c, date(t, "2027-01-01")); err != nil {
				t.Fatal(err)
			}
		}
		if p.cert == "" {
			continue
		}
		c := &catalog.Certificate{ProductID: id, Stars: p.stars, DecisionNo: "1/QĐ-UBND", IssuedBy: "UBND tỉnh", IssuedOn: date(t, "2025-06-26"), Status: catalog.CertVerified}
		switch p.cert {
		case "expired":
			c.IssuedOn = date(t, "2023-11-21") // expired 2026-11-21, the day before the clock
		case "pending":
			c.Status = catalog.CertPending
		case "rejected":
			c.Status = catalog.CertRejected
		}
		if err := s.AddCertificate(ctx, d, c); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func TestListProducts(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		cases := []struct {
			name   string
			filter catalog.Filter
			want   []string // slugs in order
		}{
			{"all visible, newest first", catalog.Filter{}, []string{"ca-say-kho", "ruoc-ca", "cha-ca-lang", "ca-phe-hat", "tra-cascara", "ca-phe-bot"}},
			{"min 4 stars skips expired and pending", catalog.Filter{MinStars: 4}, []string{"ca-phe-bot"}},
			{"min 3 stars skips rejected", catalog.Filter{MinStars: 3, Sort: catalog.SortPriceAsc}, []string{"cha-ca-lang", "ca-phe-bot"}},
			{"province", catalog.Filter{Provinces: []string{"dong-thap"}, Sort: catalog.SortPriceDesc}, []string{"ca-say-kho", "cha-ca-lang", "ruoc-ca"}},
			{"group matches subgroups", catalog.Filter{Categories: []string{"thuc-pham"}, Cooperatives: []string{"htx-bich-thao"}, Sort: catalog.SortPriceAsc}, []string{"tra-cascara", "ca-phe-bot", "ca-phe-hat"}},
			{"subgroup", catalog.Filter{Categories: []string{"che"}}, []string{"tra-cascara"}},
			{"certification", catalog.Filter{Certifications: []string{"vietgap", "haccp"}, Sort: catalog.SortPriceAsc}, []string{"cha-ca-lang", "tra-cascara", "ca-phe-bot"}},
			{"price range", catalog.Filter{MinPrice: 90000, MaxPrice: 150000, Sort: catalog.SortPriceAsc}, []string{"cha-ca-lang", "tra-cascara", "ca-say-kho"}},
			{"query without diacritics", catalog.Filter{Query: "ca phe", Sort: catalog.SortPriceAsc}, []string{"tra-cascara", "ca-phe-bot", "ca-phe-hat"}},
			{"query with diacritics and case", catalog.Filter{Query: "CÀ PHÊ BỘT"}, []string{"ca-phe-bot"}},
			{"query like wildcards are literal", catalog.Filter{Query: "%_"}, nil},
			{"stars sort", catalog.Filter{Sort: catalog.SortStars, Provinces: []string{"son-la"}}, []string{"ca-phe-bot", "ca-phe-hat", "tra-cascara"}},
			{"pagination", catalog.Filter{Page: 2, PerPage: 4}, []string{"tra-cascara", "ca-phe-bot"}},
			{"nothing", catalog.Filter{Provinces: []string{"ca-mau"}}, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				list, err := f.store.ListProducts(ctx, tc.filter)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, it := range list.Items {
					got = append(got, it.Slug)
				}
				if len(got) != len(tc.want) {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
				for i := range got {
					if got[i] != tc.want[i] {
						t.Fatalf("got %v, want %v", got, tc.want)
					}
				}
				if tc.filter.Page == 0 && list.Total != len(tc.want) {
					t.Errorf("total %d, want %d", list.Total, len(tc.want))
				}
				for name, m := range map[string]map[string]int{"stars": list.Facets.Stars, "province": list.Facets.Province,
					"category": list.Facets.Category, "cooperative": list.Facets.Cooperative} {
					if sum(m) != list.Total {
						t.Errorf("facet %s sums to %d, total is %d: %v", name, sum(m), list.Total, m)
					}
				}
			})
		}
	})
}

func TestStarsShowOnlyWhenVerifiedAndUnexpired(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		want := map[string]int{"ca-phe-bot": 5, "tra-cascara": 0, "ca-phe-hat": 0, "cha-ca-lang": 3, "ruoc-ca": 0, "ca-say-kho": 0}
		list, err := f.store.ListProducts(ctx, catalog.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range list.Items {
			got := 0
			if it.Stars != nil {
				got = *it.Stars
			}
			if got != want[it.Slug] {
				t.Errorf("%s: list stars %d, want %d", it.Slug, got, want[it.Slug])
			}
			p, err := f.store.ProductBySlug(ctx, it.Slug)
			if err != nil {
				t.Fatal(err)
			}
			if (p.OCOP != nil) != (want[it.Slug] > 0) || (p.OCOP != nil && p.OCOP.Stars != want[it.Slug]) {
				t.Errorf("%s: detail badge %+v, want %d stars", it.Slug, p.OCOP, want[it.Slug])
			}
		}
		if list.Facets.Stars["5"] != 1 || list.Facets.Stars["3"] != 1 || list.Facets.Stars["none"] != 4 {
			t.Errorf("stars facet %v", list.Facets.Stars)
		}
		p, err := f.store.ProductBySlug(ctx, "ca-phe-bot")
		if err != nil {
			t.Fatal(err)
		}
		if p.OCOP.ExpiresOn.String() != "2028-06-26" || p.OCOP.DecisionNo != "1/QĐ-UBND" {
			t.Errorf("badge %+v", p.OCOP)
		}
		if len(p.Certifications) != 2 || p.Certifications[0].Code != "CODE-organic" || !p.InStock || p.Stock != 20 {
			t.Errorf("detail %+v", p)
		}
	})
}

func TestHiddenProductsAreNotFound(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		for _, slug := range []string{"ca-an-giau", "xoai-tam-dung", "khong-co", ""} {
			if _, err := f.store.ProductBySlug(ctx, slug); !errors.Is(err, catalog.ErrNotFound) {
				t.Errorf("%q: err %v, want ErrNotFound", slug, err)
			}
		}
		if _, err := f.store.CooperativeBySlug(ctx, "htx-tam-dung"); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("suspended cooperative: %v", err)
		}
		cs, err := f.store.Cooperatives(ctx, nil)
		if err != nil || len(cs) != 2 {
			t.Fatalf("cooperatives %v %v", cs, err)
		}
		got, err := f.store.ProductsByIDs(ctx, []int64{f.ids["cha-ca-lang"], f.ids["ca-an-giau"], f.ids["ca-phe-bot"]})
		if err != nil || len(got) != 2 || got[0].Slug != "cha-ca-lang" || got[1].Slug != "ca-phe-bot" {
			t.Errorf("by ids %v %v", got, err)
		}
	})
}

// TestTexts reads the names and descriptions the search index cuts its
// highlights from: of the products that exist, hidden ones too, as they
// are now.
func TestTexts(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		bot, hidden := f.ids["ca-phe-bot"], f.ids["ca-an-giau"]
		if _, err := d.ExecContext(ctx, d.Rebind(`UPDATE products SET description = ? WHERE id = ?`), "Rang mộc, xay vừa <pha phin>", bot); err != nil {
			t.Fatal(err)
		}
		got, err := f.store.Texts(ctx, []int64{hidden, 1 << 40, bot})
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(got, func(a, b search.Text) int { return cmp.Compare(a.ID, b.ID) })
		want := []search.Text{{ID: bot, Name: "Cà phê bột Bích Thao", Description: "Rang mộc, xay vừa <pha phin>"}, {ID: hidden, Name: "Cá chưa đăng"}}
		slices.SortFunc(want, func(a, b search.Text) int { return cmp.Compare(a.ID, b.ID) })
		if !slices.Equal(got, want) {
			t.Errorf("Texts = %+v, want %+v", got, want)
		}
		if none, err := f.store.Texts(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("Texts(nil) = %v, %v", none, err)
		}
	})
}

func TestResolveProvince(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		s := catalog.New(d, time.Now)
		ctx := context.Background()
		cases := map[string]string{
			"Hà Nội": "ha-noi", "ha noi": "ha-noi", "son-la": "son-la", "Bình Dương": "ho-chi-minh",
			"TP. Hồ Chí Minh": "ho-chi-minh", "Thành phố Hồ Chí Minh": "ho-chi-minh", "Bà Rịa – Vũng Tàu": "ho-chi-minh",
			"Tỉnh Hà Giang": "tuyen-quang", "Thừa Thiên Huế": "hue", "Kiên Giang": "an-giang", "Sóc Trăng": "can-tho",
			"Đắk Nông": "lam-dong", "Hoà Bình": "phu-tho", "QUẢNG BÌNH": "quang-tri",
		}
		for in, want := range cases {
			p, err := s.ResolveProvince(ctx, in)
			if err != nil || p.Slug != want {
				t.Errorf("ResolveProvince(%q) = %v, %v; want %s", in, p.Slug, err, want)
			}
		}
		if _, err := s.ResolveProvince(ctx, "Atlantis"); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("unknown province: %v", err)
		}
		ps, err := s.Provinces(ctx)
		if err != nil || len(ps) != 34 {
			t.Fatalf("provinces: %d %v", len(ps), err)
		}
		var old int
		if err := d.Get(&old, `SELECT COUNT(DISTINCT province_slug) FROM province_aliases`); err != nil || old != 34 {
			t.Errorf("aliases cover %d provinces, %v", old, err)
		}
		groups, err := s.Categories(ctx)
		if err != nil || len(groups) != 6 {
			t.Fatalf("want the six OCOP groups, got %d %v", len(groups), err)
		}
		for _, g := range groups {
			if len(g.Children) == 0 {
				t.Errorf("group %s has no subgroups", g.Slug)
			}
		}
	})
}

func TestOCOPRules(t *testing.T) {
	cases := []struct{ issued, expires string }{
		{"2025-06-26", "2028-06-26"},
		{"2024-02-29", "2027-02-28"},
		{"2023-01-31", "2026-01-31"},
	}
	for _, c := range cases {
		if got := catalog.ExpiryOf(date(t, c.issued)).String(); got != c.expires {
			t.Errorf("ExpiryOf(%s) = %s, want %s", c.issued, got, c.expires)
		}
	}
	if catalog.Slugify("Cà phê Sơn La – 500g!") != "ca-phe-son-la-500g" {
		t.Error(catalog.Slugify("Cà phê Sơn La – 500g!"))
	}
}

func TestShippingFee(t *testing.T) {
	cases := []struct {
		name                    string
		subtotal, fee, freeOver int64
		want                    int64
	}{
		{"flat fee", 100_000, 30_000, 0, 30_000},
		{"under the threshold", 499_999, 30_000, 500_000, 30_000},
		{"at the threshold", 500_000, 30_000, 500_000, 0},
		{"over the threshold", 900_000, 30_000, 500_000, 0},
		{"nothing bought", 0, 30_000, 500_000, 0},
		{"free shipping cooperative", 100_000, 0, 0, 0},
	}
	for _, c := range cases {
		if got := catalog.ShippingFee(c.subtotal, c.fee, c.freeOver); got != c.want {
			t.Errorf("%s: ShippingFee(%d, %d, %d) = %d, want %d", c.name, c.subtotal, c.fee, c.freeOver, got, c.want)
		}
	}
}
