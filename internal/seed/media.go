package seed

import (
	"context"
	"fmt"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

// mediaCoop is the demo cooperative whose panel shows a certificate about
// to expire.
const mediaCoop = "htx-ca-phe-bich-thao"

// media gives a product of mediaCoop without an OCOP certificate a
// verified 4★ certificate that expires in 45 days, inside the reminder
// window of its claim page (the demo's photos stay drawings: see artwork).
func (s *demo) media(ctx context.Context) error {
	var p struct {
		ID int64 `db:"id"`
	}
	err := s.tx.GetContext(ctx, &p, s.tx.Rebind(`SELECT p.id FROM products p JOIN cooperatives c ON c.id = p.cooperative_id
		WHERE c.slug = ? AND NOT EXISTS (SELECT 1 FROM ocop_certificates o WHERE o.product_id = p.id) ORDER BY p.id LIMIT 1`), mediaCoop)
	if db.NoRows(err) {
		return nil // every product of the cooperative is certified: nothing to add
	}
	if err != nil {
		return fmt.Errorf("seed: media: %w", err)
	}
	expires := db.NewDate(s.now.In(format.Vietnam()).AddDate(0, 0, 45))
	reviewed := s.now.AddDate(0, -1, 0)
	score := 78
	cert := &catalog.Certificate{ProductID: p.ID, Stars: 4, Score: &score, DecisionNo: "1187/QĐ-UBND", IssuedBy: "UBND tỉnh Sơn La",
		IssuedOn: expires.AddMonths(-catalog.CertificateValidityMonths), Status: catalog.CertVerified, ReviewedAt: &reviewed,
		CreatedAt: s.now.AddDate(0, -1, -2)}
	if err := s.Catalog.AddCertificate(ctx, s.tx, cert); err != nil {
		return fmt.Errorf("seed: media: %w", err)
	}
	s.sum.Certificates++
	return nil
}
