package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
)

// CoopProfile serves a cooperative's profile to its team.
type CoopProfile struct {
	onboard *onboard.Service
}

// NewCoopProfile returns the profile API.
func NewCoopProfile(o *onboard.Service) *CoopProfile { return &CoopProfile{onboard: o} }

// Profile answers GET /api/v1/coop/profile.
func (h *CoopProfile) Profile(c *fiber.Ctx) error {
	p, err := h.onboard.Profile(c.UserContext(), panel.CoopID(c))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// Update answers PUT /api/v1/coop/profile with the whole editable profile.
func (h *CoopProfile) Update(c *fiber.Ctx) error {
	var in onboard.ProfileInput
	if err := decode(c, &in); err != nil {
		return err
	}
	p, err := h.onboard.UpdateProfile(c.UserContext(), panel.User(c), panel.CoopID(c), in)
	if err != nil {
		return err
	}
	return c.JSON(p)
}
