package coop

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/trace"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// labelLayout is a sheet of A4 label paper: how many labels of what size
// in how many columns. panel.css places the labels of each Key in mm.
type labelLayout struct {
	Key      string // the ?layout= value, and the CSS class labels-<Key>
	PerSheet int
	Columns  int
	Size     string // the size of a label as printed on the paper's box
}

// labelLayouts are the common A4 label papers, the default first.
func labelLayouts() []labelLayout {
	return []labelLayout{
		{Key: "a4-24", PerSheet: 24, Columns: 3, Size: "70 × 37 mm"},
		{Key: "a4-21", PerSheet: 21, Columns: 3, Size: "63,5 × 38,1 mm"},
		{Key: "a4-65", PerSheet: 65, Columns: 5, Size: "38,1 × 21,2 mm"},
	}
}

// MaxLabels is the most labels one request prints: ten sheets of the
// smallest labels.
const MaxLabels = 650

// labelsData is what the labels page shows.
type labelsData struct {
	B        *trace.Batch
	Layout   labelLayout
	Layouts  []labelLayout
	Count    int
	Sheets   [][]int // the labels of each sheet
	ShortURL string  // the trace URL without its scheme, printed under the QR code
	QR       string  // the QR image, sharp enough for print
}

// Labels answers GET /quan-ly/truy-xuat/{id}/tem and its API twin GET
// /api/v1/coop/batches/{id}/labels (?layout=, ?count=): a printable sheet
// of labels, each with the product, the cooperative, the batch number,
// the packing and expiry dates, the QR code and the short trace URL.
func (h *Batches) Labels(c *fiber.Ctx) error {
	id, err := pageBatchID(c)
	if err != nil {
		return err
	}
	layouts := labelLayouts()
	keys := make([]string, len(layouts))
	for i, l := range layouts {
		keys[i] = l.Key
	}
	q := web.NewQuery(c)
	key := q.OneOf("layout", layouts[0].Key, keys)
	layout := layouts[0]
	for _, l := range layouts {
		if l.Key == key {
			layout = l
		}
	}
	count := int(q.Int("count", int64(layout.PerSheet), 1, MaxLabels))
	if err := q.Err(); err != nil {
		return err
	}
	b, err := h.trace.Get(c.UserContext(), panel.CoopID(c), id)
	if err != nil {
		return err
	}
	_, short, ok := strings.Cut(b.TraceURL, "://")
	if !ok {
		short = b.TraceURL
	}
	d := labelsData{B: b, Layout: layout, Layouts: layouts, Count: count, ShortURL: short,
		QR: paths.MustBuild(paths.CoopBatchQR, b.ID) + "?size=256"}
	for i := 0; i < count; i += layout.PerSheet {
		sheet := make([]int, 0, layout.PerSheet)
		for j := i; j < min(i+layout.PerSheet, count); j++ {
			sheet = append(sheet, j+1)
		}
		d.Sheets = append(d.Sheets, sheet)
	}
	return h.frame.Render(c, templates.CoopBatchLabels, "batches", "panel.trace.labels_title", d)
}
