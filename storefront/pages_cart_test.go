package storefront_test

import (
	"context"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/redistest"
)

// addToCart sends the add-to-cart form of a product page.
func (c *client) addToCart(slug string, id int64, qty string) response {
	c.t.Helper()
	csrf := apptest.CSRF(c.t, c.Page("/san-pham/"+slug, 200))
	return c.PostForm("/san-pham/"+slug, url.Values{"_csrf": {csrf}, "product_id": {fmt.Sprint(id)}, "quantity": {qty}})
}

// cartForm sends a form of the cart page (update or remove).
func (c *client) cartForm(target string, id int64, fields ...string) response {
	c.t.Helper()
	csrf := apptest.CSRF(c.t, c.Do("GET", "/gio-hang", nil).Raw) // a 503 page has the forms' token too
	v := url.Values{"_csrf": {csrf}, "product_id": {fmt.Sprint(id)}}
	for i := 0; i+1 < len(fields); i += 2 {
		v.Set(fields[i], fields[i+1])
	}
	return c.PostForm(target, v)
}

// redirected fails unless r is a 303 to location.
func redirected(t *testing.T, what string, r response, location string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != location {
		t.Fatalf("%s: %d to %q, want 303 to %q: %.400s", what, r.Status, r.Header.Get("Location"), location, r.Raw)
	}
}

var cartCount = regexp.MustCompile(`<span class="cart-count"[^>]*>(\d+)</span>`)

