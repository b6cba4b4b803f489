package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/format"
)

// The cooperative of journey 2, the other cooperative its shopper buys
// from in the same checkout, and what is bought from each. No other
// journey orders from either.
const (
	j2CoopSlug      = "htx-thuy-san-ho-quynh"
	j2CoopName      = "HTX Thủy sản Hồ Quỳnh"
	j2CoopProduct   = "Chả cá lăng Hồ Quỳnh"
	j2OtherSlug     = "htx-na-sach-dong-banh"
	j2OtherName     = "HTX Na sạch Đồng Bành"
	j2OtherProduct  = "Hoa hồi khô Lạng Sơn"
	j2ShopperPhone  = "0987 654 321"
	j2TrackingStart = "GHN"
)

// j2CoopListing is the product whose photo, stock and batch the cooperative
// edits at a width: one per width, so the runs on one stack stay apart.
func j2CoopListing(w Width) string {
	if w.Mobile {
		return "Ruốc cá lăng"
	}
	return "Cá lăng sấy khô"
}

// TestJourneyCooperative is journey 2: a guest buys from two cooperatives
// at once; one of them logs in, sees its own new order and not the
// other's, takes it from confirmed to delivered and finds the earning on
// its payouts page; then it adds a photo to a product, updates its stock
// from a CSV file (a dry run first, which changes nothing), and records a
// batch whose QR code, read off the screen, opens its public trace page.
func TestJourneyCooperative(t *testing.T) {
	forEachStack(t, func(t *testing.T, s *Stack) {
		forEachWidth(t, func(t *testing.T, w Width) {
			t0 := time.Now()
			own, other := guestBuysFromTwo(t, s, w)
			coop := newTab(t, s, w, "j2-coop")
			coopLogsIn(t, coop)
			fulfils(t, coop, own, other)
			id := addsPhoto(t, coop)
			importsStock(t, coop, id)
			tracesBatch(t, coop, id)
			t.Logf("journey 2 on %s at %s: %s", s.Name, w.Name, time.Since(t0).Round(time.Millisecond))
		})
	})
}

// guestBuysFromTwo fills a guest's cart from the cooperative's page and
// the other's, checks out with cash on delivery and returns the codes of
// the two orders the checkout made: the cooperative's and the other's.
func guestBuysFromTwo(t *testing.T, s *Stack, w Width) (own, other string) {
	t.Helper()
	shop := newTab(t, s, w, "j2-shopper")
	for _, buy := range []struct{ coop, coopName, product string }{
		{j2CoopSlug, j2CoopName, j2CoopProduct}, {j2OtherSlug, j2OtherName, j2OtherProduct},
	} {
		shop.Go("/hop-tac-xa/" + buy.coop)
		shop.WaitText(buy.coopName)
		shop.Click(Text(".card-link", buy.product))
		shop.WaitText(buy.product, buy.coopName)
		shop.Click(CSS(".add-to-cart button"))
		shop.WaitText("Đã thêm vào giỏ hàng.")
	}
	shop.Go("/gio-hang")
	shop.WaitText(j2CoopName, j2OtherName, j2CoopProduct, j2OtherProduct)
	fillCheckout(shop, "Trần Thị Hạnh "+w.Name, j2ShopperPhone, "cod")
	shop.Shot("checkout")
	parts := placeOrder(t, shop) // cooperative's name → its order's code
	shop.Shot("placed")
	own, other = parts[j2CoopName], parts[j2OtherName]
	if len(parts) != 2 || own == "" || other == "" {
		t.Fatalf("e2e: the checkout shows the orders %v, want one of %s and one of %s", parts, j2CoopName, j2OtherName)
	}
	return own, other
}

// coopLogsIn logs the cooperative's demo account in from the login page,
// which sends it on to its panel.
func coopLogsIn(t *testing.T, coop *Tab) {
	t.Helper()
	coop.Go("/dang-nhap?next=/quan-ly")
	coop.Fill(CSS("#login-email"), j2CoopSlug+"@ocop.local")
	coop.Fill(CSS("#login-password"), DemoPassword)
	coop.Click(Text("button", "Đăng nhập"))
	if p := coop.Path(); p != "/quan-ly" {
		t.Fatalf("e2e: the login led to %s, want the panel /quan-ly", p)
	}
	coop.WaitText(j2CoopName)
	if lang := coop.Eval("document.documentElement.lang"); lang != "vi" {
		t.Fatalf("e2e: the panel speaks %q to a Vietnamese browser, want vi", lang)
	}
	coop.FitsWidth()
	coop.Shot("dashboard")
}

