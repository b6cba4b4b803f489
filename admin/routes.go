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

	// reports: the staff's sales reports and dashboard, read-only
	v1.Get("/staff/reports/sales", a.panel.Staff, a.staffReports.Sales)
	v1.Get("/staff/reports/catalog", a.panel.Staff, a.staffReports.Catalog)
	v1.Get("/staff/dashboard", a.panel.Staff, a.staffReports.Dashboard)
	reportPage := func(h fiber.Handler) []fiber.Handler { return []fiber.Handler{a.lang, a.panel.StaffPage, a.csrf, h} }
	r.Get(paths.StaffPanel, reportPage(a.dashboardPages.Show)...)
	r.Get(paths.StaffReports, reportPage(a.reportPages.Show)...)
}
