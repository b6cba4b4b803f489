package pages

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web/render"
)

// flashMessages maps the flash codes of the shop to their message ids.
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

// takeFlash returns the pending notice, translated, and clears it.
func (h *Frame) takeFlash(c *fiber.Ctx, lang string) string {
	id, ok := flashMessages[h.flash.Take(c)]
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
		h.flash.Set(c, flash)
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
