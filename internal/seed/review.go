package seed

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/ocopmarket/ocopmarket/internal/media"
	"github.com/ocopmarket/ocopmarket/internal/seed/artwork"
)

// reviewScans is how many pending OCOP claims of the demo get a scan of
// their decision, so that the staff's verification page has one to show
// beside the entered data.
const reviewScans = 3

// reviewDemo gives the first pending OCOP claims of the staff's queue
// (the oldest) that have no scan a drawn scan of their decision: a page
// of text lines under a heading, with the red seal of the issuing body,
// the lines varied after the decision number.
func (s *demo) reviewDemo(ctx context.Context) error {
	var claims []struct {
		ID         int64  `db:"id"`
		ProductID  int64  `db:"product_id"`
		CoopID     int64  `db:"cooperative_id"`
		DecisionNo string `db:"decision_no"`
	}
	if err := s.tx.SelectContext(ctx, &claims, s.tx.Rebind(`SELECT c.id, c.product_id, p.cooperative_id, c.decision_no
		FROM ocop_certificates c JOIN products p ON p.id = c.product_id
		WHERE c.status = 'pending' AND c.scan_digest = '' ORDER BY c.created_at, c.id LIMIT ?`), reviewScans); err != nil {
		return fmt.Errorf("seed: review: %w", err)
	}
	for _, c := range claims {
		scan, err := decisionScan(c.DecisionNo)
		if err != nil {
			return fmt.Errorf("seed: review: claim %d: %w", c.ID, err)
		}
		if _, _, err := s.Catalog.AttachScan(ctx, s.tx, c.CoopID, c.ProductID, media.Variant{ContentType: media.PNG, Data: scan}); err != nil {
			return fmt.Errorf("seed: review: claim %d: %w", c.ID, err)
		}
	}
	return nil
}

// decisionScan draws the PNG scan of decision no: an A4-shaped page.
func decisionScan(no string) ([]byte, error) {
	const w, h = 420, 594
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill := func(x0, y0, x1, y1 int, c color.Color) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Set(x, y, c)
			}
		}
	}
	fill(0, 0, w, h, color.RGBA{250, 248, 240, 255})
	ink := color.RGBA{60, 60, 70, 255}
	fill(40, 40, 180, 48, ink)  // the issuing body
	fill(240, 40, 380, 48, ink) // the national motto
	fill(120, 90, 300, 102, ink)
	shift := artwork.Hue(no) % 40
	for i := 0; i < 16; i++ {
		y := 140 + i*22
		end := 380 - (i*37+shift)%90
		fill(40, y, end, y+5, color.RGBA{110, 110, 120, 255})
	}
	seal := color.RGBA{200, 30, 40, 255}
	cx, cy, r := 300, 500, 46
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			if d <= r*r && d >= (r-6)*(r-6) || d <= 12*12 {
				img.Set(x, y, seal)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
