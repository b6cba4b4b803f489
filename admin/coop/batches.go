package coop

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/trace"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Batches serves the traceability pages: the list of batches with the
// form of a new one, a batch's page with its QR code and edit form, and
// the printable sheets of its labels.
type Batches struct {
	frame *panel.Frame
	trace *trace.Service
}

// NewBatches returns the traceability pages.
func NewBatches(frame *panel.Frame, t *trace.Service) *Batches {
	return &Batches{frame: frame, trace: t}
}

// batchesPerPage is how many batches a page of the list shows.
const batchesPerPage = 30

// batchValues are the fields of a batch form as typed.
type batchValues struct {
	ProductID                      int64
	BatchNo, HarvestedOn, PackedOn string
	ExpiresOn, FarmAreaCode, Notes string
}

// batchForm is a batch form: what was typed and what to fix.
type batchForm struct {
	web.Form
	Values   batchValues
	Products []trace.ProductRef // the choice of product
	Today    string             // the latest harvest and packing day, YYYY-MM-DD
}

// batchesData is what the list page shows.
type batchesData struct {
	Items     []trace.Batch
	Pager     panel.Pager
	Products  []trace.ProductRef
	ProductID int64 // the product the list is filtered by, 0 for all
	New       batchForm
}

// batchData is what a batch's page shows.
type batchData struct {
	B       *trace.Batch
	Edit    batchForm
	Layouts []labelLayout
	QR      string // the QR image, big enough for the screen
}

// batchValuesOf reads a batch form.
func batchValuesOf(c *fiber.Ctx) batchValues {
	id, _ := strconv.ParseInt(strings.TrimSpace(c.FormValue("product_id")), 10, 64)
	return batchValues{ProductID: id, BatchNo: c.FormValue("batch_no"), HarvestedOn: c.FormValue("harvested_on"),
		PackedOn: c.FormValue("packed_on"), ExpiresOn: c.FormValue("expires_on"), FarmAreaCode: c.FormValue("farm_area_code"),
		Notes: c.FormValue("notes")}
}

func (v batchValues) input() trace.Input {
	return trace.Input{ProductID: v.ProductID, BatchNo: v.BatchNo, HarvestedOn: v.HarvestedOn, PackedOn: v.PackedOn,
		ExpiresOn: v.ExpiresOn, FarmAreaCode: v.FarmAreaCode, Notes: v.Notes}
}

// valuesOfBatch fills the edit form with a batch as it is.
func valuesOfBatch(b *trace.Batch) batchValues {
	return batchValues{ProductID: b.ProductID, BatchNo: b.BatchNo, HarvestedOn: b.HarvestedOn.String(), PackedOn: b.PackedOn.String(),
		ExpiresOn: b.ExpiresOn.String(), FarmAreaCode: b.FarmAreaCode, Notes: b.Notes}
}

// pageBatchID is the :id of a batch page; anything but a positive number
// names no batch.
func pageBatchID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, web.NotFound("batch")
	}
	return id, nil
}

// pageActor is the logged-in staff member, for the audit log.
func pageActor(c *fiber.Ctx) trace.Actor {
	u := panel.User(c)
	return trace.Actor{ID: u.ID, Email: u.Email}
}

// list gathers the list page for the query of c, with the new-batch form.
func (h *Batches) list(c *fiber.Ctx, form batchForm) (*batchesData, error) {
	q := web.NewListQuery(c)
	productID := q.Int("product_id", 0, 1, 1<<62)
	page := q.PageOf(batchesPerPage)
	if err := q.Err(); err != nil {
		return nil, err
	}
	ctx, coop := c.UserContext(), panel.CoopID(c)
	if productID != 0 {
		if _, err := h.trace.Product(ctx, coop, productID); err != nil {
			return nil, err
		}
	}
	items, total, err := h.trace.List(ctx, coop, trace.Filter{ProductID: productID, Page: page, PerPage: batchesPerPage})
	if err != nil {
		return nil, err
	}
	products, err := h.trace.Products(ctx, coop)
	if err != nil {
		return nil, err
	}
	form.Today, form.Products = h.trace.Today().String(), products
	if form.Values.ProductID == 0 {
		form.Values.ProductID = productID
	}
	return &batchesData{Items: items, Pager: panel.NewPager(c, page, batchesPerPage, total), Products: products,
		ProductID: productID, New: form}, nil
}

