package e2e

import (
	"fmt"
	mathrand "math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/format"
)

// Journey 3's cooperatives are of Sơn La, whose trade-promotion staff
// (j3Staff, a demo account) review them; their product claims j3Stars.
const (
	j3Staff    = "xuctien-son-la@ocop.local"
	j3Province = "son-la"
	j3Stars    = 4
)

// j3Coop is what a run of journey 3 creates: the cooperative someone
// applies for, its product, and the fair that gives it a booth. Each width
// has its own, since the runs on one stack share its database; the tax
// code, email and phone carry a random part, as they must be unique.
type j3Coop struct {
	Name, Applicant, Email, Phone, TaxCode string
	Product, Fair                          string
}

// j3CoopOf is the cooperative of the run at width w.
func j3CoopOf(w Width) j3Coop {
	digits := fmt.Sprint(1_000_000 + mathrand.IntN(9_000_000)) // 7 digits
	c := j3Coop{Email: "hoso-" + w.Name + "-" + digits + "@htx.example", Phone: "0973 " + digits[:3] + " " + digits[3:6],
		TaxCode: "580" + digits}
	if w.Mobile {
		c.Name, c.Applicant, c.Product = "HTX Mận hậu Chiềng Hặc", "Lò Thị Mai", "Mận hậu sấy dẻo Chiềng Hặc"
		c.Fair = "Phiên chợ OCOP Sơn La mùa mận"
	} else {
		c.Name, c.Applicant, c.Product = "HTX Chè Shan tuyết Tà Xùa", "Giàng A Páo", "Chè Shan tuyết cổ thụ Tà Xùa"
		c.Fair = "Hội chợ chè Shan tuyết Tây Bắc"
	}
	return c
}

// TestJourneyFair is journey 3: a person makes an account and applies for
// a new cooperative of Sơn La; the province's staff approve it; the new
// cooperative lists a product and sends its OCOP certificate, which the
// staff verify; the staff set up a fair with the cooperative's booth and
// publish it; a shopper finds the fair on the home page, sees the verified
// stars, buys at the booth as a guest with cash on delivery, and the order
// is credited to the fair, in the database and in the staff's report.
func TestJourneyFair(t *testing.T) {
	forEachStack(t, func(t *testing.T, s *Stack) {
		forEachWidth(t, func(t *testing.T, w Width) {
			t0 := time.Now()
			c := j3CoopOf(w)
			coop := newTab(t, s, w, "j3-coop")
			applies(t, coop, c)
			staff := newTab(t, s, w, "j3-staff")
			staffLogsIn(t, staff)
			approves(t, staff, c)
			product := listsWithClaim(t, coop, c)
			verifiesClaim(t, staff, c, product)
			fair := curatesFair(t, staff, c, product)
			code := buysAtFair(t, s, w, c)
			if got := s.Int(t, "SELECT COALESCE(showcase_id, 0) FROM orders WHERE code = ?", code); got != fair {
				t.Fatalf("e2e: order %s is credited to the fair %d, want %d (the fair it was bought at)", code, got, fair)
			}
			reportsFair(t, staff, c, fair, code)
			t.Logf("journey 3 on %s at %s: %s", s.Name, w.Name, time.Since(t0).Round(time.Millisecond))
		})
	})
}

