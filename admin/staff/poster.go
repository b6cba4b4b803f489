package staff

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"strconv"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
)

// posterQRSize is the side of a poster's QR code in pixels, sharp when
// printed 12 cm wide on A4.
const posterQRSize = 768

// posterData is what a booth's printable poster shows.
type posterData struct {
	S     *showcase.Showcase
	Booth showcase.Booth
	URL   string
	QR    template.URL
}

// Poster answers GET /xuc-tien/hoi-cho/{id}/gian-hang/{booth}/ap-phich: an
// A4 poster for the booth, whose QR code opens the booth's part of the
// fair page on a phone.
func (h *Fairs) Poster(c *fiber.Ctx) error {
	id, boothID, err := booth(c)
	if err != nil {
		return err
	}
	sc, err := h.store.Get(c.UserContext(), panel.StaffProvince(c), id)
	if err != nil {
		return err
	}
	d := posterData{S: sc}
	found := false
	for _, b := range sc.Booths {
		if b.ID == boothID {
			d.Booth, found = b, true
		}
	}
	if !found {
		return showcase.ErrNotFound
	}
	u := *h.base
	u.Path = paths.MustBuild(paths.Fair, sc.Slug)
	u.RawQuery = "gian=" + strconv.FormatInt(boothID, 10)
	d.URL = u.String()
	png, err := qrcode.Encode(d.URL, qrcode.Medium, posterQRSize)
	if err != nil {
		return fmt.Errorf("staff: poster of booth %d: %w", boothID, err)
	}
	d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)) //nolint:gosec // base64 of our PNG
	return h.frame.Render(c, templates.StaffFairPoster, "staff_fairs", "panel.fairs.poster", d)
}
