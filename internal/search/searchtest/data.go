package searchtest

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/search"
)

// Today is the date the suite's queries run on. Document 4's stars expire on
// this very day (still valid), document 8's expired the day before.
const Today = "2026-03-01"

// Product IDs of the fixture, named for readable test tables.
const (
	CoffeeArabica = 1  // Cà phê Arabica Sơn La, 5★
	CoffeeTea     = 2  // Trà hoa cà phê, 4★
	MangoDongThap = 3  // Xoài cát Hòa Lộc Đồng Tháp, 3★ expired
	LotusDongThap = 4  // Sen sấy Đồng Tháp, 4★ expiring today
	Avocado       = 5  // Bơ sáp Đắk Lắk (bơ)
	DriedBeef     = 6  // Thịt bò khô (bò), out of stock
	Soapberry     = 7  // Dầu gội bồ kết (bồ)
	ShanTea       = 8  // Chè Shan tuyết Mộc Châu, 5★ expired yesterday
	FishSauce     = 9  // Nước mắm cá cơm
	Brocade       = 10 // Thổ cẩm dệt tay, description with HTML
	Unpublished   = 11 // Cà phê Robusta, not published
	CoffeeHoney   = 12 // Mật ong hoa cà phê, same price as 1
)

func day(n int) time.Time {
	return time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC).AddDate(0, 0, n)
}