// applies makes the applicant's account from the link the shop's footer
// offers cooperatives, then sends the application: a pending cooperative
// of Sơn La whose first member the applicant is.
func applies(t *testing.T, coop *Tab, c j3Coop) {
	t.Helper()
	s := coop.Stack
	coop.Go("/")
	coop.Click(Text(".site-footer a", "Bán hàng trên OCOP Market"))
	coop.WaitText("Đăng nhập")
	coop.Click(Text(".auth-switch a", "Đăng ký"))
	coop.Fill(CSS("#reg-name"), c.Applicant)
	coop.Fill(CSS("#reg-email"), c.Email)
	coop.Fill(CSS("#reg-phone"), c.Phone)
	coop.Fill(CSS("#reg-password"), DemoPassword)
	coop.Click(Text("button", "Tạo tài khoản"))
	if p := coop.Path(); p != "/dang-ky-hop-tac-xa" {
		t.Fatalf("e2e: the new account landed on %s, want the application form it came for", p)
	}
	coop.WaitText("Đăng ký bán hàng cho hợp tác xã")
	if got := coop.Eval(`document.querySelector("#co-email").value`); got != c.Email {
		t.Fatalf("e2e: the application form offers the email %q, want the account's %q", got, c.Email)
	}
	coop.Fill(CSS("#co-name"), c.Name)
	coop.Fill(CSS("#co-tax"), c.TaxCode)
	coop.Select(CSS("#co-province"), j3Province)
	coop.Fill(CSS("#co-ward"), "Xã Chiềng Hặc")
	coop.Fill(CSS("#co-address"), "Bản Nà Đít")
	coop.Select(CSS("#co-bank"), "970405") // Agribank
	coop.Fill(CSS("#co-account-no"), "7900205"+c.TaxCode[4:10])
	coop.Fill(CSS("#co-account-name"), strings.ToUpper(c.Applicant))
	coop.Type(CSS("#co-description"), "Hợp tác xã của 32 hộ trồng và chế biến nông sản vùng cao Sơn La, sản phẩm đạt OCOP 4 sao.")
	coop.FitsWidth()
	coop.Shot("apply")
	coop.Click(Text("button", "Gửi đăng ký"))
	coop.WaitText("Đã gửi đăng ký. Hồ sơ đang chờ cán bộ xúc tiến thương mại duyệt.")
	if p := coop.Path(); p != "/quan-ly/ho-so" {
		t.Fatalf("e2e: the application led to %s, want the cooperative's profile", p)
	}
	if got := s.String(t, "SELECT status FROM cooperatives WHERE tax_code = ?", c.TaxCode); got != "pending" {
		t.Fatalf("e2e: the cooperative %s is %q after the application, want pending", c.Name, got)
	}
}

// staffLogsIn logs Sơn La's staff in from the login page, which sends
// them on to their panel.
func staffLogsIn(t *testing.T, staff *Tab) {
	t.Helper()
	staff.Go("/dang-nhap?next=/xuc-tien")
	staff.Fill(CSS("#login-email"), j3Staff)
	staff.Fill(CSS("#login-password"), DemoPassword)
	staff.Click(Text("button", "Đăng nhập"))
	if p := staff.Path(); p != "/xuc-tien" {
		t.Fatalf("e2e: the staff's login led to %s, want their panel /xuc-tien", p)
	}
	staff.WaitText("Sơn La")
}

// approves finds the application among those waiting and approves it.
func approves(t *testing.T, staff *Tab, c j3Coop) {
	t.Helper()
	staff.Click(Text(".panel-nav a", "Hợp tác xã"))
	staff.Click(Text("a.row-title", c.Name))
	staff.WaitText(c.TaxCode, c.Applicant)
	staff.Click(Text("button", "Duyệt hồ sơ"))
	staff.WaitText("Đã duyệt hợp tác xã: sản phẩm của họ có thể mở bán.")
	if got := staff.Stack.String(t, "SELECT status FROM cooperatives WHERE tax_code = ?", c.TaxCode); got != "active" {
		t.Fatalf("e2e: the cooperative %s is %q after its approval, want active", c.Name, got)
	}
}

// listsWithClaim has the approved cooperative put a product on sale and
// send its OCOP certificate with a scan; it returns the product's id.
func listsWithClaim(t *testing.T, coop *Tab, c j3Coop) int64 {
	t.Helper()
	s := coop.Stack
	coop.Click(Text(".panel-nav a", "Sản phẩm"))
	coop.Click(Text("a", "Thêm sản phẩm"))
	coop.Fill(CSS("#p-name"), c.Product)
	coop.Select(CSS("#p-category"), "nong-san-so-che")
	coop.Fill(CSS("#p-price"), "85000")
	coop.Fill(CSS("#p-unit"), "hộp 500 g")
	coop.Fill(CSS("#p-stock"), "60")
	coop.Select(CSS("#p-province"), j3Province)
	coop.Fill(CSS("#p-ward"), "Xã Chiềng Hặc")
	coop.Type(CSS("#p-description"), "Sấy dẻo từ quả chín hái tại vườn, không đường hóa học, đóng hộp tại xưởng của hợp tác xã.")
	coop.ClickHere(CSS(`input[name="published"]`))
	coop.Click(Text("button", "Lưu"))
	coop.WaitText("Đã lưu sản phẩm.")
	var id int64
	if _, err := fmt.Sscanf(coop.Path(), "/quan-ly/san-pham/%d", &id); err != nil {
		t.Fatalf("e2e: the new product's page is %s, not /quan-ly/san-pham/{id}", coop.Path())
	}
	if got := s.Int(t, "SELECT COUNT(*) FROM products WHERE id = ? AND published = TRUE", id); got != 1 {
		t.Fatalf("e2e: product %d is not on sale after its creation with «Mở bán ngay»", id)
	}

	coop.Click(Text("a", "Chứng nhận OCOP"))
	coop.Select(CSS("#ocop-stars"), fmt.Sprint(j3Stars))
	coop.SetValue(CSS("#ocop-date"), time.Now().In(format.Vietnam()).AddDate(0, -2, 0).Format(time.DateOnly))
	coop.Fill(CSS("#ocop-decision"), j3Decision(c))
	if got := coop.Eval(`document.querySelector("#ocop-by").value`); got != "UBND tỉnh Sơn La" {
		t.Fatalf("e2e: the claim form offers the issuing body %q, want Sơn La's People's Committee", got)
	}
	coop.Upload(CSS("#ocop-scan"), writePhoto(t, t.TempDir(), 800, 1100))
	coop.Click(Text("button", "Gửi để xác minh"))
	coop.WaitText("Đã gửi chứng nhận OCOP, đang chờ cán bộ xúc tiến thương mại xác minh.", j3Decision(c))
	if got := s.String(t, "SELECT status FROM ocop_certificates WHERE product_id = ?", id); got != "pending" {
		t.Fatalf("e2e: product %d's OCOP claim is %q, want pending", id, got)
	}
	return id
}

