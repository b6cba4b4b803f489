package pagecache_test

import (
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/ocopmarket/ocopmarket/internal/web/pagecache"
)

// benchPage is about the size of a listing page of 24 products: 60 kB.
var benchPage = "<html><header>" + pagecache.BlockStart + "<a>login</a>" + pagecache.BlockEnd + "</header>" +
	strings.Repeat(`<li class="card"><a href="/san-pham/ca-phe-son-la-123"><img src="/img/1.webp" alt=""><h3>Cà phê Sơn La rang xay</h3><p>180.000 ₫</p></a></li>`, 400) +
	"</html>"

// benchApp serves benchPage on /page through the cache (at version 1
// unless given another), and a fixed string on /fixed: the ceiling of the
// same stack.
func benchApp(version *atomic.Uint64) fasthttp.RequestHandler {
	if version.Load() == pagecache.Off {
		version.Store(1) // Off would serve every request uncached
	}
	app := fiber.New()
	cache := pagecache.New(pagecache.Config{Version: version.Load, MaxBytes: 256 << 20})
	app.Get("/fixed", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Get("/page", cache.PersonalHandler(pagecache.Personal{
		Cookies: []string{"session"},
		Render:  func(c *fiber.Ctx) ([]byte, error) { return []byte("<a>Lan · 3</a>"), nil },
	}), func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.SendString(benchPage)
	})
	return app.Handler()
}

// request is a prepared request for handler.
func request(target string, headers ...string) *fasthttp.RequestCtx {
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI(target)
	for i := 0; i+1 < len(headers); i += 2 {
		ctx.Request.Header.Set(headers[i], headers[i+1])
	}
	return &ctx
}

func run(b *testing.B, h fasthttp.RequestHandler, status int, target string, headers ...string) {
	ctx := request(target, headers...)
	h(ctx)
	if ctx.Response.StatusCode() != status {
		b.Fatalf("status %d", ctx.Response.StatusCode())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		ctx.Response.Reset()
		h(ctx)
	}
}

func BenchmarkFixedString(b *testing.B) {
	var v atomic.Uint64
	run(b, benchApp(&v), 200, "/fixed")
}

func BenchmarkHit(b *testing.B) {
	var v atomic.Uint64
	h := benchApp(&v)
	b.Run("identity", func(b *testing.B) { run(b, h, 200, "/page") })
	b.Run("brotli", func(b *testing.B) { run(b, h, 200, "/page", "Accept-Encoding", "gzip, deflate, br, zstd") })
	b.Run("gzip", func(b *testing.B) { run(b, h, 200, "/page", "Accept-Encoding", "gzip") })
	b.Run("304", func(b *testing.B) {
		ctx := request("/page", "Accept-Encoding", "br")
		h(ctx)
		run(b, h, 304, "/page", "Accept-Encoding", "br", "If-None-Match", string(ctx.Response.Header.Peek("ETag")))
	})
	b.Run("personal", func(b *testing.B) { run(b, h, 200, "/page", "Cookie", "session=x") })
}

// BenchmarkHitParallel hits 1,000 keys (60 MB of pages) from every core at once.
func BenchmarkHitParallel(b *testing.B) {
	var v atomic.Uint64
	h := benchApp(&v)
	for _, accept := range []string{"", "br"} {
		b.Run("accept="+accept, func(b *testing.B) {
			for i := range 1000 {
				h(request("/page?n="+strconv.Itoa(i), "Accept-Encoding", accept))
			}
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				ctxs := make([]*fasthttp.RequestCtx, 1000)
				for i := range ctxs {
					ctxs[i] = request("/page?n="+strconv.Itoa(i), "Accept-Encoding", accept)
				}
				i := int(next.Add(1))
				for pb.Next() {
					ctx := ctxs[i%len(ctxs)]
					ctx.Response.Reset()
					h(ctx)
					i++
				}
			})
		})
	}
}

// BenchmarkMiss renders, keeps and serves the 60 kB page at a new version
// each time, and with brotli compresses it too.
func BenchmarkMiss(b *testing.B) {
	var v atomic.Uint64
	h := benchApp(&v)
	for _, accept := range []string{"", "br", "gzip"} {
		b.Run("accept="+accept, func(b *testing.B) {
			ctx := request("/page", "Accept-Encoding", accept)
			b.ReportAllocs()
			for b.Loop() {
				v.Add(1)
				ctx.Response.Reset()
				h(ctx)
			}
		})
	}
}
