package staff

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/api"
	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/audit"
)

// Audit shows staff the log of every staff, admin and cooperative action
// within their scope.
type Audit struct {
	frame *panel.Frame
	log   *audit.Log
}

// NewAudit returns the staff's audit log page.
func NewAudit(frame *panel.Frame, log *audit.Log) *Audit { return &Audit{frame: frame, log: log} }

// Show answers GET /xuc-tien/nhat-ky?actor=&cooperative_id=&from=&to=.
func (h *Audit) Show(c *fiber.Ctx) error {
	f, err := api.AuditFilter(c)
	if err != nil {
		return err
	}
	recs, total, err := h.log.List(c.UserContext(), f)
	if err != nil {
		return err
	}
	type list struct {
		Records []audit.Record
		Pager   panel.Pager
	}
	return h.frame.Render(c, templates.StaffAudit, "staff_audit", "panel.audit.title", struct {
		Actor, CooperativeID, From, To string
		List                           list
	}{c.Query("actor"), c.Query("cooperative_id"), c.Query("from"), c.Query("to"),
		list{recs, panel.NewPager(c, f.Page, f.PerPage, total)}})
}
