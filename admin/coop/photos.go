package coop

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/coopmedia"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Photos is the page of a product's photos: upload, alt text, order
// (the first is the cover) and removal.
type Photos struct {
	frame *panel.Frame
	media *coopmedia.Service
}

// NewPhotos returns the photo page.
func NewPhotos(frame *panel.Frame, m *coopmedia.Service) *Photos {
	return &Photos{frame: frame, media: m}
}

// photosData is what templates.CoopPhotos shows.
type photosData struct {
	Product catalog.Ref
	Photos  []catalog.Image
	Alt     string // the alt text of the upload shown again
	// ErrorOn is the photo the form's errors are about, 0 for the upload.
	ErrorOn int64
	Form    web.Form
	MaxMB   int
}

// Show answers GET /quan-ly/san-pham/:id/anh.
func (h *Photos) Show(c *fiber.Ctx) error {
	d, err := h.data(c)
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.CoopPhotos, "products", "panel.media.photos.title", d)
}

func (h *Photos) data(c *fiber.Ctx) (photosData, error) {
	id, err := panel.PathID(c, "id", "product")
	if err != nil {
		return photosData{}, err
	}
	p, err := h.media.Product(c.UserContext(), panel.CoopID(c), id)
	if err != nil {
		return photosData{}, panel.NotFoundAs(err, "product")
	}
	ims, err := h.media.Photos(c.UserContext(), panel.CoopID(c), id)
	if err != nil {
		return photosData{}, panel.NotFoundAs(err, "product")
	}
	return photosData{Product: p, Photos: ims, MaxMB: 5}, nil
}

// Act answers POST /quan-ly/san-pham/:id/anh: the button pressed says
// what to do (upload, alt, up, down, delete), then 303 back with a notice.
func (h *Photos) Act(c *fiber.Ctx) error {
	d, err := h.data(c)
	if err != nil {
		return err
	}
	ctx, coopID, actor := c.UserContext(), panel.CoopID(c), panel.Actor(c)
	back := paths.MustBuild(paths.CoopProductImages, d.Product.ID)
	action := c.FormValue("action")
	var imageID int64
	at := -1
	if action != "upload" {
		if imageID, err = strconv.ParseInt(c.FormValue("image_id"), 10, 64); err != nil {
			return web.NotFound("image")
		}
		for i, im := range d.Photos {
			if im.ID == imageID {
				at = i
			}
		}
		if at < 0 {
			return web.NotFound("image")
		}
	}
	var flash string
	switch action {
	case "upload":
		d.Alt = c.FormValue("alt")
		var data []byte
		if data, err = panel.Upload(c); err == nil {
			_, err = h.media.AddPhoto(ctx, actor, coopID, d.Product.ID, d.Alt, data)
		}
		flash = "photo_added"
	case "alt":
		alt := c.FormValue("alt")
		_, err = h.media.ChangePhoto(ctx, actor, coopID, d.Product.ID, imageID, catalog.ImageChange{Alt: &alt})
		flash = "photo_saved"
	case "up", "down":
		to := at - 1
		if action == "down" {
			to = at + 1
		}
		if to < 0 || to >= len(d.Photos) {
			return h.frame.Redirect(c, back, "")
		}
		_, err = h.media.ChangePhoto(ctx, actor, coopID, d.Product.ID, imageID, catalog.ImageChange{Position: &to})
		flash = "photo_moved"
	case "delete":
		err = h.media.DeletePhoto(ctx, actor, coopID, d.Product.ID, imageID)
		flash = "photo_deleted"
	default:
		err = fault.InvalidField("action", "not_one_of", fault.Params{"choices": "upload, alt, up, down, delete"})
	}
	if err != nil {
		d.ErrorOn = imageID
		return h.frame.FormError(c, panel.NotFoundAs(err, "image"), templates.CoopPhotos, "products", "panel.media.photos.title",
			func(f web.Form) any { d.Form = f; return d })
	}
	return h.frame.Redirect(c, back, flash)
}
