package storefront_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/pagecache"
	"github.com/ocopmarket/ocopmarket/storefront"
)

// cachedApp builds the storefront over the world with a response cache
// whose catalog version the test moves, or without one when version is
// nil, in the site's middleware as the app mounts it.
func (w *world) cachedApp(version *atomic.Uint64) *fiber.App {
	t := w.t
	t.Helper()
	cfg := storefront.Config{
		Catalog: w.Catalog, Browser: w.Browser, Users: w.Accounts, Addresses: w.Shop.Addresses,
		Sessions: w.Shop.Sessions, Carts: w.Shop.Carts, Orders: w.Orders.Service, Limiter: w.Shop.Limiter,
		BaseURL: w.Config.BaseURL, Limits: w.Shop.Limits, Trace: w.Trace, Showcases: w.Showcases, Log: w.Log,
	}
	if version != nil {
		cfg.Pages = pagecache.New(pagecache.Config{Version: version.Load})
	}
	shop, err := storefront.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := fiber.New(fiber.Config{ErrorHandler: web.ErrorHandler(w.Log, shop.Messages(), shop.RenderError)})
	web.Common(f, w.Log, web.CommonConfig{Timeout: 30 * time.Second, HTTPS: true})
	shop.Assets.Routes(f)
	storefront.Routes(f, shop)
	return f
}

