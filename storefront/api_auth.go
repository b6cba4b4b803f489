package storefront

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/session"
)

// Accounts are what the account, session and cart routes need. The
// storefront serves them once WithAccounts has been called.
type Accounts struct {
	Users     *account.Store
	Addresses *account.AddressBook
	Sessions  *session.Manager
	Carts     *cart.Service
	Limiter   ratelimit.Limiter
	Mail      mail.Sender
	// BaseURL is the public address that reset links in emails point to.
	BaseURL *url.URL
	// Limits are the rate limits of logins, registrations and resets;
	// the zero value gets account.DefaultLimits.
	Limits account.Limits
}

// accounts is the state of the account routes.
type accounts struct {
	Accounts
	actions *account.Service
	mailWG  sync.WaitGroup
}

// WithAccounts turns on registration, login, profiles, addresses and the
// cart, and returns h.
func (h *Handler) WithAccounts(a Accounts) *Handler {
	if a.Limits == (account.Limits{}) {
		a.Limits = account.DefaultLimits()
	}
	h.acc = &accounts{Accounts: a, actions: account.NewService(a.Users, a.Limiter, a.Limits)}
	return h
}

// WaitMail waits for the emails being sent in the background (at shutdown
// and in tests).
func (h *Handler) WaitMail() {
	if h.acc != nil {
		h.acc.mailWG.Wait()
	}
}

// accountRoutes registers the account and cart API under api (/api/v1).
func (h *Handler) accountRoutes(api fiber.Router) {
	guard := h.acc.Sessions.GuardAPI()
	api.Post("/auth/register", guard, h.apiRegister)
	api.Post("/auth/login", guard, h.apiLogin)
	api.Post("/auth/logout", guard, h.apiLogout)
	api.Post("/auth/password/forgot", guard, h.apiForgotPassword)
	api.Post("/auth/password/reset", guard, h.apiResetPassword)

	api.Get("/me", h.apiMe)
	api.Put("/me", guard, h.apiUpdateMe)
	api.Put("/me/password", guard, h.apiChangePassword)
	api.Get("/me/addresses", h.apiAddresses)
	api.Post("/me/addresses", guard, h.apiAddAddress)
	api.Get("/me/addresses/:id", h.apiAddress)
	api.Put("/me/addresses/:id", guard, h.apiUpdateAddress)
	api.Delete("/me/addresses/:id", guard, h.apiDeleteAddress)

	api.Get("/cart", h.apiCart)
	api.Post("/cart/items", guard, h.apiCartAdd)
	api.Put("/cart/items/:product_id", guard, h.apiCartSet)
	api.Delete("/cart/items/:product_id", guard, h.apiCartRemove)
}

// Errors the account API answers.
var (
	errNotLoggedIn = fault.New(fault.Unauthorized, "not_logged_in")
	errBadJSON     = fault.New(fault.Invalid, "invalid_json")
	// errSessionDown is the session store not answering.
	errSessionDown = fault.New(fault.Unavailable, "session_unavailable").After(30 * time.Second)
)

// accountError gives the session package's errors their codes; the
// domain's coded errors pass as they are.
func accountError(err error) error {
	switch {
	case errors.Is(err, session.ErrNotLoggedIn):
		return errNotLoggedIn.Wrap(err)
	case errors.Is(err, session.ErrUnavailable):
		return errSessionDown.Wrap(err)
	}
	return err
}

// decode reads a JSON object body into dst; wrong types name the field.
func decode(c *fiber.Ctx, dst any) error {
	body := c.Body()
	if len(strings.TrimSpace(string(body))) == 0 {
		return errBadJSON
	}
	if err := json.Unmarshal(body, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return fault.InvalidField(te.Field, "wrong_type", fault.Params{"type": jsonKind(te.Type.Kind().String())})
		}
		return errBadJSON.Wrap(err)
	}
	return nil
}

// jsonKind names the JSON type of a Go kind.
func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "int", "int64", "int32":
		return "integer"
	case "struct", "map":
		return "object"
	case "slice", "array":
		return "array"
	}
	return "number"
}

// wholeNumber reads a JSON number that must be an integer in [min, max]:
// 1.5, "2", 1e2, true and null are refused.
func wholeNumber(f *fault.Fields, name string, raw json.RawMessage, min, max int64) int64 {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		f.Add(name, "required", nil)
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < min || n > max {
		f.Add(name, "whole_number", fault.Params{"min": min, "max": max})
		return 0
	}
	return n
}

type userBody struct {
	User *account.User `json:"user"`
}

// currentUser returns the logged-in user or a 401 (503 when the session
// store is down).
func (h *Handler) currentUser(c *fiber.Ctx) (*account.User, error) {
	u, err := h.acc.Sessions.User(c)
	if err != nil {
		return nil, accountError(err)
	}
	return u, nil
}

// logIn starts the session of u and joins the guest cart into theirs.
func (h *Handler) logIn(c *fiber.Ctx, u *account.User) error {
	if tok := c.Cookies(cartCookie); cart.ValidGuestToken(tok) {
		if err := h.acc.Carts.Merge(c.UserContext(), cart.GuestID(tok), cart.UserID(u.ID)); err != nil {
			return err
		}
		h.clearCartCookie(c)
	}
	return accountError(h.acc.Sessions.Login(c, u))
}

type registerRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
}

func (h *Handler) apiRegister(c *fiber.Ctx) error {
	var in registerRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := h.register(c, account.Registration(in))
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(userBody{u})
}

