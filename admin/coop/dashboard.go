package coop

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/order"
)

// Dashboard is the first page of the cooperative panel: the day and the
// month at a glance, what waits for action, low stock and best sellers.
type Dashboard struct {
	frame  *panel.Frame
	orders *order.Service
	now    func() time.Time
}

// NewDashboard returns the dashboard page, reading the time from now.
func NewDashboard(frame *panel.Frame, orders *order.Service, now func() time.Time) *Dashboard {
	return &Dashboard{frame: frame, orders: orders, now: now}
}

// Show answers GET /quan-ly.
func (h *Dashboard) Show(c *fiber.Ctx) error {
	d, err := h.orders.Dashboard(c.UserContext(), panel.CoopID(c), h.now())
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.CoopDashboard, "dashboard", "panel.dashboard.title", struct {
		*order.Dashboard
		LowStockAtMost int
	}{d, order.LowStockAtMost})
}
