package pagecache

import (
	"bytes"
	"strconv"

	"github.com/cespare/xxhash/v2"
	"github.com/gofiber/fiber/v2"
)

// The marks around the personal block of a page rendered for the cache
// (see Storing). The cache takes them out of what it keeps and sends.
const (
	BlockStart = "<!--pagecache:personal-->"
	BlockEnd   = "<!--/pagecache:personal-->"
)

// Personal says which requests of a page are personal and how their block
// is drawn.
type Personal struct {
	// Cookies make a request personal when it carries any of them (a
	// session, a guest cart): it gets the kept page with its block drawn
	// by Render.
	Cookies []string
	// BypassCookies make a request skip the cache altogether, neither
	// served from it nor kept (a one-time notice the page shows and
	// clears).
	BypassCookies []string
	// BypassQuery are query parameters that make a request skip the cache
	// (one that sets a cookie, such as ?lang=).
	BypassQuery []string
	// Render draws the personal block for the request: the bytes that
	// replace what lies between BlockStart and BlockEnd. It is called on
	// every personal request, so it must be cheap.
	Render func(c *fiber.Ctx) ([]byte, error)
}

// bypass reports whether the request skips the cache.
func (p *Personal) bypass(c *fiber.Ctx) bool {
	for _, name := range p.BypassCookies {
		if len(c.Request().Header.Cookie(name)) > 0 {
			return true
		}
	}
	args := c.Request().URI().QueryArgs()
	for _, name := range p.BypassQuery {
		if args.Has(name) {
			return true
		}
	}
	return false
}

// applies reports whether the request carries a personal cookie.
func (p *Personal) applies(c *fiber.Ctx) bool {
	for _, name := range p.Cookies {
		if len(c.Request().Header.Cookie(name)) > 0 {
			return true
		}
	}
	return false
}

// cut takes the marks out of a rendered page: it returns the page without
// them and where the block between them lies. A page without both marks
// is returned as it is.
func cut(page []byte) (body []byte, block [2]int, ok bool) {
	start := bytes.Index(page, []byte(BlockStart))
	if start < 0 {
		return page, block, false
	}
	inner := start + len(BlockStart)
	n := bytes.Index(page[inner:], []byte(BlockEnd))
	if n < 0 {
		return page, block, false
	}
	end := inner + n
	body = make([]byte, 0, len(page)-len(BlockStart)-len(BlockEnd))
	body = append(body, page[:start]...)
	body = append(body, page[inner:end]...)
	body = append(body, page[end+len(BlockEnd):]...)
	return body, [2]int{start, start + n}, true
}

// splice returns body with its block replaced by own.
func splice(body []byte, block [2]int, own []byte) []byte {
	out := make([]byte, 0, len(body)-(block[1]-block[0])+len(own))
	out = append(out, body[:block[0]]...)
	out = append(out, own...)
	return append(out, body[block[1]:]...)
}

// personalTag is the ETag of a kept page with a visitor's block: weak,
// since the site's compression may code it on the way out.
func personalTag(e *entry, own []byte) string {
	return "W/" + e.etag[:len(e.etag)-1] + "-" + strconv.FormatUint(xxhash.Sum64(own), 36) + `"`
}