// decoded is the body of r in the Content-Encoding it came in.
func decoded(t *testing.T, r response) string {
	t.Helper()
	var rd io.Reader = strings.NewReader(r.Raw)
	switch enc := r.Header.Get("Content-Encoding"); enc {
	case "br":
		rd = brotli.NewReader(rd)
	case "gzip":
		zr, err := gzip.NewReader(rd)
		if err != nil {
			t.Fatal(err)
		}
		rd = zr
	case "":
	default:
		t.Fatalf("Content-Encoding %q", enc)
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// kept fails the test unless r is a 200 from the cache for everyone:
// an ETag, revalidated on each view, no cookie, the site's security
// headers.
func kept(t *testing.T, what string, r response) {
	t.Helper()
	expect(t, what, r, 200)
	if r.Header.Get("ETag") == "" || r.Header.Get("Cache-Control") != "no-cache" || len(r.Header.Values("Set-Cookie")) > 0 ||
		!strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") || r.Header.Get("Content-Security-Policy") == "" ||
		r.Header.Get("X-Frame-Options") == "" || r.Header.Get("X-Request-Id") == "" {
		t.Fatalf("%s: headers %v", what, r.Header)
	}
}

func TestCachedPages(t *testing.T) {
	w := sqliteWorld(t)
	var version atomic.Uint64
	version.Store(1) // 0 is pagecache.Off
	f := w.cachedApp(&version)
	anon := newClient(t, f)
	rename := func(name string) {
		t.Helper()
		if _, err := w.DB.ExecContext(context.Background(), w.DB.Rebind(`UPDATE products SET name = ? WHERE slug = ?`), name, "ca-phe-bot"); err != nil {
			t.Fatal(err)
		}
	}

	first := anon.Get("/san-pham/ca-phe-bot")
	kept(t, "product page", first)
	if !strings.Contains(first.Raw, `name="_csrf" value=""`) || strings.Contains(first.Raw, "pagecache") {
		t.Fatalf("the kept page has a form token or the cache's marks: %.3000s", first.Raw)
	}
	rename("Cà phê Bột Sơn La")
	second := anon.Get("/san-pham/ca-phe-bot")
	kept(t, "product page again", second)
	if second.Raw != first.Raw || second.Header.Get("ETag") != first.Header.Get("ETag") {
		t.Fatal("a second view was rendered again at the same catalog version")
	}

	t.Run("304", func(t *testing.T) {
		for _, method := range []string{"GET", "HEAD"} {
			r := anon.Do(method, "/san-pham/ca-phe-bot", nil, "If-None-Match", first.Header.Get("ETag"))
			if r.Status != 304 || r.Raw != "" || r.Header.Get("Content-Security-Policy") == "" {
				t.Fatalf("%s with the ETag: %d %v", method, r.Status, r.Header)
			}
		}
		head := anon.Do("HEAD", "/san-pham/ca-phe-bot", nil)
		if head.Status != 200 || head.Raw != "" || head.Header.Get("ETag") != first.Header.Get("ETag") {
			t.Fatalf("HEAD: %d %v", head.Status, head.Header)
		}
	})

	t.Run("compressed forms", func(t *testing.T) {
		for _, accept := range []string{"br", "gzip", "gzip, deflate, br, zstd"} {
			r := anon.Get("/san-pham/ca-phe-bot", "Accept-Encoding", accept)
			kept(t, accept, r)
			if r.Header.Get("Content-Encoding") == "" || decoded(t, r) != first.Raw {
				t.Fatalf("Accept-Encoding %q: Content-Encoding %q, a body of its own", accept, r.Header.Get("Content-Encoding"))
			}
		}
		// The kept page is the page the storefront without a cache draws
		// for a visitor without cookies, but for the form token.
		plain := newClient(t, w.cachedApp(nil)).Get("/san-pham/cha-ca")
		cached := anon.Get("/san-pham/cha-ca", "Accept-Encoding", "br")
		token := regexp.MustCompile(`name="_csrf" value="[^"]*"`)
		strip := func(s string) string { return token.ReplaceAllString(s, "") }
		if strip(decoded(t, cached)) != strip(plain.Raw) {
			t.Fatalf("cached %.2000s\nplain %.2000s", decoded(t, cached), plain.Raw)
		}
	})

	t.Run("a new version", func(t *testing.T) {
		version.Add(1)
		r := anon.Get("/san-pham/ca-phe-bot", "If-None-Match", first.Header.Get("ETag"))
		kept(t, "after the change", r)
		apptest.Contains(t, "page", r.Raw, "Cà phê Bột Sơn La")
		rename("ca-phe-bot")
	})

	t.Run("bypass", func(t *testing.T) {
		r := anon.Get("/san-pham/ca-phe-bot?lang=en")
		if r.Status != 200 || r.Header.Get("ETag") != "" || len(r.Header.Values("Set-Cookie")) == 0 {
			t.Fatalf("?lang=en: %d %v", r.Status, r.Header)
		}
		anon.SetCookie("lang", "")
		noticed := newClient(t, f)
		noticed.SetCookie("ocop_flash", "added")
		if r := noticed.Get("/san-pham/ca-phe-bot"); r.Status != 200 || r.Header.Get("ETag") != "" {
			t.Fatalf("with a notice: %d %v", r.Status, r.Header)
		}
		if noticed.Cookie("ocop_flash") != "" {
			t.Fatal("the notice was not taken")
		}
	})

	t.Run("languages", func(t *testing.T) {
		en := newClient(t, f)
		en.SetCookie("lang", "en")
		vi := anon.Get("/san-pham/ca-phe-bot")
		r := en.Get("/san-pham/ca-phe-bot")
		kept(t, "English page", r)
		if r.Header.Get("Content-Language") != "en" || r.Header.Get("ETag") == vi.Header.Get("ETag") {
			t.Fatalf("English page: %v", r.Header)
		}
	})

	t.Run("personal block", func(t *testing.T) {
		lan, mai := newClient(t, f), newClient(t, f)
		lan.register("lan@example.vn")
		mai.register("mai@example.vn")
		form := url.Values{"product_id": {fmt.Sprint(w.ids["ca-phe-bot"])}, "quantity": {"3"}}.Encode()
		r := lan.Do("POST", "/san-pham/ca-phe-bot", form, fiber.HeaderContentType, fiber.MIMEApplicationForm, "Sec-Fetch-Site", "same-origin")
		expect(t, "add to the cart from the kept page", r, 303)
		if q := lan.quantities(); q[w.ids["ca-phe-bot"]] != 3 {
			t.Fatalf("Lan's cart %v", q)
		}
		lan.Get("/") // the notice of the redirect, shown once
		for range 2 {
			page := lan.Get("/san-pham/ca-phe-bot", "Accept-Encoding", "br")
			if page.Status != 200 || page.Header.Get("Cache-Control") != "private, no-cache" {
				t.Fatalf("Lan's page: %d %v", page.Status, page.Header)
			}
			body := decoded(t, page)
			apptest.Contains(t, "page", body, "Khách lan@example.vn", `data-cart-count>3</span>`)
			if strings.Contains(body, "mai@example.vn") || strings.Contains(body, "pagecache") {
				t.Fatal("Lan's page shows Mai or the cache's marks")
			}
			again := lan.Get("/san-pham/ca-phe-bot", "If-None-Match", page.Header.Get("ETag"))
			if again.Status != 304 {
				t.Fatalf("Lan's page with its ETag: %d", again.Status)
			}
			other := mai.Get("/san-pham/ca-phe-bot", "If-None-Match", page.Header.Get("ETag"))
			expect(t, "Mai's page with Lan's ETag", other, 200)
			apptest.Contains(t, "page", other.Raw, "Khách mai@example.vn")
			if strings.Contains(other.Raw, "lan@example.vn") || strings.Contains(other.Raw, "data-cart-count") {
				t.Fatal("Mai's page shows Lan's name or cart")
			}
			if strings.Contains(anon.Get("/san-pham/ca-phe-bot").Raw, "lan@example.vn") {
				t.Fatal("the anonymous page shows Lan")
			}
		}
		r = lan.Do("POST", "/san-pham/ca-phe-bot", form, fiber.HeaderContentType, fiber.MIMEApplicationForm, "Sec-Fetch-Site", "cross-site")
		expect(t, "add to the cart from another site", r, 403)
	})

	t.Run("catalog pages and reads", func(t *testing.T) {
		lan := newClient(t, f)
		lan.register("lan2@example.vn")
		for _, target := range []string{"/", "/san-pham", "/san-pham?q=ca+phe", "/hop-tac-xa", "/hop-tac-xa/htx-bich-thao"} {
			kept(t, target, anon.Get(target))
			kept(t, target+" again", anon.Get(target))
		}
		for _, target := range []string{"/api/v1/products", "/api/v1/products/ca-phe-bot", "/api/v1/cooperatives",
			"/api/v1/cooperatives/htx-bich-thao", "/api/v1/provinces", "/api/v1/categories"} {
			// The API's reads are the same for everyone: kept whatever
			// cookies come with them.
			r := lan.Get(target)
			kept(t, target, r)
			kept(t, target+" again", lan.Get(target))
			// The API check reads JSON only: the gzip form is asked for
			// past it.
			req := httptest.NewRequest("GET", target, nil)
			req.Header.Set("Accept-Encoding", "gzip")
			res, err := f.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			gz := response{Status: res.StatusCode, Header: res.Header, Raw: string(body)}
			kept(t, target+" in gzip", gz)
			if res.Header.Get("Content-Encoding") != "gzip" || decoded(t, gz) != r.Raw {
				t.Fatalf("%s: the gzip form decodes to another body", target)
			}
		}
		if r := anon.Get("/api/v1/search/suggest?q=ca"); r.Status != 200 || r.Header.Get("ETag") == "" || r.Header.Get("Cache-Control") != "public, max-age=60" {
			t.Fatalf("suggest: %d %v", r.Status, r.Header)
		}
		for _, target := range []string{"/gio-hang", "/dang-nhap"} {
			if r := anon.Get(target); r.Header.Get("ETag") != "" {
				t.Fatalf("%s is kept: %v", target, r.Header)
			}
		}
	})
}
