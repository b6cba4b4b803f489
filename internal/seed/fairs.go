package seed

import (
	"context"
	"fmt"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
)

// fairSpec is a demo fair: its days relative to today and its booths.
type fairSpec struct {
	slug, title, city, venue, province, status, description string
	from, to                                                int // days from today
	booths                                                  []string
}

func demoFairs() []fairSpec {
	return []fairSpec{
		{slug: "hoi-cho-ocop-son-la-2026", title: "Hội chợ OCOP Sơn La 2026", city: "Sơn La", venue: "Quảng trường Tây Bắc, phường Tô Hiệu",
			province: "son-la", status: showcase.StatusPublished, from: -3, to: 4,
			description: "Hội chợ xúc tiến thương mại sản phẩm OCOP tỉnh Sơn La: cà phê, chè Shan tuyết, cá lăng sông Đà và nông sản Mộc Châu.\nQuét mã QR ở mỗi gian hàng để mua ngay.",
			booths:      []string{"htx-ca-phe-bich-thao", "htx-thuy-san-ho-quynh", "htx-nong-san-moc-chau"}},
		{slug: "tuan-le-ocop-ha-noi", title: "Tuần lễ sản phẩm OCOP tại Hà Nội", city: "Hà Nội", venue: "Cung Văn hóa Hữu nghị Việt Xô",
			status: showcase.StatusPublished, from: 20, to: 26,
			description: "Các sản phẩm OCOP 4 và 5 sao của các vùng miền hội tụ ở Thủ đô.",
			booths:      []string{"htx-gom-su-bat-trang", "htx-may-tre-dan-phu-vinh", "htx-che-tan-cuong-hoang-binh", "htx-nuoc-mam-ham-ninh"}},
		{slug: "hoi-cho-ocop-quang-ninh-2026", title: "Hội chợ OCOP Quảng Ninh 2026", city: "Quảng Ninh", venue: "Cung Quy hoạch, Hội chợ và Triển lãm tỉnh",
			province: "quang-ninh", status: showcase.StatusArchived, from: -60, to: -55,
			description: "Hội chợ OCOP Quảng Ninh đầu năm.",
			booths:      []string{"htx-duoc-lieu-ba-che"}},
	}
}

// fairs creates the demo fairs: one running in Sơn La now, one coming in
// Hà Nội and one of the past, archived.
func (s *demo) fairs(ctx context.Context) error {
	today := db.NewDate(s.now.In(format.Vietnam()))
	for _, f := range demoFairs() {
		var province *string
		if f.province != "" {
			province = &f.province
		}
		var id int64
		if err := s.tx.GetContext(ctx, &id, s.tx.Rebind(`INSERT INTO showcases (slug, title, city, venue, starts_on, ends_on, description,
			status, province_slug, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			f.slug, f.title, f.city, f.venue, db.Date{Time: today.AddDate(0, 0, f.from)}, db.Date{Time: today.AddDate(0, 0, f.to)},
			f.description, f.status, province, s.now, s.now); err != nil {
			return fmt.Errorf("seed: fair %s: %w", f.slug, err)
		}
		for i, coop := range f.booths {
			var booth int64
			if err := s.tx.GetContext(ctx, &booth, s.tx.Rebind(`INSERT INTO showcase_booths (showcase_id, cooperative_id, position)
				SELECT ?, id, ? FROM cooperatives WHERE slug = ? RETURNING id`), id, i+1, coop); err != nil {
				return fmt.Errorf("seed: fair %s: booth of %s: %w", f.slug, coop, err)
			}
			if _, err := s.tx.ExecContext(ctx, s.tx.Rebind(`INSERT INTO showcase_booth_products (booth_id, product_id, position)
				SELECT ?, p.id, p.id FROM products p JOIN cooperatives co ON co.id = p.cooperative_id
				WHERE co.slug = ? AND p.published = TRUE ORDER BY p.id LIMIT 6`), booth, coop); err != nil {
				return fmt.Errorf("seed: fair %s: products of %s: %w", f.slug, coop, err)
			}
		}
	}
	return nil
}