// j3Decision is the number of the OCOP decision the cooperative claims.
func j3Decision(c j3Coop) string { return c.TaxCode[6:10] + "/QĐ-UBND" }

// verifiesClaim opens the claim among those waiting, checks it against
// its scan and verifies it.
func verifiesClaim(t *testing.T, staff *Tab, c j3Coop, product int64) {
	t.Helper()
	staff.Click(Text(".panel-nav a", "Xác minh OCOP"))
	staff.Click(Text("a.row-title", c.Product))
	staff.WaitText(c.Name, j3Decision(c), "Cơ quan ban hành khớp với hạng sao và tỉnh của hợp tác xã.")
	staff.ImageLoaded(CSS(".scan-image"))
	staff.ScrollTop()
	staff.FitsWidth()
	staff.Shot("claim")
	staff.Click(Text("button", "Xác nhận chứng nhận"))
	staff.WaitText("Đã xác nhận chứng nhận OCOP")
	if got := staff.Stack.String(t, "SELECT status FROM ocop_certificates WHERE product_id = ?", product); got != "verified" {
		t.Fatalf("e2e: product %d's OCOP claim is %q after the staff's decision, want verified", product, got)
	}
}

// curatesFair creates a fair running from today, gives the cooperative a
// booth showing its product and publishes it; it returns the fair's id.
func curatesFair(t *testing.T, staff *Tab, c j3Coop, product int64) int64 {
	t.Helper()
	s := staff.Stack
	today := time.Now().In(format.Vietnam())
	staff.Click(Text(".panel-nav a", "Hội chợ"))
	staff.Click(Text("a", "Tạo hội chợ"))
	staff.Fill(CSS("#fair-title"), c.Fair)
	staff.SetValue(CSS("#fair-starts"), today.Format(time.DateOnly))
	staff.SetValue(CSS("#fair-ends"), today.AddDate(0, 0, 4).Format(time.DateOnly))
	staff.Fill(CSS("#fair-city"), "Sơn La")
	staff.Fill(CSS("#fair-venue"), "Quảng trường Tây Bắc, phường Tô Hiệu")
	staff.Type(CSS("#fair-description"), "Gian hàng của các hợp tác xã mới được duyệt, sản phẩm OCOP đã xác minh.")
	staff.Click(Text("button", "Lưu"))
	staff.WaitText("Đã tạo hội chợ (bản nháp).")
	var id int64
	if _, err := fmt.Sscanf(staff.Path(), "/xuc-tien/hoi-cho/%d", &id); err != nil {
		t.Fatalf("e2e: the new fair's page is %s, not /xuc-tien/hoi-cho/{id}", staff.Path())
	}

	coopID := s.Int(t, "SELECT id FROM cooperatives WHERE tax_code = ?", c.TaxCode)
	staff.Select(CSS("#booth-coop"), fmt.Sprint(coopID))
	staff.Click(Text("button", "Chọn sản phẩm"))
	staff.WaitText("Sản phẩm của " + c.Name)
	box := CSS(fmt.Sprintf(`input[name="product_id"][value="%d"]`, product))
	staff.ClickHere(box)
	staff.Click(Text("button", "Thêm gian hàng"))
	staff.WaitText("Đã thêm gian hàng.", "1. "+c.Name)
	staff.Click(Text("button", "Đăng hội chợ"))
	staff.WaitText("Hội chợ đã được đăng.")
	staff.FitsWidth()
	staff.Shot("fair-published")
	if got := s.String(t, "SELECT status FROM showcases WHERE id = ?", id); got != "published" {
		t.Fatalf("e2e: fair %d is %q after «Đăng hội chợ», want published", id, got)
	}
	return id
}

