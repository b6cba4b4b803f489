package pagecache

import (
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// unkept are headers an entry never replays: the site's middleware sets
// them afresh on every answer, or they describe one answer's bytes.
var unkept = map[string]bool{
	fiber.HeaderContentLength:   true,
	fiber.HeaderContentEncoding: true,
	fiber.HeaderSetCookie:       true,
	fiber.HeaderDate:            true,
	fiber.HeaderServer:          true,
	fiber.HeaderETag:            true,
}

// headerValues returns the headers set on the answer so far, before the
// handler runs: those the site's middleware set for every request.
func headerValues(h *fasthttp.ResponseHeader) map[string]string {
	out := map[string]string{}
	h.VisitAll(func(k, v []byte) { out[string(k)] = string(v) })
	return out
}

// handlerHeaders returns the headers the handler set or changed, compared
// with before: what a hit must replay. The content type is always kept.
func handlerHeaders(h *fasthttp.ResponseHeader, before map[string]string) []field {
	out := []field{{fiber.HeaderContentType, string(h.ContentType())}}
	h.VisitAll(func(k, v []byte) {
		name := string(k)
		if unkept[name] || name == fiber.HeaderContentType {
			return
		}
		if old, ok := before[name]; !ok || old != string(v) {
			out = append(out, field{name, string(v)})
		}
	})
	return out
}

// replay sets the headers of an entry on an answer: the first value of a
// name replaces what is there, later ones of the same name are added.
func replay(h *fasthttp.ResponseHeader, fields []field) {
	for i, f := range fields {
		if i > 0 && fields[i-1].name == f.name {
			h.Add(f.name, f.value)
		} else {
			h.Set(f.name, f.value)
		}
	}
}
