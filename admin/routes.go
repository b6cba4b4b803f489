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
	// listings
	v1.Get("/coop/products", staff, a.coopProducts.List)
	v1.Post("/coop/products", a.guard, staff, a.coopProducts.Create)
	v1.Get("/coop/products/export", staff, a.coopProducts.Export)
	v1.Post("/coop/products/import", a.guard, staff, a.coopProducts.Import)
	v1.Get("/coop/products/:id", staff, a.coopProducts.Product)
	v1.Put("/coop/products/:id", a.guard, staff, a.coopProducts.Update)
	v1.Delete("/coop/products/:id", a.guard, staff, a.coopProducts.Delete)
	v1.Post("/coop/products/:id/duplicate", a.guard, staff, a.coopProducts.Duplicate)
	v1.Post("/coop/products/:id/restore", a.guard, staff, a.coopProducts.Restore)
	// media
	v1.Get("/coop/products/:id/images", staff, a.coopMedia.Photos)
	v1.Post("/coop/products/:id/images", a.guard, staff, a.coopMedia.AddPhoto)
	v1.Put("/coop/products/:id/images/:image_id", a.guard, staff, a.coopMedia.ChangePhoto)
	v1.Delete("/coop/products/:id/images/:image_id", a.guard, staff, a.coopMedia.DeletePhoto)
	v1.Get("/coop/products/:id/ocop", staff, a.coopMedia.Claims)
	v1.Put("/coop/products/:id/ocop", a.guard, staff, a.coopMedia.Claim)
	v1.Post("/coop/products/:id/ocop/scan", a.guard, staff, a.coopMedia.AttachScan)
	// orders
	v1.Get("/coop/payouts", staff, a.coopPayouts.Payouts)
	r.Get(paths.CoopPayoutsExport, staff, a.coopPayouts.Export)
	v1.Get("/coop/dashboard", staff, a.coopDashboard.Dashboard)

	// Pages: the language, the role check, the CSRF check of forms, the page.
	with := pageOf(a.lang, a.panel.CoopStaffPage, a.csrf) // a page of the cooperative panel
	staffPage := pageOf(a.lang, a.panel.StaffPage, a.csrf)
	adminPage := pageOf(a.lang, a.panel.AdminPage, a.csrf)
	anyone := pageOf(a.lang, a.panel.LoggedInPage, a.csrf) // a page for anyone logged in
	r.Get(paths.CoopAudit, with(a.auditPages.Show)...)

	// staff and administration
	v1.Get("/staff/audit", a.panel.Staff, a.staffAuditAPI.List)
	v1.Get("/staff/cooperatives/:id/orders", a.panel.Staff, a.staffOrdersAPI.Orders)
	v1.Post("/staff/orders/:code/transitions", a.guard, a.panel.Staff, a.staffOrdersAPI.Transition)
	v1.Get("/admin/users", a.panel.Admin, a.usersAPI.Users)
	v1.Put("/admin/users/:id/roles", a.guard, a.panel.Admin, a.usersAPI.SetRoles)
	v1.Post("/admin/users/:id/lock", a.guard, a.panel.Admin, a.usersAPI.Lock)
	v1.Post("/admin/users/:id/unlock", a.guard, a.panel.Admin, a.usersAPI.Unlock)
	v1.Get("/admin/settings", a.panel.Admin, a.settingsAPI.Get)
	v1.Put("/admin/settings", a.guard, a.panel.Admin, a.settingsAPI.Put)
	r.Get(paths.StaffAudit, staffPage(a.staffAuditPages.Show)...)
	r.Get(paths.AdminUsers, adminPage(a.userPages.List)...)
	r.Post(paths.AdminUserRoles, adminPage(a.userPages.SetRoles)...)
	r.Post(paths.AdminUserLock, adminPage(a.userPages.Lock)...)
	r.Post(paths.AdminUserUnlock, adminPage(a.userPages.Unlock)...)
	r.Get(paths.AdminPanel, adminPage(a.settingsPage.Show)...)
	r.Post(paths.AdminPanel, adminPage(a.settingsPage.Save)...)
	v1.Get("/admin/payouts", a.panel.Admin, a.payoutsAPI.Balances)
	v1.Post("/admin/payouts", a.guard, a.panel.Admin, a.payoutsAPI.Record)
	r.Get(paths.AdminPayouts, adminPage(a.payoutsPage.Show)...)
	r.Post(paths.AdminPayout, adminPage(a.payoutsPage.Record)...)

	// reports: the staff's sales reports and dashboard, read-only
	v1.Get("/staff/reports/sales", a.panel.Staff, a.staffReports.Sales)
	v1.Get("/staff/reports/catalog", a.panel.Staff, a.staffReports.Catalog)
	v1.Get("/staff/dashboard", a.panel.Staff, a.staffReports.Dashboard)
	r.Get(paths.StaffPanel, staffPage(a.staffDashboard.Show)...)
	r.Get(paths.StaffReports, staffPage(a.reportPages.Show)...)

	// apply: the application (any logged-in person), the profile, the team
	// and the invitation links.
	loggedIn := a.panel.LoggedIn
	v1.Post("/cooperatives/apply", a.guard, loggedIn, a.coopApply.Apply)
	v1.Get("/coop/team", staff, a.coopTeam.Team)
	v1.Post("/coop/team", a.guard, staff, a.coopTeam.Invite)
	v1.Delete("/coop/team/invites/:id", a.guard, staff, a.coopTeam.Revoke)
	v1.Delete("/coop/team/:user_id", a.guard, staff, a.coopTeam.Remove)
	v1.Post("/coop/invites/accept", a.guard, loggedIn, a.coopTeam.Accept)
	v1.Get("/coop/profile", staff, a.coopProfile.Profile)
	v1.Put("/coop/profile", a.guard, staff, a.coopProfile.Update)
	r.Get(paths.CoopApply, anyone(a.applyPage.Show)...)
	r.Post(paths.CoopApply, anyone(a.applyPage.Submit)...)
	r.Get(paths.CoopProfile, with(a.profilePage.Show)...)
	r.Post(paths.CoopProfile, with(a.profilePage.Save)...)
	r.Get(paths.CoopTeam, with(a.teamPages.Show)...)
	r.Post(paths.CoopTeam, with(a.teamPages.Invite)...)
	r.Post(paths.CoopTeamRemove, with(a.teamPages.Remove)...)
	r.Post(paths.CoopInviteRevoke, with(a.teamPages.Revoke)...)
	r.Get(paths.CoopInvite, anyone(a.teamPages.Invitation)...)
	r.Post(paths.CoopInvite, anyone(a.teamPages.Accept)...)

	// trace: the batch API (its labels are the page's sheet), then the pages
	v1.Get("/coop/batches", staff, a.coopBatches.List)
	v1.Post("/coop/batches", a.guard, staff, a.coopBatches.Create)
	v1.Get("/coop/batches/:id", staff, a.coopBatches.Get)
	v1.Put("/coop/batches/:id", a.guard, staff, a.coopBatches.Update)
	v1.Delete("/coop/batches/:id", a.guard, staff, a.coopBatches.Delete)
	r.Get(paths.CoopBatchQR, staff, a.coopBatches.QR)
	v1.Get("/coop/batches/:id/labels", a.lang, staff, a.batchPages.Labels)
	r.Get(paths.CoopBatches, with(a.batchPages.List)...)
	r.Post(paths.CoopBatches, with(a.batchPages.Create)...)
	r.Get(paths.CoopBatch, with(a.batchPages.Show)...)
	r.Post(paths.CoopBatch, with(a.batchPages.Update)...)
	r.Post(paths.CoopBatchDelete, with(a.batchPages.Delete)...)
	r.Get(paths.CoopBatchLabels, with(a.batchPages.Labels)...)

	// listings
	r.Get(paths.CoopProducts, with(a.productPages.List)...)
	r.Get(paths.CoopProductNew, with(a.productPages.New)...)
	r.Post(paths.CoopProductNew, with(a.productPages.Create)...)
	r.Get(paths.CoopProductImport, with(a.productPages.Import)...)
	r.Post(paths.CoopProductImport, with(a.productPages.Upload)...)
	r.Get(paths.CoopProductExport, with(a.productPages.Export)...)
	r.Get(paths.CoopProduct, with(a.productPages.Edit)...)
	r.Post(paths.CoopProduct, with(a.productPages.Save)...)
	r.Post(paths.CoopProductPublish, with(a.productPages.Publish)...)
	r.Post(paths.CoopProductUnpublish, with(a.productPages.Unpublish)...)
	r.Post(paths.CoopProductDuplicate, with(a.productPages.Duplicate)...)
	r.Post(paths.CoopProductDelete, with(a.productPages.Delete)...)
	r.Post(paths.CoopProductRestore, with(a.productPages.Restore)...)

	// media
	r.Get(paths.CoopProductImages, with(a.photoPages.Show)...)
	r.Post(paths.CoopProductImages, with(a.photoPages.Act)...)
	r.Get(paths.CoopProductOCOP, with(a.ocopPages.Show)...)
	r.Post(paths.CoopProductOCOP, with(a.ocopPages.Claim)...)

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
	fp := a.fairPages
	r.Get(paths.StaffFairs, staffPage(fp.List)...)
	r.Post(paths.StaffFairs, staffPage(fp.Create)...)
	r.Get(paths.StaffFairNew, staffPage(fp.New)...)
	r.Get(paths.StaffFair, staffPage(fp.Show)...)
	r.Get(paths.StaffFairEdit, staffPage(fp.Edit)...)
	r.Post(paths.StaffFairEdit, staffPage(fp.Update)...)
	r.Post(paths.StaffFairStatus, staffPage(fp.Status)...)
	r.Post(paths.StaffFairBanner, staffPage(fp.Banner)...)
	r.Get(paths.StaffFairPreview, staffPage(fp.Preview)...)
	r.Post(paths.StaffFairBooths, staffPage(fp.AddBooth)...)
	r.Post(paths.StaffFairBooth, staffPage(fp.UpdateBooth)...)
	r.Post(paths.StaffFairBoothMove, staffPage(fp.MoveBooth)...)
	r.Post(paths.StaffFairBoothRemove, staffPage(fp.RemoveBooth)...)
	r.Get(paths.StaffFairBoothPoster, staffPage(fp.Poster)...)

	// orders
	r.Get(paths.CoopPanel, with(a.dashboardPage.Show)...)
	r.Get(paths.CoopOrders, with(a.orderPages.List)...)
	r.Get(paths.CoopOrder, with(a.orderPages.Show)...)
	r.Post(paths.CoopOrderTransition, with(a.orderPages.Transition)...)
	r.Post(paths.CoopOrderPayment, with(a.orderPages.PaymentReceived)...)
	r.Get(paths.CoopOrderSlip, with(a.orderPages.Slip)...)
	r.Get(paths.CoopPayouts, with(a.payoutPages.Show)...)
	// review: the staff's queues of cooperative applications and OCOP
	// claims, API and pages
	rv, cr, clr := a.staffReview, a.coopReview, a.claimReview
	v1.Get("/staff/cooperatives", sf, rv.Cooperatives)
	v1.Get("/staff/cooperatives/:id", sf, rv.Cooperative)
	for _, action := range []string{"approve", "request-changes", "reject", "suspend", "reinstate"} {
		v1.Post("/staff/cooperatives/:id/"+action, a.guard, sf, rv.Decide(action))
	}
	v1.Get("/staff/ocop", sf, rv.Claims)
	v1.Get("/staff/ocop/:id", sf, rv.Claim)
	v1.Post("/staff/ocop/:id/verify", a.guard, sf, rv.ReviewClaim(true))
	v1.Post("/staff/ocop/:id/reject", a.guard, sf, rv.ReviewClaim(false))
	r.Get(paths.StaffCoops, staffPage(cr.List)...)
	r.Get(paths.StaffCoop, staffPage(cr.Show)...)
	r.Post(paths.StaffCoopDecision, staffPage(cr.Decide)...)
	r.Get(paths.StaffOCOP, staffPage(clr.List)...)
	r.Get(paths.StaffClaim, staffPage(clr.Show)...)
	r.Post(paths.StaffClaimDecision, staffPage(clr.Decide)...)
}

// pageOf returns the handlers of a page: before, then h.
func pageOf(before ...fiber.Handler) func(h fiber.Handler) []fiber.Handler {
	return func(h fiber.Handler) []fiber.Handler { return append(before[:len(before):len(before)], h) }
}
