package api

import (
	"bytes"
	"mime"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/listing"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Refusals of the product API's requests.
var (
	errNotMultipart = fault.New(fault.UnsupportedMedia, "unsupported_media_type")
	errNoFile       = fault.New(fault.Invalid, "file_required")
)

// CoopProducts serves a cooperative's products to its staff: list, create,
// read, change, duplicate, archive or delete, restore, and prices and
// stock by CSV.
type CoopProducts struct {
	listings *listing.Service
}

// NewCoopProducts returns the cooperative product API.
func NewCoopProducts(l *listing.Service) *CoopProducts { return &CoopProducts{listings: l} }

// Actor is who makes a change from the panel, for its audit record.
func Actor(c *fiber.Ctx) audit.Actor {
	u := panel.User(c)
	return audit.Actor{ID: u.ID, Email: u.Email}
}

// ProductID reads the :id of a product route; anything but a positive
// whole number names no product.
func ProductID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, listing.ErrNotFound
	}
	return id, nil
}

// List answers GET /api/v1/coop/products?status=&q=&page=&per_page=.
func (h *CoopProducts) List(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	status := q.OneOf("status", "", listing.Statuses())
	text := q.Text("q")
	page, perPage := q.Page(24)
	if err := q.Err(); err != nil {
		return err
	}
	l, err := h.listings.List(c.UserContext(), panel.CoopID(c), listing.Filter{Status: status, Query: text, Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[listing.Product]{Items: l.Items, Total: l.Total, Page: page, PerPage: perPage})
}

// Create answers POST /api/v1/coop/products: 201 with the new product.
func (h *CoopProducts) Create(c *fiber.Ctx) error {
	var in listing.Input
	if err := decode(c, &in); err != nil {
		return err
	}
	p, err := h.listings.Create(c.UserContext(), Actor(c), panel.CoopID(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

// Product answers GET /api/v1/coop/products/{id}.
func (h *CoopProducts) Product(c *fiber.Ctx) error {
	id, err := ProductID(c)
	if err != nil {
		return err
	}
	p, err := h.listings.Product(c.UserContext(), panel.CoopID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// Update answers PUT /api/v1/coop/products/{id}: every field at once.
func (h *CoopProducts) Update(c *fiber.Ctx) error {
	id, err := ProductID(c)
	if err != nil {
		return err
	}
	var in listing.Input
	if err := decode(c, &in); err != nil {
		return err
	}
	p, err := h.listings.Update(c.UserContext(), Actor(c), panel.CoopID(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// Delete answers DELETE /api/v1/coop/products/{id}: 204 when the product
// is gone, 200 with it when it was ordered and so archived.
func (h *CoopProducts) Delete(c *fiber.Ctx) error {
	id, err := ProductID(c)
	if err != nil {
		return err
	}
	d, err := h.listings.Delete(c.UserContext(), Actor(c), panel.CoopID(c), id)
	if err != nil {
		return err
	}
	if !d.Archived {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.JSON(d.Product)
}

// Duplicate answers POST /api/v1/coop/products/{id}/duplicate: 201 with
// the draft copy.
func (h *CoopProducts) Duplicate(c *fiber.Ctx) error {
	id, err := ProductID(c)
	if err != nil {
		return err
	}
	p, err := h.listings.Duplicate(c.UserContext(), Actor(c), panel.CoopID(c), id)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

// Restore answers POST /api/v1/coop/products/{id}/restore: an archived
// product back as a draft.
func (h *CoopProducts) Restore(c *fiber.Ctx) error {
	id, err := ProductID(c)
	if err != nil {
		return err
	}
	p, err := h.listings.Restore(c.UserContext(), Actor(c), panel.CoopID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// Import answers POST /api/v1/coop/products/import: a multipart file of
// prices and stock, checked only unless dry_run=false.
func (h *CoopProducts) Import(c *fiber.Ctx) error {
	res, err := ImportFile(c, h.listings)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

// ImportFile reads the multipart form of an import (file, dry_run,
// skip_invalid; the flags also from the query) and runs it: the one
// reading of the form for the API and the page.
func ImportFile(c *fiber.Ctx, l *listing.Service) (*listing.Import, error) {
	mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if mt != fiber.MIMEMultipartForm {
		return nil, errNotMultipart
	}
	form, err := c.MultipartForm()
	if err != nil {
		return nil, listing.ErrNotCSV.With(fault.Params{"line": 1}).Wrap(err)
	}
	flag := func(name string, def bool) (bool, error) {
		v := c.Query(name)
		if vs := form.Value[name]; len(vs) > 0 {
			v = vs[0]
		}
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "":
			return def, nil
		case "true", "1", "on":
			return true, nil
		case "false", "0", "off":
			return false, nil
		}
		return false, fault.InvalidField(name, "not_one_of", fault.Params{"choices": "true, false"})
	}
	dry, err := flag("dry_run", true)
	if err != nil {
		return nil, err
	}
	skip, err := flag("skip_invalid", false)
	if err != nil {
		return nil, err
	}
	files := form.File["file"]
	if len(files) == 0 {
		return nil, errNoFile
	}
	if files[0].Size > listing.MaxImportBytes {
		return nil, listing.ErrCSVTooLarge.With(fault.Params{"max": "5 MB"})
	}
	f, err := files[0].Open()
	if err != nil {
		return nil, listing.ErrNotCSV.With(fault.Params{"line": 1}).Wrap(err)
	}
	defer f.Close()
	return l.ImportCSV(c.UserContext(), Actor(c), panel.CoopID(c), f, listing.ImportOptions{Apply: !dry, SkipInvalid: skip})
}

// Export answers GET /api/v1/coop/products/export: every product's price
// and stock as CSV, to edit and import again.
func (h *CoopProducts) Export(c *fiber.Ctx) error {
	return ExportFile(c, h.listings)
}

// ExportFile sends the cooperative's price and stock file as a download.
func ExportFile(c *fiber.Ctx, l *listing.Service) error {
	var b bytes.Buffer
	if err := l.ExportCSV(c.UserContext(), panel.CoopID(c), &b); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="san-pham.csv"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(b.Bytes())
}
