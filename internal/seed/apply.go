package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// applications are the demo cooperatives that have just applied: no
// products yet, waiting for trade-promotion staff. Their applicants log in
// as <slug>@ocop.local like every demo cooperative's staff.
func applications() []coopSpec {
	return []coopSpec{
		{
			Slug: "htx-che-shan-tuyet-ta-xua", Name: "HTX Chè Shan tuyết Tà Xùa", Province: "son-la", Status: catalog.CoopPending,
			Ward: "Xã Tà Xùa", Place: "Bản Bẹ", Representative: "Sồng A Lử", Founded: 2024, BankBIN: "970405",
			ShipFee: onboard.DefaultShippingFeeVND,
			Description: "Hợp tác xã của đồng bào Mông ở Tà Xùa, độ cao 1.600 m, chăm sóc những cây chè Shan tuyết cổ thụ trên trăm năm tuổi. " +
				"Búp chè được hái tay một tôm hai lá vào sáng sớm và sao trên chảo gang bằng củi.\n\n" +
				"Sản phẩm chính: chè Shan tuyết búp, bạch trà và hồng trà. Hợp tác xã đang làm hồ sơ OCOP 4 sao cho chè búp.",
		},
	}
}

// changesAsked are what trade-promotion staff asked demo applications to
// change, by slug: the profile page shows them highlighted.
func changesAsked() map[string]string {
	return map[string]string{
		"htx-hai-san-ha-long": "Đề nghị hợp tác xã tải lên bản chụp giấy chứng nhận đăng ký hợp tác xã và giấy chứng nhận cơ sở đủ điều kiện " +
			"an toàn thực phẩm của xưởng chả mực.\nĐịa chỉ xưởng cần ghi rõ số nhà, tổ, khu.",
	}
}

// taxCodeFor returns a ten-digit tax code, stable for a slug and not one
// of used, which it records.
func taxCodeFor(slug string, used map[string]bool) string {
	n := uint64(hash(slug))*2654435761%9_000_000_000 + 1_000_000_000
	for used[fmt.Sprint(n)] {
		n++
	}
	code := fmt.Sprint(n)
	used[code] = true
	return code
}

// applications adds the demo applications, tax codes for every demo
// cooperative, and the changes staff asked of pending ones.
func (s *demo) applications(ctx context.Context) error {
	for i, c := range applications() {
		prov, ok := s.provinces[c.Province]
		if !ok {
			return fmt.Errorf("seed: application %s: unknown province %s", c.Slug, c.Province)
		}
		co := &catalog.Cooperative{Slug: c.Slug, Name: c.Name, Province: catalog.NamedSlug{Slug: prov.Slug, Name: prov.Name},
			Ward: c.Ward, Address: c.Place + ", " + lowerFirst(c.Ward) + ", " + prov.label(), Representative: c.Representative,
			Phone: phoneFor(c.Slug), Email: strings.ReplaceAll(c.Slug, "-", "") + "@gmail.com", Description: c.Description,
			Status: c.Status, BankBIN: c.BankBIN, BankAccountNo: accountNoFor(c.Slug, c.BankBIN),
			BankAccountName: strings.ToUpper(textfold.Fold(c.Name)), ShippingFeeVND: c.ShipFee,
			CreatedAt: s.now.Add(-time.Duration(26+i*5) * time.Hour)}
		co.FoundedYear.Int64, co.FoundedYear.Valid = int64(c.Founded), c.Founded > 0
		if err := s.Catalog.CreateCooperative(ctx, s.tx, co); err != nil {
			return fmt.Errorf("seed: application %s: %w", c.Slug, err)
		}
		s.sum.Cooperatives++
		// The applicant's account is made with the other demo logins,
		// after this transaction: the record names them by email.
		if err := audit.New(s.DB, func() time.Time { return co.CreatedAt }).Record(ctx, s.tx, audit.Entry{
			Actor: audit.Actor{Email: c.Slug + "@" + EmailDomain}, CooperativeID: &co.ID, Action: "cooperative.apply",
			Subject: audit.Subject{Kind: "cooperative", ID: audit.SubjectID(co.ID)},
			After:   map[string]any{"name": co.Name, "status": co.Status, "province": co.Province.Slug}}); err != nil {
			return fmt.Errorf("seed: application %s: %w", c.Slug, err)
		}
	}
	used := map[string]bool{}
	for _, c := range append(demoCooperatives(), applications()...) {
		if _, err := s.tx.ExecContext(ctx, s.tx.Rebind(`UPDATE cooperatives SET tax_code = ? WHERE slug = ?`), taxCodeFor(c.Slug, used), c.Slug); err != nil {
			return fmt.Errorf("seed: tax code of %s: %w", c.Slug, err)
		}
	}
	for slug, msg := range changesAsked() {
		if _, err := s.tx.ExecContext(ctx, s.tx.Rebind(`UPDATE cooperatives SET review_message = ?, reviewed_at = ? WHERE slug = ?`),
			msg, s.now.Add(-3*time.Hour), slug); err != nil {
			return fmt.Errorf("seed: changes asked of %s: %w", slug, err)
		}
	}
	return nil
}