// List answers GET /quan-ly/truy-xuat: the cooperative's batches, newest
// first, of one product with ?product_id=, and the form of a new batch.
func (h *Batches) List(c *fiber.Ctx) error {
	d, err := h.list(c, batchForm{})
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.CoopBatches, "batches", "panel.trace.title", d)
}

// Create answers the new-batch form: to the batch's page, or the list
// again with what to fix.
func (h *Batches) Create(c *fiber.Ctx) error {
	v := batchValuesOf(c)
	b, err := h.trace.Create(c.UserContext(), pageActor(c), panel.CoopID(c), v.input())
	if err != nil {
		return h.frame.FormError(c, err, templates.CoopBatches, "batches", "panel.trace.title", func(f web.Form) any {
			d, lerr := h.list(c, batchForm{Form: f, Values: v})
			if lerr != nil {
				return batchesData{New: batchForm{Form: f, Values: v}}
			}
			return d
		})
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.CoopBatch, b.ID), "batch_created")
}

// batch gathers a batch's page, with the edit form filled by form.
func (h *Batches) batch(c *fiber.Ctx, b *trace.Batch, form batchForm) (*batchData, error) {
	products, err := h.trace.Products(c.UserContext(), panel.CoopID(c))
	if err != nil {
		return nil, err
	}
	form.Today, form.Products = h.trace.Today().String(), products
	return &batchData{B: b, Edit: form, Layouts: labelLayouts(),
		QR: paths.MustBuild(paths.CoopBatchQR, b.ID) + "?size=320"}, nil
}

// Show answers GET /quan-ly/truy-xuat/{id}: the batch, its QR code, the
// links to its labels and public page, and its edit form.
func (h *Batches) Show(c *fiber.Ctx) error {
	id, err := pageBatchID(c)
	if err != nil {
		return err
	}
	b, err := h.trace.Get(c.UserContext(), panel.CoopID(c), id)
	if err != nil {
		return err
	}
	d, err := h.batch(c, b, batchForm{Values: valuesOfBatch(b)})
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.CoopBatch, "batches", "panel.trace.batch_title", d)
}

// Update answers the edit form of a batch.
func (h *Batches) Update(c *fiber.Ctx) error {
	id, err := pageBatchID(c)
	if err != nil {
		return err
	}
	coop := panel.CoopID(c)
	b, err := h.trace.Get(c.UserContext(), coop, id)
	if err != nil {
		return err
	}
	v := batchValuesOf(c)
	if _, err := h.trace.Update(c.UserContext(), pageActor(c), coop, id, v.input()); err != nil {
		return h.frame.FormError(c, err, templates.CoopBatch, "batches", "panel.trace.batch_title", func(f web.Form) any {
			d, berr := h.batch(c, b, batchForm{Form: f, Values: v})
			if berr != nil {
				return batchData{B: b, Edit: batchForm{Form: f, Values: v}}
			}
			return d
		})
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.CoopBatch, id), "batch_saved")
}

// Delete answers the delete form of a batch: back to the list.
func (h *Batches) Delete(c *fiber.Ctx) error {
	id, err := pageBatchID(c)
	if err != nil {
		return err
	}
	if err := h.trace.Delete(c.UserContext(), pageActor(c), panel.CoopID(c), id); err != nil {
		return err
	}
	return h.frame.Redirect(c, paths.CoopBatches, "batch_deleted")
}