// fulfils takes the cooperative's order through its life in the panel,
// after checking that the other cooperative's order of the same checkout
// is nowhere to see, and finds its earning on the payouts page.
func fulfils(t *testing.T, coop *Tab, own, other string) {
	t.Helper()
	s := coop.Stack
	coop.Click(Text(".panel-nav a", "Đơn hàng"))
	coop.Click(Text(".tabs a", "Chờ xác nhận"))
	coop.WaitText(own)
	coop.NoText(other)
	coop.FitsWidth()
	coop.Shot("orders")
	coop.Go("/quan-ly/don-hang")
	coop.WaitText(own)
	coop.NoText(other)
	if st := coop.Go("/quan-ly/don-hang/" + other); st != 404 {
		t.Fatalf("e2e: the other cooperative's order %s answers %d to this cooperative, want 404", other, st)
	}
	coop.NoText(j2OtherProduct)

	coop.Go("/quan-ly/don-hang?status=pending")
	coop.Click(Shown("a", own))
	coop.WaitText(j2CoopProduct, "Trần Thị Hạnh")
	coop.FitsWidth()
	coop.Shot("order")
	coop.Click(Text("button", "Xác nhận đơn"))
	coop.WaitText("Đã xác nhận đơn. Hãy đóng gói hàng.")
	coop.Click(Text("button", "Đã đóng gói"))
	coop.WaitText("Đã đóng gói. Giao cho đơn vị vận chuyển rồi nhập mã vận đơn.")
	coop.FitsWidth()
	coop.Shot("packed")
	coop.Click(Text("a", "In phiếu giao hàng"))
	coop.WaitText(j2CoopName, "Trần Thị Hạnh", j2CoopProduct, "Thu hộ (COD)")
	if got := decodeQR(t, coop.ElementPNG(CSS(".slip-code img"))); got != own {
		t.Fatalf("e2e: the packing slip's QR code holds %q, want the order code %s", got, own)
	}
	coop.FitsWidth()
	coop.Shot("slip")
	coop.Click(Text("a", "Về đơn hàng"))
	tracking := j2TrackingStart + strings.ToUpper(randomHex(5))
	coop.Select(CSS("#ship-carrier"), "ghn")
	coop.Fill(CSS("#ship-tracking"), tracking)
	coop.Click(Text("button", "Đã giao cho vận chuyển"))
	coop.WaitText("Đã ghi nhận giao cho vận chuyển.", "GHN (Giao Hàng Nhanh) · "+tracking)
	coop.Shot("shipped")
	coop.Click(Text("button", "Khách đã nhận hàng"))
	coop.WaitText("Đơn đã giao xong. Tiền bán đã vào sổ thu nhập.")
	if got := s.String(t, "SELECT status FROM orders WHERE code = ?", own); got != "delivered" {
		t.Fatalf("e2e: order %s is %q after the panel's last step, want delivered", own, got)
	}
	if got := s.String(t, "SELECT tracking_no FROM orders WHERE code = ?", own); got != tracking {
		t.Fatalf("e2e: order %s has the tracking number %q, want %q", own, got, tracking)
	}
	if got := s.String(t, "SELECT status FROM orders WHERE code = ?", other); got != "pending" {
		t.Fatalf("e2e: the other cooperative's order %s is %q, want it untouched (pending)", other, got)
	}

	total := s.Int(t, "SELECT total_vnd FROM orders WHERE code = ?", own)
	net := s.Int(t, "SELECT SUM(amount_vnd) FROM ledger_entries WHERE order_id = (SELECT id FROM orders WHERE code = ?)", own)
	if net <= 0 || net >= total {
		t.Fatalf("e2e: order %s of %d ₫ left %d ₫ in the ledger, want its total less the commission", own, total, net)
	}
	coop.Click(Text(".panel-nav a", "Doanh thu"))
	coop.WaitText("Thu nhập và thanh toán")
	row := coop.TextOf(Shown(".orders-cards li, .orders-table tbody tr", own))
	for _, want := range []string{format.VND(total), format.VND(net), format.VND(total - net)} {
		if !strings.Contains(row, strings.ReplaceAll(want, "\u00a0", " ")) {
			t.Fatalf("e2e: the payouts page's line of %s is %q, want it to show %s", own, row, want)
		}
	}
	coop.FitsWidth()
	coop.Shot("payouts")
}

