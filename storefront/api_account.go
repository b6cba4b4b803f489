package storefront

import (
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
)

// addressID reads the :id of an address route; anything but a positive
// integer is a 404 like another user's address.
func addressID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, account.ErrAddressNotFound
	}
	return id, nil
}

func (h *Handler) apiAddresses(c *fiber.Ctx) error {
	u, err := h.currentUser(c)
	if err != nil {
		return err
	}
	as, err := h.acc.Addresses.List(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"items": as})
}

func (h *Handler) apiAddress(c *fiber.Ctx) error {
	u, err := h.currentUser(c)
	if err != nil {
		return err
	}
	id, err := addressID(c)
	if err != nil {
		return err
	}
	a, err := h.acc.Addresses.Get(c.UserContext(), u.ID, id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(a)
}

func (h *Handler) apiAddAddress(c *fiber.Ctx) error {
	u, err := h.currentUser(c)
	if err != nil {
		return err
	}
	var in account.AddressInput
	if err := decode(c, &in); err != nil {
		return err
	}
	a, err := h.acc.Addresses.Add(c.UserContext(), u.ID, in)
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(a)
}

func (h *Handler) apiUpdateAddress(c *fiber.Ctx) error {
	u, err := h.currentUser(c)
	if err != nil {
		return err
	}
	id, err := addressID(c)
	if err != nil {
		return err
	}
	var in account.AddressInput
	if err := decode(c, &in); err != nil {
		return err
	}
	a, err := h.acc.Addresses.Update(c.UserContext(), u.ID, id, in)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

func (h *Handler) apiDeleteAddress(c *fiber.Ctx) error {
	u, err := h.currentUser(c)
	if err != nil {
		return err
	}
	id, err := addressID(c)
	if err != nil {
		return err
	}
	if err := h.acc.Addresses.Delete(c.UserContext(), u.ID, id); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}
