package pages

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/fault"
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

// formProblem turns the coded error of a form's action into the status
// and translated messages of the form shown again; ok is false for errors
// that are not the shopper's to fix (they become error pages).
func (h *Frame) formProblem(c *fiber.Ctx, err error) (status int, st formState, ok bool) {
	fe, ok := fault.As(err)
	if !ok {
		return 0, st, false
	}
	switch fe.Kind {
	case fault.NotFound, fault.Forbidden, fault.Upstream:
		return 0, st, false
	}
	e := web.Explain(h.i18n, h.i18n.Lang(c), err)
	web.SetRetryAfter(c, e.RetryAfter)
	st.Errors = map[string]string{}
	maps.Copy(st.Errors, e.Fields)
	st.Notice = e.Message
	if len(st.Errors) > 0 {
		st.Notice = h.tr(c, "form.err.fix")
	}
	return e.Status, st, true
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