// addsPhoto opens the width's product in the panel, uploads a photo
// drawn by the test and checks that it is listed and shows; it returns the
// product's id.
func addsPhoto(t *testing.T, coop *Tab) int64 {
	t.Helper()
	s, name := coop.Stack, j2CoopListing(coop.Width)
	coop.Click(Text(".panel-nav a", "Sản phẩm"))
	coop.Click(Shown("a", name))
	var id int64
	if _, err := fmt.Sscanf(coop.Path(), "/quan-ly/san-pham/%d", &id); err != nil {
		t.Fatalf("e2e: the product's page is %s, not /quan-ly/san-pham/{id}", coop.Path())
	}
	before := s.Int(t, "SELECT COUNT(*) FROM product_images WHERE product_id = ?", id)
	coop.Click(Text("a", "Ảnh ("))
	coop.WaitText("Ảnh sản phẩm")
	coop.Upload(CSS("#photo-file"), writePhoto(t, t.TempDir(), 640, 480))
	coop.Fill(CSS("#photo-alt"), j2PhotoAlt(name))
	coop.Click(Text("button", "Tải ảnh lên"))
	coop.WaitText("Đã thêm ảnh.")
	if n := coop.Count(".media-photo"); int64(n) != before+1 {
		t.Fatalf("e2e: the photos page lists %d photos after the upload, want %d", n, before+1)
	}
	if got := s.Int(t, "SELECT COUNT(*) FROM product_images WHERE product_id = ?", id); got != before+1 {
		t.Fatalf("e2e: product %d has %d photos after the upload, want %d", id, got, before+1)
	}
	coop.ImageLoaded(CSS(".media-photo:last-child img"))
	coop.ScrollTop()
	coop.FitsWidth()
	coop.Shot("photo")
	return id
}

// j2PhotoAlt is the description of the photo the cooperative adds to the
// product name, by which the shop's gallery is searched for it.
func j2PhotoAlt(name string) string { return name + " đóng gói, nhìn từ trên xuống" }