// Fixture returns the suite's documents, freshly allocated. Creation days
// are shuffled so that "newest" differs from ID order.
func Fixture() []search.Document {
	return []search.Document{
		{
			ID: CoffeeArabica, Slug: "ca-phe-arabica-son-la", Name: "Cà phê Arabica Sơn La rang xay",
			Description:   "Cà phê hạt Arabica trồng trên cao nguyên, rang mộc, xay sẵn.",
			CooperativeID: 1, CooperativeSlug: "htx-bich-thao", CooperativeName: "HTX cà phê Bích Thao",
			ProvinceSlug: "son-la", ProvinceName: "Sơn La", Ward: "Chiềng Ban",
			CategorySlug: "ca-phe", CategoryName: "Cà phê", GroupSlug: "do-uong",
			Stars: 5, StarsExpiresOn: "2028-06-26", Certifications: []string{"vietgap", "organic"},
			GeographicalIndication: "Cà phê Sơn La", PriceVND: 180000, InStock: true, Published: true, CreatedAt: day(5),
		},
		{
			ID: CoffeeTea, Slug: "tra-hoa-ca-phe", Name: "Trà hoa cà phê",
			Description:   "Trà túi lọc từ hoa và vỏ quả cà phê.",
			CooperativeID: 1, CooperativeSlug: "htx-bich-thao", CooperativeName: "HTX cà phê Bích Thao",
			ProvinceSlug: "son-la", ProvinceName: "Sơn La", Ward: "Chiềng Ban",
			CategorySlug: "tra", CategoryName: "Trà", GroupSlug: "do-uong",
			Stars: 4, StarsExpiresOn: "2027-01-01", Certifications: []string{"vietgap"},
			PriceVND: 95000, InStock: true, Published: true, CreatedAt: day(11),
		},
		{
			ID: MangoDongThap, Slug: "xoai-cat-hoa-loc", Name: "Xoài cát Hòa Lộc Đồng Tháp",
			Description:   "Xoài chín cây, có bán xoài sấy dẻo.",
			CooperativeID: 2, CooperativeSlug: "htx-my-xuong", CooperativeName: "HTX Mỹ Xương",
			ProvinceSlug: "dong-thap", ProvinceName: "Đồng Tháp", Ward: "Mỹ Xương",
			CategorySlug: "trai-cay", CategoryName: "Trái cây", GroupSlug: "thuc-pham",
			Stars: 3, StarsExpiresOn: "2025-12-31", Certifications: []string{"globalgap"},
			PriceVND: 120000, InStock: true, Published: true, CreatedAt: day(2),
		},
		{
			ID: LotusDongThap, Slug: "sen-say", Name: "Sen sấy Đồng Tháp",
			Description:   "Hạt sen sấy giòn, đóng gói hút chân không.",
			CooperativeID: 3, CooperativeSlug: "htx-sen-thap-muoi", CooperativeName: "HTX sen Tháp Mười",
			ProvinceSlug: "dong-thap", ProvinceName: "Đồng Tháp", Ward: "Tháp Mười",
			CategorySlug: "dac-san-kho", CategoryName: "Đặc sản khô", GroupSlug: "thuc-pham",
			Stars: 4, StarsExpiresOn: Today, Certifications: []string{"haccp"},
			PriceVND: 150000, InStock: true, Published: true, CreatedAt: day(9),
		},
		{
			ID: Avocado, Slug: "bo-sap", Name: "Bơ sáp Đắk Lắk",
			Description:   "Quả chín, dẻo, béo.",
			CooperativeID: 4, CooperativeSlug: "htx-ea-kar", CooperativeName: "HTX nông nghiệp Ea Kar",
			ProvinceSlug: "dak-lak", ProvinceName: "Đắk Lắk", Ward: "Ea Kar",
			CategorySlug: "trai-cay", CategoryName: "Trái cây", GroupSlug: "thuc-pham",
			Certifications: []string{"vietgap"},
			PriceVND:       60000, InStock: true, Published: true, CreatedAt: day(7),
		},
		{
			ID: DriedBeef, Slug: "thit-bo-kho", Name: "Thịt bò khô",
			Description:   "Thịt bò ướp thảo dược, sấy than hoa.",
			CooperativeID: 5, CooperativeSlug: "htx-moc-chau", CooperativeName: "HTX chăn nuôi Mộc Châu",
			ProvinceSlug: "son-la", ProvinceName: "Sơn La", Ward: "Mộc Châu",
			CategorySlug: "dac-san-kho", CategoryName: "Đặc sản khô", GroupSlug: "thuc-pham",
			Stars: 3, StarsExpiresOn: "2027-05-05",
			PriceVND: 250000, InStock: false, Published: true, CreatedAt: day(1),
		},
		{
			ID: Soapberry, Slug: "dau-goi-bo-ket", Name: "Dầu gội bồ kết",
			Description:   "Nấu từ quả bồ kết và vỏ bưởi.",
			CooperativeID: 6, CooperativeSlug: "htx-thao-duoc-cao-bang", CooperativeName: "HTX thảo dược Cao Bằng",
			ProvinceSlug: "cao-bang", ProvinceName: "Cao Bằng", Ward: "Hòa An",
			CategorySlug: "duoc-lieu", CategoryName: "Dược liệu", GroupSlug: "duoc-lieu",
			Stars: 3, StarsExpiresOn: "2028-01-01", Certifications: []string{"organic"},
			PriceVND: 85000, InStock: true, Published: true, CreatedAt: day(12),
		},
		{
			ID: ShanTea, Slug: "che-shan-tuyet", Name: "Chè Shan tuyết Mộc Châu",
			Description:   "Búp chè cổ thụ trên núi cao.",
			CooperativeID: 7, CooperativeSlug: "htx-tan-lap", CooperativeName: "HTX chè Tân Lập",
			ProvinceSlug: "son-la", ProvinceName: "Sơn La", Ward: "Tân Lập",
			CategorySlug: "tra", CategoryName: "Trà", GroupSlug: "do-uong",
			Stars: 5, StarsExpiresOn: "2026-02-28", Certifications: []string{"vietgap", "organic"},
			GeographicalIndication: "Chè Shan tuyết Mộc Châu", PriceVND: 320000, InStock: true, Published: true, CreatedAt: day(4),
		},
		{
			ID: FishSauce, Slug: "nuoc-mam-ca-com", Name: "Nước mắm cá cơm",
			Description:   "Ủ chượp 12 tháng trong thùng gỗ.",
			CooperativeID: 8, CooperativeSlug: "htx-phu-quoc", CooperativeName: "HTX nước mắm Phú Quốc",
			ProvinceSlug: "an-giang", ProvinceName: "An Giang", Ward: "Phú Quốc",
			CategorySlug: "nuoc-mam", CategoryName: "Nước mắm", GroupSlug: "thuc-pham",
			Stars: 4, StarsExpiresOn: "2027-09-09", Certifications: []string{"haccp"},
			GeographicalIndication: "Nước mắm Phú Quốc", PriceVND: 140000, InStock: true, Published: true, CreatedAt: day(8),
		},
		{
			ID: Brocade, Slug: "tho-cam", Name: "Thổ cẩm dệt tay",
			Description:   `Khăn thổ cẩm <b>dệt</b> tay & nhuộm màu "tự nhiên".`,
			CooperativeID: 9, CooperativeSlug: "htx-mai-chau", CooperativeName: "HTX dệt thổ cẩm Mai Châu",
			ProvinceSlug: "phu-tho", ProvinceName: "Phú Thọ", Ward: "Mai Châu",
			CategorySlug: "tho-cam", CategoryName: "Thổ cẩm", GroupSlug: "thu-cong-my-nghe",
			PriceVND: 450000, InStock: true, Published: true, CreatedAt: day(3),
		},
		{
			ID: Unpublished, Slug: "ca-phe-robusta", Name: "Cà phê Robusta chưa đăng",
			Description:   "Cà phê Sơn La chưa đăng bán.",
			CooperativeID: 1, CooperativeSlug: "htx-bich-thao", CooperativeName: "HTX cà phê Bích Thao",
			ProvinceSlug: "son-la", ProvinceName: "Sơn La",
			CategorySlug: "ca-phe", CategoryName: "Cà phê", GroupSlug: "do-uong",
			Stars: 5, StarsExpiresOn: "2028-06-26", Certifications: []string{"organic"},
			PriceVND: 99000, InStock: true, Published: false, CreatedAt: day(20),
		},
		{
			ID: CoffeeHoney, Slug: "mat-ong-hoa-ca-phe", Name: "Mật ong hoa cà phê",
			Description:   "Mật ong từ hoa cà phê Tây Nguyên.",
			CooperativeID: 10, CooperativeSlug: "htx-ong-dak-lak", CooperativeName: "HTX ong Đắk Lắk",
			ProvinceSlug: "dak-lak", ProvinceName: "Đắk Lắk", Ward: "Buôn Hồ",
			CategorySlug: "mat-ong", CategoryName: "Mật ong", GroupSlug: "thuc-pham",
			PriceVND: 180000, InStock: true, Published: true, CreatedAt: day(10),
		},
	}
}

