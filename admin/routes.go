package admin

import (
	"github.com/gofiber/fiber/v2"
)

// Routes registers the panels' routes on r: today the cooperative order
// API, behind the API guard for writes and the coop_staff check.
func Routes(r fiber.Router, a *Admin) {
	staff := a.panel.CoopStaff
	r.Get("/api/v1/coop/orders", staff, a.coopOrders.Orders)
	r.Get("/api/v1/coop/orders/:code", staff, a.coopOrders.Order)
	r.Post("/api/v1/coop/orders/:code/transitions", a.guard, staff, a.coopOrders.Transition)
	r.Post("/api/v1/coop/orders/:code/payment", a.guard, staff, a.coopOrders.PaymentReceived)
}
