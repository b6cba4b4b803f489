package api

import (
	"encoding/json"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/coopmedia"
)

// CoopMedia serves the photos and OCOP claims of a cooperative's products
// to its staff; another cooperative's product, photo or claim is a 404.
type CoopMedia struct {
	media *coopmedia.Service
}

// NewCoopMedia returns the photo and OCOP claim API.
func NewCoopMedia(m *coopmedia.Service) *CoopMedia { return &CoopMedia{media: m} }

func productID(c *fiber.Ctx) (int64, error) { return panel.PathID(c, "id", "product") }

// Photos answers GET /api/v1/coop/products/{id}/images.
func (h *CoopMedia) Photos(c *fiber.Ctx) error {
	id, err := productID(c)
	if err != nil {
		return err
	}
	ims, err := h.media.Photos(c.UserContext(), panel.CoopID(c), id)
	if err != nil {
		return panel.NotFoundAs(err, "product")
	}
	out := make([]coopmedia.Photo, len(ims))
	for i, im := range ims {
		out[i] = coopmedia.Describe(im)
	}
	return c.JSON(fiber.Map{"items": out})
}

// AddPhoto answers POST /api/v1/coop/products/{id}/images: multipart
// "file" (JPEG, PNG or WebP, at most 5 MB) and "alt".
func (h *CoopMedia) AddPhoto(c *fiber.Ctx) error {
	id, err := productID(c)
	if err != nil {
		return err
	}
	if _, err := h.media.Photos(c.UserContext(), panel.CoopID(c), id); err != nil {
		return panel.NotFoundAs(err, "product")
	}
	data, err := panel.Upload(c)
	if err != nil {
		return err
	}
	im, err := h.media.AddPhoto(c.UserContext(), panel.Actor(c), panel.CoopID(c), id, c.FormValue("alt"), data)
	if err != nil {
		return panel.NotFoundAs(err, "product")
	}
	return c.Status(http.StatusCreated).JSON(coopmedia.Describe(im))
}

// ChangePhoto answers PUT /api/v1/coop/products/{id}/images/{image_id}
// {alt?, position?}.
func (h *CoopMedia) ChangePhoto(c *fiber.Ctx) error {
	id, err := productID(c)
	if err != nil {
		return err
	}
	imageID, err := panel.PathID(c, "image_id", "image")
	if err != nil {
		return err
	}
	var b struct {
		Alt      *string `json:"alt"`
		Position *int    `json:"position"`
	}
	if err := json.Unmarshal(c.Body(), &b); err != nil {
		return errBadJSON.Wrap(err)
	}
	im, err := h.media.ChangePhoto(c.UserContext(), panel.Actor(c), panel.CoopID(c), id, imageID,
		catalog.ImageChange{Alt: b.Alt, Position: b.Position})
	if err != nil {
		return panel.NotFoundAs(err, "image")
	}
	return c.JSON(coopmedia.Describe(im))
}

// DeletePhoto answers DELETE /api/v1/coop/products/{id}/images/{image_id}.
func (h *CoopMedia) DeletePhoto(c *fiber.Ctx) error {
	id, err := productID(c)
	if err != nil {
		return err
	}
	imageID, err := panel.PathID(c, "image_id", "image")
	if err != nil {
		return err
	}
	if err := h.media.DeletePhoto(c.UserContext(), panel.Actor(c), panel.CoopID(c), id, imageID); err != nil {
		return panel.NotFoundAs(err, "image")
	}
	return c.SendStatus(http.StatusNoContent)
}

// Claims answers GET /api/v1/coop/products/{id}/ocop: the product's OCOP
// claims, newest first.
func (h *CoopMedia) Claims(c *fiber.Ctx) error {
	id, err := productID(c)
	if err != nil {
		return err
	}
	cs, err := h.media.Claims(c.UserContext(), panel.CoopID(c), id)
	if err != nil {
		return panel.NotFoundAs(err, "product")
	}
	out := make([]coopmedia.ClaimView, len(cs))
	for i, cl := range cs {
		out[i] = h.media.View(cl)
	}
	return c.JSON(fiber.Map{"items": out})
}

// Claim answers PUT /api/v1/coop/products/{id}/ocop {stars, decision_no,
// issued_by, issued_on}: a claim waiting for staff to verify it.
func (h *CoopMedia) Claim(c *fiber.Ctx) error {
	id, err := productID(c)
	if err != nil {
		return err
	}
	var b struct {
		Stars      int    `json:"stars"`
		DecisionNo string `json:"decision_no"`
		IssuedBy   string `json:"issued_by"`
		IssuedOn   string `json:"issued_on"`
	}
	if err := json.Unmarshal(c.Body(), &b); err != nil {
		return errBadJSON.Wrap(err)
	}
	cl, err := h.media.Claim(c.UserContext(), panel.Actor(c), panel.CoopID(c), id,
		catalog.Claim{Stars: b.Stars, DecisionNo: b.DecisionNo, IssuedBy: b.IssuedBy, IssuedOn: b.IssuedOn}, nil)
	if err != nil {
		return panel.NotFoundAs(err, "product")
	}
	return c.JSON(h.media.View(cl))
}

// AttachScan answers POST /api/v1/coop/products/{id}/ocop/scan: multipart
// "file", a PDF or an image of the certificate, for the claim waiting.
func (h *CoopMedia) AttachScan(c *fiber.Ctx) error {
	id, err := productID(c)
	if err != nil {
		return err
	}
	if _, err := h.media.Claims(c.UserContext(), panel.CoopID(c), id); err != nil {
		return panel.NotFoundAs(err, "product")
	}
	data, err := panel.Upload(c)
	if err != nil {
		return err
	}
	cl, err := h.media.AttachScan(c.UserContext(), panel.Actor(c), panel.CoopID(c), id, data)
	if err != nil {
		return panel.NotFoundAs(err, "product")
	}
	return c.JSON(h.media.View(cl))
}
