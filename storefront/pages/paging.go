package pages

import (
	"net/url"
	"strconv"
)

// without returns a copy of v lacking one value of key.
func without(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vals := range v {
		for _, s := range vals {
			if k != key || s != value {
				out.Add(k, s)
			}
		}
	}
	return out
}

// pagination is the page links of a list.
type pagination struct {
	Page, Last int
	Prev, Next string
	Links      []pageLink
}

// pageLink is one page number, or a gap (…) between numbers.
type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// paginate links the pages of a list of total items, keeping the query v.
func paginate(path string, v url.Values, page, size, total int) pagination {
	last := max(1, (total+size-1)/size)
	at := func(n int) string {
		q := without(v, "page", "")
		q.Del("page")
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		return withQuery(path, q)
	}
	pg := pagination{Page: page, Last: last}
	if last <= 1 && page <= 1 {
		return pg
	}
	if page > 1 {
		pg.Prev = at(min(page-1, last))
	}
	if page < last {
		pg.Next = at(page + 1)
	}
	prev := 0
	for n := 1; n <= last; n++ {
		if n != 1 && n != last && (n < page-2 || n > page+2) {
			continue
		}
		if prev != 0 && n > prev+1 {
			pg.Links = append(pg.Links, pageLink{Gap: true})
		}
		pg.Links = append(pg.Links, pageLink{N: n, URL: at(n), Current: n == page})
		prev = n
	}
	return pg
}
