package coop

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Orders shows a cooperative its orders and moves them along: confirm,
// pack, ship, deliver, cancel, and the bank transfer received.
type Orders struct {
	frame  *panel.Frame
	orders *order.Service
}

// NewOrders returns the order pages.
func NewOrders(frame *panel.Frame, orders *order.Service) *Orders {
	return &Orders{frame: frame, orders: orders}
}

// ordersPerPage is how many orders a page of the list shows.
const ordersPerPage = 20

// orderTab is one status tab of the order list.
type orderTab struct {
	Status  string // "" for all
	Count   int
	Current bool
}

// orderLine is an order of the list with its units counted.
type orderLine struct {
	order.Order
	Units int
}

func units(o *order.Order) int {
	n := 0
	for _, it := range o.Items {
		n += it.Quantity
	}
	return n
}

// List answers GET /quan-ly/don-hang: the cooperative's orders, newest
// first, by status tab.
func (h *Orders) List(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	status := q.OneOf("status", "", order.Statuses())
	page := q.PageOf(ordersPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	ctx, coop := c.UserContext(), panel.CoopID(c)
	counts, err := panel.StatusCounts(c, h.orders, coop)
	if err != nil {
		return err
	}
	items, total, err := h.orders.CooperativeOrders(ctx, coop, status, order.Page{Page: page, PerPage: ordersPerPage})
	if err != nil {
		return err
	}
	all := 0
	for _, n := range counts {
		all += n
	}
	tabs := []orderTab{{Status: "", Count: all, Current: status == ""}}
	for _, s := range order.Statuses() {
		tabs = append(tabs, orderTab{Status: s, Count: counts[s], Current: s == status})
	}
	lines := make([]orderLine, len(items))
	for i := range items {
		lines[i] = orderLine{Order: items[i], Units: units(&items[i])}
	}
	return h.frame.Render(c, templates.CoopOrders, "orders", "panel.orders.title", struct {
		Tabs   []orderTab
		Status string
		Orders []orderLine
		Total  int
		Pager  panel.Pager
	}{tabs, status, lines, total, panel.NewPager(c, page, ordersPerPage, total)})
}

// orderForm is what the action forms of an order page were sent with, to
// show again beside what to fix.
type orderForm struct {
	web.Form
	To, Carrier, TrackingNo, Reason string
}

// orderPage is what the order page shows.
type orderPage struct {
	Order       *order.Order
	Units       int
	Next        string // the status the main action moves to, "" for none
	CanCancel   bool
	CanMarkPaid bool
	Carriers    []string
	Reference   string // the content of the bank transfer
	Form        orderForm
}

func (h *Orders) load(c *fiber.Ctx) (*order.Order, error) {
	return h.orders.CooperativeOrder(c.UserContext(), panel.CoopID(c), c.Params("code"))
}

// next is the status an order of status s moves to next, "" at the end.
func next(s string) string {
	for _, to := range []string{order.StatusConfirmed, order.StatusPacked, order.StatusShipped, order.StatusDelivered} {
		if order.CanTransition(s, to) {
			return to
		}
	}
	return ""
}

func (h *Orders) show(c *fiber.Ctx, status int, form orderForm) error {
	o, err := h.load(c)
	if err != nil {
		return err
	}
	p := orderPage{Order: o, Units: units(o), Next: next(o.Status), CanCancel: order.CanTransition(o.Status, order.StatusCancelled),
		CanMarkPaid: o.Payment.Method == payment.MethodBankTransfer && o.Payment.Status == payment.StatusPending && o.Status != order.StatusCancelled,
		Carriers:    order.Carriers(), Form: form}
	if o.Payment.VietQR != nil {
		p.Reference = o.Payment.VietQR.Purpose
	}
	return h.frame.RenderStatus(c, status, templates.CoopOrder, "orders", "panel.orders.order_title", p)
}

// Show answers GET /quan-ly/don-hang/:code: the order, its history and
// the actions its status allows; another cooperative's order is a 404.
func (h *Orders) Show(c *fiber.Ctx) error { return h.show(c, 0, orderForm{}) }

func actor(c *fiber.Ctx) order.Actor {
	u := panel.User(c)
	id := u.ID
	return order.Actor{Name: account.RoleCoopStaff, UserID: &id, Email: u.Email}
}

// problem shows the order page again with what the error says, with its
// status (409 for an impossible change, 400 for bad input); other errors
// (another cooperative's order) become error pages.
func (h *Orders) problem(c *fiber.Ctx, err error, form orderForm) error {
	status, f, ok := web.FormProblem(c, h.frame.Messages(), err)
	if !ok {
		return err
	}
	form.Form = f
	return h.show(c, status, form)
}

// Transition answers POST /quan-ly/don-hang/:code/trang-thai: the form of
// one action (to, and carrier and tracking_no to ship, reason to cancel).
func (h *Orders) Transition(c *fiber.Ctx) error {
	form := orderForm{To: c.FormValue("to"), Carrier: c.FormValue("carrier"), TrackingNo: c.FormValue("tracking_no"),
		Reason: c.FormValue("reason")}
	o, err := h.orders.Transition(c.UserContext(), order.TransitionInput{Code: c.Params("code"), CooperativeID: panel.CoopID(c),
		To: form.To, TrackingNo: form.TrackingNo, Carrier: form.Carrier, Reason: form.Reason, Actor: actor(c)})
	if err != nil {
		return h.problem(c, err, form)
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.CoopOrder, o.Code), "orders_"+o.Status)
}

// PaymentReceived answers POST /quan-ly/don-hang/:code/da-nhan-tien: the
// bank transfer of the order arrived.
func (h *Orders) PaymentReceived(c *fiber.Ctx) error {
	o, err := h.orders.MarkTransferReceived(c.UserContext(), panel.CoopID(c), c.Params("code"), actor(c))
	if err != nil {
		return h.problem(c, err, orderForm{})
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.CoopOrder, o.Code), "orders_paid")
}

// slipQRSize is the side of the order code's QR code on a packing slip,
// in pixels.
const slipQRSize = 240

// Slip answers GET /quan-ly/don-hang/:code/phieu-giao: a printable packing
// slip with the order code as text and QR code, the recipient, the items
// and the cash to collect on delivery.
func (h *Orders) Slip(c *fiber.Ctx) error {
	o, err := h.load(c)
	if err != nil {
		return err
	}
	png, err := qrcode.Encode(o.Code, qrcode.Medium, slipQRSize)
	if err != nil {
		return fmt.Errorf("coop: slip of %s: %w", o.Code, err)
	}
	var collect int64
	if o.Payment.Method == payment.MethodCOD && o.Payment.Status == payment.StatusPending {
		collect = o.TotalVND
	}
	return h.frame.RenderStatus(c, http.StatusOK, templates.CoopOrderSlip, "orders", "panel.orders.slip_title", struct {
		Order      *order.Order
		QR         template.URL
		CollectVND int64
		Units      int
	}{o, template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), //nolint:gosec // base64 of our own PNG
		collect, units(o)})
}
