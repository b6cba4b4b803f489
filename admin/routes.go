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
	anyone := func(h fiber.Handler) []fiber.Handler { return []fiber.Handler{a.lang, a.panel.LoggedInPage, a.csrf, h} }
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
}
