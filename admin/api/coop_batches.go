package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/trace"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// CoopBatches serves a cooperative's traceability batches to its staff;
// another cooperative's batch or product is a 404.
type CoopBatches struct {
	trace *trace.Service
}

// NewCoopBatches returns the batch API.
func NewCoopBatches(t *trace.Service) *CoopBatches { return &CoopBatches{trace: t} }

// batchBody is the JSON body of a batch's create and update. expires_on
// may be null, as the API answers it for a batch without expiry.
type batchBody struct {
	ProductID    int64   `json:"product_id"`
	BatchNo      string  `json:"batch_no"`
	HarvestedOn  string  `json:"harvested_on"`
	PackedOn     string  `json:"packed_on"`
	ExpiresOn    *string `json:"expires_on"`
	FarmAreaCode string  `json:"farm_area_code"`
	Notes        string  `json:"notes"`
}

// decodeBatch reads the body of a batch write; a value of the wrong JSON
// type names its field.
func decodeBatch(c *fiber.Ctx) (trace.Input, error) {
	var b batchBody
	if err := decode(c, &b); err != nil {
		return trace.Input{}, err
	}
	in := trace.Input{ProductID: b.ProductID, BatchNo: b.BatchNo, HarvestedOn: b.HarvestedOn, PackedOn: b.PackedOn,
		FarmAreaCode: b.FarmAreaCode, Notes: b.Notes}
	if b.ExpiresOn != nil {
		in.ExpiresOn = *b.ExpiresOn
	}
	return in, nil
}

// batchID is the {id} of the route: anything but a positive number names
// no batch.
func batchID(c *fiber.Ctx) (int64, error) { return panel.PathID(c, "id", "batch") }

// batchActor is the logged-in staff member, for the audit log.
func batchActor(c *fiber.Ctx) trace.Actor {
	u := panel.User(c)
	return trace.Actor{ID: u.ID, Email: u.Email}
}

// List answers GET /api/v1/coop/batches?product_id=: the cooperative's
// batches, newest first, of one of its products when product_id is given.
func (h *CoopBatches) List(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	productID := q.Int("product_id", 0, 1, 1<<62)
	page, perPage := q.Page(24)
	if err := q.Err(); err != nil {
		return err
	}
	coop := panel.CoopID(c)
	if productID != 0 {
		if _, err := h.trace.Product(c.UserContext(), coop, productID); err != nil {
			return err
		}
	}
	items, total, err := h.trace.List(c.UserContext(), coop, trace.Filter{ProductID: productID, Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[trace.Batch]{Items: items, Total: total, Page: page, PerPage: perPage})
}

// Get answers GET /api/v1/coop/batches/{id}.
func (h *CoopBatches) Get(c *fiber.Ctx) error {
	id, err := batchID(c)
	if err != nil {
		return err
	}
	b, err := h.trace.Get(c.UserContext(), panel.CoopID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(b)
}

// Create answers POST /api/v1/coop/batches: 201 with the new batch.
func (h *CoopBatches) Create(c *fiber.Ctx) error {
	in, err := decodeBatch(c)
	if err != nil {
		return err
	}
	b, err := h.trace.Create(c.UserContext(), batchActor(c), panel.CoopID(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(b)
}

// Update answers PUT /api/v1/coop/batches/{id}: the body replaces the
// batch's fields; its trace code stays.
func (h *CoopBatches) Update(c *fiber.Ctx) error {
	id, err := batchID(c)
	if err != nil {
		return err
	}
	in, err := decodeBatch(c)
	if err != nil {
		return err
	}
	b, err := h.trace.Update(c.UserContext(), batchActor(c), panel.CoopID(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(b)
}

// Delete answers DELETE /api/v1/coop/batches/{id}: 204.
func (h *CoopBatches) Delete(c *fiber.Ctx) error {
	id, err := batchID(c)
	if err != nil {
		return err
	}
	if err := h.trace.Delete(c.UserContext(), batchActor(c), panel.CoopID(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// QR answers GET /api/v1/coop/batches/{id}/qr.png?size=: the PNG QR code
// of the batch's trace URL, size pixels wide (128 to 1024, 256 by
// default). The URL never changes, so the browser may keep the image.
func (h *CoopBatches) QR(c *fiber.Ctx) error {
	id, err := batchID(c)
	if err != nil {
		return err
	}
	q := web.NewListQuery(c)
	size := q.Int("size", trace.DefaultQRSize, trace.MinQRSize, trace.MaxQRSize)
	if err := q.Err(); err != nil {
		return err
	}
	b, err := h.trace.Get(c.UserContext(), panel.CoopID(c), id)
	if err != nil {
		return err
	}
	png, err := trace.QRCode(b.TraceURL, int(size))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "private, max-age=86400")
	return c.Send(png)
}