// headerCount is the number on the header's cart icon, -1 without one.
func headerCount(t *testing.T, page string) int {
	t.Helper()
	if !strings.Contains(page, `class="cart-link"`) {
		t.Fatal("no cart icon in the header")
	}
	m := cartCount.FindStringSubmatch(page)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestCartPages(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		c := newClient(t, w.app())
		coffee, tea, chaCa, hidden := w.ids["ca-phe-bot"], w.ids["tra-hoa"], w.ids["cha-ca"], w.ids["ca-an"]

		home := c.Page("/", 200)
		if n := headerCount(t, home); n != -1 {
			t.Fatalf("empty cart shows %d on the icon", n)
		}
		apptest.Contains(t, "empty cart", c.Page("/gio-hang", 200), "Giỏ hàng của bạn đang trống.")

		redirected(t, "add coffee", c.addToCart("ca-phe-bot", coffee, "2"), "/san-pham/ca-phe-bot")
		page := c.Page("/san-pham/ca-phe-bot", 200)
		apptest.Contains(t, "after adding", page, `<p class="flash" role="status">Đã thêm vào giỏ hàng.</p>`)
		if n := headerCount(t, page); n != 2 {
			t.Fatalf("header count %d after adding 2", n)
		}
		if strings.Contains(c.Page("/san-pham/ca-phe-bot", 200), `class="flash"`) {
			t.Error("the notice shows twice")
		}
		redirected(t, "add tea", c.addToCart("tra-hoa", tea, "1"), "/san-pham/tra-hoa")
		redirected(t, "add cha ca", c.addToCart("cha-ca", chaCa, " 1 "), "/san-pham/cha-ca")

		// Bích Thao: 2×180000 + 120000 = 480000 < 500000 → 30000 shipping,
		// 20000 short of free shipping. Hồ Quỳnh: 95000 + a flat 25000.
		page = c.Page("/gio-hang", 200)
		apptest.Contains(t, "cart page", page, "HTX Cà phê Bích Thao", "HTX Thủy sản Hồ Quỳnh",
			format.VND(480000), format.VND(30000), format.VND(95000), format.VND(25000), format.VND(630000),
			"Mua thêm "+format.VND(20000)+" để được miễn phí vận chuyển (đơn từ "+format.VND(500000)+").",
			`href="/thanh-toan"`, `name="quantity"`, `name="set" value="1"`, `name="set" value="3"`, `formaction="/gio-hang/xoa"`)
		if n := headerCount(t, page); n != 4 {
			t.Fatalf("header count %d, want 4", n)
		}

		// The number field, then the + button; both answer with the cart.
		redirected(t, "update", c.cartForm("/gio-hang/cap-nhat", coffee, "quantity", "3"), "/gio-hang")
		redirected(t, "+", c.cartForm("/gio-hang/cap-nhat", coffee, "quantity", "3", "set", "4"), "/gio-hang")
		if q := c.quantities(); q[coffee] != 4 {
			t.Fatalf("after + : %v", q)
		}
		page = c.Page("/gio-hang", 200)
		apptest.Contains(t, "free shipping", page, "Bạn được miễn phí vận chuyển", format.VND(4*180000+120000+95000+25000), "Đã cập nhật giỏ hàng.")

		before := fmt.Sprint(c.quantities())
		for _, bad := range []struct{ name, target, slug, want string }{
			{"cart", "/gio-hang/cap-nhat", "", "Hãy nhập số nguyên từ 0 đến 999."},
			{"product page", "", "ca-phe-bot", "Hãy nhập số nguyên từ 1 đến 999."},
		} {
			for _, q := range []string{"abc", "1.5", "-1", "", "1000", "1e2", "0x10", "２"} {
				var r response
				if bad.slug != "" {
					r = c.addToCart(bad.slug, coffee, q)
				} else {
					r = c.cartForm(bad.target, coffee, "quantity", q)
				}
				if r.Status != http.StatusBadRequest {
					t.Fatalf("%s, quantity %q: %d", bad.name, q, r.Status)
				}
				want := bad.want
				if q == "" {
					want = "Vui lòng điền thông tin này."
				}
				apptest.Contains(t, bad.name+" "+q, html.UnescapeString(r.Raw), want, `aria-invalid="true"`)
			}
		}
		r := c.cartForm("/gio-hang/cap-nhat", tea, "quantity", "6")
		if r.Status != http.StatusConflict {
			t.Fatalf("over stock: %d", r.Status)
		}
		apptest.Contains(t, "over stock", r.Raw, "Chỉ còn 5 sản phẩm", fmt.Sprintf(`id="err-%d" role="alert"`, tea), fmt.Sprintf(`aria-describedby="err-%d"`, tea))
		r = c.addToCart("tra-hoa", tea, "5") // 1 in the cart + 5 > 5
		if r.Status != http.StatusConflict {
			t.Fatalf("add over stock: %d", r.Status)
		}
		apptest.Contains(t, "add over stock", r.Raw, "Chỉ còn 5 sản phẩm", `id="add-error"`, `aria-describedby="add-error"`, `value="5"`)
		token := apptest.CSRF(t, c.Page("/san-pham/ca-phe-bot", 200))
		r = c.PostForm("/san-pham/ca-phe-bot", url.Values{"_csrf": {token}, "product_id": {fmt.Sprint(hidden)}, "quantity": {"1"}})
		if r.Status != http.StatusNotFound {
			t.Fatalf("unpublished product: %d", r.Status)
		}
		r = c.PostForm("/san-pham/ca-phe-bot", url.Values{"_csrf": {token}, "product_id": {"ca-phe-bot"}, "quantity": {"1"}})
		if r.Status != http.StatusBadRequest {
			t.Fatalf("product id as text: %d", r.Status)
		}
		if after := fmt.Sprint(c.quantities()); after != before {
			t.Fatalf("refused changes changed the cart from %s to %s", before, after)
		}

		// The cooperative raises a price and sells out the tea.
		w.Exec(`UPDATE products SET price_vnd = 200000 WHERE id = ?`, coffee)
		w.Exec(`UPDATE products SET stock = 0 WHERE id = ?`, tea)
		page = c.Page("/gio-hang", 200)
		apptest.Contains(t, "notes", page, "Giá đã đổi từ "+format.VND(180000)+" thành "+format.VND(200000),
			"Đã hết hàng từ khi bạn thêm vào: hãy xóa hoặc quay lại sau.", "Có sản phẩm đã hết hoặc không đủ hàng", `aria-disabled="true"`)
		if strings.Contains(page, `href="/thanh-toan"`) {
			t.Error("checkout offered with a sold-out item")
		}
		w.Exec(`UPDATE products SET stock = 2 WHERE id = ?`, tea)
		redirected(t, "set tea", c.cartForm("/gio-hang/cap-nhat", tea, "quantity", "1"), "/gio-hang")
		w.Exec(`UPDATE products SET stock = 3 WHERE id = ?`, coffee)
		apptest.Contains(t, "low stock", c.Page("/gio-hang", 200), "Chỉ còn 3 sản phẩm: hãy giảm số lượng để đặt hàng.")
		redirected(t, "lower coffee", c.cartForm("/gio-hang/cap-nhat", coffee, "quantity", "3"), "/gio-hang")

		redirected(t, "remove", c.cartForm("/gio-hang/xoa", tea), "/gio-hang")
		redirected(t, "− to 0", c.cartForm("/gio-hang/cap-nhat", chaCa, "quantity", "1", "set", "0"), "/gio-hang")
		if q := fmt.Sprint(c.quantities()); q != fmt.Sprint(map[int64]int{coffee: 3}) {
			t.Fatalf("after removing: %s", q)
		}
		page = c.Page("/gio-hang", 200)
		apptest.Contains(t, "one group", page, "Đã xóa sản phẩm khỏi giỏ hàng.", `href="/thanh-toan"`)
		if strings.Contains(page, "HTX Thủy sản Hồ Quỳnh") {
			t.Error("an emptied group is still shown")
		}
		redirected(t, "remove last", c.cartForm("/gio-hang/xoa", coffee), "/gio-hang")
		apptest.Contains(t, "emptied", c.Page("/gio-hang", 200), "Giỏ hàng của bạn đang trống.")

		// Cards and other pages link back with next; only paths of the site.
		csrf := apptest.CSRF(t, c.Page("/san-pham/cha-ca", 200))
		for next, want := range map[string]string{"/san-pham?category=ca-phe": "/san-pham?category=ca-phe",
			"//evil.example/x": "/san-pham/cha-ca", "https://evil.example/": "/san-pham/cha-ca"} {
			r := c.PostForm("/san-pham/cha-ca", url.Values{"_csrf": {csrf}, "product_id": {fmt.Sprint(chaCa)}, "quantity": {"1"}, "next": {next}})
			redirected(t, "add with next "+next, r, want)
		}
		// In English, the same page speaks English.
		apptest.Contains(t, "english", c.Page("/gio-hang?lang=en", 200), "Your cart", "Checkout", "Quantity of cha-ca")
	})
}