// Expect computes, for a query without text, the IDs in order, the total
// and the facets a correct backend returns for docs, following the
// documented semantics. q must be normalized.
func Expect(docs []search.Document, q search.Query) (ids []int64, total int, facets search.Facets) {
	today, _ := search.DateNumber(q.Today)
	var match []search.Document
	for _, d := range docs {
		if d.Published && matches(d, q, today) {
			match = append(match, d)
		}
	}
	sort.Slice(match, func(i, j int) bool { return less(match[i], match[j], q.Sort) })
	facets = search.NewFacets()
	for _, d := range match {
		if s := d.StarsIfValid(today); s > 0 {
			facets.Stars[strconv.Itoa(s)]++
		}
		facets.Province[d.ProvinceSlug]++
		facets.Category[d.CategorySlug]++
		facets.Cooperative[d.CooperativeSlug]++
		for _, c := range d.Certifications {
			facets.Certification[c]++
		}
	}
	total = len(match)
	from := min(q.Offset(), total)
	to := min(from+q.PerPage, total)
	for _, d := range match[from:to] {
		ids = append(ids, d.ID)
	}
	return ids, total, facets
}

func matches(d search.Document, q search.Query, today int) bool {
	in := func(vals []string, v ...string) bool {
		if len(vals) == 0 {
			return true
		}
		for _, x := range v {
			if slices.Contains(vals, x) {
				return true
			}
		}
		return false
	}
	return in(q.Provinces, d.ProvinceSlug) &&
		in(q.Categories, d.CategorySlug, d.GroupSlug) &&
		in(q.Cooperatives, d.CooperativeSlug) &&
		in(q.Certifications, d.Certifications...) &&
		(q.MinStars == 0 || d.StarsIfValid(today) >= q.MinStars) &&
		(q.MinPrice == 0 || d.PriceVND >= q.MinPrice) &&
		(q.MaxPrice == 0 || d.PriceVND <= q.MaxPrice) &&
		(!q.InStockOnly || d.InStock)
}

// less is the documented order of each sort, tie-breaks included. Stars
// sorts on the indexed stars (the expiry sweep keeps them current).
func less(a, b search.Document, s string) bool {
	switch s {
	case search.SortPriceAsc:
		if a.PriceVND != b.PriceVND {
			return a.PriceVND < b.PriceVND
		}
		return a.ID < b.ID
	case search.SortPriceDesc:
		if a.PriceVND != b.PriceVND {
			return a.PriceVND > b.PriceVND
		}
		return a.ID < b.ID
	case search.SortStars:
		if a.Stars != b.Stars {
			return a.Stars > b.Stars
		}
	}
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.After(b.CreatedAt)
	}
	return a.ID > b.ID
}

// Source yields docs in order, as a Rebuild source.
func Source(docs []search.Document) search.Source {
	return func(yield func(search.Document) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}
}

// Texts reads the names and descriptions of docs, as the catalog of a shop
// holding them would: what an index that keeps no text of its own cuts its
// highlights and suggestions from.
func Texts(docs []search.Document) search.Texts {
	byID := make(map[int64]search.Text, len(docs))
	for _, d := range docs {
		byID[d.ID] = search.Text{ID: d.ID, Name: d.Name, Description: d.Description}
	}
	return func(ctx context.Context, ids []int64) ([]search.Text, error) {
		out := make([]search.Text, 0, len(ids))
		for _, id := range ids {
			if t, ok := byID[id]; ok {
				out = append(out, t)
			}
		}
		return out, nil
	}
}
