package storefront_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"html"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr/vietqrtest"
)

var hiddenField = regexp.MustCompile(`<input type="hidden" name="([a-z_]+)" value="([^"]*)">`)

// hidden returns the hidden fields of the first form in page after marker.
func hidden(t *testing.T, page, marker string) url.Values {
	t.Helper()
	i := strings.Index(page, marker)
	if i < 0 {
		t.Fatalf("no %q in the page", marker)
	}
	form := page[i:]
	form = form[:strings.Index(form, "</form>")]
	v := url.Values{}
	for _, m := range hiddenField.FindAllStringSubmatch(form, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	return v
}

func checkoutFields(csrf string) url.Values {
	return url.Values{"_csrf": {csrf}, "name": {"Nguyễn Thị Lan"}, "phone": {"0912 345 678"}, "email": {"lan@example.com"},
		"line": {"12 Lê Lợi"}, "ward": {"Phường Tô Hiệu"}, "province": {"son-la"}, "payment_method": {"bank_transfer"},
		"note": {"Giao giờ hành chính"}}
}

// TestCheckoutPages drives the shopper's browser through the checkout
// forms: the form, its errors, the review split per cooperative, the
// confirmation with VietQR codes, a double submit, and tracking.
func TestCheckoutPages(t *testing.T) {
	eachDatabase(t, func(t *testing.T, w *world) {
		d := w.DB
		w.Exec(`UPDATE cooperatives SET bank_bin = '970436', bank_account_no = '1017595600', bank_account_name = 'HTX BICH THAO'`)
		app, svc := w.app(), w.Orders.Service
		c := newClient(t, app)

		empty := c.Page(paths.Checkout, 200)
		apptest.Contains(t, "empty cart", empty, "Giỏ hàng của bạn đang trống")

		c.add(w.ids["ca-phe-bot"], 2)
		c.add(w.ids["cha-ca"], 3)
		form := c.Page(paths.Checkout, 200)
		apptest.Contains(t, "form", form, `name="phone"`, `<option value="son-la">Sơn La</option>`, `value="bank_transfer"`, `value="card"`,
			"HTX Cà phê Bích Thao", "HTX Thủy sản Hồ Quỳnh", "700.000 ₫")
		csrf := apptest.CSRF(t, form)

		noToken := checkoutFields(csrf)
		noToken.Del("_csrf")
		if r := c.PostForm(paths.Checkout, noToken); r.Status != 403 {
			t.Fatalf("form without the CSRF token: %d", r.Status)
		}

		bad := checkoutFields(csrf)
		bad.Set("name", "")
		bad.Set("phone", "abc def")
		bad.Set("province", "Gotham")
		r := c.PostForm(paths.Checkout, bad)
		if r.Status != 400 {
			t.Fatalf("bad form: %d", r.Status)
		}
		apptest.Contains(t, "errors in Vietnamese", r.Raw, `id="err-name"`, `id="err-phone"`, `id="err-province"`,
			"Vui lòng điền thông tin này.", "Hãy nhập số điện thoại Việt Nam", `value="abc def"`, `aria-invalid="true"`)
		r = c.PostForm(paths.Checkout+"?lang=en", bad)
		apptest.Contains(t, "errors in English", r.Raw, "Please fill this in.", "Enter a Vietnamese phone number")
		c.Page("/?lang=vi", 200)

		old := checkoutFields(csrf)
		old.Set("province", "Hà Giang") // before the 2025 merger: Tuyên Quang
		r = c.PostForm(paths.Checkout, old)
		if r.Status != 200 {
			t.Fatalf("review: %d %.800s", r.Status, r.Raw)
		}
		apptest.Contains(t, "review", r.Raw, "HTX Cà phê Bích Thao", "HTX Thủy sản Hồ Quỳnh",
			"360.000 ₫", "30.000 ₫", "390.000 ₫", // coffee: items, shipping, total
			"285.000 ₫", "25.000 ₫", "310.000 ₫", // fish
			"700.000 ₫", "Tuyên Quang", "0912345678", "Đặt hàng")
		confirm := hidden(t, r.Raw, `action="/thanh-toan/xac-nhan"`)
		if confirm.Get("idempotency_key") == "" || confirm.Get("expected_total_vnd") != "700000" || confirm.Get("_csrf") != csrf {
			t.Fatalf("confirm form %v", confirm)
		}
		if again := hidden(t, c.PostForm(paths.Checkout, old).Raw, `action="/thanh-toan/xac-nhan"`); again.Get("idempotency_key") == confirm.Get("idempotency_key") {
			t.Fatal("two reviews share one idempotency key")
		}
		edit := c.PostForm(paths.Checkout, hidden(t, r.Raw, `action="/thanh-toan"`))
		apptest.Contains(t, "edit from the review", edit.Raw, `value="Nguyễn Thị Lan"`, `value="12 Lê Lợi"`, `<option value="tuyen-quang" selected>`)

		// A double submit: two clicks on "place order" racing.
		answers := make([]response, 2)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Add(1)
			go func() { defer wg.Done(); answers[i] = c.PostForm("/thanh-toan/xac-nhan", confirm) }()
		}
		wg.Wait()
		loc := answers[0].Header.Get("Location")
		for _, a := range answers {
			if a.Status != 303 || a.Header.Get("Location") != loc {
				t.Fatalf("confirm answered %d → %q, want 303 → %q", a.Status, a.Header.Get("Location"), loc)
			}
		}
		var groups, orders int
		if err := d.Get(&groups, `SELECT COUNT(*) FROM order_groups`); err != nil || groups != 1 {
			t.Fatalf("%d groups after a double submit (%v)", groups, err)
		}
		if err := d.Get(&orders, `SELECT COUNT(*) FROM orders`); err != nil || orders != 2 {
			t.Fatalf("%d orders, want 2 (%v)", orders, err)
		}
		if q := c.quantities(); len(q) != 0 {
			t.Errorf("cart after checkout: %v", q)
		}
		u, err := url.Parse(loc)
		if err != nil || !strings.HasPrefix(u.Path, "/don-hang/OC-") || u.Query().Get("phone") != "0912345678" {
			t.Fatalf("confirmation address %q", loc)
		}
		code := strings.TrimPrefix(u.Path, "/don-hang/")

		done := c.Page(loc, 200)
		apptest.Contains(t, "confirmation", done, "Đặt hàng thành công", code+"-1", code+"-2", "HTX Cà phê Bích Thao", "HTX Thủy sản Hồ Quỳnh",
			"Chờ xác nhận", "Chưa thanh toán", "Vietcombank", "1017595600", "HTX BICH THAO", "390.000 ₫", "310.000 ₫", "700.000 ₫")
		g, err := svc.Lookup(context.Background(), code, order.Access{Phone: "0912345678"})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range g.Orders {
			q := o.Payment.VietQR
			if q == nil {
				t.Fatalf("order %s has no VietQR", o.Code)
			}
			tr, err := vietqrtest.Parse(q.Payload)
			if err != nil || tr.AmountVND != o.TotalVND || tr.Purpose != o.Code || tr.BankBIN != "970436" || tr.AccountNo != "1017595600" {
				t.Fatalf("payload of %s: %+v %v", o.Code, tr, err)
			}
			png, err := qrcode.Encode(q.Payload, qrcode.Medium, 240)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(html.UnescapeString(done), `src="data:image/png;base64,`+base64.StdEncoding.EncodeToString(png)+`"`) {
				t.Errorf("no QR image of the payload of %s in the page", o.Code)
			}
			apptest.Contains(t, "QR of "+o.Code, done, `<strong class="copyable">`+o.Code+`</strong>`, q.Payload)
		}
		if n := strings.Count(done, `src="data:image/png;base64,`); n != 2 {
			t.Errorf("%d QR images, want 2", n)
		}
		imgs := regexp.MustCompile(`src="data:image/png;base64,([^"]+)"`).FindAllStringSubmatch(done, -1)
		for _, m := range imgs {
			png, err := base64.StdEncoding.DecodeString(html.UnescapeString(m[1]))
			if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
				t.Errorf("QR image is not a PNG: %v", err)
			}
		}

		// Tracking by code and phone, as another browser.
		guest := newClient(t, app)
		guest.Page(paths.Track+"/"+code+"?phone=%2B84912345678", 200)
		// One order looked up by its own code costs what it costs, not
		// what the whole checkout does.
		part := guest.Page(paths.Track+"/"+code+"-2?phone=0912.345.678", 200)
		apptest.Contains(t, "one order", part, code+"-2", "310.000 ₫")
		if strings.Contains(part, "700.000 ₫") || strings.Contains(part, code+"-1") {
			t.Errorf("order %s-2 alone shows the checkout's total or its other order: %s", code, part)
		}
		nf := guest.Page(paths.Track+"/"+code+"?phone=0987654321", 404)
		apptest.Contains(t, "wrong phone", nf, "Không tìm thấy đơn hàng", `name="code"`)
		if strings.Contains(nf, "1017595600") || strings.Contains(nf, "Nguyễn Thị Lan") {
			t.Error("a wrong phone shows the order")
		}
		guest.Page(paths.Track+"/"+code, 404)
		guest.Page(paths.Track+"/OC-ZZZZZZ?phone=0912345678", 404)
		r = guest.Do("GET", paths.Track+"?code="+strings.ToLower(code)+"&phone=0912345678", nil)
		if r.Status != 303 || r.Header.Get("Location") != paths.Track+"/"+code+"?phone=0912345678" {
			t.Fatalf("tracking form: %d → %q", r.Status, r.Header.Get("Location"))
		}
		apptest.Contains(t, "tracking form", guest.Page(paths.Track, 200), `action="/don-hang"`, `name="phone"`)
		// A guest finds the form again from any page, the placed one too.
		apptest.Contains(t, "the link to the tracking form", done, `<a href="/don-hang">Tra cứu đơn hàng</a>`)

		// The timeline follows the cooperative's changes.
		ctx := context.Background()
		for _, to := range []string{order.StatusConfirmed, order.StatusPacked, order.StatusShipped} {
			in := order.TransitionInput{Code: code + "-1", CooperativeID: g.Orders[0].Cooperative.ID, To: to, Actor: order.Actor{Name: "coop_staff"}}
			if to == order.StatusShipped {
				in.TrackingNo = "VNP123456789"
			}
			if _, err := svc.Transition(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.Transition(ctx, order.TransitionInput{Code: code + "-2", CooperativeID: g.Orders[1].Cooperative.ID,
			To: order.StatusCancelled, Reason: "Hết hàng", Actor: order.Actor{Name: "coop_staff"}}); err != nil {
			t.Fatal(err)
		}
		tracked := guest.Page(paths.Track+"/"+code+"?phone=0912345678", 200)
		apptest.Contains(t, "timeline", tracked, "Đang giao", "VNP123456789", `class="tl-current tl-done tl-shipped"`, "Đã hủy", "Hết hàng",
			`class="tl-done tl-confirmed"`, `class="tl-todo tl-delivered"`)
		if strings.Contains(tracked, "Đặt hàng thành công") {
			t.Error("tracking says the order was just placed")
		}
		if n := strings.Count(tracked, `src="data:image/png;base64,`); n != 1 {
			t.Errorf("%d QR codes once one order is cancelled, want 1", n)
		}
	})
}

// TestCheckoutPagesStaleReview: a review whose prices changed before the
// shopper confirmed places nothing and shows the new total.
func TestCheckoutPagesStaleReview(t *testing.T) {
	w := sqliteWorld(t)
	app := w.app()
	c := newClient(t, app)
	c.add(w.ids["cha-ca"], 1)
	csrf := apptest.CSRF(t, c.Page(paths.Checkout, 200))
	f := checkoutFields(csrf)
	f.Set("payment_method", "cod")
	confirm := hidden(t, c.PostForm(paths.Checkout, f).Raw, `action="/thanh-toan/xac-nhan"`)
	w.Exec(`UPDATE products SET price_vnd = 99000 WHERE id = ?`, w.ids["cha-ca"])
	r := c.PostForm("/thanh-toan/xac-nhan", confirm)
	if r.Status != 409 {
		t.Fatalf("stale review: %d", r.Status)
	}
	apptest.Contains(t, "stale review", r.Raw, "Giá đã thay đổi", "124.000 ₫", `action="/thanh-toan/xac-nhan"`)
	var n int
	if err := w.DB.Get(&n, `SELECT COUNT(*) FROM orders`); err != nil || n != 0 {
		t.Fatalf("%d orders from a stale review (%v)", n, err)
	}
	fresh := hidden(t, r.Raw, `action="/thanh-toan/xac-nhan"`)
	if r := c.PostForm("/thanh-toan/xac-nhan", fresh); r.Status != 303 {
		t.Fatalf("confirm the new review: %d %.500s", r.Status, r.Raw)
	}
	done := c.Page(paths.MyOrders, 200)
	apptest.Contains(t, "my orders of a guest", done, "Đăng nhập", "/dang-nhap?next=%2Ftai-khoan%2Fdon-hang")
}

// TestMyOrdersPage: a logged-in shopper sees their own checkouts only.
func TestMyOrdersPage(t *testing.T) {
	w := sqliteWorld(t)
	w.Exec(`UPDATE cooperatives SET bank_bin = '970415', bank_account_no = '100872918542', bank_account_name = 'HTX HO QUYNH'`)
	app := w.app()
	place := func(c *client, method string) string {
		t.Helper()
		c.add(w.ids["cha-ca"], 1)
		f := checkoutFields(apptest.CSRF(t, c.Page(paths.Checkout, 200)))
		f.Set("payment_method", method)
		r := c.PostForm(paths.Checkout, f)
		r = c.PostForm("/thanh-toan/xac-nhan", hidden(t, r.Raw, `action="/thanh-toan/xac-nhan"`))
		if r.Status != 303 {
			t.Fatalf("checkout: %d %.500s", r.Status, r.Raw)
		}
		u, _ := url.Parse(r.Header.Get("Location"))
		return strings.TrimPrefix(u.Path, "/don-hang/")
	}
	lan, minh, guest := newClient(t, app), newClient(t, app), newClient(t, app)
	lan.register("lan@example.com")
	minh.register("minh@example.com")
	mine := []string{place(lan, "cod"), place(lan, "bank_transfer")}
	other := place(minh, "cod")
	stranger := place(guest, "cod")

	page := lan.Page(paths.MyOrders, 200)
	apptest.Contains(t, "my orders", page, mine[0], mine[1], "Thanh toán khi nhận hàng (COD)", "Chuyển khoản ngân hàng (VietQR)", "Chờ xác nhận")
	for _, code := range []string{other, stranger} {
		if strings.Contains(page, code) {
			t.Errorf("my orders lists %s, not mine", code)
		}
	}
	if strings.Index(page, mine[1]) > strings.Index(page, mine[0]) {
		t.Error("my orders are not newest first")
	}
	lan.Page(paths.Track+"/"+mine[0], 200)  // the owner needs no phone
	lan.Page(paths.Track+"/"+other, 404)    // nor sees another's order
	minh.Page(paths.Track+"/"+mine[0], 404) // even logged in
	lan.add(w.ids["ca-phe-bot"], 1)
	apptest.Contains(t, "form prefilled", lan.Page(paths.Checkout, 200), `value="lan@example.com"`)
}
