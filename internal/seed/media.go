package seed

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/media"
)

// mediaCoop is the demo cooperative whose panel shows the photo sizes and
// a certificate about to expire.
const mediaCoop = "htx-ca-phe-bich-thao"

// media gives a product of mediaCoop without an OCOP certificate a photo,
// stored at the sizes the pages show, and a verified 4★ certificate that
// expires in 45 days, inside the reminder window of its claim page.
func (s *demo) media(ctx context.Context) error {
	var p struct {
		ID     int64 `db:"id"`
		CoopID int64 `db:"cooperative_id"`
	}
	err := s.tx.GetContext(ctx, &p, s.tx.Rebind(`SELECT p.id, p.cooperative_id FROM products p JOIN cooperatives c ON c.id = p.cooperative_id
		WHERE c.slug = ? AND NOT EXISTS (SELECT 1 FROM ocop_certificates o WHERE o.product_id = p.id) ORDER BY p.id LIMIT 1`), mediaCoop)
	if db.NoRows(err) {
		return nil // every product of the cooperative is certified: nothing to add
	}
	if err != nil {
		return fmt.Errorf("seed: media: %w", err)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, beans(1600, 1200), &jpeg.Options{Quality: 90}); err != nil {
		return fmt.Errorf("seed: media: %w", err)
	}
	sizes, err := media.Photo(b.Bytes())
	if err != nil {
		return fmt.Errorf("seed: media: %w", err)
	}
	if _, err := s.Catalog.AddPhoto(ctx, s.tx, p.CoopID, p.ID, "Hạt cà phê rang", sizes); err != nil {
		return fmt.Errorf("seed: media: %w", err)
	}
	expires := db.NewDate(s.now.In(format.Vietnam()).AddDate(0, 0, 45))
	reviewed := s.now.AddDate(0, -1, 0)
	cert := &catalog.Certificate{ProductID: p.ID, Stars: 4, DecisionNo: "1187/QĐ-UBND", IssuedBy: "UBND tỉnh Sơn La",
		IssuedOn: expires.AddMonths(-catalog.CertificateValidityMonths), Status: catalog.CertVerified, ReviewedAt: &reviewed,
		CreatedAt: s.now.AddDate(0, -1, -2)}
	if err := s.Catalog.AddCertificate(ctx, s.tx, cert); err != nil {
		return fmt.Errorf("seed: media: %w", err)
	}
	return nil
}

// beans draws roasted coffee beans: brown ovals with a lighter crease on
// a sack-coloured ground.
func beans(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: 205, G: 180, B: 140, A: 255})
		}
	}
	const r = 70
	for cy := r; cy < h; cy += 2*r + 20 {
		for cx := r + (cy/(2*r+20)%2)*r; cx < w; cx += 2*r + 30 {
			for y := -r; y <= r; y++ {
				for x := -r; x <= r; x++ {
					dx, dy := float64(x)/float64(r), float64(y)/(float64(r)*0.7)
					if dx*dx+dy*dy > 1 || cx+x < 0 || cx+x >= w || cy+y < 0 || cy+y >= h {
						continue
					}
					c := color.RGBA{R: uint8(92 - y/4), G: uint8(52 - y/6), B: 28, A: 255}
					if x > -r/2 && x < r/2 && (y == x/5 || y == x/5+1) {
						c = color.RGBA{R: 160, G: 110, B: 70, A: 255}
					}
					img.Set(cx+x, cy+y, c)
				}
			}
		}
	}
	return img
}
