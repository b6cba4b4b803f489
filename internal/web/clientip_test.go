package web_test

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Requests of fiber's app.Test come from 0.0.0.0.
func TestClientIP(t *testing.T) {
	balancers := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32"), netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8:1::/48")}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		xff     []string
		want    string
	}{
		{"no proxy trusted", nil, []string{"203.0.113.7"}, "0.0.0.0"},
		{"connection from an untrusted address", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, []string{"203.0.113.7"}, "0.0.0.0"},
		{"no header", balancers, nil, "0.0.0.0"},
		{"one hop", balancers, []string{"203.0.113.7"}, "203.0.113.7"},
		{"addresses the client put in front", balancers, []string{"1.1.1.1, 2.2.2.2, 203.0.113.7"}, "203.0.113.7"},
		{"a chain of balancers", balancers, []string{"1.1.1.1, 203.0.113.7, 10.0.0.2, 10.9.9.9"}, "203.0.113.7"},
		{"two headers", balancers, []string{"1.1.1.1", "203.0.113.7"}, "203.0.113.7"},
		{"only balancers", balancers, []string{"10.0.0.3, 10.0.0.2"}, "10.0.0.3"},
		{"with a port", balancers, []string{"203.0.113.7:51000"}, "203.0.113.7"},
		{"IPv6 with a port", balancers, []string{"[2001:db8:2::7]:443, 2001:db8:1::9"}, "2001:db8:2::7"},
		{"IPv4 in IPv6", balancers, []string{"::ffff:203.0.113.7"}, "203.0.113.7"},
		{"a 0xff byte", balancers, []string{"\xff"}, "0.0.0.0"},
		{"garbage right of the client", balancers, []string{"203.0.113.7, x"}, "0.0.0.0"},
		{"garbage left of the client", balancers, []string{"\xff, 203.0.113.7"}, "203.0.113.7"},
		{"an IPv6 zone", balancers, []string{"fe80::1%\xff"}, "0.0.0.0"},
		{"empty hop", balancers, []string{"203.0.113.7,"}, "0.0.0.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := fiber.New()
			web.Common(app, slog.New(slog.DiscardHandler), web.CommonConfig{Timeout: time.Second, TrustedProxies: tt.trusted})
			app.Get("/", func(c *fiber.Ctx) error { return c.SendString(web.ClientIP(c)) })
			req := httptest.NewRequest("GET", "/", nil)
			for _, v := range tt.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			res, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			if string(body) != tt.want {
				t.Errorf("ClientIP = %q, want %q", body, tt.want)
			}
		})
	}
}
