package storefront

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/session"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Accounts are what the account, session and cart routes need. The
// storefront serves them once WithAccounts has been called.
type Accounts struct {
	Users     *account.Store
	Addresses *account.AddressBook
	Sessions  *session.Manager
	Carts     *cart.Service
	Limiter   ratelimit.Limiter
	// BaseURL is the public address of the site.
	BaseURL *url.URL
	// LoginPerAccount and LoginPerIP limit login attempts (and reset
	// requests); zero values get ten tries for one account and fifty from
	// one address every fifteen minutes.
	LoginPerAccount ratelimit.Rule
	LoginPerIP      ratelimit.Rule
}

// accounts is the state of the account routes.
type accounts struct {
	Accounts
}

// WithAccounts turns on registration, login, profiles, addresses and the
// cart, and returns h.
func (h *Handler) WithAccounts(a Accounts) *Handler {
	if a.LoginPerAccount.Limit == 0 {
		a.LoginPerAccount = ratelimit.Rule{Limit: 10, Window: 15 * time.Minute}
	}
	if a.LoginPerIP.Limit == 0 {
		a.LoginPerIP = ratelimit.Rule{Limit: 50, Window: 15 * time.Minute}
	}
	h.acc = &accounts{Accounts: a}
	return h
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
	errNotLoggedIn = web.NewError(http.StatusUnauthorized, "not_logged_in", "Log in first.")
	errBadLogin    = web.NewError(http.StatusUnauthorized, "invalid_credentials", "Wrong email or password.")
	errBadJSON     = web.NewError(http.StatusBadRequest, "invalid_json", "The request body must be a JSON object.")
	errBadReset    = web.NewError(http.StatusBadRequest, "invalid_reset_token", "This reset link is not valid or has expired: ask for a new one.")
)

func unavailableError(code, what string) *web.Error {
	return web.NewError(http.StatusServiceUnavailable, code,
		what+" is unavailable for a moment. Browsing still works: please try again in a minute.")
}

// accountError turns domain errors into what the client sees.
func accountError(c *fiber.Ctx, err error) error {
	var fe account.FieldErrors
	var se *cart.StockError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe):
		return web.Invalid(fe)
	case errors.Is(err, session.ErrNotLoggedIn):
		return errNotLoggedIn
	case errors.Is(err, session.ErrUnavailable), errors.Is(err, ratelimit.ErrUnavailable):
		c.Set(fiber.HeaderRetryAfter, "30")
		return fmt.Errorf("%w: %w", unavailableError("session_unavailable", "Logging in"), err)
	case errors.Is(err, cart.ErrUnavailable):
		c.Set(fiber.HeaderRetryAfter, "30")
		return fmt.Errorf("%w: %w", unavailableError("cart_unavailable", "The cart"), err)
	case errors.As(err, &se):
		msg := fmt.Sprintf("Only %d of %s left in stock: lower the quantity.", se.Stock, se.Name)
		if se.Stock == 0 {
			msg = se.Name + " is out of stock."
		}
		return web.NewError(http.StatusConflict, "insufficient_stock", msg)
	case errors.Is(err, cart.ErrTooMany):
		return web.Invalid(map[string]string{"quantity": fmt.Sprintf("a cart holds at most %d of one product", cart.MaxQuantity)})
	case errors.Is(err, account.ErrTooManyAddresses):
		return web.NewError(http.StatusConflict, "too_many_addresses", fmt.Sprintf("You can keep at most %d addresses: delete one first.", account.MaxAddresses))
	case errors.Is(err, account.ErrResetInvalid):
		return errBadReset
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
			return web.Invalid(map[string]string{te.Field: "must be a " + jsonKind(te.Type.Kind().String())})
		}
		return errBadJSON
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean (true or false)"
	case "int", "int64", "int32":
		return "whole number"
	}
	return "value of another type"
}

// wholeNumber reads a JSON number that must be an integer in [min, max]:
// 1.5, "2", 1e2, true and null are refused.
func wholeNumber(fields map[string]string, name string, raw json.RawMessage, min, max int64) int64 {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		fields[name] = "is required"
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < min || n > max {
		fields[name] = fmt.Sprintf("must be a whole number from %d to %d", min, max)
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
		return nil, accountError(c, err)
	}
	return u, nil
}

// allow applies a rate limit rule to key, answering 429 when it is spent.
func (h *Handler) allow(c *fiber.Ctx, key string, r ratelimit.Rule) error {
	ok, retry, err := h.acc.Limiter.Allow(c.UserContext(), key, r.Limit, r.Window)
	if err != nil {
		return accountError(c, err)
	}
	if !ok {
		secs := int(retry.Round(time.Second) / time.Second)
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(secs, 1)))
		return web.NewError(http.StatusTooManyRequests, "too_many_attempts",
			fmt.Sprintf("Too many attempts: wait %d minutes and try again.", max((secs+59)/60, 1)))
	}
	return nil
}

