// Package templates holds the panels' page templates: the panel layout,
// the partials and one folder per panel, and the name of each page.
package templates

import (
	"embed"

	"github.com/ocopmarket/ocopmarket/internal/web/render"
)

// FS holds layout.html, partials/ and one folder per panel: coop/, staff/
// and manage/ (administration).
//
//go:embed layout.html partials coop staff manage
//go:embed layout.html partials coop staff
var FS embed.FS

// The pages of the cooperative panel.
const (
	CoopAudit render.Name = "coop/audit"

	// listings
	CoopProducts      render.Name = "coop/products"
	CoopProductForm   render.Name = "coop/product_form"
	CoopProductImport render.Name = "coop/product_import"
)

// The pages of the staff panel.
const (
	StaffAudit render.Name = "staff/audit"
)

// The pages of the administration.
const (
	AdminUsers    render.Name = "manage/users"
	AdminSettings render.Name = "manage/settings"
	AdminPayouts  render.Name = "manage/payouts"
)

// The pages of the staff panel: reports.
const (
	StaffDashboard render.Name = "staff/dashboard"
	StaffReports   render.Name = "staff/reports"
)

// The application, profile and team pages (apply).
const (
	CoopApply   render.Name = "coop/apply"
	CoopProfile render.Name = "coop/profile"
	CoopTeam    render.Name = "coop/team"
	CoopInvite  render.Name = "coop/invite"
)

// The traceability pages of the cooperative panel (trace).
const (
	CoopBatches     render.Name = "coop/batches"
	CoopBatch       render.Name = "coop/batch"
	CoopBatchLabels render.Name = "coop/labels"
	// media
	CoopPhotos render.Name = "coop/photos"
	CoopOCOP   render.Name = "coop/ocop"
)

// fairs: the staff's pages of the trade fairs.
const (
	StaffFairs      render.Name = "staff/fairs"
	StaffFairForm   render.Name = "staff/fair_form"
	StaffFair       render.Name = "staff/fair"
	StaffFairPoster render.Name = "staff/fair_poster"
	// orders
	CoopDashboard render.Name = "coop/dashboard"
	CoopOrders    render.Name = "coop/orders"
	CoopOrder     render.Name = "coop/order"
	CoopOrderSlip render.Name = "coop/order_slip"
	CoopPayouts   render.Name = "coop/payouts"
)

// review: the staff's queues of cooperatives and OCOP claims.
const (
	StaffCoops  render.Name = "staff/coops"
	StaffCoop   render.Name = "staff/coop"
	StaffClaims render.Name = "staff/claims"
	StaffClaim  render.Name = "staff/claim"
)

// Names are every page the panels render, for render.New to check.
func Names() []render.Name {
	return []render.Name{
		CoopAudit,
		StaffAudit,
		AdminUsers,
		AdminSettings,
		AdminPayouts,
		StaffDashboard, StaffReports,
		CoopApply, CoopProfile, CoopTeam, CoopInvite,
		CoopBatches, CoopBatch, CoopBatchLabels,
		CoopProducts, CoopProductForm, CoopProductImport,
		CoopPhotos, CoopOCOP,
		StaffFairs, StaffFairForm, StaffFair, StaffFairPoster,
		CoopDashboard, CoopOrders, CoopOrder, CoopOrderSlip, CoopPayouts,
		StaffCoops, StaffCoop, StaffClaims, StaffClaim,
	}
}