// TestFormsNeedCSRF: every form POST without the token, or with another
// one, is refused with 403 and changes nothing.
func TestFormsNeedCSRF(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		c := newClient(t, w.app())
		c.register("lan@example.vn")
		redirected(t, "add", c.addToCart("cha-ca", w.ids["cha-ca"], "2"), "/san-pham/cha-ca")
		addr := c.Do("POST", "/api/v1/me/addresses", map[string]any{"name": "Lan", "phone": "0912345678", "line": "1 Lê Lợi", "ward": "Phường Tô Hiệu", "province": "son-la"})
		expect(t, "address", addr, 201)
		id := fmt.Sprint(addr.Body["id"])
		state := func() string {
			me := c.Do("GET", "/api/v1/me", nil)
			as := c.Do("GET", "/api/v1/me/addresses", nil)
			return fmt.Sprint(me.Status, me.Body, as.Body, c.quantities())
		}
		before := state()
		pid := fmt.Sprint(w.ids["cha-ca"])
		forms := []struct {
			target string
			fields url.Values
		}{
			{"/san-pham/cha-ca", url.Values{"product_id": {pid}, "quantity": {"1"}}},
			{"/gio-hang/cap-nhat", url.Values{"product_id": {pid}, "quantity": {"5"}}},
			{"/gio-hang/xoa", url.Values{"product_id": {pid}}},
			{"/dang-nhap", url.Values{"email": {"lan@example.vn"}, "password": {"mat-khau-dai"}}},
			{"/dang-ky", url.Values{"email": {"minh@example.vn"}, "password": {"mat-khau-dai"}, "name": {"Minh"}}},
			{"/dang-xuat", url.Values{}},
			{"/tai-khoan", url.Values{"name": {"Kẻ gian"}, "phone": {""}}},
			{"/tai-khoan/mat-khau", url.Values{"current_password": {"mat-khau-dai"}, "new_password": {"mat-khau-gian"}}},
			{"/tai-khoan/dia-chi", url.Values{"name": {"X"}, "phone": {"0912345678"}, "line": {"X"}, "ward": {"X"}, "province": {"ha-noi"}}},
			{"/tai-khoan/dia-chi/" + id, url.Values{"name": {"X"}, "phone": {"0912345678"}, "line": {"X"}, "ward": {"X"}, "province": {"ha-noi"}}},
			{"/tai-khoan/dia-chi/" + id + "/xoa", url.Values{}},
			{"/quen-mat-khau", url.Values{"email": {"lan@example.vn"}}},
			{"/dat-lai-mat-khau", url.Values{"token": {"x"}, "password": {"mat-khau-moi"}}},
		}
		token := apptest.CSRF(t, c.Page("/gio-hang", 200))
		other := "a" + token[1:]
		if other == token {
			other = "b" + token[1:]
		}
		for _, f := range forms {
			for _, sent := range []string{"", other} {
				v := url.Values{}
				for k, vals := range f.fields {
					v[k] = vals
				}
				if sent != "" {
					v.Set("_csrf", sent)
				}
				if r := c.PostForm(f.target, v); r.Status != http.StatusForbidden {
					t.Fatalf("POST %s with token %q: %d, want 403", f.target, sent, r.Status)
				}
			}
			// The right token from another site is refused too.
			v := url.Values{"_csrf": {token}}
			for k, vals := range f.fields {
				v[k] = vals
			}
			if r := c.Do("POST", f.target, v.Encode(), "Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site"); r.Status != http.StatusForbidden {
				t.Fatalf("cross-site POST %s: %d, want 403", f.target, r.Status)
			}
		}
		if after := state(); after != before {
			t.Fatalf("refused forms changed something:\n%s\n%s", before, after)
		}
	})
}

