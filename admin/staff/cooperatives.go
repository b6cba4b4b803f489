package staff

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Cooperatives serves the staff's queue of cooperatives: the list by
// status with each application's details, and a cooperative's page with
// the forms of the decisions its status allows.
type Cooperatives struct {
	frame   *panel.Frame
	onboard *onboard.Service
}

// NewCooperatives returns the pages of the cooperatives' queue.
func NewCooperatives(frame *panel.Frame, o *onboard.Service) *Cooperatives {
	return &Cooperatives{frame: frame, onboard: o}
}

// reviewPerPage is how many cooperatives or claims a page of a queue shows.
const reviewPerPage = 20

// countTab is a tab of a queue: a status, its address and how many it holds.
type countTab struct {
	Status, URL string
	Count       int
	Current     bool
}

// tabsOf returns the tabs of statuses on the list at base.
func tabsOf(base string, statuses []string, counts map[string]int, current string) []countTab {
	tabs := make([]countTab, 0, len(statuses))
	for _, s := range statuses {
		tabs = append(tabs, countTab{Status: s, URL: base + "?status=" + s, Count: counts[s], Current: s == current})
	}
	return tabs
}

// List answers GET /xuc-tien/hop-tac-xa?status=: the cooperatives of the
// status (pending by default) within the staff member's province, each
// with its application.
func (h *Cooperatives) List(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	status := q.OneOf("status", catalog.CoopPending, onboard.ReviewStatuses())
	page := q.PageOf(reviewPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	ctx, province := c.UserContext(), panel.StaffProvince(c)
	items, total, err := h.onboard.Applications(ctx, province, status, page, reviewPerPage)
	if err != nil {
		return err
	}
	counts, err := h.onboard.ApplicationCounts(ctx, province)
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.StaffCoops, "staff_coops", "panel.review.coops.title", struct {
		Items  []onboard.Reviewed
		Tabs   []countTab
		Status string
		Pager  panel.Pager
	}{items, tabsOf(paths.StaffCoops, onboard.ReviewStatuses(), counts, status), status,
		panel.NewPager(c, page, reviewPerPage, total)})
}

// coopData is what a cooperative's page shows.
type coopData struct {
	C *onboard.Reviewed
	// In is what was entered in the form shown again, by action.
	Action, Text string
	web.Form
}

// Show answers GET /xuc-tien/hop-tac-xa/{id}.
func (h *Cooperatives) Show(c *fiber.Ctx) error {
	id, err := panel.PathID(c, "id", "cooperative")
	if err != nil {
		return err
	}
	a, err := h.onboard.Application(c.UserContext(), panel.StaffProvince(c), id)
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.StaffCoop, "staff_coops", "panel.review.coop.title", &coopData{C: a})
}

// Decide answers POST /xuc-tien/hop-tac-xa/{id}/quyet-dinh with action
// approve, request_changes (message), reject (reason), suspend (reason)
// or reinstate, then the cooperative's page with a notice.
func (h *Cooperatives) Decide(c *fiber.Ctx) error {
	id, err := panel.PathID(c, "id", "cooperative")
	if err != nil {
		return err
	}
	ctx, u, province := c.UserContext(), panel.User(c), panel.StaffProvince(c)
	action, text := c.FormValue("action"), c.FormValue("text")
	switch action {
	case "approve":
		_, err = h.onboard.Approve(ctx, u, province, id)
	case "request_changes":
		_, err = h.onboard.ReviewChanges(ctx, u, province, id, text)
	case "reject":
		_, err = h.onboard.Reject(ctx, u, province, id, text)
	case "suspend":
		_, err = h.onboard.Suspend(ctx, u, province, id, text)
	case "reinstate":
		_, err = h.onboard.Reinstate(ctx, u, province, id)
	default:
		return web.NotFound("action")
	}
	if err != nil {
		return h.frame.FormError(c, err, templates.StaffCoop, "staff_coops", "panel.review.coop.title", func(f web.Form) any {
			a, aerr := h.onboard.Application(ctx, province, id)
			if aerr != nil {
				return &coopData{Form: f}
			}
			return &coopData{C: a, Action: action, Text: text, Form: f}
		})
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffCoop, id), "review_"+action)
}
