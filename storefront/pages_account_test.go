package storefront_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/mail/mailtest"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
)

// formOf fills the fields of a form of page: its CSRF token plus fields
// (name, value pairs).
func formOf(t *testing.T, page string, fields ...string) url.Values {
	t.Helper()
	v := url.Values{"_csrf": {apptest.CSRF(t, page)}}
	for i := 0; i+1 < len(fields); i += 2 {
		v.Set(fields[i], fields[i+1])
	}
	return v
}

// refused fails unless r has the status and shows every text of wants.
func refused(t *testing.T, what string, r response, status int, wants ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: %d, want %d: %.500s", what, r.Status, status, r.Raw)
	}
	apptest.Contains(t, what, html.UnescapeString(r.Raw), wants...)
}

func TestLoginPagesJoinTheGuestCart(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		app := w.app()
		coffee, chaCa := w.ids["ca-phe-bot"], w.ids["cha-ca"]
		lan := newClient(t, app)
		lan.register("lan@example.vn")
		expect(t, "Lan adds", lan.Do("POST", "/api/v1/cart/items", map[string]any{"product_id": coffee, "quantity": 3}), 200)

		guest := newClient(t, app)
		redirected(t, "guest adds", guest.addToCart("cha-ca", chaCa, "1"), "/san-pham/cha-ca")
		redirected(t, "guest adds", guest.addToCart("ca-phe-bot", coffee, "2"), "/san-pham/ca-phe-bot")
		cartPage := guest.Page("/gio-hang", 200)
		apptest.Contains(t, "header for a guest", cartPage, `href="/dang-nhap?next=%2Fgio-hang"`, "Đăng nhập")

		page := guest.Page("/dang-nhap?next=%2Fgio-hang", 200)
		apptest.Contains(t, "login form", page, `name="next" value="/gio-hang"`, `autocomplete="current-password"`, `href="/quen-mat-khau"`)
		refused(t, "wrong password", guest.PostForm("/dang-nhap", formOf(t, page, "email", "lan@example.vn", "password", "sai-mat-khau", "next", "/gio-hang")),
			http.StatusUnauthorized, "Sai email hoặc mật khẩu.", `value="lan@example.vn"`)
		refused(t, "empty form", guest.PostForm("/dang-nhap", formOf(t, page, "email", "", "password", "")),
			http.StatusBadRequest, "Vui lòng điền thông tin này.", `aria-describedby="err-email"`, `aria-describedby="err-password"`)

		redirected(t, "login", guest.PostForm("/dang-nhap", formOf(t, page, "email", "LAN@example.vn", "password", "mat-khau-dai", "next", "/gio-hang")), "/gio-hang")
		cartPage = guest.Page("/gio-hang", 200)
		apptest.Contains(t, "after login", cartPage, "Đăng nhập thành công", "Khách lan@example.vn", `action="/dang-xuat"`, "HTX Thủy sản Hồ Quỳnh")
		if n := headerCount(t, cartPage); n != 6 {
			t.Fatalf("header count after the carts joined: %d, want 6", n)
		}
		if want := fmt.Sprint(map[int64]int{coffee: 5, chaCa: 1}); fmt.Sprint(lan.quantities()) != want {
			t.Fatalf("Lan's other session sees %v, want %s", lan.quantities(), want)
		}
		// Logged in, the login page goes on to next.
		redirected(t, "login page when logged in", guest.Do("GET", "/dang-nhap?next=/tai-khoan", nil), "/tai-khoan")

		// Unsafe next values land on the home page.
		for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
			c := newClient(t, app)
			form := formOf(t, c.Page("/dang-nhap", 200), "email", "lan@example.vn", "password", "mat-khau-dai", "next", next)
			redirected(t, "login with next "+next, c.PostForm("/dang-nhap", form), "/")
		}

		// Log out with the header's form: the old cookie no longer works.
		old := guest.Cookie("ocop_session")
		redirected(t, "logout", guest.PostForm("/dang-xuat", formOf(t, cartPage)), "/")
		apptest.Contains(t, "after logout", guest.Page("/", 200), "Bạn đã đăng xuất.", ">Đăng nhập<")
		guest.SetCookie("ocop_session", old)
		redirected(t, "account with the old cookie", guest.Do("GET", "/tai-khoan", nil), "/dang-nhap?next=%2Ftai-khoan")
	})
}

