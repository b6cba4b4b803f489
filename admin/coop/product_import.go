package coop

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/api"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/listing"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// importPage is the data of the import page: nothing before an upload,
// the preview of every row after one.
type importPage struct {
	Result *listing.Import
	// Refused says the file was applied with invalid rows and without
	// skipping them, so nothing changed.
	Refused bool
	Form    web.Form
}

// Import answers GET /quan-ly/san-pham/nhap: the upload form.
func (h *Products) Import(c *fiber.Ctx) error {
	return h.frame.Render(c, templates.CoopProductImport, "products", "panel.listings.import.title", importPage{})
}

// Upload answers POST /quan-ly/san-pham/nhap: a dry run shows the preview
// with a form to apply the same file; an applied file goes back to the
// list with a notice.
func (h *Products) Upload(c *fiber.Ctx) error {
	res, err := api.ImportFile(c, h.listings)
	if err != nil {
		return h.frame.FormError(c, err, templates.CoopProductImport, "products", "panel.listings.import.title",
			func(f web.Form) any { return importPage{Form: f} })
	}
	applied := c.FormValue("dry_run") == "false"
	if applied && (res.Applied > 0 || res.Invalid == 0) {
		return h.frame.Redirect(c, paths.CoopProducts, "products_imported")
	}
	status := 0
	if applied {
		status = fiber.StatusUnprocessableEntity
	}
	return h.frame.RenderStatus(c, status, templates.CoopProductImport, "products", "panel.listings.import.title",
		importPage{Result: res, Refused: applied})
}

// Export answers GET /quan-ly/san-pham/xuat: the price and stock file.
func (h *Products) Export(c *fiber.Ctx) error {
	return api.ExportFile(c, h.listings)
}
