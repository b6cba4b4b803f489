// Package staff serves the pages of the trade-promotion staff's panel
// under /xuc-tien: one file per resource, each page drawn in the panel
// frame and limited to the staff member's province when they have one.
package staff

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/report"
)

// Dashboard is the staff panel's first page: this month's sales of the
// staff member's scope and what waits for them.
type Dashboard struct {
	frame   *panel.Frame
	reports *report.Service
}

// NewDashboard returns the staff dashboard.
func NewDashboard(frame *panel.Frame, reports *report.Service) *Dashboard {
	return &Dashboard{frame: frame, reports: reports}
}

// Show answers GET /xuc-tien.
func (h *Dashboard) Show(c *fiber.Ctx) error {
	d, err := h.reports.Dashboard(c.UserContext(), report.Scope{Province: panel.StaffProvince(c)})
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.StaffDashboard, "staff", "panel.staff.dashboard.title", struct {
		*report.Dashboard
		Expiring int
	}{d, report.ExpiringWithinDays})
}
