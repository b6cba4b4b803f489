package seed

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/seed/artwork"
	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// ProductsPerCooperative is how many products Synthetic gives each of the
// cooperatives it creates.
const ProductsPerCooperative = 50

const (
	syntheticBatch = 1000 // products per transaction
	syntheticChunk = 200  // rows per INSERT statement
)

// base is a kind of product Synthetic names its products after.
type base struct {
	Name, Category, Unit string
	Min, Max             int64 // price range in đồng
	Art                  artwork.Kind
	Desc                 string
}

func syntheticBases() []base {
	return []base{
		{"Cà phê rang xay", "ca-phe", "gói 500g", 90000, 260000, artwork.Coffee, "Cà phê rang mộc, xay sẵn cho phin."},
		{"Cà phê hạt Robusta", "ca-phe", "gói 1kg", 160000, 320000, artwork.Coffee, "Hạt Robusta hái chín, rang vừa."},
		{"Cà phê Arabica", "ca-phe", "gói 250g", 90000, 200000, artwork.Coffee, "Arabica vùng cao, vị chua thanh."},
		{"Bột ca cao", "ca-phe", "hộp 250g", 90000, 180000, artwork.Jar, "Ca cao lên men, nghiền mịn, không đường."},
		{"Chè búp", "che", "gói 200g", 60000, 250000, artwork.Tea, "Búp chè hái tay, sao chảo gang."},
		{"Chè Shan tuyết", "che", "hộp 200g", 150000, 450000, artwork.Tea, "Chè từ cây cổ thụ, búp phủ lông tơ trắng."},
		{"Trà túi lọc", "che", "hộp 25 túi", 35000, 90000, artwork.Tea, "Trà sấy khô đóng túi lọc tiện dùng."},
		{"Mật ong hoa rừng", "mat-ong", "chai 500ml", 180000, 450000, artwork.Honey, "Mật ong nội, quay tại chỗ, không pha đường."},
		{"Mật ong hoa cà phê", "mat-ong", "chai 500ml", 150000, 280000, artwork.Honey, "Mật thu vào mùa hoa cà phê."},
		{"Gạo thơm", "nong-san-so-che", "túi 5kg", 110000, 220000, artwork.Rice, "Gạo vụ mới, cơm dẻo và thơm."},
		{"Gạo lứt", "nong-san-so-che", "túi 2kg", 60000, 120000, artwork.Rice, "Gạo lứt giữ lớp cám, giàu chất xơ."},
		{"Miến dong", "nong-san-so-che", "gói 500g", 40000, 80000, artwork.Rice, "Miến làm từ bột dong riềng, phơi nắng."},
		{"Hạt điều rang muối", "nong-san-so-che", "hũ 500g", 150000, 260000, artwork.Nuts, "Hạt điều rang củi với muối biển."},
		{"Xoài sấy dẻo", "nong-san-so-che", "gói 200g", 45000, 90000, artwork.Dried, "Xoài chín cây sấy lạnh, ít đường."},
		{"Chuối sấy", "nong-san-so-che", "gói 300g", 35000, 70000, artwork.Dried, "Chuối chín sấy giòn tự nhiên."},
		{"Cá khô", "nong-san-so-che", "gói 500g", 120000, 350000, artwork.Fish, "Cá làm sạch, ướp muối nhạt, phơi một nắng."},
		{"Cam sành", "nong-san-tuoi", "kg", 25000, 60000, artwork.Orange, "Cam hái trong ngày, mọng nước."},
		{"Bưởi da xanh", "nong-san-tuoi", "quả 1,5kg", 50000, 110000, artwork.Pomelo, "Bưởi tép hồng, ráo nước, ngọt thanh."},
		{"Xoài cát", "nong-san-tuoi", "kg", 35000, 95000, artwork.Mango, "Xoài chín cây, thơm ngọt."},
		{"Vải thiều", "nong-san-tuoi", "kg", 30000, 70000, artwork.Lychee, "Vải chín đỏ, cùi dày, hạt nhỏ."},
		{"Na dai", "nong-san-tuoi", "kg", 50000, 90000, artwork.CustardApple, "Na mắt to, cùi dày, ít hạt."},
		{"Rau cải an toàn", "nong-san-tuoi", "kg", 20000, 50000, artwork.Vegetable, "Rau trồng theo quy trình an toàn, hái buổi sáng."},
		{"Cá lăng tươi", "nong-san-tuoi", "kg", 200000, 350000, artwork.Fish, "Cá nuôi lồng, làm sạch theo yêu cầu."},
		{"Chả cá", "thuc-pham-che-bien", "hộp 500g", 100000, 180000, artwork.Box, "Chả giã tay, không hàn the."},
		{"Ruốc thịt", "thuc-pham-che-bien", "hũ 200g", 80000, 150000, artwork.Jar, "Ruốc sao khô, tơi và thơm."},
		{"Bánh truyền thống", "thuc-pham-che-bien", "hộp 400g", 35000, 90000, artwork.Box, "Bánh làm thủ công theo công thức gia truyền."},
		{"Mứt gừng", "thuc-pham-che-bien", "hộp 250g", 40000, 80000, artwork.Jar, "Gừng non sên đường, dẻo và cay ấm."},
		{"Nước mắm cá cơm", "gia-vi", "chai 500ml", 60000, 180000, artwork.Bottle, "Nước mắm ủ chượp truyền thống."},
		{"Hồ tiêu đen", "gia-vi", "gói 500g", 90000, 160000, artwork.Nuts, "Tiêu phơi nắng, cay nồng."},
		{"Tương bần", "gia-vi", "chai 500ml", 30000, 60000, artwork.Bottle, "Tương ủ chum sành, phơi nắng."},
		{"Rượu nếp", "ruou", "chai 500ml", 90000, 200000, artwork.Bottle, "Rượu nếp nấu men lá truyền thống."},
		{"Rượu vang trái cây", "ruou", "chai 750ml", 120000, 260000, artwork.Bottle, "Vang lên men từ trái cây chín."},
		{"Nước ép trái cây", "do-uong-khac", "chai 330ml", 25000, 45000, artwork.Bottle, "Ép lạnh, không đường, không chất bảo quản."},
		{"Trà thảo mộc", "san-pham-tu-duoc-lieu", "hộp 20 túi", 45000, 120000, artwork.Herb, "Phối từ các loại thảo mộc sấy khô."},
		{"Tinh dầu sả chanh", "san-pham-tu-duoc-lieu", "chai 100ml", 70000, 150000, artwork.Bottle, "Chưng cất hơi nước, xông phòng đuổi muỗi."},
		{"Dược liệu khô", "duoc-lieu-so-che", "gói 500g", 80000, 400000, artwork.Herb, "Dược liệu trồng dưới tán rừng, sấy khô."},
		{"Khăn thổ cẩm", "det-may", "chiếc", 150000, 450000, artwork.Brocade, "Dệt tay trên khung gỗ, nhuộm màu tự nhiên."},
		{"Túi thổ cẩm", "det-may", "chiếc", 180000, 500000, artwork.Brocade, "Túi thêu tay họa tiết truyền thống."},
		{"Bát gỗ", "do-go", "chiếc", 120000, 300000, artwork.Bowl, "Tiện từ gỗ nguyên khối, phủ dầu tự nhiên."},
		{"Giỏ mây", "may-tre-dan", "chiếc", 120000, 400000, artwork.Basket, "Đan tay từ mây tự nhiên."},
		{"Bình gốm", "gom-su", "chiếc", 200000, 900000, artwork.Vase, "Gốm vẽ tay, nung ở nhiệt độ cao."},
		{"Lan hồ điệp", "hoa-cay-canh", "chậu", 250000, 900000, artwork.Flower, "Chậu lan ba cành, hoa bền hai tháng."},
		{"Tour trải nghiệm", "du-lich-cong-dong", "người", 150000, 600000, artwork.House, "Một ngày cùng người dân bản địa."},
	}
}

