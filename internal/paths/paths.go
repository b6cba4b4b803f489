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

	// The trade-promotion staff's panel and the administration.
	StaffPanel      = "/xuc-tien"
	StaffCoops      = "/xuc-tien/hop-tac-xa"
	StaffOCOP       = "/xuc-tien/ocop"
	StaffFairs      = "/xuc-tien/hoi-cho"
	StaffReports    = "/xuc-tien/bao-cao"
	StaffAudit      = "/xuc-tien/nhat-ky"
	AdminPanel      = "/quan-tri"
	AdminUsers      = "/quan-tri/nguoi-dung"
	AdminUserRoles  = "/quan-tri/nguoi-dung/:id/vai-tro"
	AdminUserLock   = "/quan-tri/nguoi-dung/:id/khoa"
	AdminUserUnlock = "/quan-tri/nguoi-dung/:id/mo-khoa"
	AdminPayouts    = "/quan-tri/thanh-toan"
	AdminPayout     = "/quan-tri/thanh-toan/:id"
	// The public pages staff curate: fairs and province portals.
	Fairs          = "/hoi-cho"
	Fair           = "/hoi-cho/:slug"
	ProvincePortal = "/tinh/:slug"
)

// The cooperative's team and its invitations (apply).
const (
	// CoopTeamRemove takes a member (by user id) off the team.
	CoopTeamRemove = "/quan-ly/thanh-vien/:id/xoa"
	// CoopInviteRevoke withdraws an open invitation (by its id).
	CoopInviteRevoke = "/quan-ly/thanh-vien/loi-moi/:id/thu-hoi"
	// CoopInvite is the page an invitation email links to, with the
	// link's token in the query (so it stays out of access logs), where
	// the invitee accepts it.
	CoopInvite = "/quan-ly/loi-moi"
)

// Traceability (trace): a batch in the cooperative panel, the sheet of its
// labels, and the QR code of its trace address that pages show.
const (
	CoopBatch       = "/quan-ly/truy-xuat/:id"
	CoopBatchDelete = "/quan-ly/truy-xuat/:id/xoa"
	CoopBatchLabels = "/quan-ly/truy-xuat/:id/tem"
	CoopBatchQR     = "/api/v1/coop/batches/:id/qr.png"
)

// listings: a cooperative's products in its panel. The photos and OCOP
// claim pages of a product belong to the media part, linked from its edit
// page.
const (
	CoopProductNew       = "/quan-ly/san-pham/moi"
	CoopProductImport    = "/quan-ly/san-pham/nhap"
	CoopProductExport    = "/quan-ly/san-pham/xuat"
	CoopProduct          = "/quan-ly/san-pham/:id"
	CoopProductPublish   = "/quan-ly/san-pham/:id/dang-ban"
	CoopProductUnpublish = "/quan-ly/san-pham/:id/ngung-ban"
	CoopProductDuplicate = "/quan-ly/san-pham/:id/nhan-ban"
	CoopProductDelete    = "/quan-ly/san-pham/:id/xoa"
	CoopProductRestore   = "/quan-ly/san-pham/:id/khoi-phuc"
	CoopProductImages    = "/quan-ly/san-pham/:id/anh"
	CoopProductOCOP      = "/quan-ly/san-pham/:id/ocop"
)

// fairs: the staff's pages of a fair and its booths, and a fair's banner.
const (
	StaffFairNew         = "/xuc-tien/hoi-cho/moi"
	StaffFair            = "/xuc-tien/hoi-cho/:id"
	StaffFairEdit        = "/xuc-tien/hoi-cho/:id/sua"
	StaffFairBanner      = "/xuc-tien/hoi-cho/:id/anh-bia"
	StaffFairStatus      = "/xuc-tien/hoi-cho/:id/trang-thai"
	StaffFairPreview     = "/xuc-tien/hoi-cho/:id/xem-truoc"
	StaffFairBooths      = "/xuc-tien/hoi-cho/:id/gian-hang"
	StaffFairBooth       = "/xuc-tien/hoi-cho/:id/gian-hang/:booth"
	StaffFairBoothMove   = "/xuc-tien/hoi-cho/:id/gian-hang/:booth/di-chuyen"
	StaffFairBoothRemove = "/xuc-tien/hoi-cho/:id/gian-hang/:booth/xoa"
	StaffFairBoothPoster = "/xuc-tien/hoi-cho/:id/gian-hang/:booth/ap-phich"
	// FairBanner serves a fair's banner as "{digest}.{ext}".
	FairBanner = "/hoi-cho/:slug/anh/:file"
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

// review: the staff's pages of a cooperative's application and of an
// OCOP claim, and the forms of their decisions.
const (
	StaffCoop          = "/xuc-tien/hop-tac-xa/:id"
	StaffCoopDecision  = "/xuc-tien/hop-tac-xa/:id/quyet-dinh"
	StaffClaim         = "/xuc-tien/ocop/:id"
	StaffClaimDecision = "/xuc-tien/ocop/:id/quyet-dinh"
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
	"staff_panel": StaffPanel, "staff_coops": StaffCoops, "staff_ocop": StaffOCOP, "staff_fairs": StaffFairs,
	"staff_reports": StaffReports, "staff_audit": StaffAudit,
	"admin_panel": AdminPanel, "admin_users": AdminUsers, "admin_payouts": AdminPayouts, "admin_payout": AdminPayout,
	"admin_user_roles": AdminUserRoles, "admin_user_lock": AdminUserLock, "admin_user_unlock": AdminUserUnlock,
	"fairs": Fairs, "fair": Fair, "province_portal": ProvincePortal,
	"coop_team_remove": CoopTeamRemove, "coop_invite_revoke": CoopInviteRevoke, "coop_invite": CoopInvite,
	"coop_batch": CoopBatch, "coop_batch_delete": CoopBatchDelete, "coop_batch_labels": CoopBatchLabels, "coop_batch_qr": CoopBatchQR,
	"coop_product_new": CoopProductNew, "coop_product_import": CoopProductImport, "coop_product_export": CoopProductExport,
	"coop_product": CoopProduct, "coop_product_publish": CoopProductPublish, "coop_product_unpublish": CoopProductUnpublish,
	"coop_product_duplicate": CoopProductDuplicate, "coop_product_delete": CoopProductDelete, "coop_product_restore": CoopProductRestore,
	"coop_product_images": CoopProductImages, "coop_product_ocop": CoopProductOCOP,
	"staff_fair_new": StaffFairNew, "staff_fair": StaffFair, "staff_fair_edit": StaffFairEdit, "staff_fair_banner": StaffFairBanner,
	"staff_fair_status": StaffFairStatus, "staff_fair_preview": StaffFairPreview, "staff_fair_booths": StaffFairBooths,
	"staff_fair_booth": StaffFairBooth, "staff_fair_booth_move": StaffFairBoothMove, "staff_fair_booth_remove": StaffFairBoothRemove,
	"staff_fair_booth_poster": StaffFairBoothPoster, "fair_banner": FairBanner,
	// orders
	"coop_order": CoopOrder, "coop_order_transition": CoopOrderTransition, "coop_order_payment": CoopOrderPayment,
	"coop_order_slip": CoopOrderSlip, "coop_payouts_export": CoopPayoutsExport,
	"staff_coop": StaffCoop, "staff_coop_decision": StaffCoopDecision, "staff_claim": StaffClaim, "staff_claim_decision": StaffClaimDecision,
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