func TestLoginRateLimitOnThePage(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		w.Shop.Limits.PerAccountAddress = ratelimit.Rule{Limit: 2, Window: time.Minute}
		c := newClient(t, w.app())
		c.register("lan@example.vn")
		redirected(t, "logout", c.PostForm("/dang-xuat", formOf(t, c.Page("/", 200))), "/")
		page := c.Page("/dang-nhap", 200)
		for range 2 {
			refused(t, "wrong password", c.PostForm("/dang-nhap", formOf(t, page, "email", "lan@example.vn", "password", "sai")), http.StatusUnauthorized)
		}
		r := c.PostForm("/dang-nhap", formOf(t, page, "email", "lan@example.vn", "password", "mat-khau-dai"))
		refused(t, "third try", r, http.StatusTooManyRequests, "Bạn đã thử quá nhiều lần: hãy đợi 1 phút rồi thử lại.", `name="email"`)
		if r.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	})
}

func TestRegisterPage(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		app := w.app()
		newClient(t, app).register("lan@example.vn")
		c := newClient(t, app)
		redirected(t, "guest adds", c.addToCart("cha-ca", w.ids["cha-ca"], "2"), "/san-pham/cha-ca")
		page := c.Page("/dang-ky?next=/gio-hang", 200)
		apptest.Contains(t, "register form", page, `name="next" value="/gio-hang"`, `autocomplete="new-password"`, `for="reg-phone"`)
		refused(t, "bad fields", c.PostForm("/dang-ky", formOf(t, page, "email", "lan", "password", "ngan", "name", "", "phone", "12345")),
			http.StatusBadRequest, "Vui lòng sửa các ô được đánh dấu", "Hãy nhập email đúng dạng, ví dụ lan@example.vn.", "Mật khẩu cần ít nhất 8 ký tự.",
			"Vui lòng điền thông tin này.", "Hãy nhập số điện thoại Việt Nam", `aria-describedby="err-email"`, `value="12345"`)
		refused(t, "taken email", c.PostForm("/dang-ky", formOf(t, page, "email", "Lan@example.vn", "password", "mat-khau-dai", "name", "Lan")),
			http.StatusBadRequest, "Email này đã được đăng ký")
		redirected(t, "register", c.PostForm("/dang-ky", formOf(t, page, "email", "minh@example.vn", "password", "mat-khau-dai",
			"name", "Trần Minh", "phone", "+84 912 345 678", "next", "/gio-hang")), "/gio-hang")
		cart := c.Page("/gio-hang", 200)
		apptest.Contains(t, "after registering", cart, "Tạo tài khoản thành công", "Trần Minh", "cha-ca")
		if n := headerCount(t, cart); n != 2 {
			t.Fatalf("the guest cart did not follow the new account: %d", n)
		}
		apptest.Contains(t, "account", c.Page("/tai-khoan", 200), `value="0912345678"`, `value="minh@example.vn"`)
	})
}

var addressLink = regexp.MustCompile(`href="/tai-khoan/dia-chi/(\d+)"`)

