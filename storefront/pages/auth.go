package pages

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Auth serves the login, registration, logout and password reset pages.
type Auth struct {
	*Frame
	accounts *account.Service
}

// NewAuth returns the auth pages.
func NewAuth(f *Frame, accounts *account.Service) *Auth { return &Auth{Frame: f, accounts: accounts} }

// logIn checks the email and password of in and starts the session.
func (h *Auth) logIn(c *fiber.Ctx, in account.LoginInput) error {
	u, err := h.accounts.Login(c.UserContext(), in)
	if err != nil {
		return err
	}
	return h.shop.LogIn(c, u)
}

// register creates the account of in and starts its session.
func (h *Auth) register(c *fiber.Ctx, in account.RegisterInput) error {
	u, err := h.accounts.Register(c.UserContext(), in)
	if err != nil {
		return err
	}
	return h.shop.LogIn(c, u)
}

// authData is what the login and registration pages show.
type authData struct {
	web.Form
	Next  string
	Email string
	Name  string
	Phone string
}

// nextOf is the page to go back to after logging in: ?next= or the
// form's next field, when it is a path of this site.
func nextOf(c *fiber.Ctx) string {
	n := c.FormValue("next")
	if n == "" {
		n = c.Query("next")
	}
	return safeNext(n, paths.Home)
}

// LoginForm shows the login page, or goes on to ?next= when logged in.
func (h *Auth) LoginForm(c *fiber.Ctx) error {
	if u, err := h.sessions.User(c); err == nil && u != nil {
		return c.Redirect(nextOf(c), http.StatusSeeOther)
	}
	return h.formPage(c, 0, templates.Login, "login.title", authData{Next: nextOf(c)})
}

// Login logs in with the form's email and password.
func (h *Auth) Login(c *fiber.Ctx) error {
	d := authData{Next: nextOf(c), Email: c.FormValue("email")}
	if err := h.logIn(c, account.LoginInput{Email: d.Email, Password: c.FormValue("password"), ClientAddr: web.ClientIP(c)}); err != nil {
		status, st, ok := web.FormProblem(c, h.i18n, err)
		if !ok {
			return err
		}
		d.Form = st
		return h.formPage(c, status, templates.Login, "login.title", d)
	}
	return h.redirectWith(c, d.Next, "logged_in")
}

// RegisterForm shows the registration page.
func (h *Auth) RegisterForm(c *fiber.Ctx) error {
	return h.formPage(c, 0, templates.Register, "register.title", authData{Next: nextOf(c)})
}

// Register creates a shopper account from the form and logs it in.
func (h *Auth) Register(c *fiber.Ctx) error {
	d := authData{Next: nextOf(c), Email: c.FormValue("email"), Name: c.FormValue("name"), Phone: c.FormValue("phone")}
	in := account.Registration{Email: d.Email, Password: c.FormValue("password"), Name: d.Name, Phone: d.Phone}
	if err := h.register(c, account.RegisterInput{Registration: in, ClientAddr: web.ClientIP(c)}); err != nil {
		status, st, ok := web.FormProblem(c, h.i18n, err)
		if !ok {
			return err
		}
		d.Form = st
		return h.formPage(c, status, templates.Register, "register.title", d)
	}
	return h.redirectWith(c, d.Next, "registered")
}

// Logout ends the session.
func (h *Auth) Logout(c *fiber.Ctx) error {
	if err := h.shop.LogOut(c); err != nil {
		h.log.Warn("logout failed", "request_id", web.RequestID(c), "err", err)
		return h.redirectWith(c, paths.Home, "logout_failed")
	}
	return h.redirectWith(c, paths.Home, "logged_out")
}

// passwordData is what the forgot and reset pages show.
type passwordData struct {
	web.Form
	Email string
	Token string
	Sent  bool
}

// ForgotForm asks for the email to send a reset link to.
func (h *Auth) ForgotForm(c *fiber.Ctx) error {
	return h.formPage(c, 0, templates.PasswordForgot, "forgot.title", passwordData{})
}

// Forgot emails a reset link when an account uses the email.
func (h *Auth) Forgot(c *fiber.Ctx) error {
	d := passwordData{Email: c.FormValue("email")}
	if err := h.accounts.RequestReset(c.UserContext(), account.ResetRequest{Email: d.Email, ClientAddr: web.ClientIP(c)}); err != nil {
		status, st, ok := web.FormProblem(c, h.i18n, err)
		if !ok {
			return err
		}
		d.Form = st
		return h.formPage(c, status, templates.PasswordForgot, "forgot.title", d)
	}
	d.Sent = true
	d.Done = h.tr(c, "forgot.sent")
	return h.formPage(c, 0, templates.PasswordForgot, "forgot.title", d)
}

// ResetForm asks for a new password for the ?token= of a reset link.
func (h *Auth) ResetForm(c *fiber.Ctx) error {
	d := passwordData{Token: c.Query("token")}
	if d.Token == "" {
		d.Notice = h.tr(c, web.MessageID("invalid_reset_token"))
	}
	return h.formPage(c, 0, templates.PasswordReset, "reset.title", d)
}

// Reset sets the new password of a reset link.
func (h *Auth) Reset(c *fiber.Ctx) error {
	d := passwordData{Token: c.FormValue("token")}
	in := account.PasswordReset{Token: d.Token, Password: c.FormValue("password"), ClientAddr: web.ClientIP(c)}
	if _, err := h.accounts.FinishReset(c.UserContext(), in); err != nil {
		status, st, ok := web.FormProblem(c, h.i18n, err)
		if !ok {
			return err
		}
		d.Form = st
		return h.formPage(c, status, templates.PasswordReset, "reset.title", d)
	}
	return h.redirectWith(c, paths.Login, "password_reset")
}
