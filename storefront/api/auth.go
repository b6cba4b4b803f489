package api

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
)

// Auth serves registration, login, logout and password resets.
type Auth struct {
	shop     *shop.Shop
	accounts *account.Service
	// msgs words the answer of a reset request in the request's language.
	msgs *i18n.Catalog
}

// NewAuth returns the auth API.
func NewAuth(s *shop.Shop, accounts *account.Service, msgs *i18n.Catalog) *Auth {
	return &Auth{shop: s, accounts: accounts, msgs: msgs}
}

type registerRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
}

// Register answers POST /api/v1/auth/register: a new shopper, logged in.
func (h *Auth) Register(c *fiber.Ctx) error {
	var in registerRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := h.accounts.Register(c.UserContext(), account.RegisterInput{Registration: account.Registration(in), ClientAddr: web.ClientIP(c)})
	if err != nil {
		return err
	}
	if err := h.shop.LogIn(c, u); err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(userBody{u})
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Login answers POST /api/v1/auth/login and sets the session cookie.
func (h *Auth) Login(c *fiber.Ctx) error {
	var in loginRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := h.accounts.Login(c.UserContext(), account.LoginInput{Email: in.Email, Password: in.Password, ClientAddr: web.ClientIP(c)})
	if err != nil {
		return err
	}
	if err := h.shop.LogIn(c, u); err != nil {
		return err
	}
	return c.JSON(userBody{u})
}

// Logout answers POST /api/v1/auth/logout.
func (h *Auth) Logout(c *fiber.Ctx) error {
	if err := h.shop.LogOut(c); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

type forgotRequest struct {
	Email string `json:"email"`
}

// ForgotPassword answers POST /api/v1/auth/password/forgot: it queues the
// email with a reset link. It answers the same whether the email is
// registered or not, and the email leaves through the outbox so that the
// answer time does not tell either.
func (h *Auth) ForgotPassword(c *fiber.Ctx) error {
	var in forgotRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := h.accounts.RequestReset(c.UserContext(), account.ResetRequest{Email: in.Email, ClientAddr: web.ClientIP(c)}); err != nil {
		return err
	}
	msg, err := h.msgs.Translate(h.msgs.Lang(c), "forgot.sent", nil)
	if err != nil {
		return err
	}
	return c.Status(http.StatusAccepted).JSON(fiber.Map{"message": msg})
}

type resetRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

// ResetPassword answers POST /api/v1/auth/password/reset.
func (h *Auth) ResetPassword(c *fiber.Ctx) error {
	var in resetRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	if _, err := h.accounts.FinishReset(c.UserContext(), account.PasswordReset{Token: in.Token, Password: in.Password, ClientAddr: web.ClientIP(c)}); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}
