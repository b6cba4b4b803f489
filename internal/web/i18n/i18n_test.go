package i18n

import (
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"
)

func TestCatalogs(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, id string
		data     map[string]any
		want     string
	}{
		{Vietnamese, "nav.home", nil, "Trang chủ"},
		{English, "nav.home", nil, "Home"},
		{Vietnamese, "ocop.valid_until", map[string]any{"Date": "26/06/2028"}, "Có hiệu lực đến 26/06/2028"},
		{English, "count.products", map[string]any{"Count": 1}, "1 product"},
		{English, "count.products", map[string]any{"Count": 3}, "3 products"},
		{Vietnamese, "count.products", map[string]any{"Count": 1}, "1 sản phẩm"},
		{"fr", "nav.home", nil, "Trang chủ"},
	}
	for _, tt := range tests {
		got, err := c.Translate(tt.lang, tt.id, tt.data)
		if err != nil || got != tt.want {
			t.Errorf("Translate(%s, %s) = %q, %v; want %q", tt.lang, tt.id, got, err, tt.want)
		}
	}
	if _, err := c.Translate(English, "no.such.message", nil); err == nil {
		t.Error("a missing message gave no error")
	}
	if _, err := c.Func(English)("nav.home", "odd"); err == nil {
		t.Error("odd name/value pairs gave no error")
	}
}

func TestNegotiate(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query, cookie, accept, want string
	}{
		{"", "", "", "vi"},
		{"en", "", "", "en"},
		{"vi", "en", "en", "vi"},
		{"", "en", "vi", "en"},
		{"xx", "yy", "en-US,en;q=0.9", "en"},
		{"", "", "fr-FR,de;q=0.8", "vi"},
		{"", "", "vi-VN,vi;q=0.9,en;q=0.8", "vi"},
		{"", "", "not a header;;;", "vi"},
	}
	for _, tt := range tests {
		if got := c.Negotiate(tt.query, tt.cookie, tt.accept); got != tt.want {
			t.Errorf("Negotiate(%q, %q, %q) = %s, want %s", tt.query, tt.cookie, tt.accept, got, tt.want)
		}
	}
}

func TestMiddlewareRemembersChoice(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New()
	app.Get("/", c.Middleware(), func(ctx *fiber.Ctx) error { return ctx.SendString(c.Lang(ctx)) })
	res, err := app.Test(httptest.NewRequest("GET", "/?lang=en", nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Header.Get("Content-Language"); got != "en" {
		t.Errorf("Content-Language %q", got)
	}
	if len(res.Cookies()) != 1 || res.Cookies()[0].Name != CookieName || res.Cookies()[0].Value != "en" {
		t.Errorf("cookies %v", res.Cookies())
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Cookie", "lang=en")
	res, err = app.Test(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Cookies()) != 0 {
		t.Errorf("the cookie was set again: %v", res.Cookies())
	}
}
