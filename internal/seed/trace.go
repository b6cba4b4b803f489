package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/trace"
)

// traceBatches gives every demo product one to three traceability
// batches packed in the weeks before today, the newest one's code becoming
// the product's trace code, as the panel's batch actions do.
func (s *demo) traceBatches(ctx context.Context) error {
	var products []struct {
		ID       int64  `db:"id"`
		Category string `db:"category_slug"`
		Group    string `db:"group_slug"`
		Province string `db:"origin_province_slug"`
	}
	if err := s.tx.SelectContext(ctx, &products, `SELECT p.id, p.category_slug, COALESCE(c.parent_slug, c.slug) AS group_slug,
		p.origin_province_slug FROM products p JOIN categories c ON c.slug = p.category_slug ORDER BY p.id`); err != nil {
		return fmt.Errorf("seed: batches: %w", err)
	}
	today := db.NewDate(s.now.In(format.Vietnam()))
	for k, p := range products {
		n := 1 + (k*7)%3
		var newest string
		for i := range n {
			// The newest batch was packed 2 to 20 days ago, each older one
			// about five to seven weeks before the next.
			ago := 2 + (k*5)%19 + (n-1-i)*(35+(k+i)%14)
			packed := today.AddDate(0, 0, -ago)
			harvested := packed.AddDate(0, 0, -(k+i)%4)
			code := trace.NewCode()
			farm := ""
			if grows(p.Group, p.Category) {
				farm = fmt.Sprintf("VN-%s-%04d", provinceCode(p.Province), 11+(k*37)%9000)
			}
			at := packed.Add(10 * time.Hour).Add(-7 * time.Hour) // 10:00 in Vietnam
			if _, err := s.tx.ExecContext(ctx, s.tx.Rebind(`INSERT INTO product_batches (product_id, batch_no, trace_code,
				harvested_on, packed_on, expires_on, farm_area_code, notes, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				p.ID, packed.Format("20060102")+"-1", code, db.NewDate(harvested), db.NewDate(packed),
				expiry(p.Group, p.Category, db.NewDate(packed)), farm, batchNote(p.Group, k+i), at, at); err != nil {
				return fmt.Errorf("seed: batch of product %d: %w", p.ID, err)
			}
			newest = code
		}
		if _, err := s.tx.ExecContext(ctx, s.tx.Rebind(`UPDATE products SET trace_code = ? WHERE id = ?`), newest, p.ID); err != nil {
			return fmt.Errorf("seed: trace code of product %d: %w", p.ID, err)
		}
	}
	return nil
}

// grows reports whether products of a category come from a growing area
// that has a farm area code (mã số vùng trồng).
func grows(group, category string) bool {
	switch category {
	case "nong-san-tuoi", "nong-san-so-che", "che", "ca-phe", "gia-vi":
		return true
	}
	return group == "duoc-lieu"
}

// expiry is the best-before day of a batch packed on packed: weeks for
// fresh produce, months for dried and processed food, none for crafts,
// plants, spirits and services.
func expiry(group, category string, packed db.Date) db.Date {
	switch category {
	case "nong-san-tuoi":
		return db.Date{Time: packed.AddDate(0, 0, 21)}
	case "thuc-pham-che-bien":
		return packed.AddMonths(6)
	case "nong-san-so-che", "ca-phe", "do-uong-khac":
		return packed.AddMonths(12)
	case "che", "gia-vi":
		return packed.AddMonths(18)
	case "mat-ong":
		return packed.AddMonths(24)
	}
	if group == "duoc-lieu" {
		return packed.AddMonths(24)
	}
	return db.Date{}
}

// batchNote is what a cooperative may note on a batch, by product group;
// some batches have none.
func batchNote(group string, n int) string {
	if n%3 == 2 {
		return ""
	}
	notes := map[string][2]string{
		"thuc-pham":        {"Thu hái thủ công vào buổi sáng, sơ chế và đóng gói trong ngày tại xưởng của hợp tác xã.", "Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp."},
		"do-uong":          {"Ủ và đóng chai tại cơ sở của hợp tác xã, theo công thức truyền thống.", "Bảo quản nơi thoáng mát; ngon hơn khi dùng lạnh."},
		"duoc-lieu":        {"Thu hái đúng mùa, phơi sấy ở nhiệt độ thấp để giữ dược tính.", "Bảo quản trong túi kín, nơi khô ráo."},
		"thu-cong-my-nghe": {"Làm thủ công hoàn toàn bởi các nghệ nhân của hợp tác xã.", "Lau bằng khăn mềm, tránh ngâm nước lâu."},
	}
	if ns, ok := notes[group]; ok {
		return ns[n%2]
	}
	return ""
}
