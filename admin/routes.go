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

	page := []fiber.Handler{a.lang, a.panel.CoopStaffPage, a.csrf}
	with := func(h fiber.Handler) []fiber.Handler { return append(page[:len(page):len(page)], h) }
	r.Get(paths.CoopAudit, with(a.auditPages.Show)...)

	// trace: the batch API (its labels are the page's sheet), then the pages
	v1.Get("/coop/batches", staff, a.coopBatches.List)
	v1.Post("/coop/batches", a.guard, staff, a.coopBatches.Create)
	v1.Get("/coop/batches/:id", staff, a.coopBatches.Get)
	v1.Put("/coop/batches/:id", a.guard, staff, a.coopBatches.Update)
	v1.Delete("/coop/batches/:id", a.guard, staff, a.coopBatches.Delete)
	r.Get(paths.CoopBatchQR, staff, a.coopBatches.QR)
	v1.Get("/coop/batches/:id/labels", a.lang, staff, a.batchPages.Labels)
	r.Get(paths.CoopBatches, with(a.batchPages.List)...)
	r.Post(paths.CoopBatches, with(a.batchPages.Create)...)
	r.Get(paths.CoopBatch, with(a.batchPages.Show)...)
	r.Post(paths.CoopBatch, with(a.batchPages.Update)...)
	r.Post(paths.CoopBatchDelete, with(a.batchPages.Delete)...)
	r.Get(paths.CoopBatchLabels, with(a.batchPages.Labels)...)
}