// logIn starts the session of u and joins the guest cart into theirs.
func (h *Handler) logIn(c *fiber.Ctx, u *account.User) error {
	if tok := c.Cookies(cartCookie); cart.ValidGuestToken(tok) {
		if err := h.acc.Carts.Merge(c.UserContext(), cart.GuestID(tok), cart.UserID(u.ID)); err != nil {
			return accountError(c, err)
		}
		h.clearCartCookie(c)
	}
	return accountError(c, h.acc.Sessions.Login(c, u))
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

// register creates a shopper account under the per-address limit and logs
// it in; the API and the registration page share it.
func (h *Handler) register(c *fiber.Ctx, in account.Registration) (*account.User, error) {
	if err := h.allow(c, "register:ip:"+c.IP(), h.acc.LoginPerIP); err != nil {
		return nil, err
	}
	u, err := h.acc.Users.Register(c.UserContext(), in)
	if err != nil {
		return nil, accountError(c, err)
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

// login checks an email and password under the per-address and
// per-account limits and starts the session, joining the guest cart; the
// API and the login page share it.
func (h *Handler) login(c *fiber.Ctx, email, password string) (*account.User, error) {
	fields := map[string]string{}
	if strings.TrimSpace(email) == "" {
		fields["email"] = "is required"
	}
	if password == "" {
		fields["password"] = "is required"
	}
	if len(fields) > 0 {
		return nil, web.Invalid(fields)
	}
	if err := h.allow(c, "login:ip:"+c.IP(), h.acc.LoginPerIP); err != nil {
		return nil, err
	}
	if !plausibleEmail(email) {
		// No account has it, and it must not reach the limiter's keys or
		// the database (a NUL or a megabyte fails them with a 5xx).
		return nil, errBadLogin
	}
	if err := h.allow(c, "login:account:"+account.NormalizeEmail(email), h.acc.LoginPerAccount); err != nil {
		return nil, err
	}
	u, err := h.acc.Users.Authenticate(c.UserContext(), email, password)
	if errors.Is(err, account.ErrBadCredentials) {
		return nil, errBadLogin
	}
	if err != nil {
		return nil, fmt.Errorf("storefront: login: %w", err)
	}
	if err := h.logIn(c, u); err != nil {
		return nil, err
	}
	return u, nil
}

// plausibleEmail reports whether email could be an account's: valid UTF-8
// without control characters, at most 254 bytes.
func plausibleEmail(email string) bool {
	e := strings.TrimSpace(email)
	return len(e) <= 254 && utf8.ValidString(e) && strings.IndexFunc(e, unicode.IsControl) < 0
}

func (h *Handler) apiLogout(c *fiber.Ctx) error {
	if err := h.acc.Sessions.Logout(c); err != nil {
		return accountError(c, err)
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
		return accountError(c, err)
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

// changePassword sets a new password for u under the account's login
// limit and keeps this session going under a new stamp; the API and the
// account page share it.
func (h *Handler) changePassword(c *fiber.Ctx, u *account.User, current, next string) (*account.User, error) {
	if err := h.allow(c, "login:account:"+u.Email, h.acc.LoginPerAccount); err != nil {
		return nil, err
	}
	u, err := h.acc.Users.ChangePassword(c.UserContext(), u.ID, current, next)
	if err != nil {
		return nil, accountError(c, err)
	}
	if err := h.acc.Sessions.Refresh(c, u); err != nil {
		return nil, accountError(c, err)
	}
	return u, nil
}

type forgotRequest struct {
	Email string `json:"email"`
}

// ResetPath is the page a reset link opens, with ?token=.
const ResetPath = "/dat-lai-mat-khau"

// apiForgotPassword emails a reset link. It answers the same whether the
// email is registered or not, and the outbox sends it later so that the
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

// forgotPassword checks an email under the reset limits and, when an
// account uses it, emails a reset link; the API and the page share it.
func (h *Handler) forgotPassword(c *fiber.Ctx, rawEmail string) error {
	email, msg := account.CheckEmail(rawEmail)
	if msg != "" {
		return web.Invalid(map[string]string{"email": msg})
	}
	if err := h.allow(c, "reset:ip:"+c.IP(), h.acc.LoginPerIP); err != nil {
		return err
	}
	if err := h.allow(c, "reset:account:"+email, ratelimit.Rule{Limit: 5, Window: time.Hour}); err != nil {
		return err
	}
	_, _, err := h.acc.Users.StartReset(c.UserContext(), email)
	if err != nil && !errors.Is(err, account.ErrNotFound) {
		return fmt.Errorf("storefront: forgot password: %w", err)
	}
	return nil
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

// resetPassword sets a new password with an emailed token under the
// per-address limit; the API and the reset page share it.
func (h *Handler) resetPassword(c *fiber.Ctx, token, password string) error {
	if token == "" {
		return web.Invalid(map[string]string{"token": "is required"})
	}
	if err := h.allow(c, "reset:ip:"+c.IP(), h.acc.LoginPerIP); err != nil {
		return err
	}
	if _, err := h.acc.Users.FinishReset(c.UserContext(), token, password); err != nil {
		return accountError(c, err)
	}
	return nil
}
