// Package flash carries a one-time notice to the page a form redirects to.
// The cookie holds a code the page looks up in its own table of messages,
// never text, so nothing from the request reaches the page through it.
package flash

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// CookieName is the cookie of the pending notice.
const CookieName = "ocop_flash"

// Flash sets and takes the notice cookie.
type Flash struct {
	secure bool // the cookie is sent over HTTPS only
}

// New returns a Flash whose cookie is Secure when secure is set.
func New(secure bool) Flash { return Flash{secure: secure} }

func (f Flash) cookie(value string, expires time.Time) *fiber.Cookie {
	return &fiber.Cookie{Name: CookieName, Value: value, Path: "/", HTTPOnly: true, Secure: f.secure,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: expires}
}

// Set shows the notice code on the next page this browser opens.
func (f Flash) Set(c *fiber.Ctx, code string) {
	c.Cookie(f.cookie(code, time.Now().Add(5*time.Minute)))
}

// Take returns the pending notice code, "" when there is none, and clears it.
func (f Flash) Take(c *fiber.Ctx) string {
	code := c.Cookies(CookieName)
	if code == "" {
		return ""
	}
	gone := f.cookie("", time.Unix(1, 0))
	gone.MaxAge = -1
	c.Cookie(gone)
	return code
}