// register creates a shopper account (account.Service.Register) and logs
// it in; the API and the registration page share it.
func (h *Handler) register(c *fiber.Ctx, in account.Registration) (*account.User, error) {
	u, err := h.acc.actions.Register(c.UserContext(), account.RegisterInput{Registration: in, ClientAddr: c.IP()})
	if err != nil {
		return nil, err
	}
	if err := h.logIn(c, u); err != nil {
		return nil, err
	}
	return u, nil
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (h *Handler) apiLogin(c *fiber.Ctx) error {
	var in loginRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err := h.login(c, in.Email, in.Password)
	if err != nil {
		return err
	}
	return c.JSON(userBody{u})
}

// login checks an email and password (account.Service.Login) and starts
// the session, joining the guest cart; the API and the login page share it.
func (h *Handler) login(c *fiber.Ctx, email, password string) (*account.User, error) {
	u, err := h.acc.actions.Login(c.UserContext(), account.LoginInput{Email: email, Password: password, ClientAddr: c.IP()})
	if err != nil {
		return nil, err
	}
	if err := h.logIn(c, u); err != nil {
		return nil, err
	}
	return u, nil
}

func (h *Handler) apiLogout(c *fiber.Ctx) error {
	if err := h.acc.Sessions.Logout(c); err != nil {
		return accountError(err)
	}
	return c.SendStatus(http.StatusNoContent)
}

func (h *Handler) apiMe(c *fiber.Ctx) error {
	u, err := h.currentUser(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(userBody{u})
}

type profileRequest struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

func (h *Handler) apiUpdateMe(c *fiber.Ctx) error {
	u, err := h.currentUser(c)
	if err != nil {
		return err
	}
	var in profileRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	u, err = h.acc.Users.UpdateProfile(c.UserContext(), u.ID, in.Name, in.Phone)
	if err != nil {
		return err
	}
	return c.JSON(userBody{u})
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// apiChangePassword sets a new password; this session goes on under a new
// id and every other session of the account ends.
func (h *Handler) apiChangePassword(c *fiber.Ctx) error {
	u, err := h.currentUser(c)
	if err != nil {
		return err
	}
	var in passwordRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	if u, err = h.changePassword(c, u, in.CurrentPassword, in.NewPassword); err != nil {
		return err
	}
	return c.JSON(userBody{u})
}

// changePassword sets a new password for u (account.Service.ChangePassword)
// and keeps this session going under a new stamp; the API and the account
// page share it.
func (h *Handler) changePassword(c *fiber.Ctx, u *account.User, current, next string) (*account.User, error) {
	u, err := h.acc.actions.ChangePassword(c.UserContext(), account.PasswordChange{User: u, Current: current, New: next, ClientAddr: c.IP()})
	if err != nil {
		return nil, err
	}
	if err := h.acc.Sessions.Refresh(c, u); err != nil {
		return nil, accountError(err)
	}
	return u, nil
}

type forgotRequest struct {
	Email string `json:"email"`
}

// ResetPath is the page a reset link opens, with ?token=.
const ResetPath = "/dat-lai-mat-khau"

// apiForgotPassword emails a reset link. It answers the same whether the
// email is registered or not, and sends in the background so that the
// answer time does not tell either.
func (h *Handler) apiForgotPassword(c *fiber.Ctx) error {
	var in forgotRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := h.forgotPassword(c, in.Email); err != nil {
		return err
	}
	return c.Status(http.StatusAccepted).JSON(fiber.Map{
		"message": "If an account uses this email, we have sent it a link to reset the password. The link works for one hour.",
	})
}

// forgotPassword asks for a reset link (account.Service.RequestReset)
// and, when an account uses the email, emails it; the API and the page
// share it.
func (h *Handler) forgotPassword(c *fiber.Ctx, email string) error {
	r, err := h.acc.actions.RequestReset(c.UserContext(), account.ResetRequest{Email: email, ClientAddr: c.IP()})
	if err != nil {
		return err
	}
	if r.User != nil {
		h.sendReset(r.User, r.Token)
	}
	return nil
}

func (h *Handler) sendReset(u *account.User, token string) {
	link := *h.acc.BaseURL
	link.Path = ResetPath
	link.RawQuery = url.Values{"token": {token}}.Encode()
	m := mail.Message{
		To:      u.Email,
		Subject: "Đặt lại mật khẩu OCOP Market / Reset your OCOP Market password",
		Text: fmt.Sprintf("Xin chào %s,\n\nĐể đặt mật khẩu mới, hãy mở liên kết sau (có hiệu lực trong 1 giờ):\n%s\n\n"+
			"Hello %s,\n\nTo choose a new password, open this link (it works for one hour):\n%s\n\n"+
			"Nếu bạn không yêu cầu, hãy bỏ qua thư này. / If you did not ask for it, ignore this email.\n",
			u.Name, link.String(), u.Name, link.String()),
	}
	h.acc.mailWG.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := h.acc.Mail.Send(ctx, m); err != nil {
			h.log.Error("password reset email not sent", "user_id", u.ID, "err", err)
		}
	})
}

type resetRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

func (h *Handler) apiResetPassword(c *fiber.Ctx) error {
	var in resetRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	if err := h.resetPassword(c, in.Token, in.Password); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

// resetPassword sets a new password with an emailed token
// (account.Service.FinishReset); the API and the reset page share it.
func (h *Handler) resetPassword(c *fiber.Ctx, token, password string) error {
	_, err := h.acc.actions.FinishReset(c.UserContext(), account.PasswordReset{Token: token, Password: password, ClientAddr: c.IP()})
	return err
}
