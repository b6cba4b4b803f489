package pages

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/render"
)

// flashCookie carries a notice to the page a form redirects to. It holds
// a code of flashMessages (and a number), never text, so nothing from the
// request reaches the page through it.
const flashCookie = "ocop_flash"

// flashMessages maps flash codes to their message ids.
var flashMessages = map[string]string{
	"added":            "flash.added",
	"cart_updated":     "flash.cart_updated",
	"removed":          "flash.removed",
	"logged_in":        "flash.logged_in",
	"logged_out":       "flash.logged_out",
	"registered":       "flash.registered",
	"profile_saved":    "flash.profile_saved",
	"password_changed": "flash.password_changed",
	"password_reset":   "flash.password_reset",
	"address_added":    "flash.address_added",
	"address_saved":    "flash.address_saved",
	"address_deleted":  "flash.address_deleted",
	"logout_failed":    "flash.logout_failed",
}

// setFlash shows the notice code on the next page this browser opens.
func (h *Frame) setFlash(c *fiber.Ctx, code string) {
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: code, Path: "/", HTTPOnly: true, Secure: h.sessions.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(5 * time.Minute)})
}

// takeFlash returns the pending notice, translated, and clears it.
func (h *Frame) takeFlash(c *fiber.Ctx, lang string) string {
	code := c.Cookies(flashCookie)
	if code == "" {
		return ""
	}
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: "", Path: "/", HTTPOnly: true, Secure: h.sessions.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(1, 0), MaxAge: -1})
	id, ok := flashMessages[code]
	if !ok {
		return ""
	}
	s, err := h.i18n.Translate(lang, id, nil)
	if err != nil {
		return ""
	}
	return s
}

// redirectWith sends the browser to target (303, so a reload does not
// post again) with a notice.
func (h *Frame) redirectWith(c *fiber.Ctx, target, flash string) error {
	if flash != "" {
		h.setFlash(c, flash)
	}
	return c.Redirect(target, http.StatusSeeOther)
}

// safeNext returns next when it is a path of this site, else fallback:
// no scheme, no host, no "//" or "/\" that a browser would read as
// another host, no control characters, and never the login pages.
func safeNext(next, fallback string) string {
	if next == "" || len(next) > 2000 || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return fallback
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	switch u.Path {
	case paths.Login, paths.Register, paths.Logout, paths.Forgot, paths.Reset:
		return fallback
	}
	return next
}

// formState is what a form page shows besides its fields: the messages
// per field and one above the form.
type formState struct {
	Errors map[string]string // field → what to fix, translated
	Notice string            // a message above the form, translated
	Done   string            // a success message, translated
}

// tr translates id in the request's language; a missing message shows its
// id rather than failing the page (the catalogs are checked by tests).
func (h *Frame) tr(c *fiber.Ctx, id string, pairs ...any) string {
	s, err := h.i18n.Func(h.i18n.Lang(c))(id, pairs...)
	if err != nil {
		h.log.Error("missing message", "id", id, "err", err)
		return id
	}
	return s
}

// fieldMessage translates what the account package says is wrong with a
// field (its messages are English, for the API) into the page's language.
func (h *Frame) fieldMessage(c *fiber.Ctx, field, msg string) string {
	switch {
	case msg == "is required":
		return h.tr(c, "form.err.required")
	case strings.HasPrefix(msg, "is already registered"):
		return h.tr(c, "form.err.email_taken")
	case field == "current_password":
		return h.tr(c, "form.err.current_password")
	case strings.Contains(field, "password") && strings.HasPrefix(msg, "must be at least"):
		return h.tr(c, "form.err.password_short", "Min", account.MinPasswordLen)
	case strings.Contains(field, "password") && strings.HasPrefix(msg, "must be at most"):
		return h.tr(c, "form.err.password_long", "Max", account.MaxPasswordLen)
	case strings.Contains(field, "password") && strings.HasPrefix(msg, "must not be your email"):
		return h.tr(c, "form.err.password_email")
	case strings.HasPrefix(msg, "must be at most"):
		return h.tr(c, "form.err.too_long")
	}
	switch field {
	case "email", "phone", "province", "name":
		return h.tr(c, "form.err."+field)
	}
	return h.tr(c, "form.err.invalid")
}

// formProblem turns the error of a form's action into the status and
// messages of the form shown again; ok is false for errors that are not
// the shopper's to fix (they become error pages).
func (h *Frame) formProblem(c *fiber.Ctx, err error) (status int, st formState, ok bool) {
	st.Errors = map[string]string{}
	var fe account.FieldErrors
	var we *web.Error
	switch {
	case errors.As(err, &fe):
		for f, m := range fe {
			st.Errors[f] = h.fieldMessage(c, f, m)
		}
		return http.StatusBadRequest, st, true
	case !errors.As(err, &we):
		return 0, st, false
	}
	switch {
	case len(we.Fields) > 0:
		for f, m := range we.Fields {
			st.Errors[f] = h.fieldMessage(c, f, m)
		}
	case we.Status == http.StatusTooManyRequests:
		secs, _ := strconv.Atoi(string(c.Response().Header.Peek(fiber.HeaderRetryAfter)))
		st.Notice = h.tr(c, "form.err.too_many", "Count", max((secs+59)/60, 1))
	case we.Status == http.StatusServiceUnavailable:
		st.Notice = h.tr(c, "form.err.unavailable")
	case we.Code == "invalid_credentials":
		st.Notice = h.tr(c, "form.err.bad_login")
	case we.Code == "invalid_reset_token":
		st.Notice = h.tr(c, "form.err.reset_token")
	case we.Code == "too_many_addresses":
		st.Notice = h.tr(c, "form.err.too_many_addresses", "Count", account.MaxAddresses)
	default:
		return 0, st, false
	}
	if len(st.Errors) > 0 && st.Notice == "" {
		st.Notice = h.tr(c, "form.err.fix")
	}
	return we.Status, st, true
}

// formPage renders a form page with its status, title and data.
func (h *Frame) formPage(c *fiber.Ctx, status int, name render.Name, title string, data any) error {
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	if p.Title, err = h.t(p, title); err != nil {
		return err
	}
	p.Data = data
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	if status != 0 {
		c.Status(status)
	}
	return h.render(c, name, p)
}
