package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// CoopApply serves the application for a cooperative to any logged-in
// person.
type CoopApply struct {
	onboard  *onboard.Service
	sessions *session.Manager
}

// NewCoopApply returns the application API.
func NewCoopApply(o *onboard.Service, sessions *session.Manager) *CoopApply {
	return &CoopApply{onboard: o, sessions: sessions}
}

type cooperativeBody struct {
	Cooperative *onboard.Profile `json:"cooperative"`
}

// Apply answers POST /api/v1/cooperatives/apply: the applicant becomes
// the coop_staff member of a new, pending cooperative. The session starts
// again under a new id, as at a login, since it now opens the panel.
func (h *CoopApply) Apply(c *fiber.Ctx) error {
	var in onboard.Application
	if err := decode(c, &in); err != nil {
		return err
	}
	u := panel.User(c)
	p, err := h.onboard.Apply(c.UserContext(), u, in)
	if err != nil {
		return err
	}
	// The user's roles are read from the database at each request: the
	// next one opens the panel. The session id changes with the rights.
	if err := h.sessions.Refresh(c, u); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(cooperativeBody{p})
}
