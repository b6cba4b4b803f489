// Package admin serves the cooperative, staff and admin panels: the kit
// they share (admin/panel) and their JSON API (admin/api), registered
// together by Routes.
package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/api"
	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Admin is the panels' handlers, built with their dependencies.
type Admin struct {
	guard      fiber.Handler // protects cookie-authenticated API writes from other sites
	panel      *panel.Guard
	coopOrders *api.CoopOrders
}

// New builds the panels over the order service and the sessions.
func New(orders *order.Service, sessions *session.Manager) *Admin {
	return &Admin{guard: sessions.GuardAPI(), panel: panel.NewGuard(sessions), coopOrders: api.NewCoopOrders(orders)}
}
