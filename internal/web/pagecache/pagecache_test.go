package pagecache_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/web/pagecache"
)

// site is a small app with one cached page, counting its renders.
type site struct {
	app     *fiber.App
	version atomic.Uint64
	renders atomic.Int64
	cache   *pagecache.Cache
}

// page is the body the site's page handler draws for the anonymous
// visitor, long enough to be worth compressing.
func page(c *fiber.Ctx, version uint64) string {
	block := "<a>login</a>"
	if pagecache.Storing(c) {
		block = pagecache.BlockStart + block + pagecache.BlockEnd
	}
	return "<html><header>" + block + "</header><main>" + c.Path() + " v" + fmt.Sprint(version) + " " +
		strings.Repeat("hàng hóa OCOP ", 40) + "</main></html>"
}

func newSite(t testing.TB, maxBytes int, handler fiber.Handler) *site {
	s := &site{app: fiber.New()}
	s.version.Store(1)
	s.cache = pagecache.New(pagecache.Config{Version: s.version.Load, MaxBytes: maxBytes})
	if handler == nil {
		handler = func(c *fiber.Ctx) error {
			s.renders.Add(1)
			c.Set("X-Robots-Tag", "index")
			c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
			return c.SendString(page(c, s.version.Load()))
		}
	}
	s.app.Use(func(c *fiber.Ctx) error {
		c.Set("X-Frame-Options", "DENY") // as the security middleware does, before the route
		return c.Next()
	})
	s.app.Get("/api", s.cache.Handler(), handler)
	s.app.Get("/page", s.cache.PersonalHandler(pagecache.Personal{
		Cookies:       []string{"session"},
		BypassCookies: []string{"flash"},
		BypassQuery:   []string{"lang"},
		Render: func(c *fiber.Ctx) ([]byte, error) {
			return []byte("<a>" + c.Cookies("session") + "</a>"), nil
		},
	}), handler)
	s.app.Get("/status/:code", s.cache.Handler(), func(c *fiber.Ctx) error {
		s.renders.Add(1)
		return c.Status(fiber.StatusNotFound).SendString("gone")
	})
	return s
}

