package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// CoopTeam serves a cooperative's team to its members, and the
// acceptance of an invitation to anyone logged in.
type CoopTeam struct {
	onboard  *onboard.Service
	sessions *session.Manager
}

// NewCoopTeam returns the team API.
func NewCoopTeam(o *onboard.Service, sessions *session.Manager) *CoopTeam {
	return &CoopTeam{onboard: o, sessions: sessions}
}

// Team answers GET /api/v1/coop/team: the members and the open invitations.
func (h *CoopTeam) Team(c *fiber.Ctx) error {
	t, err := h.onboard.Team(c.UserContext(), panel.CoopID(c))
	if err != nil {
		return err
	}
	return c.JSON(t)
}

// Invite answers POST /api/v1/coop/team {email}: the invitation, whose
// link goes out by email.
func (h *CoopTeam) Invite(c *fiber.Ctx) error {
	var b struct {
		Email string `json:"email"`
	}
	if err := decode(c, &b); err != nil {
		return err
	}
	inv, err := h.onboard.InviteMember(c.UserContext(), panel.User(c), panel.CoopID(c), b.Email)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(inv)
}

// Remove answers DELETE /api/v1/coop/team/{user_id}.
func (h *CoopTeam) Remove(c *fiber.Ctx) error {
	id, err := panel.PathID(c, "user_id", "user_id")
	if err != nil {
		return err
	}
	if err := h.onboard.RemoveMember(c.UserContext(), panel.User(c), panel.CoopID(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// Revoke answers DELETE /api/v1/coop/team/invites/{id}.
func (h *CoopTeam) Revoke(c *fiber.Ctx) error {
	id, err := panel.PathID(c, "id", "id")
	if err != nil {
		return err
	}
	if err := h.onboard.RevokeInvite(c.UserContext(), panel.User(c), panel.CoopID(c), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// Accept answers POST /api/v1/coop/invites/accept {token}: the logged-in
// user joins the team the link invites them to.
func (h *CoopTeam) Accept(c *fiber.Ctx) error {
	var b struct {
		Token string `json:"token"`
	}
	if err := decode(c, &b); err != nil {
		return err
	}
	u := panel.User(c)
	p, err := h.onboard.AcceptInvite(c.UserContext(), u, b.Token)
	if err != nil {
		return err
	}
	// As after applying: new rights, a new session id.
	if err := h.sessions.Refresh(c, u); err != nil {
		return err
	}
	return c.JSON(cooperativeBody{p})
}
