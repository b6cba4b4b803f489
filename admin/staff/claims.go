package staff

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/media"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Claims serves the staff's OCOP verification queue: the claims by
// status, and a claim's page with the certificate scan beside what the
// cooperative entered, the body that must have issued it, and the forms
// to verify or reject it.
type Claims struct {
	frame   *panel.Frame
	onboard *onboard.Service
	catalog *catalog.Store
}

// NewClaims returns the pages of the OCOP verification queue.
func NewClaims(frame *panel.Frame, o *onboard.Service, cat *catalog.Store) *Claims {
	return &Claims{frame: frame, onboard: o, catalog: cat}
}

// List answers GET /xuc-tien/ocop?status=: the claims of the status
// (pending by default) within the staff member's province.
func (h *Claims) List(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	status := q.OneOf("status", catalog.CertPending, catalog.QueueStatuses())
	page := q.PageOf(reviewPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	ctx, province := c.UserContext(), panel.StaffProvince(c)
	items, total, err := h.catalog.ClaimQueue(ctx, province, status, page, reviewPerPage)
	if err != nil {
		return err
	}
	counts, err := h.catalog.ClaimCounts(ctx, province)
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.StaffClaims, "staff_ocop", "panel.review.claims.title", struct {
		Items  []catalog.StaffClaim
		Tabs   []countTab
		Status string
		Pager  panel.Pager
	}{items, tabsOf(paths.StaffOCOP, catalog.QueueStatuses(), counts, status), status,
		panel.NewPager(c, page, reviewPerPage, total)})
}

// claimData is what a claim's page shows.
type claimData struct {
	C *catalog.StaffClaim
	// PDF tells a scan drawn in a frame from one shown as an image.
	PDF    bool
	Reason string // the reason entered, when the form is shown again
	web.Form
}

func (h *Claims) claimData(c *fiber.Ctx, id int64, f web.Form) (*claimData, error) {
	cl, err := h.catalog.StaffClaim(c.UserContext(), panel.StaffProvince(c), id)
	if err != nil {
		return nil, panel.NotFoundAs(err, "ocop_claim")
	}
	return &claimData{C: cl, PDF: cl.ScanContentType == media.PDF, Form: f}, nil
}

// Show answers GET /xuc-tien/ocop/{id}.
func (h *Claims) Show(c *fiber.Ctx) error {
	id, err := panel.PathID(c, "id", "ocop_claim")
	if err != nil {
		return err
	}
	d, err := h.claimData(c, id, web.Form{})
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.StaffClaim, "staff_ocop", "panel.review.claim.title", d)
}

// Decide answers POST /xuc-tien/ocop/{id}/quyet-dinh with action verify,
// or reject with a reason, then the claim's page with a notice.
func (h *Claims) Decide(c *fiber.Ctx) error {
	id, err := panel.PathID(c, "id", "ocop_claim")
	if err != nil {
		return err
	}
	action, reason := c.FormValue("action"), c.FormValue("reason")
	if action != "verify" && action != "reject" {
		return web.NotFound("action")
	}
	_, err = h.onboard.ReviewClaim(c.UserContext(), panel.User(c), panel.StaffProvince(c), id, action == "verify", reason)
	if err != nil {
		return h.frame.FormError(c, panel.NotFoundAs(err, "ocop_claim"), templates.StaffClaim, "staff_ocop", "panel.review.claim.title",
			func(f web.Form) any {
				d, derr := h.claimData(c, id, f)
				if derr != nil {
					return &claimData{Form: f}
				}
				d.Reason = reason
				return d
			})
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffClaim, id), "review_claim_"+action)
}
