// Package admin serves the cooperative, staff and admin panels: the kit
// they share (admin/panel), the cooperative panel's pages (admin/coop) and
// the panels' JSON API (admin/api), registered together by Routes.
package admin

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/api"
	"github.com/ocopmarket/ocopmarket/admin/coop"
	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/assets"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Config is everything the panels need.
type Config struct {
	Catalog  *catalog.Store
	Orders   *order.Service
	Audit    *audit.Log
	Sessions *session.Manager
	Assets   *assets.Assets
	Messages *i18n.Catalog
	Log      *slog.Logger
}

// Admin is the panels' handlers, built with their dependencies.
type Admin struct {
	guard fiber.Handler // protects cookie-authenticated API writes from other sites
	csrf  fiber.Handler // checks the token of page forms
	lang  fiber.Handler // picks the language of pages
	panel *panel.Guard

	coopOrders *api.CoopOrders

	auditPages *coop.Audit

	// orders
	coopPayouts    *api.CoopPayouts
	coopDashboard  *api.CoopDashboard
	orderPages     *coop.Orders
	payoutPages    *coop.Payouts
	dashboardPages *coop.Dashboard
}

// New builds the panels. It parses every panel template now, so that a
// broken one stops the start.
func New(cfg Config) (*Admin, error) {
	frame, err := panel.NewFrame(cfg.Assets, cfg.Messages, cfg.Sessions, cfg.Catalog, cfg.Orders, cfg.Log)
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	return &Admin{
		guard: cfg.Sessions.GuardAPI(), csrf: cfg.Sessions.CSRF(), lang: cfg.Messages.Middleware(),
		panel: panel.NewGuard(cfg.Sessions),

		coopOrders: api.NewCoopOrders(cfg.Orders),

		auditPages: coop.NewAudit(frame, cfg.Audit),

		// orders
		coopPayouts:    api.NewCoopPayouts(cfg.Orders.Ledger()),
		coopDashboard:  api.NewCoopDashboard(cfg.Orders, time.Now),
		orderPages:     coop.NewOrders(frame, cfg.Orders),
		payoutPages:    coop.NewPayouts(frame, cfg.Orders.Ledger()),
		dashboardPages: coop.NewDashboard(frame, cfg.Orders, time.Now),
	}, nil
}
