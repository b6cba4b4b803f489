package api

import (
	"bytes"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/report"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// StaffReports serves the trade-promotion staff's reports and dashboard;
// a province's staff get the figures of that province's cooperatives only.
type StaffReports struct {
	reports *report.Service
	msgs    *i18n.Catalog
}

// NewStaffReports returns the staff report API; msgs names star levels and
// totals in the request's language.
func NewStaffReports(reports *report.Service, msgs *i18n.Catalog) *StaffReports {
	return &StaffReports{reports: reports, msgs: msgs}
}

func scopeOf(c *fiber.Ctx) report.Scope { return report.Scope{Province: panel.StaffProvince(c)} }

// Sales answers GET /api/v1/staff/reports/sales?group_by=&from=&to=&format=:
// the sales of the range by group, as JSON or (format=csv) as CSV.
func (h *StaffReports) Sales(c *fiber.Ctx) error {
	q := web.NewQuery(c)
	asCSV := q.OneOf("format", "json", []string{"json", "csv"}) == "csv"
	sq := report.ReadSales(q.String("group_by", 32), q.String("from", 32), q.String("to", 32), h.reports.Today(), scopeOf(c), q.Invalid)
	if err := q.Err(); err != nil {
		return err
	}
	sales, err := h.reports.Sales(c.UserContext(), sq)
	if err != nil {
		return err
	}
	lang := h.msgs.Lang(c)
	t := h.msgs.Func(lang)
	sales.Localize(lang == i18n.English, t)
	if !asCSV {
		return c.JSON(sales)
	}
	total, err := t("panel.reports.total")
	if err != nil {
		return fmt.Errorf("api: sales csv: %w", err)
	}
	var b bytes.Buffer
	if err := sales.WriteCSV(&b, total); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="sales-%s-%s-%s.csv"`, sales.GroupBy, sales.From, sales.To))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(b.Bytes())
}

// Catalog answers GET /api/v1/staff/reports/catalog: the cooperatives by
// province and status and the verified products by province and stars.
func (h *StaffReports) Catalog(c *fiber.Ctx) error {
	out, err := h.reports.Catalog(c.UserContext(), scopeOf(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// Dashboard answers GET /api/v1/staff/dashboard: this month's sales and
// top cooperatives, and what waits for staff.
func (h *StaffReports) Dashboard(c *fiber.Ctx) error {
	d, err := h.reports.Dashboard(c.UserContext(), scopeOf(c))
	if err != nil {
		return err
	}
	return c.JSON(d)
}
