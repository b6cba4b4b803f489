// Package shop holds what a storefront page and its JSON twin both do for
// one request: who the shopper is, which cart is theirs, the login, reset
// and order-lookup limits, and the account, cart and checkout actions.
package shop

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Errors the account API answers.
var (
	errNotLoggedIn = web.NewError(http.StatusUnauthorized, "not_logged_in", "Log in first.")
	errBadLogin    = web.NewError(http.StatusUnauthorized, "invalid_credentials", "Wrong email or password.")
	errBadReset    = web.NewError(http.StatusBadRequest, "invalid_reset_token", "This reset link is not valid or has expired: ask for a new one.")
)

func unavailableError(code, what string) *web.Error {
	return web.NewError(http.StatusServiceUnavailable, code,
		what+" is unavailable for a moment. Browsing still works: please try again in a minute.")
}

// AccountError turns domain errors into what the client sees.
func AccountError(c *fiber.Ctx, err error) error {
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

// WholeNumber reads a JSON number that must be an integer in [min, max]:
// 1.5, "2", 1e2, true and null are refused.
func WholeNumber(fields map[string]string, name string, raw json.RawMessage, min, max int64) int64 {
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

// CurrentUser returns the logged-in user or a 401 (503 when the session
// store is down).
func (s *Shop) CurrentUser(c *fiber.Ctx) (*account.User, error) {
	u, err := s.sessions.User(c)
	if err != nil {
		return nil, AccountError(c, err)
	}
	return u, nil
}

// Allow applies a rate limit rule to key, answering 429 when it is spent.
func (s *Shop) Allow(c *fiber.Ctx, key string, r ratelimit.Rule) error {
	ok, retry, err := s.limiter.Allow(c.UserContext(), key, r.Limit, r.Window)
	if err != nil {
		return AccountError(c, err)
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
func (s *Shop) logIn(c *fiber.Ctx, u *account.User) error {
	if tok := c.Cookies(cartCookie); cart.ValidGuestToken(tok) {
		if err := s.carts.Merge(c.UserContext(), cart.GuestID(tok), cart.UserID(u.ID)); err != nil {
			return AccountError(c, err)
		}
		s.clearCartCookie(c)
	}
	return AccountError(c, s.sessions.Login(c, u))
}

// Register creates a shopper account under the per-address limit and logs
// it in; the API and the registration page share it.
func (s *Shop) Register(c *fiber.Ctx, in account.Registration) (*account.User, error) {
	if err := s.Allow(c, "register:ip:"+web.ClientIP(c), s.loginPerIP); err != nil {
		return nil, err
	}
	u, err := s.users.Register(c.UserContext(), in)
	if err != nil {
		return nil, AccountError(c, err)
	}
	if err := s.logIn(c, u); err != nil {
		return nil, err
	}
	return u, nil
}

// Login checks an email and password under the per-address and
// per-account limits and starts the session, joining the guest cart; the
// API and the login page share it.
func (s *Shop) Login(c *fiber.Ctx, email, password string) (*account.User, error) {
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
	if err := s.Allow(c, "login:ip:"+web.ClientIP(c), s.loginPerIP); err != nil {
		return nil, err
	}
	if !plausibleEmail(email) {
		// No account has it, and it must not reach the limiter's keys or
		// the database (a NUL or a megabyte fails them with a 5xx).
		return nil, errBadLogin
	}
	if err := s.Allow(c, "login:account:"+account.NormalizeEmail(email), s.loginPerAccount); err != nil {
		return nil, err
	}
	u, err := s.users.Authenticate(c.UserContext(), email, password)
	if errors.Is(err, account.ErrBadCredentials) {
		return nil, errBadLogin
	}
	if err != nil {
		return nil, fmt.Errorf("storefront: login: %w", err)
	}
	if err := s.logIn(c, u); err != nil {
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

// ChangePassword sets a new password for u under the account's login
// limit and keeps this session going under a new stamp; the API and the
// account page share it.
func (s *Shop) ChangePassword(c *fiber.Ctx, u *account.User, current, next string) (*account.User, error) {
	if err := s.Allow(c, "login:account:"+u.Email, s.loginPerAccount); err != nil {
		return nil, err
	}
	u, err := s.users.ChangePassword(c.UserContext(), u.ID, current, next)
	if err != nil {
		return nil, AccountError(c, err)
	}
	if err := s.sessions.Refresh(c, u); err != nil {
		return nil, AccountError(c, err)
	}
	return u, nil
}

// ForgotPassword checks an email under the reset limits and, when an
// account uses it, emails a reset link; the API and the page share it.
func (s *Shop) ForgotPassword(c *fiber.Ctx, rawEmail string) error {
	email, msg := account.CheckEmail(rawEmail)
	if msg != "" {
		return web.Invalid(map[string]string{"email": msg})
	}
	if err := s.Allow(c, "reset:ip:"+web.ClientIP(c), s.loginPerIP); err != nil {
		return err
	}
	if err := s.Allow(c, "reset:account:"+email, ratelimit.Rule{Limit: 5, Window: time.Hour}); err != nil {
		return err
	}
	_, _, err := s.users.StartReset(c.UserContext(), email)
	if err != nil && !errors.Is(err, account.ErrNotFound) {
		return fmt.Errorf("storefront: forgot password: %w", err)
	}
	return nil
}

// ResetPassword sets a new password with an emailed token under the
// per-address limit; the API and the reset page share it.
func (s *Shop) ResetPassword(c *fiber.Ctx, token, password string) error {
	if token == "" {
		return web.Invalid(map[string]string{"token": "is required"})
	}
	if err := s.Allow(c, "reset:ip:"+web.ClientIP(c), s.loginPerIP); err != nil {
		return err
	}
	if _, err := s.users.FinishReset(c.UserContext(), token, password); err != nil {
		return AccountError(c, err)
	}
	return nil
}