func syntheticQualifiers() []string {
	return []string{"", "loại đặc biệt", "hữu cơ", "truyền thống", "cao cấp", "nguyên chất", "thượng hạng", "vụ mới", "gia truyền", "loại 1", "đặc sản", "thủ công"}
}

func syntheticPlaces() []string {
	return []string{"Tân Lập", "Hòa Bình", "Phú Xuân", "An Phú", "Mường Khương", "Ea Súp", "Tam Nông", "Vĩnh Thạnh", "Hòa An",
		"Na Rì", "Bảo Lâm", "Đức Trọng", "Krông Năng", "Tuy Phước", "Châu Đốc", "Tịnh Biên", "Hồng Ngự", "Ngọc Lặc", "Quỳ Hợp",
		"Hương Khê", "Yên Thế", "Lục Yên", "Văn Chấn", "Hoàng Su Phì", "Đồng Văn", "Sìn Hồ", "Tủa Chùa", "Kỳ Sơn", "Con Cuông",
		"Thường Xuân", "Cẩm Thủy", "Đông Triều", "Tiên Yên", "Bình Liêu", "Hải Hậu", "Kim Sơn", "Tiền Hải", "Văn Giang",
		"Gia Bình", "Tam Đảo", "Tân Sơn", "Thanh Sơn", "Phong Điền", "Trà Bồng", "Sơn Hà", "Ia Grai", "Cát Tiên", "Tân Phú",
		"Thạnh Phú", "Cầu Ngang", "Ngọc Hiển", "U Minh Thượng"}
}

