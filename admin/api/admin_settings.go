package api

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/settings"
)

// AdminSettings serves the marketplace settings to admins.
type AdminSettings struct {
	settings *settings.Settings
}

// NewAdminSettings returns the settings API.
func NewAdminSettings(s *settings.Settings) *AdminSettings { return &AdminSettings{settings: s} }

// Get answers GET /api/v1/admin/settings.
func (h *AdminSettings) Get(c *fiber.Ctx) error {
	v, err := h.settings.Get(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// Put answers PUT /api/v1/admin/settings {commission_percent, bank_transfer_ttl_hours}.
func (h *AdminSettings) Put(c *fiber.Ctx) error {
	var v settings.Values
	if err := json.Unmarshal(c.Body(), &v); err != nil {
		return errBadJSON.Wrap(err)
	}
	if err := h.settings.Put(c.UserContext(), v, panel.Actor(c)); err != nil {
		return err
	}
	return c.JSON(v)
}
