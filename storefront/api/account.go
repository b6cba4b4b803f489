package api

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
)

// Account serves the logged-in shopper's profile, password and addresses.
type Account struct {
	shop      *shop.Shop
	accounts  *account.Service
	users     *account.Store
	addresses *account.AddressBook
}

// NewAccount returns the account API.
func NewAccount(s *shop.Shop, accounts *account.Service, users *account.Store, addresses *account.AddressBook) *Account {
	return &Account{shop: s, accounts: accounts, users: users, addresses: addresses}
}

// Me answers GET /api/v1/me.
func (h *Account) Me(c *fiber.Ctx) error {
	u, err := h.shop.CurrentUser(c)
	if err != nil {
		return err
	}
	return c.JSON(userBody{u})
}

type profileRequest struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// UpdateMe answers PUT /api/v1/me: the name and phone.
func (h *Account) UpdateMe(c *fiber.Ctx) error {
	u, err := h.shop.CurrentUser(c)
	if err != nil {
		return err
	}
	var in profileRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err = h.users.UpdateProfile(c.UserContext(), u.ID, in.Name, in.Phone)
	if err != nil {
		return err
	}
	return c.JSON(userBody{u})
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// ChangePassword answers PUT /api/v1/me/password: it sets a new password; this session goes on under a new
// id and every other session of the account ends.
func (h *Account) ChangePassword(c *fiber.Ctx) error {
	u, err := h.shop.CurrentUser(c)
	if err != nil {
		return err
	}
	var in passwordRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	if u, err = h.accounts.ChangePassword(c.UserContext(), account.PasswordChange{User: u, Current: in.CurrentPassword,
		New: in.NewPassword, ClientAddr: web.ClientIP(c)}); err != nil {
		return err
	}
	if err := h.shop.Refresh(c, u); err != nil {
		return err
	}
	return c.JSON(userBody{u})
}

// Addresses answers GET /api/v1/me/addresses.
func (h *Account) Addresses(c *fiber.Ctx) error {
	u, err := h.shop.CurrentUser(c)
	if err != nil {
		return err
	}
	as, err := h.addresses.List(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": as})
}

// Address answers GET /api/v1/me/addresses/{id}.
func (h *Account) Address(c *fiber.Ctx) error {
	u, err := h.shop.CurrentUser(c)
	if err != nil {
		return err
	}
	id, err := shop.AddressID(c)
	if err != nil {
		return err
	}
	a, err := h.addresses.Get(c.UserContext(), u.ID, id)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

// AddAddress answers POST /api/v1/me/addresses.
func (h *Account) AddAddress(c *fiber.Ctx) error {
	u, err := h.shop.CurrentUser(c)
	if err != nil {
		return err
	}
	var in account.AddressInput
	if err := decode(c, &in); err != nil {
		return err
	}
	a, err := h.addresses.Add(c.UserContext(), u.ID, in)
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(a)
}

// UpdateAddress answers PUT /api/v1/me/addresses/{id}.
func (h *Account) UpdateAddress(c *fiber.Ctx) error {
	u, err := h.shop.CurrentUser(c)
	if err != nil {
		return err
	}
	id, err := shop.AddressID(c)
	if err != nil {
		return err
	}
	var in account.AddressInput
	if err := decode(c, &in); err != nil {
		return err
	}
	a, err := h.addresses.Update(c.UserContext(), u.ID, id, in)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

// DeleteAddress answers DELETE /api/v1/me/addresses/{id}.
func (h *Account) DeleteAddress(c *fiber.Ctx) error {
	u, err := h.shop.CurrentUser(c)
	if err != nil {
		return err
	}
	id, err := shop.AddressID(c)
	if err != nil {
		return err
	}
	if err := h.addresses.Delete(c.UserContext(), u.ID, id); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}