// buysAtFair is a new shopper who opens the fair from the home page, sees
// the booth's verified stars, buys its product as a guest with cash on
// delivery and gets the order's code.
func buysAtFair(t *testing.T, s *Stack, w Width, c j3Coop) string {
	t.Helper()
	shop := newTab(t, s, w, "j3-shopper")
	shop.GoUntil("/", c.Fair, 3*time.Second)
	shop.Click(Text(".fair-link", c.Fair))
	if p := shop.Path(); !strings.HasPrefix(p, "/hoi-cho/") {
		t.Fatalf("e2e: the home page's fair link opened %s, want a fair page", p)
	}
	shop.WaitText(c.Fair, c.Name, c.Product)
	if got := shop.TextOf(CSS(".fair-hero .eyebrow")); !strings.EqualFold(got, "Đang diễn ra") {
		t.Fatalf("e2e: the fair's page says %q of a fair that runs today, want «Đang diễn ra»", got)
	}
	if got := shop.TextOf(Within(".booth", c.Name, ".card .ocop-stars")); got != strings.Repeat("★", j3Stars) {
		t.Fatalf("e2e: the booth of %s shows the stars %q on its product, want %d", c.Name, got, j3Stars)
	}
	shop.FitsWidth()
	shop.Shot("fair")
	shop.Click(Within(".booth", c.Name, ".card-link"))
	shop.WaitText(c.Product, fmt.Sprintf("Sản phẩm OCOP %d sao đã xác minh", j3Stars), j3Decision(c))
	shop.Click(CSS(".add-to-cart button"))
	shop.WaitText("Đã thêm vào giỏ hàng.")
	shop.Go("/gio-hang")
	shop.WaitText(c.Name, c.Product)
	shop.Click(Text("a", "Thanh toán"))
	shop.Fill(CSS("#co-name"), "Nguyễn Văn Hùng "+w.Name)
	shop.Fill(CSS("#co-phone"), "0868 123 456")
	shop.Fill(CSS("#co-line"), "Số 8 phố Lò Văn Giá")
	shop.Fill(CSS("#co-ward"), "Phường Chiềng Lề")
	shop.Select(CSS("#co-province"), j3Province)
	shop.ClickHere(CSS("label[for=pay-cod]"))
	parts := placeOrder(t, shop) // cooperative's name → its order's code
	shop.FitsWidth()
	shop.Shot("placed")
	code := parts[c.Name]
	if len(parts) != 1 || code == "" {
		t.Fatalf("e2e: the checkout shows the orders %v, want one of %s", parts, c.Name)
	}
	return code
}

// reportsFair checks that the staff see the order among the fair's
// results and in the sales report by fair.
func reportsFair(t *testing.T, staff *Tab, c j3Coop, fair int64, code string) {
	t.Helper()
	s := staff.Stack
	total := s.Int(t, "SELECT total_vnd FROM orders WHERE code = ?", code)
	lines := s.Int(t, "SELECT SUM(line_total_vnd) FROM order_items WHERE order_id = (SELECT id FROM orders WHERE code = ?)", code)
	vnd := func(n int64) string { return strings.ReplaceAll(format.VND(n), "\u00a0", " ") }

	staff.Go(fmt.Sprintf("/xuc-tien/hoi-cho/%d", fair))
	if got, want := staff.TextOf(CSS(`.stats[aria-label="Kết quả của hội chợ"]`)), "Đơn hàng 1 Doanh thu "+vnd(total); !strings.Contains(got, want) {
		t.Fatalf("e2e: the fair's results read %q, want them to hold %q", got, want)
	}
	staff.Click(Text(".panel-nav a", "Báo cáo"))
	staff.Select(CSS("#report-group"), "showcase")
	staff.Click(Text("button", "Xem báo cáo"))
	staff.WaitText("Doanh số theo Hội chợ")
	row := staff.TextOf(Shown(".report-table tbody tr", c.Fair))
	if want := fmt.Sprintf("%s 1 1 %s", c.Fair, vnd(lines)); row != want {
		t.Fatalf("e2e: the report by fair shows the line %q, want %q (one order, one item)", row, want)
	}
	staff.FitsWidth()
	staff.Shot("report")
}
