package coop

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/coopmedia"
	"github.com/ocopmarket/ocopmarket/internal/media"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// OCOP is the page of a product's OCOP claims: the claim form (stars,
// decision, issuing body, date, scan) and the state of each claim, with
// the expiry of the verified certificate.
type OCOP struct {
	frame *panel.Frame
	media *coopmedia.Service
	cat   *catalog.Store
}

// NewOCOP returns the OCOP claim page.
func NewOCOP(frame *panel.Frame, m *coopmedia.Service, cat *catalog.Store) *OCOP {
	return &OCOP{frame: frame, media: m, cat: cat}
}

// claimInput is the claim form as it was sent.
type claimInput struct {
	Stars      int
	DecisionNo string
	IssuedBy   string
	IssuedOn   string
}

// ocopData is what templates.CoopOCOP shows.
type ocopData struct {
	Product catalog.Ref
	Claims  []coopmedia.ClaimView
	// Committee is the People's Committee of the cooperative's province,
	// the body of 3★ and 4★; Ministry the body of 5★.
	Committee, Ministry string
	Today               string
	ReminderDays        int
	Input               claimInput
	Form                web.Form
}

// Show answers GET /quan-ly/san-pham/:id/ocop.
func (h *OCOP) Show(c *fiber.Ctx) error {
	d, err := h.data(c)
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.CoopOCOP, "products", "panel.media.ocop.title", d)
}

func (h *OCOP) data(c *fiber.Ctx) (ocopData, error) {
	ctx := c.UserContext()
	id, err := panel.PathID(c, "id", "product")
	if err != nil {
		return ocopData{}, err
	}
	p, err := h.media.Product(ctx, panel.CoopID(c), id)
	if err != nil {
		return ocopData{}, panel.NotFoundAs(err, "product")
	}
	cs, err := h.media.Claims(ctx, panel.CoopID(c), id)
	if err != nil {
		return ocopData{}, panel.NotFoundAs(err, "product")
	}
	co, err := h.cat.CooperativeByID(ctx, panel.CoopID(c))
	if err != nil {
		return ocopData{}, err
	}
	ps, err := h.cat.Provinces(ctx)
	if err != nil {
		return ocopData{}, err
	}
	d := ocopData{Product: p, Ministry: catalog.Ministry, Today: h.cat.Today().String(), ReminderDays: catalog.ReminderDays,
		Input: claimInput{Stars: 4}}
	for _, pr := range ps {
		if pr.Slug == co.Province.Slug {
			d.Committee = catalog.Committee(pr)
		}
	}
	d.Input.IssuedBy = d.Committee
	for _, cl := range cs {
		d.Claims = append(d.Claims, h.media.View(cl))
	}
	return d, nil
}

// Claim answers POST /quan-ly/san-pham/:id/ocop (multipart, the scan
// optional): a claim waiting for staff, then 303 back with a notice.
func (h *OCOP) Claim(c *fiber.Ctx) error {
	d, err := h.data(c)
	if err != nil {
		return err
	}
	stars, _ := strconv.Atoi(strings.TrimSpace(c.FormValue("stars")))
	d.Input = claimInput{Stars: stars, DecisionNo: c.FormValue("decision_no"), IssuedBy: c.FormValue("issued_by"),
		IssuedOn: c.FormValue("issued_on")}
	var scan []byte
	if fh, ferr := c.FormFile(media.Field); ferr == nil && fh.Size > 0 {
		scan, err = panel.Upload(c)
	}
	if err == nil {
		_, err = h.media.Claim(c.UserContext(), panel.Actor(c), panel.CoopID(c), d.Product.ID,
			catalog.Claim{Stars: d.Input.Stars, DecisionNo: d.Input.DecisionNo, IssuedBy: d.Input.IssuedBy, IssuedOn: d.Input.IssuedOn}, scan)
	}
	if err != nil {
		return h.frame.FormError(c, panel.NotFoundAs(err, "product"), templates.CoopOCOP, "products", "panel.media.ocop.title",
			func(f web.Form) any { d.Form = f; return d })
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.CoopProductOCOP, d.Product.ID), "ocop_claimed")
}
