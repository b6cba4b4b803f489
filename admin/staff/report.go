package staff

import (
	"bytes"
	"fmt"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/report"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// Reports shows staff the sales of a range of days by group, as a chart,
// a table and a CSV file, and the counts of cooperatives and verified
// products.
type Reports struct {
	frame   *panel.Frame
	reports *report.Service
}

// NewReports returns the reports page.
func NewReports(frame *panel.Frame, reports *report.Service) *Reports {
	return &Reports{frame: frame, reports: reports}
}

// reportsPage is what the reports template shows.
type reportsPage struct {
	Form      web.Form
	GroupBy   string // the filter as typed, to show it again
	From, To  string
	Groupings []string
	Sales     *report.Sales // nil when the filter is wrong
	Chart     Chart
	CSV       string // the address of the report as CSV
	Catalog   *report.Catalog
}

// Show answers GET /xuc-tien/bao-cao?group_by=&from=&to=: the report of
// the range (this month by default); with format=csv, the report as a CSV
// file. A wrong filter shows the form again with what to fix.
func (h *Reports) Show(c *fiber.Ctx) error {
	q := web.NewQuery(c)
	asCSV := q.OneOf("format", "html", []string{"html", "csv"}) == "csv"
	today := h.reports.Today()
	sq := report.ReadSales(q.String("group_by", 32), q.String("from", 32), q.String("to", 32), today, report.Scope{Province: panel.StaffProvince(c)}, q.Invalid)
	d := reportsPage{GroupBy: sq.GroupBy, From: c.Query("from", report.MonthOf(today).From.String()),
		To: c.Query("to", today.String()), Groupings: report.Groupings()}
	cat, err := h.reports.Catalog(c.UserContext(), sq.Scope)
	if err != nil {
		return err
	}
	d.Catalog = cat
	if err := q.Err(); err != nil {
		return h.frame.FormError(c, err, templates.StaffReports, "staff_reports", "panel.reports.title", func(f web.Form) any {
			d.Form = f
			return d
		})
	}
	sales, err := h.reports.Sales(c.UserContext(), sq)
	if err != nil {
		return err
	}
	lang := h.frame.Lang(c)
	sales.Localize(lang == i18n.English, h.frame.Messages().Func(lang))
	if asCSV {
		return h.csv(c, sales)
	}
	d.Sales = sales
	d.Chart = barChart(sales.Rows)
	d.CSV = paths.StaffReports + "?" + url.Values{"group_by": {sales.GroupBy}, "from": {sales.From.String()},
		"to": {sales.To.String()}, "format": {"csv"}, i18n.QueryParam: {lang}}.Encode()
	return h.frame.Render(c, templates.StaffReports, "staff_reports", "panel.reports.title", d)
}

func (h *Reports) csv(c *fiber.Ctx, sales *report.Sales) error {
	var b bytes.Buffer
	if err := sales.WriteCSV(&b, h.frame.T(c, "panel.reports.total")); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="sales-%s-%s-%s.csv"`, sales.GroupBy, sales.From, sales.To))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(b.Bytes())
}

// chartBars is how many groups the chart draws; the table lists them all.
const chartBars = 10

// The chart's geometry, in the units of its viewBox: it is drawn at the
// width of its box, 360 px on a phone.
const (
	chartWidth = 320
	barStep    = 44 // a label line and a bar
	barHeight  = 16
)

// Chart is a horizontal bar chart of revenue by group, drawn as SVG by the
// template.
type Chart struct {
	Height int
	Bars   []Bar
	More   int // groups left out of the chart
}

// Bar is one group of the chart.
type Bar struct {
	Label, Value  string
	LabelY, BarY  int
	Width, Height int
}

// barChart draws the first groups of rows (largest revenue first), each
// bar as long as its revenue is to the largest.
func barChart(rows []report.Row) Chart {
	n := min(len(rows), chartBars)
	ch := Chart{Height: n*barStep + 4, More: len(rows) - n}
	var top int64
	for _, r := range rows[:n] {
		top = max(top, r.RevenueVND)
	}
	for i, r := range rows[:n] {
		w := 2
		if top > 0 {
			w = max(w, int(float64(r.RevenueVND)/float64(top)*chartWidth))
		}
		y := i * barStep
		ch.Bars = append(ch.Bars, Bar{Label: r.Name, Value: format.VND(r.RevenueVND), LabelY: y + 14, BarY: y + 22, Width: w, Height: barHeight})
	}
	return ch
}