func TestAccountPages(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		app := w.app()
		redirected(t, "account as a guest", newClient(t, app).Do("GET", "/tai-khoan", nil), "/dang-nhap?next=%2Ftai-khoan")
		c := newClient(t, app)
		c.register("lan@example.vn")
		other := newClient(t, app)
		expect(t, "second device", other.Do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.vn", "password": "mat-khau-dai"}), 200)

		// Profile.
		page := c.Page("/tai-khoan", 200)
		apptest.Contains(t, "account page", page, "Thông tin cá nhân", "Sổ địa chỉ", "Đổi mật khẩu", "Bạn chưa lưu địa chỉ nào", `href="/tai-khoan/don-hang"`)
		refused(t, "bad phone", c.PostForm("/tai-khoan", formOf(t, page, "name", "Lan", "phone", "12")), http.StatusBadRequest,
			"Hãy nhập số điện thoại Việt Nam", `aria-describedby="err-phone hint-phone"`, `value="12"`)
		redirected(t, "profile", c.PostForm("/tai-khoan", formOf(t, page, "name", "  Nguyễn Thị   Lan ", "phone", "0912.345.678")), "/tai-khoan")
		page = c.Page("/tai-khoan", 200)
		apptest.Contains(t, "saved profile", page, "Đã lưu thông tin cá nhân.", `value="Nguyễn Thị Lan"`, `value="0912345678"`)

		// Addresses: an old province name is filed under today's province.
		form := c.Page("/tai-khoan/dia-chi/moi", 200)
		apptest.Contains(t, "address form", form, `<option value="ho-chi-minh">`, `value="Nguyễn Thị Lan"`, `for="addr-ward"`)
		refused(t, "bad address", c.PostForm("/tai-khoan/dia-chi", formOf(t, form, "name", "Lan", "phone", "0912345678", "line", "", "ward", "Phường Thủ Dầu Một", "province", "Atlantis")),
			http.StatusBadRequest, "Hãy chọn một trong 34 tỉnh, thành phố.", "Vui lòng điền thông tin này.", `aria-describedby="err-line"`, `value="Phường Thủ Dầu Một"`)
		redirected(t, "add address", c.PostForm("/tai-khoan/dia-chi", formOf(t, form, "name", "Lan", "phone", "0912345678",
			"line", "12 Yersin", "ward", "Phường Thủ Dầu Một", "province", "Bình Dương")), "/tai-khoan#dia-chi")
		redirected(t, "add second", c.PostForm("/tai-khoan/dia-chi", formOf(t, form, "name", "Mẹ Lan", "phone", "0987654321",
			"line", "5 Lê Lợi", "ward", "Phường Tô Hiệu", "province", "son-la")), "/tai-khoan#dia-chi")
		page = c.Page("/tai-khoan", 200)
		apptest.Contains(t, "addresses", page, "Đã thêm địa chỉ.", "12 Yersin, Phường Thủ Dầu Một, TP Hồ Chí Minh", "5 Lê Lợi, Phường Tô Hiệu, Sơn La", "Mặc định")
		ids := addressLink.FindAllStringSubmatch(page, -1)
		if len(ids) != 2 {
			t.Fatalf("address links: %v", ids)
		}
		first, second := ids[0][1], ids[1][1]

		edit := c.Page("/tai-khoan/dia-chi/"+second, 200)
		apptest.Contains(t, "edit form", edit, `value="5 Lê Lợi"`, `<option value="son-la" selected>`)
		redirected(t, "edit", c.PostForm("/tai-khoan/dia-chi/"+second, formOf(t, edit, "name", "Mẹ Lan", "phone", "0987654321",
			"line", "7 Lê Lợi", "ward", "Phường Phủ Lý", "province", "Hà Nam", "is_default", "1")), "/tai-khoan#dia-chi")
		page = c.Page("/tai-khoan", 200)
		apptest.Contains(t, "edited", page, "Đã lưu địa chỉ.", "7 Lê Lợi, Phường Phủ Lý, Ninh Bình")
		if strings.Index(page, "7 Lê Lợi") > strings.Index(page, "12 Yersin") {
			t.Error("the new default address is not listed first")
		}

		// Another user reaches none of them.
		minh := newClient(t, app)
		minh.register("minh@example.vn")
		if r := minh.Do("GET", "/tai-khoan/dia-chi/"+first, nil); r.Status != http.StatusNotFound {
			t.Fatalf("another user's address: %d", r.Status)
		}
		mp := minh.Page("/tai-khoan", 200)
		for _, target := range []string{"/tai-khoan/dia-chi/" + first, "/tai-khoan/dia-chi/" + first + "/xoa"} {
			r := minh.PostForm(target, formOf(t, mp, "name", "X", "phone", "0912345678", "line", "X", "ward", "X", "province", "ha-noi"))
			if r.Status != http.StatusNotFound {
				t.Fatalf("POST %s as another user: %d", target, r.Status)
			}
		}

		redirected(t, "delete", c.PostForm("/tai-khoan/dia-chi/"+first+"/xoa", formOf(t, page)), "/tai-khoan#dia-chi")
		page = c.Page("/tai-khoan", 200)
		apptest.Contains(t, "deleted", page, "Đã xóa địa chỉ.", "7 Lê Lợi")
		if strings.Contains(page, "12 Yersin") {
			t.Error("the deleted address is still listed")
		}

		// Password change: this browser stays logged in, the other device is out.
		refused(t, "wrong current", c.PostForm("/tai-khoan/mat-khau", formOf(t, page, "current_password", "sai-mat-khau", "new_password", "mat-khau-moi")),
			http.StatusBadRequest, "Mật khẩu hiện tại không đúng.", `aria-describedby="err-current"`)
		refused(t, "short new", c.PostForm("/tai-khoan/mat-khau", formOf(t, page, "current_password", "mat-khau-dai", "new_password", "ngan")),
			http.StatusBadRequest, "Mật khẩu cần ít nhất 8 ký tự.")
		redirected(t, "change password", c.PostForm("/tai-khoan/mat-khau", formOf(t, page, "current_password", "mat-khau-dai", "new_password", "mat-khau-moi")), "/tai-khoan#mat-khau")
		apptest.Contains(t, "after the change", c.Page("/tai-khoan", 200), "Đã đổi mật khẩu.")
		expect(t, "other device", other.Do("GET", "/api/v1/me", nil), 401)
		c2 := newClient(t, app)
		login := c2.Page("/dang-nhap", 200)
		refused(t, "old password", c2.PostForm("/dang-nhap", formOf(t, login, "email", "lan@example.vn", "password", "mat-khau-dai")), http.StatusUnauthorized)
		redirected(t, "new password", c2.PostForm("/dang-nhap", formOf(t, login, "email", "lan@example.vn", "password", "mat-khau-moi")), "/")

		// In English.
		apptest.Contains(t, "english", c.Page("/tai-khoan?lang=en", 200), "My account", "Change password", "Addresses")
	})
}

