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

	// fairs: the staff's trade fairs, API and pages
	sf, sc := a.panel.Staff, a.staffShowcases
	v1.Get("/staff/showcases", sf, sc.List)
	v1.Post("/staff/showcases", a.guard, sf, sc.Create)
	v1.Get("/staff/showcases/:id", sf, sc.Show)
	v1.Put("/staff/showcases/:id", a.guard, sf, sc.Update)
	v1.Post("/staff/showcases/:id/booths", a.guard, sf, sc.AddBooth)
	v1.Put("/staff/showcases/:id/booths/:booth_id", a.guard, sf, sc.UpdateBooth)
	v1.Delete("/staff/showcases/:id/booths/:booth_id", a.guard, sf, sc.RemoveBooth)
	v1.Post("/staff/showcases/:id/publish", a.guard, sf, sc.Publish)
	v1.Post("/staff/showcases/:id/unpublish", a.guard, sf, sc.Unpublish)
	v1.Post("/staff/showcases/:id/archive", a.guard, sf, sc.Archive)
	v1.Post("/staff/showcases/:id/banner", a.guard, sf, sc.Banner)
	staffPage := []fiber.Handler{a.lang, a.panel.StaffPage, a.csrf}
	asStaff := func(h fiber.Handler) []fiber.Handler { return append(staffPage[:len(staffPage):len(staffPage)], h) }
	fp := a.fairPages
	r.Get(paths.StaffFairs, asStaff(fp.List)...)
	r.Post(paths.StaffFairs, asStaff(fp.Create)...)
	r.Get(paths.StaffFairNew, asStaff(fp.New)...)
	r.Get(paths.StaffFair, asStaff(fp.Show)...)
	r.Get(paths.StaffFairEdit, asStaff(fp.Edit)...)
	r.Post(paths.StaffFairEdit, asStaff(fp.Update)...)
	r.Post(paths.StaffFairStatus, asStaff(fp.Status)...)
	r.Post(paths.StaffFairBanner, asStaff(fp.Banner)...)
	r.Get(paths.StaffFairPreview, asStaff(fp.Preview)...)
	r.Post(paths.StaffFairBooths, asStaff(fp.AddBooth)...)
	r.Post(paths.StaffFairBooth, asStaff(fp.UpdateBooth)...)
	r.Post(paths.StaffFairBoothMove, asStaff(fp.MoveBooth)...)
	r.Post(paths.StaffFairBoothRemove, asStaff(fp.RemoveBooth)...)
	r.Get(paths.StaffFairBoothPoster, asStaff(fp.Poster)...)
}
