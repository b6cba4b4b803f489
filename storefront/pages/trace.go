package pages

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/trace"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Trace serves the public page of a batch, which the QR code of its
// label opens on the shopper's phone.
type Trace struct {
	*Frame
	trace *trace.Service
}

// NewTrace returns the trace page.
func NewTrace(f *Frame, t *trace.Service) *Trace { return &Trace{Frame: f, trace: t} }

// traceCert is a certification of the traced product, with whether it
// has lapsed by today.
type traceCert struct {
	catalog.ProductCertification
	Expired bool
}

// traceData is what the trace page shows.
type traceData struct {
	R            *trace.Record
	Certs        []traceCert
	BatchExpired bool // the batch is past its expiry date
}

// Show answers GET /truy-xuat/{code}: the batch's product, cooperative,
// origin, certificates and dates.
func (h *Trace) Show(c *fiber.Ctx) error {
	r, err := h.trace.Trace(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	today := h.trace.Today()
	d := traceData{R: r, BatchExpired: !r.Batch.ExpiresOn.IsZero() && r.Batch.ExpiresOn.Before(today.Time)}
	for _, ce := range r.Certifications {
		d.Certs = append(d.Certs, traceCert{ProductCertification: ce, Expired: !ce.ExpiresOn.IsZero() && ce.ExpiresOn.Before(today.Time)})
	}
	title, err := h.t(p, "trace.title")
	if err != nil {
		return err
	}
	p.Title = r.Product.Name + " · " + title
	p.Description = r.Product.Name + " · " + r.Cooperative.Name + " · " + r.Origin.Province.Name
	p.Data = d
	return h.render(c, templates.Trace, p)
}
