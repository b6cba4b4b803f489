package panel

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// Pager is the previous and next links of a panel list.
type Pager struct {
	Page, Last int
	Prev, Next string // "" on the first and last page
}

// NewPager links the pages of a list of total items shown perPage at a
// time, keeping the rest of the request's query.
func NewPager(c *fiber.Ctx, page, perPage, total int) Pager {
	last := max(1, (total+perPage-1)/perPage)
	at := func(n int) string {
		v, _ := url.ParseQuery(string(c.Request().URI().QueryArgs().QueryString()))
		if v == nil {
			v = url.Values{}
		}
		v.Set("page", strconv.Itoa(n))
		return c.Path() + "?" + v.Encode()
	}
	p := Pager{Page: page, Last: last}
	if page > 1 {
		p.Prev = at(min(page-1, last))
	}
	if page < last {
		p.Next = at(page + 1)
	}
	return p
}