func syntheticCoopKinds() []string {
	return []string{"HTX Nông nghiệp", "HTX Dịch vụ nông nghiệp", "HTX Nông sản sạch", "HTX Sản xuất và Thương mại",
		"HTX Thủ công mỹ nghệ", "HTX Dược liệu", "HTX Chè", "HTX Cà phê", "HTX Thủy sản", "HTX Du lịch cộng đồng"}
}

// Synthetic adds n generated products for benchmarks, spread over
// ceil(n/ProductsPerCooperative) new cooperatives in all 34 provinces, with
// prices, stock, OCOP certificates (verified, expired, pending, rejected),
// certifications and one shared drawing per kind of product. Slugs carry a
// random run tag, so it can run after Demo and after earlier runs. It writes
// in transactions of 1000 products with multi-row inserts.
func Synthetic(ctx context.Context, d Deps, n int) error {
	if err := d.check(false); err != nil {
		return err
	}
	if n < 0 {
		return fmt.Errorf("seed: synthetic: n = %d, want ≥ 0", n)
	}
	if n == 0 {
		return nil
	}
	now := d.now().UTC()
	provs, cats, err := loadReference(ctx, d.DB)
	if err != nil {
		return err
	}
	var order []string
	if err := d.DB.SelectContext(ctx, &order, `SELECT slug FROM provinces ORDER BY position`); err != nil {
		return fmt.Errorf("seed: synthetic: provinces: %w", err)
	}
	if len(order) == 0 {
		return errors.New("seed: synthetic: no provinces; run the migrations first")
	}
	tag, err := runTag()
	if err != nil {
		return err
	}
	g := &synth{Deps: d, now: now, tag: tag, provs: provs, cats: cats, rng: mrand.New(mrand.NewPCG(uint64(n), uint64(now.Unix())))}
	g.images = make(map[artwork.Kind]string)
	coops := (n + ProductsPerCooperative - 1) / ProductsPerCooperative
	if err := d.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := g.artwork(ctx, tx); err != nil {
			return err
		}
		return g.cooperatives(ctx, tx, coops, order)
	}); err != nil {
		return err
	}
	for start := 0; start < n; start += syntheticBatch {
		end := min(start+syntheticBatch, n)
		if err := d.DB.Tx(ctx, func(tx *sqlx.Tx) error { return g.products(ctx, tx, start, end) }); err != nil {
			return fmt.Errorf("seed: synthetic: products %d–%d: %w", start, end-1, err)
		}
	}
	return nil
}

type synthCoop struct {
	id       int64
	name     string
	ward     string
	province province
}

