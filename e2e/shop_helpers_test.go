package e2e

import (
	"encoding/json"
	"regexp"
	"testing"
)

// orderCode is the code of one cooperative's order of a checkout: the
// checkout's code and the order's number in it.
var orderCode = regexp.MustCompile(`^OC-[0-9A-Z]+-[0-9]+$`)

// fillCheckout goes from the cart page to the checkout form and fills it
// as a guest in Hà Nội who pays by method: "cod" or "bank_transfer".
func fillCheckout(shop *Tab, name, phone, method string) {
	shop.t.Helper()
	shop.Click(Text("a", "Thanh toán"))
	shop.Fill(CSS("#co-name"), name)
	shop.Fill(CSS("#co-phone"), phone)
	shop.Fill(CSS("#co-line"), "Số 12 ngõ 34 phố Hàng Bạc")
	shop.Fill(CSS("#co-ward"), "Phường Hoàn Kiếm")
	shop.Select(CSS("#co-province"), "ha-noi")
	shop.ClickHere(CSS("label[for=pay-" + method + "]"))
}

// placeOrder sends the filled checkout form, places the order from the
// review page and returns the orders the confirmation page lists: the
// cooperative's name → its order's code.
func placeOrder(t *testing.T, shop *Tab) map[string]string {
	t.Helper()
	shop.Click(Text("button", "Tiếp tục: xem lại đơn hàng"))
	shop.Click(Text("button", "Đặt hàng"))
	shop.WaitText("Đặt hàng thành công!")
	var parts map[string]string
	raw := shop.Eval(`JSON.stringify(Object.fromEntries(Array.from(document.querySelectorAll(".order-part")).map(p =>
		[p.querySelector("h2").innerText.trim(), p.querySelector(".eyebrow").innerText.split("·").pop().trim()])))`)
	if err := json.Unmarshal([]byte(raw), &parts); err != nil {
		t.Fatalf("e2e: the orders of the confirmation page: %v (%s)", err, raw)
	}
	for coop, code := range parts {
		if !orderCode.MatchString(code) {
			t.Fatalf("e2e: the confirmation page shows the order %q of %s, not a code OC-…-N", code, coop)
		}
	}
	return parts
}
