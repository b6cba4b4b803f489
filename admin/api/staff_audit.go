package api

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// StaffAudit serves the audit log to trade-promotion staff and admins; a
// province's staff read the records of their province's cooperatives.
type StaffAudit struct {
	log *audit.Log
}

// NewStaffAudit returns the audit log API.
func NewStaffAudit(log *audit.Log) *StaffAudit { return &StaffAudit{log: log} }

// AuditFilter reads the filters of the audit log, shared by its page and
// its JSON twin: actor (an email or a user id), cooperative_id, and the
// Vietnam days from and to, both included, a page of at most 100.
func AuditFilter(c *fiber.Ctx) (audit.Filter, error) {
	q := web.NewListQuery(c)
	f := audit.Filter{Province: panel.StaffProvince(c), CooperativeID: q.Int("cooperative_id", 0, 0, 1<<53)}
	if actor := q.String("actor", 254); actor != "" {
		if id, err := strconv.ParseInt(actor, 10, 64); err == nil {
			f.ActorID = id
		} else {
			f.ActorEmail = actor
		}
	}
	if from, ok := q.Day("from"); ok {
		f.From = from
	}
	if to, ok := q.Day("to"); ok {
		f.To = to.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		q.Invalid("to", "date_before_start", nil)
	}
	f.Page, f.PerPage = q.Page(50)
	return f, q.Err()
}

// List answers GET /api/v1/staff/audit?actor=&cooperative_id=&from=&to=.
func (h *StaffAudit) List(c *fiber.Ctx) error {
	f, err := AuditFilter(c)
	if err != nil {
		return err
	}
	recs, total, err := h.log.List(c.UserContext(), f)
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[audit.Record]{Items: recs, Total: total, Page: f.Page, PerPage: f.PerPage})
}