// synth holds the state of one Synthetic run.
type synth struct {
	Deps
	now    time.Time
	tag    string
	provs  map[string]province
	cats   map[string]string
	rng    *mrand.Rand
	images map[artwork.Kind]string // digest of each drawing
	coops  []synthCoop
}

// artwork stores one drawing per kind of product, shared by every product
// of that kind.
func (g *synth) artwork(ctx context.Context, tx *sqlx.Tx) error {
	for _, b := range syntheticBases() {
		if _, ok := g.cats[b.Category]; !ok {
			return fmt.Errorf("seed: synthetic: unknown category %s", b.Category)
		}
		if _, ok := g.images[b.Art]; ok {
			continue
		}
		data := artwork.SVG(artwork.Picture{Kind: b.Art, Label: g.cats[b.Category], Seed: string(b.Art)})
		digest, err := g.Catalog.PutImageData(ctx, tx, "image/svg+xml", data)
		if err != nil {
			return fmt.Errorf("seed: synthetic: artwork %s: %w", b.Art, err)
		}
		g.images[b.Art] = digest
	}
	return nil
}

// runTag returns a short random tag that keeps this run's slugs apart from
// every other run's.
func runTag() (string, error) {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("seed: synthetic: run tag: %w", err)
	}
	return "s" + hex.EncodeToString(b), nil
}

func (g *synth) cooperatives(ctx context.Context, tx *sqlx.Tx, count int, order []string) error {
	places, kinds := syntheticPlaces(), syntheticCoopKinds()
	bins := []string{"970436", "970415", "970418", "970405", "970407", "970422", "970416", "970432", "970423", "970403", "970437", "970441", "970443", "970426"}
	for i := range count {
		prov := g.provs[order[i%len(order)]]
		place := places[(i*7+i/len(order))%len(places)]
		name := kinds[i%len(kinds)] + " " + place
		slug := fmt.Sprintf("%s-%s-%d", catalog.Slugify(name), g.tag, i+1)
		status := catalog.CoopActive
		if i%25 == 24 {
			status = catalog.CoopPending
		}
		bin := bins[i%len(bins)]
		c := &catalog.Cooperative{
			Slug: slug, Name: name,
			Province:            catalog.NamedSlug{Slug: prov.Slug, Name: prov.Name},
			Ward:                "Xã " + place,
			Address:             fmt.Sprintf("Thôn %d, xã %s, %s", 1+i%12, place, prov.label()),
			Representative:      syntheticPerson(i),
			Phone:               phoneFor(slug),
			Email:               strings.ReplaceAll(slug, "-", "") + "@gmail.com",
			Description:         fmt.Sprintf("%s là hợp tác xã ở %s, %s. Các thành viên sản xuất và bán trực tiếp đặc sản địa phương.", name, place, prov.Name),
			Status:              status,
			BankBIN:             bin,
			BankAccountNo:       accountNoFor(slug, bin),
			BankAccountName:     strings.ToUpper(textfold.Fold(name)),
			ShippingFeeVND:      int64(25000 + 5000*(i%4)),
			FreeShippingOverVND: int64(300000 + 100000*(i%6)),
			CreatedAt:           g.now.AddDate(0, 0, -(400 + i%200)),
		}
		c.FoundedYear.Int64, c.FoundedYear.Valid = int64(2000+i%24), true
		if err := g.Catalog.CreateCooperative(ctx, tx, c); err != nil {
			return fmt.Errorf("seed: cooperative %s: %w", slug, err)
		}
		g.coops = append(g.coops, synthCoop{id: c.ID, name: name, ward: c.Ward, province: prov})
	}
	return nil
}

