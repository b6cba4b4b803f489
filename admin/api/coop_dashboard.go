package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/order"
)

// CoopDashboard serves a cooperative its day and month at a glance.
type CoopDashboard struct {
	orders *order.Service
	now    func() time.Time
}

// NewCoopDashboard returns the cooperative dashboard API, reading the
// time from now.
func NewCoopDashboard(orders *order.Service, now func() time.Time) *CoopDashboard {
	return &CoopDashboard{orders: orders, now: now}
}

// Dashboard answers GET /api/v1/coop/dashboard.
func (h *CoopDashboard) Dashboard(c *fiber.Ctx) error {
	d, err := h.orders.Dashboard(c.UserContext(), panel.CoopID(c), h.now())
	if err != nil {
		return err
	}
	return c.JSON(d)
}