// importsStock changes the product's stock with a CSV file: a dry run
// first, which shows the change and makes none, then the same file
// applied, after which the panel and the shop show the new stock.
func importsStock(t *testing.T, coop *Tab, id int64) {
	t.Helper()
	s := coop.Stack
	old := s.Int(t, "SELECT stock FROM products WHERE id = ?", id)
	stock := old + 40 + int64(len(coop.Width.Name)) // a new value at each width
	csv := writeFile(t, t.TempDir(), "ton-kho.csv", fmt.Sprintf("id,price_vnd,stock\n%d,,%d\n", id, stock))
	change := fmt.Sprintf("%d → %d", old, stock)

	coop.Click(Text(".panel-nav a", "Sản phẩm"))
	coop.Click(Text("a", "Giá và tồn kho từ tệp"))
	coop.Upload(CSS("#check-file"), csv)
	coop.Click(Text("button", "Kiểm tra tệp"))
	coop.WaitText("Áp dụng tệp này", change)
	if got := coop.TextOf(CSS(".import-preview tbody tr")); !strings.Contains(got, fmt.Sprint(id)) || !strings.Contains(got, change) {
		t.Fatalf("e2e: the dry run's preview shows %q, want product %d's stock %s", got, id, change)
	}
	if got := s.Int(t, "SELECT stock FROM products WHERE id = ?", id); got != old {
		t.Fatalf("e2e: the dry run changed product %d's stock from %d to %d", id, old, got)
	}
	coop.FitsWidth()
	coop.Shot("import-preview")

	coop.Upload(CSS("#apply-file"), csv)
	coop.Click(Text("button", "Áp dụng thay đổi"))
	coop.WaitText("Đã cập nhật giá và tồn kho theo tệp.")
	if p := coop.Path(); p != "/quan-ly/san-pham" {
		t.Fatalf("e2e: the import led to %s, want the product list", p)
	}
	if row := coop.TextOf(Shown(".listing-cards li, .listing-table tbody tr", j2CoopListing(coop.Width))); !strings.Contains(row, fmt.Sprint(stock)) {
		t.Fatalf("e2e: the product list shows %q for product %d, want its new stock %d", row, id, stock)
	}
	coop.Shot("import-applied")
	if got := s.Int(t, "SELECT stock FROM products WHERE id = ?", id); got != stock {
		t.Fatalf("e2e: product %d's stock is %d after the import, want %d", id, got, stock)
	}
	coop.Go(fmt.Sprintf("/quan-ly/san-pham/%d", id))
	if got := coop.Eval(`document.querySelector("#p-stock").value`); got != fmt.Sprint(stock) {
		t.Fatalf("e2e: product %d's form shows the stock %q, want %d", id, got, stock)
	}
	coop.Click(Text("a", "Xem trên chợ"))
	coop.WaitText(j2CoopListing(coop.Width), fmt.Sprintf("Còn hàng (%d)", stock))
	coop.ImageLoaded(CSS(fmt.Sprintf(".gallery-slide img[alt=%q]", j2PhotoAlt(j2CoopListing(coop.Width)))))
	coop.ScrollTop()
	coop.FitsWidth()
	coop.Shot("in-shop")
}

// tracesBatch records a batch of the product, reads the QR code its page
// shows and opens the address it holds: the batch's public trace page.
func tracesBatch(t *testing.T, coop *Tab, id int64) {
	t.Helper()
	name := j2CoopListing(coop.Width)
	today := time.Now().In(format.Vietnam())
	day := func(days int) string { return today.AddDate(0, 0, days).Format(time.DateOnly) }
	batchNo := "J2-" + strings.ToUpper(coop.Width.Name[:1]+randomHex(3))

	coop.Go("/quan-ly")
	coop.Click(Text(".panel-nav a", "Truy xuất"))
	coop.Select(CSS("#batch-product"), fmt.Sprint(id))
	coop.SetValue(CSS("#batch-harvested"), day(-10))
	coop.SetValue(CSS("#batch-packed"), day(-3))
	coop.SetValue(CSS("#batch-expires"), day(180))
	coop.Fill(CSS("#batch-no"), batchNo)
	coop.Fill(CSS("#batch-farm"), "VN-SL-QN-014")
	coop.Type(CSS("#batch-notes"), "Cá nuôi lồng ở bản Phiêng Nèn, chế biến tại xưởng HACCP của hợp tác xã.")
	coop.Click(Text("button", "Tạo lô và mã truy xuất"))
	coop.WaitText("Đã tạo lô hàng và mã truy xuất.", batchNo)
	coop.FitsWidth()
	coop.Shot("batch")

	shown := coop.TextOf(CSS(".batch-url"))
	url := decodeQR(t, coop.ElementPNG(CSS(".batch-qr img")))
	if url != shown || !strings.HasPrefix(url, coop.Stack.URL("/truy-xuat/")) {
		t.Fatalf("e2e: the batch's QR code holds %q; the page shows %q, and both should be this stack's trace page", url, shown)
	}
	coop.Click(Text(".label-links a", "Giấy A4 24 tem"))
	coop.WaitText(name, j2CoopName, batchNo)
	if got := decodeQR(t, coop.ElementPNG(CSS(".label-qr"))); got != url {
		t.Fatalf("e2e: a printed label's QR code holds %q, want the batch's trace page %s", got, url)
	}
	coop.FitsWidth()
	coop.Shot("labels")
	coop.Go(strings.TrimPrefix(url, coop.Stack.BaseURL))
	coop.WaitText(name, j2CoopName, batchNo, "VN-SL-QN-014")
	coop.FitsWidth()
	coop.Shot("trace")
}
