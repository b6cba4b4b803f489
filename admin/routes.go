package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// Routes registers the panels' routes on r: the cooperative panel's API,
// behind the API guard for writes and the coop_staff check, and its pages,
// behind the language, the page role check and the CSRF check of forms.
func Routes(r fiber.Router, a *Admin) {
	staff := a.panel.CoopStaff
	v1 := r.Group("/api/v1")
	v1.Get("/coop/orders", staff, a.coopOrders.Orders)
	v1.Get("/coop/orders/:code", staff, a.coopOrders.Order)
	v1.Post("/coop/orders/:code/transitions", a.guard, staff, a.coopOrders.Transition)
	v1.Post("/coop/orders/:code/payment", a.guard, staff, a.coopOrders.PaymentReceived)
	// listings
	v1.Get("/coop/products", staff, a.coopProducts.List)
	v1.Post("/coop/products", a.guard, staff, a.coopProducts.Create)
	v1.Get("/coop/products/export", staff, a.coopProducts.Export)
	v1.Post("/coop/products/import", a.guard, staff, a.coopProducts.Import)
	v1.Get("/coop/products/:id", staff, a.coopProducts.Product)
	v1.Put("/coop/products/:id", a.guard, staff, a.coopProducts.Update)
	v1.Delete("/coop/products/:id", a.guard, staff, a.coopProducts.Delete)
	v1.Post("/coop/products/:id/duplicate", a.guard, staff, a.coopProducts.Duplicate)
	v1.Post("/coop/products/:id/restore", a.guard, staff, a.coopProducts.Restore)

	page := []fiber.Handler{a.lang, a.panel.CoopStaffPage, a.csrf}
	with := func(h fiber.Handler) []fiber.Handler { return append(page[:len(page):len(page)], h) }
	r.Get(paths.CoopAudit, with(a.auditPages.Show)...)
	// listings
	r.Get(paths.CoopProducts, with(a.productPages.List)...)
	r.Get(paths.CoopProductNew, with(a.productPages.New)...)
	r.Post(paths.CoopProductNew, with(a.productPages.Create)...)
	r.Get(paths.CoopProductImport, with(a.productPages.Import)...)
	r.Post(paths.CoopProductImport, with(a.productPages.Upload)...)
	r.Get(paths.CoopProductExport, with(a.productPages.Export)...)
	r.Get(paths.CoopProduct, with(a.productPages.Edit)...)
	r.Post(paths.CoopProduct, with(a.productPages.Save)...)
	r.Post(paths.CoopProductPublish, with(a.productPages.Publish)...)
	r.Post(paths.CoopProductUnpublish, with(a.productPages.Unpublish)...)
	r.Post(paths.CoopProductDuplicate, with(a.productPages.Duplicate)...)
	r.Post(paths.CoopProductDelete, with(a.productPages.Delete)...)
	r.Post(paths.CoopProductRestore, with(a.productPages.Restore)...)
}