// do sends a request with the headers given as name, value pairs.
func (s *site) do(t testing.TB, method, target string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := s.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func read(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func decode(t *testing.T, resp *http.Response) string {
	t.Helper()
	var r io.Reader = resp.Body
	switch enc := resp.Header.Get("Content-Encoding"); enc {
	case "br":
		r = brotli.NewReader(resp.Body)
	case "gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "":
	default:
		t.Fatalf("Content-Encoding %q", enc)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHitServesTheFirstRender(t *testing.T) {
	s := newSite(t, 0, nil)
	first := s.do(t, "GET", "/api?x=1")
	body := read(t, first)
	second := s.do(t, "GET", "/api?x=1")
	if got := read(t, second); got != body {
		t.Fatalf("hit = %q, want %q", got, body)
	}
	if n := s.renders.Load(); n != 1 {
		t.Fatalf("rendered %d times, want 1", n)
	}
	for _, r := range []*http.Response{first, second} {
		if r.StatusCode != 200 || r.Header.Get("ETag") == "" || r.Header.Get("Cache-Control") != "no-cache" ||
			!strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") || r.Header.Get("X-Robots-Tag") != "index" ||
			r.Header.Get("X-Frame-Options") != "DENY" || r.Header.Get("Content-Type") != fiber.MIMETextHTMLCharsetUTF8 {
			t.Fatalf("status %d, headers %v", r.StatusCode, r.Header)
		}
	}
	if first.Header.Get("ETag") != second.Header.Get("ETag") {
		t.Fatalf("ETags %q and %q", first.Header.Get("ETag"), second.Header.Get("ETag"))
	}
	s.do(t, "GET", "/api?x=2")
	if n := s.renders.Load(); n != 2 {
		t.Fatalf("another query rendered %d times in all, want 2", n)
	}
}

func TestNotModified(t *testing.T) {
	s := newSite(t, 0, nil)
	for _, enc := range []string{"", "gzip", "br"} {
		first := s.do(t, "GET", "/api", "Accept-Encoding", enc)
		tag := first.Header.Get("ETag")
		for _, method := range []string{"GET", "HEAD"} {
			r := s.do(t, method, "/api", "Accept-Encoding", enc, "If-None-Match", `"other", `+tag)
			if r.StatusCode != 304 || read(t, r) != "" || r.Header.Get("ETag") != tag {
				t.Fatalf("%s %q with its ETag: %d %v", method, enc, r.StatusCode, r.Header)
			}
		}
		if r := s.do(t, "GET", "/api", "Accept-Encoding", enc, "If-None-Match", `"other"`); r.StatusCode != 200 {
			t.Fatalf("another ETag: %d", r.StatusCode)
		}
	}
	if n := s.renders.Load(); n != 1 {
		t.Fatalf("rendered %d times, want 1", n)
	}
}

func TestCompressedFormsDecodeToTheBody(t *testing.T) {
	s := newSite(t, 0, nil)
	plain := s.do(t, "GET", "/api")
	want := read(t, plain)
	tags := map[string]string{"": plain.Header.Get("ETag")}
	for _, tc := range []struct{ accept, enc string }{
		{"gzip, deflate, br, zstd", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip;q=0.5", "gzip"},
		{"gzip;q=0, br;q=0", ""},
		{"*", "br"},
		{"deflate", ""},
	} {
		r := s.do(t, "GET", "/api", "Accept-Encoding", tc.accept)
		if got := r.Header.Get("Content-Encoding"); got != tc.enc {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.enc)
		}
		if got := decode(t, r); got != want {
			t.Fatalf("Accept-Encoding %q: decoded %q, want %q", tc.accept, got, want)
		}
		tag := r.Header.Get("ETag")
		if tc.enc == "" {
			// Identity to a browser that named codings: the site's own
			// compression may still code it, so the tag is weak.
			tag = strings.TrimPrefix(tag, "W/")
		}
		if old, ok := tags[tc.enc]; ok && old != tag {
			t.Fatalf("%q: ETag %q, before %q", tc.enc, r.Header.Get("ETag"), old)
		}
		tags[tc.enc] = tag
	}
	if tags[""] == tags["br"] || tags["br"] == tags["gzip"] {
		t.Fatalf("one ETag for two codings: %v", tags)
	}
	if n := s.renders.Load(); n != 1 {
		t.Fatalf("rendered %d times, want 1", n)
	}
}

func TestHeadIsServedFromTheCache(t *testing.T) {
	s := newSite(t, 0, nil)
	get := s.do(t, "GET", "/api")
	head := s.do(t, "HEAD", "/api")
	if head.StatusCode != 200 || read(t, head) != "" || head.Header.Get("ETag") != get.Header.Get("ETag") {
		t.Fatalf("HEAD: %d %v", head.StatusCode, head.Header)
	}
	if n := s.renders.Load(); n != 1 {
		t.Fatalf("rendered %d times, want 1", n)
	}
}

func TestANewVersionRendersAgain(t *testing.T) {
	s := newSite(t, 0, nil)
	first := s.do(t, "GET", "/api")
	if !strings.Contains(read(t, first), " v1 ") {
		t.Fatal("first render is not of version 1")
	}
	s.version.Store(2)
	second := s.do(t, "GET", "/api", "If-None-Match", first.Header.Get("ETag"))
	if second.StatusCode != 200 || !strings.Contains(read(t, second), " v2 ") {
		t.Fatalf("after the version changed: %d", second.StatusCode)
	}
	if second.Header.Get("ETag") == first.Header.Get("ETag") {
		t.Fatal("the ETag did not change with the version")
	}
	s.do(t, "GET", "/api")
	if n := s.renders.Load(); n != 2 {
		t.Fatalf("rendered %d times, want 2", n)
	}
}

func TestAnswersThatAreNotKept(t *testing.T) {
	for name, handler := range map[string]fiber.Handler{
		"no store": func(c *fiber.Ctx) error { pagecache.NoStore(c); return c.SendString("degraded") },
		"cookie": func(c *fiber.Ctx) error {
			c.Cookie(&fiber.Cookie{Name: "csrf", Value: "x"})
			return c.SendString("with a cookie")
		},
		"cache-control": func(c *fiber.Ctx) error { c.Set("Cache-Control", "no-store"); return c.SendString("mine") },
		"not 200":       func(c *fiber.Ctx) error { return c.Status(201).SendString("made") },
		"error":         func(c *fiber.Ctx) error { return fiber.ErrServiceUnavailable },
	} {
		t.Run(name, func(t *testing.T) {
			var renders atomic.Int64
			s := newSite(t, 0, func(c *fiber.Ctx) error { renders.Add(1); return handler(c) })
			var first *http.Response
			for range 2 {
				first = s.do(t, "GET", "/api")
			}
			if n := renders.Load(); n != 2 {
				t.Fatalf("rendered %d times, want 2", n)
			}
			if first.Header.Get("ETag") != "" {
				t.Fatalf("ETag on an answer not kept: %v", first.Header)
			}
		})
	}
	s := newSite(t, 0, nil)
	for range 2 {
		if r := s.do(t, "GET", "/status/404"); r.StatusCode != 404 || read(t, r) != "gone" {
			t.Fatalf("404 page: %d", r.StatusCode)
		}
	}
	if n := s.renders.Load(); n != 2 {
		t.Fatalf("404 rendered %d times, want 2", n)
	}
}

func TestPersonalBlock(t *testing.T) {
	s := newSite(t, 0, nil)
	anon := s.do(t, "GET", "/page")
	body := read(t, anon)
	if strings.Contains(body, "pagecache") || !strings.Contains(body, "<header><a>login</a></header>") {
		t.Fatalf("anonymous page %q", body)
	}
	if anon.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("anonymous Cache-Control %q", anon.Header.Get("Cache-Control"))
	}
	lan := s.do(t, "GET", "/page", "Cookie", "session=Lan", "Accept-Encoding", "br")
	got := read(t, lan)
	if got != strings.Replace(body, "<a>login</a>", "<a>Lan</a>", 1) {
		t.Fatalf("Lan's page %q", got)
	}
	if lan.Header.Get("Content-Encoding") != "" || lan.Header.Get("Cache-Control") != "private, no-cache" ||
		!strings.HasPrefix(lan.Header.Get("ETag"), "W/") {
		t.Fatalf("Lan's headers %v", lan.Header)
	}
	if r := s.do(t, "GET", "/page", "Cookie", "session=Lan", "If-None-Match", lan.Header.Get("ETag")); r.StatusCode != 304 {
		t.Fatalf("Lan's page again: %d", r.StatusCode)
	}
	mai := s.do(t, "GET", "/page", "Cookie", "session=Mai", "If-None-Match", lan.Header.Get("ETag"))
	if got := read(t, mai); mai.StatusCode != 200 || strings.Contains(got, "Lan") || !strings.Contains(got, "<a>Mai</a>") {
		t.Fatalf("Mai's page with Lan's ETag: %d %q", mai.StatusCode, got)
	}
	if n := s.renders.Load(); n != 1 {
		t.Fatalf("rendered %d times, want 1", n)
	}
	s.do(t, "GET", "/page", "Cookie", "flash=added")
	s.do(t, "GET", "/page?lang=en")
	if n := s.renders.Load(); n != 3 {
		t.Fatalf("bypassing requests rendered %d times in all, want 3", n)
	}
}

func TestPersonalVisitorOfAnAnswerNotKept(t *testing.T) {
	s := newSite(t, 0, func(c *fiber.Ctx) error {
		pagecache.NoStore(c)
		return c.SendString(page(c, 1))
	})
	for _, tc := range []struct{ cookie, block string }{{"session=Lan", "<a>Lan</a>"}, {"", "<a>login</a>"}} {
		got := read(t, s.do(t, "GET", "/page", "Cookie", tc.cookie))
		if strings.Contains(got, "pagecache") || !strings.Contains(got, "<header>"+tc.block+"</header>") {
			t.Fatalf("cookie %q: %q", tc.cookie, got)
		}
	}
}

func TestConcurrentMissesRenderOnce(t *testing.T) {
	release := make(chan struct{})
	var renders atomic.Int64
	s := newSite(t, 0, func(c *fiber.Ctx) error {
		renders.Add(1)
		<-release
		return c.SendString("slow page")
	})
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Go(func() { bodies[i] = read(t, s.do(t, "GET", "/api")) })
	}
	// Each request either waits for the first render or, arriving after
	// it, is a hit: one render whatever the timing.
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Fatalf("rendered %d times, want 1", n)
	}
	for _, b := range bodies {
		if b != "slow page" {
			t.Fatalf("bodies %q", bodies)
		}
	}
}

func TestBytesStayWithinTheBound(t *testing.T) {
	const limit = 256 << 10
	s := newSite(t, limit, nil)
	for i := range 1000 {
		for range 2 { // the second keeps the brotli form too
			s.do(t, "GET", fmt.Sprintf("/api?n=%d", i), "Accept-Encoding", "br")
		}
	}
	st := s.cache.Stats()
	if st.Bytes > limit || st.Entries == 0 || st.Entries >= 1000 {
		t.Fatalf("after 1000 pages of 0.6 kB: %+v, bound %d", st, limit)
	}
	if r := s.do(t, "GET", "/api?n=399"); !bytes.Contains([]byte(read(t, r)), []byte("/api")) {
		t.Fatal("the newest page is not served")
	}
}

// TestFormKeptFromSecondDemand asks a page in brotli: the first answer is
// compressed for itself only, the second keeps the form, and later ones
// add nothing; each is the page.
func TestFormKeptFromSecondDemand(t *testing.T) {
	s := newSite(t, 0, nil)
	read(t, s.do(t, "GET", "/api"))
	bytesAfter := []int64{s.cache.Stats().Bytes}
	for range 3 {
		r := s.do(t, "GET", "/api", "Accept-Encoding", "br")
		if got := r.Header.Get("Content-Encoding"); got != "br" {
			t.Fatalf("Content-Encoding %q, want br", got)
		}
		if body := decode(t, r); !strings.Contains(body, "/api") {
			t.Fatalf("body %q", body)
		}
		bytesAfter = append(bytesAfter, s.cache.Stats().Bytes)
	}
	if b := bytesAfter; b[1] != b[0] || b[2] <= b[1] || b[3] != b[2] {
		t.Fatalf("bytes kept after the identity answer and three brotli ones: %v, want the form kept by the second only", b)
	}
}

func TestOffKeepsNothing(t *testing.T) {
	s := newSite(t, 0, nil)
	s.version.Store(pagecache.Off)
	for range 2 {
		body := read(t, s.do(t, "GET", "/page"))
		if strings.Contains(body, pagecache.BlockStart) {
			t.Fatal("a page was drawn for the cache while it is off")
		}
	}
	if n := s.renders.Load(); n != 2 || s.cache.Stats().Entries != 0 {
		t.Fatalf("off: %d renders and %d entries, want 2 and none", n, s.cache.Stats().Entries)
	}
}