// TestCartPagesRedisDown: with Redis gone, pages still answer 200 with
// the cart icon (without a number), and the cart and login forms say so.
func TestCartPagesRedisDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ln.Addr().String()
	ln.Close()
	opt := redistest.Options(t, redistest.URL(t))
	real := opt.Addr
	w := newWorld(t, apptest.Backend{Name: "sqlite/redis", Redis: true}, "REDIS_URL", "redis://"+down+fmt.Sprintf("/%d", opt.DB))
	c := newClient(t, w.app())
	c.SetCookie("ocop_cart", strings.Repeat("ab", 16))

	for _, p := range []string{"/", "/san-pham", "/san-pham/cha-ca", "/hop-tac-xa", "/dang-nhap", "/dang-ky"} {
		if n := headerCount(t, c.Page(p, 200)); n != -1 {
			t.Fatalf("%s shows %d with Redis down", p, n)
		}
	}
	page := c.Page("/gio-hang", http.StatusServiceUnavailable)
	apptest.Contains(t, "cart page", page, "Giỏ hàng tạm thời không truy cập được", "Thử lại")
	r := c.addToCart("cha-ca", w.ids["cha-ca"], "1")
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Fatalf("add with Redis down: %d, Retry-After %q", r.Status, r.Header.Get("Retry-After"))
	}
	apptest.Contains(t, "add with Redis down", r.Raw, `id="add-error"`, "Giỏ hàng tạm thời không truy cập được", "Thêm vào giỏ")
	token := apptest.CSRF(t, c.Page("/san-pham/cha-ca", 200))
	r = c.PostForm("/gio-hang/cap-nhat", url.Values{"_csrf": {token}, "product_id": {fmt.Sprint(w.ids["cha-ca"])}, "quantity": {"2"}})
	if r.Status != http.StatusServiceUnavailable {
		t.Fatalf("update with Redis down: %d", r.Status)
	}
	apptest.Contains(t, "update with Redis down", r.Raw, "Giỏ hàng tạm thời không truy cập được")

	if _, err := w.Accounts.Register(context.Background(), account.Registration{Email: "lan@example.vn", Password: "mat-khau-dai", Name: "Lan"}); err != nil {
		t.Fatal(err)
	}
	login := url.Values{"_csrf": {c.FetchCSRF()}, "email": {"lan@example.vn"}, "password": {"mat-khau-dai"}, "next": {"/gio-hang"}}
	r = c.PostForm("/dang-nhap", login)
	if r.Status != http.StatusServiceUnavailable {
		t.Fatalf("login with Redis down: %d", r.Status)
	}
	apptest.Contains(t, "login with Redis down", r.Raw, "Tài khoản tạm thời không truy cập được", `value="lan@example.vn"`)

	redistest.Proxy(t, down, real) // Redis is back
	c.SetCookie("ocop_cart", "")
	// The client's pool waits a moment before dialling again after
	// failures: the shop recovers by itself within seconds.
	deadline := time.Now().Add(10 * time.Second)
	for r = c.addToCart("cha-ca", w.ids["cha-ca"], "1"); r.Status == http.StatusServiceUnavailable && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		r = c.addToCart("cha-ca", w.ids["cha-ca"], "1")
	}
	redirected(t, "add after Redis came back", r, "/san-pham/cha-ca")
	redirected(t, "login after Redis came back", c.PostForm("/dang-nhap", login), "/gio-hang")
	page = c.Page("/gio-hang", 200)
	apptest.Contains(t, "cart after Redis came back", page, "cha-ca", "Lan")
	if n := headerCount(t, page); n != 1 {
		t.Fatalf("header count %d after Redis came back", n)
	}
}

var (
	cardForm  = regexp.MustCompile(`(?s)<form class="card-add" method="post" action="/san-pham/([^"]+)">(.*?)</form>`)
	formField = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
)

// cardForms returns the add-to-cart forms of the product cards of page:
// product slug → the fields the form sends.
func cardForms(page string) map[string]url.Values {
	out := map[string]url.Values{}
	for _, m := range cardForm.FindAllStringSubmatch(page, -1) {
		v := url.Values{}
		for _, f := range formField.FindAllStringSubmatch(m[2], -1) {
			v.Set(f[1], html.UnescapeString(f[2]))
		}
		out[m[1]] = v
	}
	return out
}