func TestPasswordResetPages(t *testing.T) {
	srv := mailtest.Start(t)
	apptest.Run(t, apptest.Backends(), func(t *testing.T, b apptest.Backend) {
		w := newWorld(t, b, "SMTP_URL", srv.URL, "SMTP_FROM", "OCOP Market <no-reply@ocop.example.vn>")
		w.Background()
		app := w.app()
		lan := newClient(t, app)
		lan.register("lan@example.vn")

		c := newClient(t, app)
		login := c.Page("/dang-nhap", 200)
		apptest.Contains(t, "login", login, `href="/quen-mat-khau"`)
		page := c.Page("/quen-mat-khau", 200)
		refused(t, "bad email", c.PostForm("/quen-mat-khau", formOf(t, page, "email", "lan")), http.StatusBadRequest, "Hãy nhập email đúng dạng")
		unknown := c.PostForm("/quen-mat-khau", formOf(t, page, "email", "ai@example.vn"))
		refused(t, "unknown email", unknown, http.StatusOK, "Nếu email này có tài khoản")
		known := c.PostForm("/quen-mat-khau", formOf(t, page, "email", "Lan@Example.vn"))
		refused(t, "known email", known, http.StatusOK, "Nếu email này có tài khoản")

		msg := srv.Next(t, 15*time.Second)
		m := resetLink.FindStringSubmatch(mailtest.Body(t, msg))
		if m == nil {
			t.Fatalf("no reset link in %q", mailtest.Body(t, msg))
		}
		token := m[1]
		refused(t, "no token", c.Do("GET", "/dat-lai-mat-khau", nil), http.StatusOK, "Liên kết đặt lại mật khẩu không hợp lệ")
		reset := c.Page("/dat-lai-mat-khau?token="+token, 200)
		apptest.Contains(t, "reset form", reset, `name="token" value="`+token+`"`, `autocomplete="new-password"`)
		v := formOf(t, reset, "token", token, "password", "ngan")
		refused(t, "short", c.PostForm("/dat-lai-mat-khau", v), http.StatusBadRequest, "Mật khẩu cần ít nhất 8 ký tự.", `aria-describedby="err-password hint-password"`)
		v.Set("token", "x"+token)
		v.Set("password", "mat-khau-moi")
		refused(t, "bad token", c.PostForm("/dat-lai-mat-khau", v), http.StatusBadRequest, "Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn")
		v.Set("token", token)
		redirected(t, "reset", c.PostForm("/dat-lai-mat-khau", v), "/dang-nhap")
		apptest.Contains(t, "after reset", c.Page("/dang-nhap", 200), "Đã đặt mật khẩu mới: hãy đăng nhập.")
		refused(t, "reuse", c.PostForm("/dat-lai-mat-khau", v), http.StatusBadRequest, "không hợp lệ hoặc đã hết hạn")
		expect(t, "old session", lan.Do("GET", "/api/v1/me", nil), 401)
		refused(t, "old password", c.PostForm("/dang-nhap", formOf(t, login, "email", "lan@example.vn", "password", "mat-khau-dai")), http.StatusUnauthorized)
		redirected(t, "new password", c.PostForm("/dang-nhap", formOf(t, login, "email", "lan@example.vn", "password", "mat-khau-moi")), "/")
	})
}
