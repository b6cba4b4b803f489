package assets

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/web"
)

func TestURLsCarryTheContentHash(t *testing.T) {
	a, err := load(fstest.MapFS{
		"app.css":        {Data: []byte("body{}")},
		"icons/leaf.svg": {Data: []byte("<svg/>")},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"app.css":        `^/assets/app\.[0-9a-f]{8}\.css$`,
		"icons/leaf.svg": `^/assets/icons/leaf\.[0-9a-f]{8}\.svg$`,
	}
	for name, pattern := range tests {
		u, err := a.URL(name)
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(pattern).MatchString(u) {
			t.Errorf("URL(%q) = %q, want %s", name, u, pattern)
		}
	}
	if _, err := a.URL("missing.css"); err == nil {
		t.Error("URL of a missing file: no error")
	}
	b, err := load(fstest.MapFS{"app.css": {Data: []byte("body{color:red}")}})
	if err != nil {
		t.Fatal(err)
	}
	u1, _ := a.URL("app.css")
	u2, _ := b.URL("app.css")
	if u1 == u2 {
		t.Errorf("changed content kept its address %s", u1)
	}
}

func TestServe(t *testing.T) {
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New(fiber.Config{ErrorHandler: web.ErrorHandler(slog.New(slog.DiscardHandler), nil, nil)})
	a.Routes(app)
	for _, name := range []string{"app.css", "app.js", "logo.svg", "icons/thuc-pham.svg"} {
		u, err := a.URL(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := app.Test(httptest.NewRequest("GET", u, nil))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || len(body) == 0 {
			t.Errorf("GET %s: %d, %d bytes", u, res.StatusCode, len(body))
		}
		if cc := res.Header.Get("Cache-Control"); cc != CacheControl {
			t.Errorf("GET %s: Cache-Control %q", u, cc)
		}
	}
	for _, u := range []string{"/assets/app.deadbeef.css", "/assets/app.css", "/assets/"} {
		res, err := app.Test(httptest.NewRequest("GET", u, nil))
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", u, res.StatusCode)
		}
	}
}
