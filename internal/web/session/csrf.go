package session

import (
	"crypto/subtle"
	"mime"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Names of the CSRF token in its cookie, in forms and in request headers.
// The check is a double submit: the form field (or header) must equal the
// cookie, which another site can neither read nor set. It keeps no state,
// so forms keep working when Redis is down.
const (
	CSRFCookie = "ocop_csrf"
	CSRFField  = "_csrf"
	CSRFHeader = "X-CSRF-Token"
	// CSRFLocal is the fiber.Ctx local holding the token for templates.
	CSRFLocal = "csrf"
)

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions || m == fiber.MethodTrace
}

// CSRFToken returns the request's CSRF token for a form's hidden _csrf
// field, setting its cookie on first use.
func (m *Manager) CSRFToken(c *fiber.Ctx) string {
	if t, ok := c.Locals(CSRFLocal).(string); ok && t != "" {
		return t
	}
	t := c.Cookies(CSRFCookie)
	if !validID(t) {
		t = newID()
		c.Cookie(&fiber.Cookie{Name: CSRFCookie, Value: t, Path: "/", HTTPOnly: true, Secure: m.cfg.Secure,
			SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(365 * 24 * time.Hour)})
	}
	c.Locals(CSRFLocal, t)
	return t
}

func (m *Manager) validToken(c *fiber.Ctx, sent string) bool {
	want := c.Cookies(CSRFCookie)
	return want != "" && sent != "" && subtle.ConstantTimeCompare([]byte(want), []byte(sent)) == 1
}

func crossSite(c *fiber.Ctx) bool { return c.Get("Sec-Fetch-Site") == "cross-site" }

// Errors of the CSRF check and the API guard.
var (
	errCSRF         = fault.New(fault.Forbidden, "csrf_failed")
	errCrossSite    = fault.New(fault.Forbidden, "cross_site_request")
	errNotJSONMedia = fault.New(fault.UnsupportedMedia, "unsupported_media_type")
)

// CSRF protects HTML forms: a request that is not GET, HEAD, OPTIONS or
// TRACE passes when the browser says it comes from this very origin
// (Sec-Fetch-Site: same-origin or none; without that header, an Origin
// whose host is the request's), or else when it carries the token of
// CSRFToken in its _csrf field or the X-CSRF-Token header. A request that
// says it comes from another site (Sec-Fetch-Site cross-site or
// same-site, a foreign Origin) is refused with 403 whatever it carries,
// and so is one with neither a token nor a word of where it comes from.
// Pages kept in the response cache, the same for every visitor, have forms
// without a token and rely on the browser's word.
func (m *Manager) CSRF() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if safeMethod(c.Method()) {
			m.CSRFToken(c)
			return c.Next()
		}
		switch formOrigin(c) {
		case originForeign:
			return errCSRF
		case originOwn:
		default:
			sent := c.Get(CSRFHeader)
			if sent == "" {
				sent = c.FormValue(CSRFField)
			}
			if !m.validToken(c, sent) {
				return errCSRF
			}
		}
		if t := c.Cookies(CSRFCookie); validID(t) {
			c.Locals(CSRFLocal, t)
		}
		return c.Next()
	}
}

// Where a form comes from, as the browser tells it.
const (
	originUnknown = iota // no Sec-Fetch-Site and no Origin (or "null")
	originOwn
	originForeign
)

// formOrigin reads where a request comes from: the Fetch Metadata header
// first, which every current browser sends, else the Origin header.
func formOrigin(c *fiber.Ctx) int {
	switch c.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return originOwn
	case "cross-site", "same-site":
		return originForeign
	}
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" || origin == "null" {
		return originUnknown
	}
	u, err := url.Parse(origin)
	if err != nil || !strings.EqualFold(u.Host, string(c.Request().Host())) {
		return originForeign
	}
	return originOwn
}

// GuardAPI protects cookie-authenticated JSON API writes: a request that
// is not GET, HEAD or OPTIONS must send Content-Type: application/json
// (which no form of another site can send) or a valid X-CSRF-Token header;
// otherwise it gets 415, or 403 for a wrong token.
//
// A request without a body and without a Content-Type (a DELETE, a
// logout) needs neither, so that it gets the 401 or 404 it deserves: a
// form of another site always sends a Content-Type, the user's cookies are
// SameSite=Lax, and a browser that says where a request comes from must say
// it comes from this very origin.
func (m *Manager) GuardAPI() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if safeMethod(c.Method()) {
			return c.Next()
		}
		if crossSite(c) {
			return errCrossSite
		}
		if sent := c.Get(CSRFHeader); sent != "" {
			if !m.validToken(c, sent) {
				return errCSRF
			}
			return c.Next()
		}
		if len(c.Body()) == 0 && c.Get(fiber.HeaderContentType) == "" && sameOrigin(c) {
			return c.Next()
		}
		mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
		if mt != fiber.MIMEApplicationJSON {
			return errNotJSONMedia
		}
		return c.Next()
	}
}

// sameOrigin reports whether a request comes from a page of this site, or
// from a client that is not a browser (which sends no Sec-Fetch-Site): a
// sibling subdomain is same-site, and not this origin.
func sameOrigin(c *fiber.Ctx) bool {
	switch c.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return true
	}
	return false
}
