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
	// orders
	v1.Get("/coop/payouts", staff, a.coopPayouts.Payouts)
	r.Get(paths.CoopPayoutsExport, staff, a.coopPayouts.Export)
	v1.Get("/coop/dashboard", staff, a.coopDashboard.Dashboard)

	page := []fiber.Handler{a.lang, a.panel.CoopStaffPage, a.csrf}
	with := func(h fiber.Handler) []fiber.Handler { return append(page[:len(page):len(page)], h) }
	r.Get(paths.CoopAudit, with(a.auditPages.Show)...)
	// orders
	r.Get(paths.CoopPanel, with(a.dashboardPages.Show)...)
	r.Get(paths.CoopOrders, with(a.orderPages.List)...)
	r.Get(paths.CoopOrder, with(a.orderPages.Show)...)
	r.Post(paths.CoopOrderTransition, with(a.orderPages.Transition)...)
	r.Post(paths.CoopOrderPayment, with(a.orderPages.PaymentReceived)...)
	r.Get(paths.CoopOrderSlip, with(a.orderPages.Slip)...)
	r.Get(paths.CoopPayouts, with(a.payoutPages.Show)...)
}