func syntheticPerson(i int) string {
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Lò", "Hà", "Sùng", "Giàng"}
	middle := []string{"Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc"}
	given := []string{"An", "Bình", "Cường", "Dung", "Giang", "Hạnh", "Khoa", "Lan", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Thảo", "Uyên", "Yến"}
	return family[i%len(family)] + " " + middle[(i/3)%len(middle)] + " " + given[(i*7)%len(given)]
}

type synthProduct struct {
	np   catalog.NewProduct
	art  artwork.Kind
	ocop string
	k    int
	prov province
	coop synthCoop
}

func (g *synth) products(ctx context.Context, tx *sqlx.Tx, start, end int) error {
	bases, quals := syntheticBases(), syntheticQualifiers()
	ps := make([]synthProduct, 0, end-start)
	for i := start; i < end; i++ {
		c := g.coops[i%len(g.coops)]
		b := bases[g.rng.IntN(len(bases))]
		q := quals[g.rng.IntN(len(quals))]
		place := strings.TrimPrefix(c.ward, "Xã ")
		name := strings.Join(strings.Fields(b.Name+" "+q+" "+place), " ")
		price := (b.Min + g.rng.Int64N(b.Max-b.Min+1)) / 1000 * 1000
		stock := 1 + g.rng.IntN(500)
		if g.rng.IntN(20) == 0 {
			stock = 0
		}
		created := g.now.Add(-time.Duration(g.rng.Int64N(int64(365 * 24 * time.Hour))))
		desc := fmt.Sprintf("%s Sản phẩm của %s, %s. %s", b.Desc, c.name, c.province.Name, storageTip(g.rng.IntN(6)))
		np := catalog.NewProduct{
			CooperativeID: c.id,
			CategorySlug:  b.Category,
			Slug:          fmt.Sprintf("%s-%s-%d", catalog.Slugify(name), g.tag, i+1),
			Name:          name,
			Description:   desc,
			PriceVND:      price,
			Unit:          b.Unit,
			Stock:         stock,
			Published:     g.rng.IntN(40) != 0,
			ProvinceSlug:  c.province.Slug,
			Ward:          c.ward,
			TraceCode:     fmt.Sprintf("SYN-%s-%06d", strings.ToUpper(g.tag), i+1),
			CreatedAt:     created,
		}
		ps = append(ps, synthProduct{np: np, art: b.Art, ocop: g.ocopSpec(), k: g.rng.IntN(1 << 20), prov: c.province, coop: c})
	}
	ids := make(map[string]int64, len(ps))
	for lo := 0; lo < len(ps); lo += syntheticChunk {
		if err := g.insertProducts(ctx, tx, ps[lo:min(lo+syntheticChunk, len(ps))], ids); err != nil {
			return err
		}
	}
	var images, certs, certifications [][]any
	today := db.NewDate(g.now)
	for _, p := range ps {
		id, ok := ids[p.np.Slug]
		if !ok {
			return fmt.Errorf("seed: product %s: no id returned", p.np.Slug)
		}
		images = append(images, []any{id, 0, "image/svg+xml", g.images[p.art], p.np.Name, p.np.CreatedAt})
		if p.ocop != "" {
			c, err := ocopCertificate(id, p.ocop, p.k, p.prov, "", g.now, p.np.CreatedAt)
			if err != nil {
				return err
			}
			c.ExpiresOn = catalog.ExpiryOf(c.IssuedOn)
			certs = append(certs, []any{c.ProductID, c.Stars, c.Score, c.DecisionNo, c.IssuedBy, c.IssuedOn, c.ExpiresOn,
				c.Status, c.RejectReason, c.ReviewedAt, c.CreatedAt})
		}
		for _, slug := range g.certificationsFor(p.np.CategorySlug) {
			code := certificationCode(slug, p.prov.Slug, p.art, p.k, g.now)
			certifications = append(certifications, []any{id, slug, code, today.AddMonths(3 + p.k%33)})
		}
	}
	if err := insertRows(ctx, tx, `INSERT INTO product_images (product_id, position, content_type, digest, alt, created_at) VALUES `, images); err != nil {
		return fmt.Errorf("seed: images: %w", err)
	}
	if err := insertRows(ctx, tx, `INSERT INTO ocop_certificates (product_id, stars, score, decision_no, issued_by, issued_on,
		expires_on, status, reject_reason, reviewed_at, created_at) VALUES `, certs); err != nil {
		return fmt.Errorf("seed: certificates: %w", err)
	}
	if err := insertRows(ctx, tx, `INSERT INTO product_certifications (product_id, certification_slug, code, expires_on) VALUES `, certifications); err != nil {
		return fmt.Errorf("seed: certifications: %w", err)
	}
	return nil
}

// ocopSpec draws a certificate for a synthetic product: none for about 45%,
// otherwise 3★ to 5★, mostly verified, some expired, pending or rejected.
func (g *synth) ocopSpec() string {
	if g.rng.IntN(100) < 45 {
		return ""
	}
	stars := byte('3')
	switch r := g.rng.IntN(100); {
	case r >= 85:
		stars = '5'
	case r >= 45:
		stars = '4'
	}
	status := byte('v')
	switch r := g.rng.IntN(100); {
	case r >= 92:
		status = 'r'
	case r >= 75:
		status = 'p'
	case r >= 62:
		status = 'x'
	}
	return string([]byte{stars, status})
}

func (g *synth) certificationsFor(category string) []string {
	var out []string
	switch category {
	case "nong-san-tuoi", "nong-san-so-che", "che", "ca-phe", "duoc-lieu-so-che":
		if g.rng.IntN(100) < 35 {
			out = append(out, "vietgap")
		}
		if g.rng.IntN(100) < 6 {
			out = append(out, "globalgap")
		}
		if g.rng.IntN(100) < 8 {
			out = append(out, "organic")
		}
	case "thuc-pham-che-bien", "gia-vi", "ruou", "do-uong-khac":
		if g.rng.IntN(100) < 25 {
			out = append(out, "haccp")
		}
	}
	return out
}

func storageTip(i int) string {
	return []string{
		"Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
		"Sau khi mở, đóng kín bao bì và dùng trong 30 ngày.",
		"Bảo quản ngăn mát từ 2 đến 6°C.",
		"Giao hàng toàn quốc trong 2–4 ngày.",
		"Đóng gói cẩn thận, có tem truy xuất nguồn gốc.",
		"Nhận đặt số lượng lớn cho quà tặng doanh nghiệp.",
	}[i%6]
}

// insertProducts inserts ps with one statement and records their ids by slug.
func (g *synth) insertProducts(ctx context.Context, tx *sqlx.Tx, ps []synthProduct, ids map[string]int64) error {
	args := make([]any, 0, len(ps)*16)
	for _, p := range ps {
		n := p.np
		cat, c := g.cats[n.CategorySlug], p.coop
		search := catalog.SearchText(n.Name, n.Description, c.name, cat, c.province.Name, n.Ward)
		args = append(args, n.CooperativeID, n.CategorySlug, n.Slug, n.Name, n.Description, n.PriceVND, n.Unit, n.Stock,
			n.Published, n.ProvinceSlug, n.Ward, n.GIID, n.TraceCode, search, n.CreatedAt, n.CreatedAt)
	}
	q := `INSERT INTO products (cooperative_id, category_slug, slug, name, description, price_vnd, unit, stock, published,
		origin_province_slug, origin_ward, gi_id, trace_code, search_text, created_at, updated_at) VALUES ` +
		placeholders(16, len(ps)) + ` RETURNING id, slug`
	rows, err := tx.QueryContext(ctx, tx.Rebind(q), args...)
	if err != nil {
		return fmt.Errorf("seed: insert products: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			return fmt.Errorf("seed: insert products: %w", err)
		}
		ids[slug] = id
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("seed: insert products: %w", err)
	}
	return nil
}

// insertRows inserts rows (all of the same width) after head, a statement
// ending in VALUES, syntheticChunk rows per statement.
func insertRows(ctx context.Context, tx *sqlx.Tx, head string, rows [][]any) error {
	for lo := 0; lo < len(rows); lo += syntheticChunk {
		chunk := rows[lo:min(lo+syntheticChunk, len(rows))]
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(head+placeholders(len(chunk[0]), len(chunk))), args...); err != nil {
			return err
		}
	}
	return nil
}

// placeholders returns "(?, ?), (?, ?)" for rows rows of cols columns.
func placeholders(cols, rows int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	var b strings.Builder
	b.Grow(rows * (len(one) + 2))
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}
