package shop

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/showcase"
)

// FairCookie remembers the fair whose page the shopper last opened, until
// the fair ends: the orders of their next checkout are credited to it.
const FairCookie = "ocop_fair"

// Fairs tells whether orders may still be credited to a fair.
type Fairs interface {
	Attributable(ctx context.Context, id int64) (bool, error)
}

// CameThrough remembers that the shopper opened the page of fair f.
func (s *Shop) CameThrough(c *fiber.Ctx, f *showcase.Fair) {
	c.Cookie(&fiber.Cookie{Name: FairCookie, Value: strconv.FormatInt(f.ID, 10), Path: "/",
		Expires: showcase.AttributionUntil(f), HTTPOnly: true, Secure: s.sessions.Secure(), SameSite: fiber.CookieSameSiteLaxMode})
}

// fair is the fair the shopper came through; ok is false for none, or for
// one that no longer takes orders (unpublished, ended, or a forged id).
func (s *Shop) fair(c *fiber.Ctx) (id int64, ok bool, err error) {
	id, err = strconv.ParseInt(c.Cookies(FairCookie), 10, 64)
	if err != nil || id <= 0 {
		return 0, false, nil // no cookie, or not one this site set
	}
	ok, err = s.fairs.Attributable(c.UserContext(), id)
	return id, ok, err
}
