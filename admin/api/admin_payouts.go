package api

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/payout"
)

// AdminPayouts serves the payouts to cooperatives to admins.
type AdminPayouts struct {
	payouts *payout.Service
}

// NewAdminPayouts returns the payouts API.
func NewAdminPayouts(p *payout.Service) *AdminPayouts { return &AdminPayouts{payouts: p} }

// Balances answers GET /api/v1/admin/payouts: what is due to each cooperative.
func (h *AdminPayouts) Balances(c *fiber.Ctx) error {
	b, err := h.payouts.Balances(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": b})
}

// Record answers POST /api/v1/admin/payouts {cooperative_id, amount_vnd,
// reference}: 201 with the VietQR transfer of the amount.
func (h *AdminPayouts) Record(c *fiber.Ctx) error {
	var b struct {
		CooperativeID int64  `json:"cooperative_id"`
		AmountVND     int64  `json:"amount_vnd"`
		Reference     string `json:"reference"`
	}
	if err := json.Unmarshal(c.Body(), &b); err != nil {
		return errBadJSON.Wrap(err)
	}
	p, err := h.payouts.Record(c.UserContext(), b.CooperativeID, b.AmountVND, b.Reference, panel.Actor(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}
