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
	// media
	v1.Get("/coop/products/:id/images", staff, a.coopMedia.Photos)
	v1.Post("/coop/products/:id/images", a.guard, staff, a.coopMedia.AddPhoto)
	v1.Put("/coop/products/:id/images/:image_id", a.guard, staff, a.coopMedia.ChangePhoto)
	v1.Delete("/coop/products/:id/images/:image_id", a.guard, staff, a.coopMedia.DeletePhoto)
	v1.Get("/coop/products/:id/ocop", staff, a.coopMedia.Claims)
	v1.Put("/coop/products/:id/ocop", a.guard, staff, a.coopMedia.Claim)
	v1.Post("/coop/products/:id/ocop/scan", a.guard, staff, a.coopMedia.AttachScan)

	page := []fiber.Handler{a.lang, a.panel.CoopStaffPage, a.csrf}
	with := func(h fiber.Handler) []fiber.Handler { return append(page[:len(page):len(page)], h) }
	r.Get(paths.CoopAudit, with(a.auditPages.Show)...)
	// media
	r.Get(paths.CoopProductImages, with(a.photoPages.Show)...)
	r.Post(paths.CoopProductImages, with(a.photoPages.Act)...)
	r.Get(paths.CoopProductOCOP, with(a.ocopPages.Show)...)
	r.Post(paths.CoopProductOCOP, with(a.ocopPages.Claim)...)
}
