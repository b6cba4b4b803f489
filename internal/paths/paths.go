// Package paths is the one place the site's addresses are written: the
// route table registers these patterns, handlers redirect to them,
// notifications link to them and templates build them with the path
// function. It imports nothing of HTTP, so any package may use it.
package paths

import (
	"fmt"
	"net/url"
	"strings"
)

// Name names a page for templates: {{path "product" .Slug}}.
type Name string

// Route patterns of the pages. A segment that starts with ':' is a
// parameter, filled in order by Build.
const (
	Home         = "/"
	Products     = "/san-pham"
	Product      = "/san-pham/:slug"
	Cooperatives = "/hop-tac-xa"
	Cooperative  = "/hop-tac-xa/:slug"
	Image        = "/images/:file"

	Cart       = "/gio-hang"
	CartUpdate = "/gio-hang/cap-nhat"
	CartRemove = "/gio-hang/xoa"

	Checkout        = "/thanh-toan"
	CheckoutConfirm = "/thanh-toan/xac-nhan"
	Track           = "/don-hang"
	Order           = "/don-hang/:code"
	MyOrders        = "/tai-khoan/don-hang"

	Login         = "/dang-nhap"
	Register      = "/dang-ky"
	Logout        = "/dang-xuat"
	Forgot        = "/quen-mat-khau"
	Reset         = "/dat-lai-mat-khau"
	Account       = "/tai-khoan"
	Password      = "/tai-khoan/mat-khau"
	Addresses     = "/tai-khoan/dia-chi"
	NewAddress    = "/tai-khoan/dia-chi/moi"
	Address       = "/tai-khoan/dia-chi/:id"
	AddressDelete = "/tai-khoan/dia-chi/:id/xoa"

	// Trace is the public page of a traceability batch, which its QR
	// label opens.
	Trace = "/truy-xuat/:code"

	// CoopApply is where a logged-in person applies to sell for a cooperative.
	CoopApply = "/dang-ky-hop-tac-xa"
	// The cooperative panel: its dashboard and one section per resource.
	CoopPanel    = "/quan-ly"
	CoopProducts = "/quan-ly/san-pham"
	CoopOrders   = "/quan-ly/don-hang"
	CoopBatches  = "/quan-ly/truy-xuat"
	CoopPayouts  = "/quan-ly/thanh-toan"
	CoopProfile  = "/quan-ly/ho-so"
	CoopTeam     = "/quan-ly/thanh-vien"
	CoopAudit    = "/quan-ly/nhat-ky"
)

// orders: one order of the cooperative panel, its actions and packing
// slip, and the ledger export the payouts page links to.
const (
	CoopOrder           = "/quan-ly/don-hang/:code"
	CoopOrderTransition = "/quan-ly/don-hang/:code/trang-thai"
	CoopOrderPayment    = "/quan-ly/don-hang/:code/da-nhan-tien"
	CoopOrderSlip       = "/quan-ly/don-hang/:code/phieu-giao"
	CoopPayoutsExport   = "/api/v1/coop/payouts/export"
)

// named are the patterns templates may ask for by name.
var named = map[Name]string{
	"home": Home, "products": Products, "product": Product,
	"cooperatives": Cooperatives, "cooperative": Cooperative, "image": Image,
	"cart": Cart, "cart_update": CartUpdate, "cart_remove": CartRemove,
	"checkout": Checkout, "checkout_confirm": CheckoutConfirm,
	"track": Track, "order": Order, "my_orders": MyOrders,
	"login": Login, "register": Register, "logout": Logout, "forgot": Forgot, "reset": Reset,
	"account": Account, "password": Password, "addresses": Addresses, "new_address": NewAddress,
	"address": Address, "address_delete": AddressDelete,
	"trace": Trace, "coop_apply": CoopApply,
	"coop_panel": CoopPanel, "coop_products": CoopProducts, "coop_orders": CoopOrders, "coop_batches": CoopBatches,
	"coop_payouts": CoopPayouts, "coop_profile": CoopProfile, "coop_team": CoopTeam, "coop_audit": CoopAudit,
	// orders
	"coop_order": CoopOrder, "coop_order_transition": CoopOrderTransition, "coop_order_payment": CoopOrderPayment,
	"coop_order_slip": CoopOrderSlip, "coop_payouts_export": CoopPayoutsExport,
}

// Build fills the parameters of pattern in order, escaping each value:
// Build(Product, "ca-phe") is "/san-pham/ca-phe". Too few or too many
// values is an error, so a template that passes the wrong ones fails its
// test rather than linking nowhere.
func Build(pattern string, args ...any) (string, error) {
	segs := strings.Split(pattern, "/")
	n := 0
	for i, s := range segs {
		if !strings.HasPrefix(s, ":") {
			continue
		}
		if n == len(args) {
			return "", fmt.Errorf("paths: %s needs a value for %s", pattern, s)
		}
		segs[i] = url.PathEscape(fmt.Sprint(args[n]))
		n++
	}
	if n != len(args) {
		return "", fmt.Errorf("paths: %s takes %d values, got %d", pattern, n, len(args))
	}
	return strings.Join(segs, "/"), nil
}

// MustBuild is Build for patterns and values the code itself chose, where
// a mismatch is a programming error.
func MustBuild(pattern string, args ...any) string {
	p, err := Build(pattern, args...)
	if err != nil {
		panic(err)
	}
	return p
}

// ByName is Build for the pattern a template names.
func ByName(name Name, args ...any) (string, error) {
	pattern, ok := named[name]
	if !ok {
		return "", fmt.Errorf("paths: no page is named %q", name)
	}
	return Build(pattern, args...)
}
