// Package admin serves the cooperative, staff and admin panels: the kit
// they share (admin/panel), the cooperative panel's pages (admin/coop) and
// the panels' JSON API (admin/api), registered together by Routes.
package admin

import (
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/api"
	"github.com/ocopmarket/ocopmarket/admin/coop"
	"github.com/ocopmarket/ocopmarket/admin/manage"
	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/staff"
	"github.com/ocopmarket/ocopmarket/assets"
	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/coopmedia"
	"github.com/ocopmarket/ocopmarket/internal/listing"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payout"
	"github.com/ocopmarket/ocopmarket/internal/report"
	"github.com/ocopmarket/ocopmarket/internal/settings"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/trace"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Config is everything the panels need.
type Config struct {
	Catalog  *catalog.Store
	Orders   *order.Service
	Audit    *audit.Log
	Users    *account.Directory
	Settings *settings.Settings
	Payouts  *payout.Service
	Sessions *session.Manager
	Assets   *assets.Assets
	Messages *i18n.Catalog
	Log      *slog.Logger
	// reports
	Reports *report.Service
	// apply
	Onboard *onboard.Service
	Trace   *trace.Service // trace: the traceability batches
	// listings
	Listings *listing.Service
	// media
	Media *coopmedia.Service // photos and OCOP claims

	// fairs: the trade fairs, their public page for previews, and the
	// site's public address for the booth posters' QR codes.
	Showcases *showcase.Store
	FairPages staff.FairPreview
	BaseURL   *url.URL
}

// Admin is the panels' handlers, built with their dependencies.
type Admin struct {
	guard fiber.Handler // protects cookie-authenticated API writes from other sites
	csrf  fiber.Handler // checks the token of page forms
	lang  fiber.Handler // picks the language of pages
	panel *panel.Guard

	coopOrders *api.CoopOrders

	auditPages *coop.Audit

	// staff and administration
	staffAuditAPI   *api.StaffAudit
	staffAuditPages *staff.Audit
	usersAPI        *api.AdminUsers
	userPages       *manage.Users
	settingsAPI     *api.AdminSettings
	settingsPage    *manage.Settings
	payoutsAPI      *api.AdminPayouts
	staffOrdersAPI  *api.StaffOrders
	payoutsPage     *manage.Payouts
	// reports
	staffReports   *api.StaffReports
	reportPages    *staff.Reports
	staffDashboard *staff.Dashboard
	// apply
	coopApply   *api.CoopApply
	coopTeam    *api.CoopTeam
	coopProfile *api.CoopProfile
	applyPage   *coop.Apply
	profilePage *coop.Profile
	teamPages   *coop.Team
	// trace
	coopBatches *api.CoopBatches
	batchPages  *coop.Batches
	// listings
	coopProducts *api.CoopProducts
	productPages *coop.Products
	// media
	coopMedia  *api.CoopMedia
	photoPages *coop.Photos
	ocopPages  *coop.OCOP
	// fairs
	staffShowcases *api.StaffShowcases
	fairPages      *staff.Fairs
	// orders
	coopPayouts   *api.CoopPayouts
	coopDashboard *api.CoopDashboard
	orderPages    *coop.Orders
	payoutPages   *coop.Payouts
	dashboardPage *coop.Dashboard
	// review: the staff's queues of applications and OCOP claims
	staffReview *api.StaffReview
	coopReview  *staff.Cooperatives
	claimReview *staff.Claims
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

		staffAuditAPI:   api.NewStaffAudit(cfg.Audit),
		staffAuditPages: staff.NewAudit(frame, cfg.Audit),
		usersAPI:        api.NewAdminUsers(cfg.Users),
		userPages:       manage.NewUsers(frame, cfg.Users, cfg.Catalog),
		settingsAPI:     api.NewAdminSettings(cfg.Settings),
		settingsPage:    manage.NewSettings(frame, cfg.Settings),
		payoutsAPI:      api.NewAdminPayouts(cfg.Payouts),
		staffOrdersAPI:  api.NewStaffOrders(cfg.Orders, cfg.Catalog),
		payoutsPage:     manage.NewPayouts(frame, cfg.Payouts, cfg.Orders.Ledger(), cfg.Catalog),
		// reports
		staffReports:   api.NewStaffReports(cfg.Reports, cfg.Messages),
		reportPages:    staff.NewReports(frame, cfg.Reports),
		staffDashboard: staff.NewDashboard(frame, cfg.Reports),
		// apply
		coopApply:   api.NewCoopApply(cfg.Onboard, cfg.Sessions),
		coopTeam:    api.NewCoopTeam(cfg.Onboard, cfg.Sessions),
		coopProfile: api.NewCoopProfile(cfg.Onboard),
		applyPage:   coop.NewApply(frame, cfg.Onboard, cfg.Sessions),
		profilePage: coop.NewProfile(frame, cfg.Onboard),
		teamPages:   coop.NewTeam(frame, cfg.Onboard, cfg.Sessions),
		// trace
		coopBatches: api.NewCoopBatches(cfg.Trace),
		batchPages:  coop.NewBatches(frame, cfg.Trace),
		// listings
		coopProducts: api.NewCoopProducts(cfg.Listings),
		productPages: coop.NewProducts(frame, cfg.Listings),
		// media
		coopMedia:  api.NewCoopMedia(cfg.Media),
		photoPages: coop.NewPhotos(frame, cfg.Media),
		ocopPages:  coop.NewOCOP(frame, cfg.Media, cfg.Catalog),
		// fairs
		staffShowcases: api.NewStaffShowcases(cfg.Showcases),
		fairPages:      staff.NewFairs(frame, cfg.Showcases, cfg.Catalog, cfg.FairPages, cfg.BaseURL),
		// orders
		coopPayouts:   api.NewCoopPayouts(cfg.Orders.Ledger()),
		coopDashboard: api.NewCoopDashboard(cfg.Orders, time.Now),
		orderPages:    coop.NewOrders(frame, cfg.Orders),
		payoutPages:   coop.NewPayouts(frame, cfg.Orders.Ledger()),
		dashboardPage: coop.NewDashboard(frame, cfg.Orders, time.Now),
		// review
		staffReview: api.NewStaffReview(cfg.Onboard, cfg.Catalog),
		coopReview:  staff.NewCooperatives(frame, cfg.Onboard),
		claimReview: staff.NewClaims(frame, cfg.Onboard, cfg.Catalog),
	}, nil
}
