package coop

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Team serves a cooperative's team page (members, open invitations, the
// invitation form) and the page an invitation link opens.
type Team struct {
	frame    *panel.Frame
	onboard  *onboard.Service
	sessions *session.Manager
}

// NewTeam returns the team pages.
func NewTeam(frame *panel.Frame, o *onboard.Service, sessions *session.Manager) *Team {
	return &Team{frame: frame, onboard: o, sessions: sessions}
}

const teamTitle = "panel.team.title"

// teamData is the team page.
type teamData struct {
	*onboard.Team
	Me    int64  // the user looking, who removes themselves with "leave"
	Email string // the address typed in the invitation form
	Form  web.Form
}

func (h *Team) render(c *fiber.Ctx, err error, email string) error {
	t, terr := h.onboard.Team(c.UserContext(), panel.CoopID(c))
	if terr != nil {
		return terr
	}
	d := teamData{Team: t, Me: panel.User(c).ID, Email: email}
	if err == nil {
		return h.frame.Render(c, templates.CoopTeam, "team", teamTitle, d)
	}
	return h.frame.FormError(c, err, templates.CoopTeam, "team", teamTitle, func(f web.Form) any {
		d.Form = f
		return d
	})
}

// Show answers GET /quan-ly/thanh-vien.
func (h *Team) Show(c *fiber.Ctx) error { return h.render(c, nil, "") }

// Invite answers POST /quan-ly/thanh-vien: the invitation email goes out.
func (h *Team) Invite(c *fiber.Ctx) error {
	email := c.FormValue("email")
	if _, err := h.onboard.InviteMember(c.UserContext(), panel.User(c), panel.CoopID(c), email); err != nil {
		return h.render(c, err, email)
	}
	return h.frame.Redirect(c, paths.CoopTeam, "invited")
}

// pageID reads the numeric id of the path parameter "id"; anything else
// names nothing.
func pageID(c *fiber.Ctx) (int64, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return 0, web.NotFound("page")
	}
	return int64(id), nil
}

// Remove answers POST /quan-ly/thanh-vien/{id}/xoa. A member who leaves
// the team goes back to their account.
func (h *Team) Remove(c *fiber.Ctx) error {
	id, err := pageID(c)
	if err != nil {
		return err
	}
	if err := h.onboard.RemoveMember(c.UserContext(), panel.User(c), panel.CoopID(c), id); err != nil {
		return h.render(c, err, "")
	}
	if id == panel.User(c).ID {
		return h.frame.Redirect(c, paths.Account, "")
	}
	return h.frame.Redirect(c, paths.CoopTeam, "member_removed")
}

// Revoke answers POST /quan-ly/thanh-vien/loi-moi/{id}/thu-hoi.
func (h *Team) Revoke(c *fiber.Ctx) error {
	id, err := pageID(c)
	if err != nil {
		return err
	}
	if err := h.onboard.RevokeInvite(c.UserContext(), panel.User(c), panel.CoopID(c), id); err != nil {
		return h.render(c, err, "")
	}
	return h.frame.Redirect(c, paths.CoopTeam, "invite_revoked")
}

const inviteTitle = "panel.invite.title"

// inviteData is the page of an invitation link: what it invites to, or
// why it cannot be accepted.
type inviteData struct {
	Token      string
	Invitation *onboard.Invitation
	Problem    string
}

// invitePage shows the invitation of token, or the reason it cannot be
// accepted with the status of that reason.
func (h *Team) invitePage(c *fiber.Ctx, token string, inv *onboard.Invitation, err error) error {
	if err == nil {
		return h.frame.Render(c, templates.CoopInvite, "", inviteTitle, inviteData{Token: token, Invitation: inv})
	}
	fe, ok := fault.As(err)
	if !ok || fe.Kind.Status() >= 500 {
		return err
	}
	e := web.Explain(h.frame.Messages(), h.frame.Lang(c), err)
	return h.frame.RenderStatus(c, e.Status, templates.CoopInvite, "", inviteTitle, inviteData{Problem: e.Message})
}

// Invitation answers GET /quan-ly/loi-moi?token=…: a logged-in invitee
// accepts with one button; an anonymous one logs in (or registers) first
// and comes back.
func (h *Team) Invitation(c *fiber.Ctx) error {
	token := c.Query("token")
	inv, err := h.onboard.Invitation(c.UserContext(), panel.User(c), token)
	return h.invitePage(c, token, inv, err)
}

// Accept answers POST /quan-ly/loi-moi: the invitee joins the team and
// lands on its page.
func (h *Team) Accept(c *fiber.Ctx) error {
	u := panel.User(c)
	token := c.FormValue("token")
	if _, err := h.onboard.AcceptInvite(c.UserContext(), u, token); err != nil {
		return h.invitePage(c, token, nil, err)
	}
	if err := h.sessions.Refresh(c, u); err != nil {
		return err
	}
	return h.frame.Redirect(c, paths.CoopTeam, "joined")
}
