package storefront_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

var resetToken = regexp.MustCompile(`name="token" value="([^"]*)"`)

// TestFormErrorsSpeakThePageLanguage submits a bad value in every form of
// the storefront and finds the field's error in the page's language: the
// Vietnamese sentence by default, the English one with ?lang=en or with
// the lang cookie, and never the other language's.
func TestFormErrorsSpeakThePageLanguage(t *testing.T) {
	const email = "lan@example.vn"
	tests := []struct {
		form string
		// login: the client registers (and stays logged in) first.
		login bool
		// page is the form's page; submit fills its fields and says where
		// the form goes.
		page   func(w *world) string
		submit func(t *testing.T, w *world, c *client, page string) (string, url.Values)
		vi, en string
	}{
		{"register", false, func(*world) string { return paths.Register },
			func(t *testing.T, _ *world, _ *client, page string) (string, url.Values) {
				return paths.Register, formOf(t, page, "email", "lan", "password", "mat-khau-dai", "name", "Lan")
			},
			"Hãy nhập email đúng dạng, ví dụ lan@example.vn.", "Enter an email address such as lan@example.vn."},
		{"login", false, func(*world) string { return paths.Login },
			func(t *testing.T, _ *world, _ *client, page string) (string, url.Values) {
				return paths.Login, formOf(t, page, "email", email, "password", "")
			},
			"Vui lòng điền thông tin này.", "Please fill this in."},
		{"checkout", false, func(*world) string { return paths.Checkout },
			func(t *testing.T, w *world, c *client, page string) (string, url.Values) {
				v := checkoutFields(apptest.CSRF(t, page))
				v.Set("phone", "abc")
				return paths.Checkout, v
			},
			"Hãy nhập số điện thoại Việt Nam, ví dụ 0912 345 678.", "Enter a Vietnamese phone number such as 0912 345 678."},
		{"address", true, func(*world) string { return paths.NewAddress },
			func(t *testing.T, _ *world, _ *client, page string) (string, url.Values) {
				return paths.Addresses, formOf(t, page, "name", "Lan", "phone", "0912345678", "line", "12 Lê Lợi",
					"ward", "Phường Tô Hiệu", "province", "Atlantis")
			},
			"Hãy chọn một trong 34 tỉnh, thành phố.", "Choose one of the 34 provinces."},
		{"profile", true, func(*world) string { return paths.Account },
			func(t *testing.T, _ *world, _ *client, page string) (string, url.Values) {
				return paths.Account, formOf(t, page, "name", "Lan", "phone", "12")
			},
			"Hãy nhập số điện thoại Việt Nam, ví dụ 0912 345 678.", "Enter a Vietnamese phone number such as 0912 345 678."},
		{"password change", true, func(*world) string { return paths.Account },
			func(t *testing.T, _ *world, _ *client, page string) (string, url.Values) {
				return paths.Password, formOf(t, page, "current_password", "mat-khau-dai", "new_password", "ngan")
			},
			"Mật khẩu cần ít nhất 8 ký tự.", "The password needs at least 8 characters."},
		{"password forgot", false, func(*world) string { return paths.Forgot },
			func(t *testing.T, _ *world, _ *client, page string) (string, url.Values) {
				return paths.Forgot, formOf(t, page, "email", "lan@")
			},
			"Hãy nhập email đúng dạng, ví dụ lan@example.vn.", "Enter an email address such as lan@example.vn."},
		{"password reset", false,
			func(w *world) string {
				token, _, err := w.Accounts.StartReset(context.Background(), email)
				if err != nil {
					w.t.Fatal(err)
				}
				return paths.Reset + "?token=" + url.QueryEscape(token)
			},
			func(t *testing.T, _ *world, _ *client, page string) (string, url.Values) {
				m := resetToken.FindStringSubmatch(page)
				if m == nil {
					t.Fatal("no token in the reset form")
				}
				return paths.Reset, formOf(t, page, "token", html.UnescapeString(m[1]), "password", "ngan")
			},
			"Mật khẩu cần ít nhất 8 ký tự.", "The password needs at least 8 characters."},
		{"cart quantity", false, func(*world) string { return paths.Cart },
			func(t *testing.T, w *world, _ *client, page string) (string, url.Values) {
				return paths.CartUpdate, formOf(t, page, "product_id", fmt.Sprint(w.ids["ca-phe-bot"]), "quantity", "1.5")
			},
			"Hãy nhập số nguyên từ 0 đến 999.", "Enter a whole number from 0 to 999."},
		{"add to cart quantity", false, func(*world) string { return "/san-pham/ca-phe-bot" },
			func(t *testing.T, w *world, _ *client, page string) (string, url.Values) {
				return "/san-pham/ca-phe-bot", formOf(t, page, "product_id", fmt.Sprint(w.ids["ca-phe-bot"]), "quantity", "0")
			},
			"Hãy nhập số nguyên từ 1 đến 999.", "Enter a whole number from 1 to 999."},
	}
	eachDatabase(t, func(t *testing.T, w *world) {
		app := w.app()
		newClient(t, app).register(email)
		for _, tc := range tests {
			for _, how := range []string{"vi", "en by query", "en by cookie"} {
				t.Run(tc.form+"/"+how, func(t *testing.T) {
					c := newClient(t, app)
					if tc.login {
						c.register(fmt.Sprintf("%s-%s@example.vn", strings.ReplaceAll(tc.form, " ", "-"), strings.ReplaceAll(how, " ", "-")))
					}
					c.add(w.ids["ca-phe-bot"], 1)
					query, want, other := "", tc.vi, tc.en
					switch how {
					case "en by query":
						query, want, other = "?lang=en", tc.en, tc.vi
					case "en by cookie":
						c.SetCookie(i18n.CookieName, "en")
						want, other = tc.en, tc.vi
					}
					target := tc.page(w)
					if query != "" && strings.Contains(target, "?") {
						target += "&" + query[1:]
					} else {
						target += query
					}
					page := c.Page(target, 200)
					action, form := tc.submit(t, w, c, page)
					r := c.PostForm(action+query, form)
					if r.Status < 400 || r.Status >= 500 {
						t.Fatalf("%s: %d, want a 4xx: %.500s", action, r.Status, r.Raw)
					}
					body := html.UnescapeString(r.Raw)
					if !strings.Contains(body, want) {
						t.Errorf("%s: no %q in the page: %.2000s", action, want, body)
					}
					if strings.Contains(body, other) {
						t.Errorf("%s: the other language's %q is in the page", action, other)
					}
				})
			}
		}
	})
}