// TestCardAddToCart: every product card of a listing that is in stock has
// a form adding one unit to the cart and coming back to the listing with
// the notice; it works from the page kept for everyone (no token: the
// browser says where the form comes from), logged in or not, and from a
// page drawn for one visitor with its token.
func TestCardAddToCart(t *testing.T) {
	eachDatabase(t, func(t *testing.T, w *world) {
		w.Exec(`UPDATE products SET stock = 0 WHERE slug = ?`, "tra-hoa")
		if err := w.Indexer.Reindex(context.Background(), nil); err != nil { // the listing reads the search index
			t.Fatal(err)
		}
		var version atomic.Uint64
		version.Store(1)
		f := w.cachedApp(&version)
		const listing = "/san-pham?sort=price_asc"
		coffee, chaCa := fmt.Sprint(w.ids["ca-phe-bot"]), fmt.Sprint(w.ids["cha-ca"])

		anon := newClient(t, f)
		page := anon.Get(listing)
		kept(t, "listing", page)
		forms := cardForms(page.Raw)
		want := map[string]url.Values{
			"ca-phe-bot": {"_csrf": {""}, "product_id": {coffee}, "quantity": {"1"}, "next": {listing}},
			"cha-ca":     {"_csrf": {""}, "product_id": {chaCa}, "quantity": {"1"}, "next": {listing}},
		}
		if fmt.Sprint(forms) != fmt.Sprint(want) {
			t.Fatalf("the listing's card forms are %v, want %v (none for the sold-out tra-hoa)", forms, want)
		}
		apptest.Contains(t, "listing", page.Raw, `aria-label="Thêm vào giỏ: cha-ca"`, `<p class="stock-out">Hết hàng</p>`)

		// A browser sends the kept page's form with its word that it
		// comes from this site; the card adds one unit each time.
		send := func(c *client, slug string, form url.Values, headers ...string) response {
			t.Helper()
			return c.Do("POST", "/san-pham/"+slug, form.Encode(), append([]string{"Content-Type", "application/x-www-form-urlencoded"}, headers...)...)
		}
		for range 2 {
			redirected(t, "add from the card", send(anon, "cha-ca", forms["cha-ca"], "Sec-Fetch-Site", "same-origin"), listing)
		}
		back := anon.Get(listing)
		apptest.Contains(t, "listing after the add", back.Raw, `<p class="flash" role="status">Đã thêm vào giỏ hàng.</p>`)
		if q := anon.quantities(); len(q) != 1 || q[w.ids["cha-ca"]] != 2 {
			t.Fatalf("the cart after two adds from the card holds %v", q)
		}
		expect(t, "the card's form from another site", send(anon, "cha-ca", forms["cha-ca"], "Sec-Fetch-Site", "cross-site"), 403)

		// A logged-in shopper gets the same kept cards; a browser
		// without Fetch Metadata says where it comes from by Origin.
		lan := newClient(t, f)
		lan.register("lan-card@example.vn")
		coop := "/hop-tac-xa/htx-bich-thao"
		forms = cardForms(lan.Get(coop).Raw)
		if forms["ca-phe-bot"].Get("next") != coop || forms["ca-phe-bot"].Get("_csrf") != "" {
			t.Fatalf("the cooperative's page has the card forms %v", forms)
		}
		redirected(t, "add from a card, logged in", send(lan, "ca-phe-bot", forms["ca-phe-bot"], "Origin", "http://example.com"), coop)
		if q := lan.quantities(); len(q) != 1 || q[w.ids["ca-phe-bot"]] != 1 {
			t.Fatalf("Lan's cart after the add from the card holds %v", q)
		}

		// A page drawn for one visitor (here with ?lang=en, which passes
		// the cache) puts the visitor's token in its cards, which is
		// enough without a word of the origin.
		minh := newClient(t, w.app())
		forms = cardForms(minh.Page("/san-pham?lang=en", 200))
		token := minh.Cookie("ocop_csrf")
		if token == "" || forms["cha-ca"].Get("_csrf") != token || forms["cha-ca"].Get("next") != "/san-pham" {
			t.Fatalf("the cards of a page of one's own have the forms %v (cookie %q)", forms, token)
		}
		redirected(t, "add from a card with the token", send(minh, "cha-ca", forms["cha-ca"]), "/san-pham")
		if q := minh.quantities(); q[w.ids["cha-ca"]] != 1 {
			t.Fatalf("Minh's cart holds %v", q)
		}
	})
}
