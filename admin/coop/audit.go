// Package coop serves the pages of the cooperative panel under /quan-ly:
// one file per resource, each page drawn in the panel frame and acting
// only on the cooperative of the logged-in staff member.
package coop

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Audit shows a cooperative the log of the changes made to it.
type Audit struct {
	frame *panel.Frame
	log   *audit.Log
}

// NewAudit returns the audit log page.
func NewAudit(frame *panel.Frame, log *audit.Log) *Audit { return &Audit{frame: frame, log: log} }

// auditPerPage is how many records a page of the log shows.
const auditPerPage = 50

// Show answers GET /quan-ly/nhat-ky: the cooperative's changes, newest first.
func (h *Audit) Show(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	page := q.PageOf(auditPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	recs, total, err := h.log.List(c.UserContext(), audit.Filter{CooperativeID: panel.CoopID(c), Page: page, PerPage: auditPerPage})
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.CoopAudit, "audit", "panel.audit.title", struct {
		Records []audit.Record
		Pager   panel.Pager
	}{recs, panel.NewPager(c, page, auditPerPage, total)})
}
