package pages

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Checkout serves the checkout form, its review and the confirmation.
type Checkout struct {
	*Frame
	carts     *cart.Service
	addresses *account.AddressBook
	orders    *order.Service
	actions   *order.Actions
}

// NewCheckout returns the checkout pages.
func NewCheckout(f *Frame, carts *cart.Service, addresses *account.AddressBook, orders *order.Service, actions *order.Actions) *Checkout {
	return &Checkout{Frame: f, carts: carts, addresses: addresses, orders: orders, actions: actions}
}

// checkoutForm is the checkout form as the shopper typed it.
type checkoutForm struct {
	Name          string
	Phone         string
	Email         string
	Line          string
	Ward          string
	Province      string
	PaymentMethod string
	Note          string
}

// readCheckoutForm reads the form fields of the checkout and review pages.
func readCheckoutForm(c *fiber.Ctx) checkoutForm {
	return checkoutForm{Name: c.FormValue("name"), Phone: c.FormValue("phone"), Email: c.FormValue("email"),
		Line: c.FormValue("line"), Ward: c.FormValue("ward"), Province: c.FormValue("province"),
		PaymentMethod: c.FormValue("payment_method"), Note: c.FormValue("note")}
}

// input is the form as the order service takes it; the service validates.
func (f checkoutForm) input() order.CheckoutInput {
	return order.CheckoutInput{Name: f.Name, Phone: f.Phone, Email: f.Email, PaymentMethod: f.PaymentMethod, Note: f.Note,
		Address: order.AddressInput{Line: f.Line, Ward: f.Ward, Province: f.Province}}
}

// formField is the form's name of an order service field.
func formField(field string) string {
	switch field {
	case "address.line":
		return "line"
	case "address.ward":
		return "ward"
	case "address.province":
		return "province"
	}
	return field
}

// checkoutData is what the checkout form shows.
type checkoutData struct {
	Form      checkoutForm
	Errors    map[string]string // form field → what to fix, translated
	Notice    string            // a message above the form, translated
	Provinces []catalog.Province
	Methods   []string
	Cart      *cart.View
	Parts     []coopPart
	Blocked   bool // the cart holds something that cannot be bought as is
	CartURL   string
}

// coopPart is one cooperative's part of a cart: one order at checkout.
type coopPart struct {
	cart.Group
	TotalVND int64
}

// parts splits a cart per cooperative with each part's total.
func parts(v *cart.View) []coopPart {
	out := make([]coopPart, 0, len(v.Groups))
	for _, g := range v.Groups {
		out = append(out, coopPart{Group: g, TotalVND: g.SubtotalVND + g.ShippingVND})
	}
	return out
}

// reviewData is what the review step shows before the shopper confirms.
type reviewData struct {
	Form    checkoutForm
	Contact order.Contact
	Cart    *cart.View
	Parts   []coopPart
	// Key is the Idempotency-Key of this review: submitting it twice
	// places the orders once.
	Key     string
	Notice  string
	CartURL string
}

// checkoutCart returns the view of the request's cart, empty without one.
func (h *Checkout) checkoutCart(c *fiber.Ctx) (*cart.View, error) {
	id, err := h.shop.CartID(c, false)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return &cart.View{Groups: []cart.Group{}, Notes: []cart.Note{}}, nil
	}
	v, err := h.carts.View(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// cartBlocked reports whether a cart holds items that a checkout would
// refuse: sold out, short of stock, or no longer sold.
func cartBlocked(v *cart.View) bool {
	if len(v.Notes) > 0 {
		return true
	}
	for _, g := range v.Groups {
		for _, l := range g.Items {
			if !l.Available {
				return true
			}
		}
	}
	return false
}

// Form shows the checkout form, filled in from the shopper's
// profile and default address when logged in.
func (h *Checkout) Form(c *fiber.Ctx) error {
	f := checkoutForm{PaymentMethod: payment.MethodCOD}
	u, loggedIn, err := h.shop.OptionalUser(c)
	if err != nil {
		return err
	}
	if loggedIn {
		f.Name, f.Phone, f.Email = u.Name, u.Phone, u.Email
		as, err := h.addresses.List(c.UserContext(), u.ID)
		if err != nil {
			return fmt.Errorf("storefront: checkout: addresses: %w", err)
		}
		if len(as) > 0 { // the default address comes first
			a := as[0]
			f.Line, f.Ward, f.Province = a.Line, a.Ward, a.Province.Slug
			if a.Name != "" {
				f.Name = a.Name
			}
			if a.Phone != "" {
				f.Phone = a.Phone
			}
		}
	}
	return h.renderCheckout(c, http.StatusOK, f, nil, "")
}

// renderCheckout shows the form with the errors per field and a notice.
func (h *Checkout) renderCheckout(c *fiber.Ctx, status int, f checkoutForm, errs map[string]string, notice string) error {
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	v, err := h.checkoutCart(c)
	if err != nil {
		return err
	}
	provinces, err := h.catalog.Provinces(c.UserContext())
	if err != nil {
		return err
	}
	if f.Province != "" {
		// An old or typed name (from a saved address) selects its province.
		if pr, err := h.catalog.ResolveProvince(c.UserContext(), f.Province); err == nil {
			f.Province = pr.Slug
		}
	}
	d := checkoutData{Form: f, Errors: errs, Notice: notice, Provinces: provinces,
		Methods: h.orders.Methods(), Cart: v, Parts: parts(v), Blocked: cartBlocked(v), CartURL: paths.Cart}
	if d.Notice == "" && d.Blocked {
		if d.Notice, err = h.t(p, "checkout.blocked"); err != nil {
			return err
		}
	}
	p.Data = d
	if p.Title, err = h.t(p, "checkout.title"); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	c.Status(status)
	return h.render(c, templates.Checkout, p)
}

// Review checks the form and shows the split per cooperative with
// the totals; errors send the shopper back to the form.
func (h *Checkout) Review(c *fiber.Ctx) error {
	f := readCheckoutForm(c)
	if c.FormValue("edit") != "" { // "change" on the review step
		return h.renderCheckout(c, http.StatusOK, f, nil, "")
	}
	return h.review(c, f, "")
}

// review validates f against the cart and renders the review step, or the
// form with what to fix.
func (h *Checkout) review(c *fiber.Ctx, f checkoutForm, notice string) error {
	v, err := h.checkoutCart(c)
	if err != nil {
		return err
	}
	if len(v.Groups) == 0 || cartBlocked(v) {
		return h.renderCheckout(c, http.StatusConflict, f, nil, notice)
	}
	in := f.input()
	for _, g := range v.Groups {
		for _, l := range g.Items {
			in.Lines = append(in.Lines, order.Line{ProductID: l.ProductID, Quantity: l.Quantity})
		}
	}
	contact, err := h.orders.Validate(c.UserContext(), in)
	if err != nil {
		return h.checkoutFailed(c, f, err)
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	key, err := newIdempotencyKey()
	if err != nil {
		return err
	}
	p.Data = reviewData{Form: f, Contact: contact, Cart: v, Parts: parts(v), Key: key, Notice: notice, CartURL: paths.Cart}
	if p.Title, err = h.t(p, "review.title"); err != nil {
		return err
	}
	c.Set("X-Robots-Tag", "noindex")
	return h.render(c, templates.Review, p)
}

// newIdempotencyKey returns a fresh key for one review of a checkout.
func newIdempotencyKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("storefront: idempotency key: %w", err)
	}
	return "web-" + hex.EncodeToString(b), nil
}

// Confirm places the orders of a reviewed checkout and sends the
// shopper to the confirmation. The review's key makes a double submit (or
// a reload) answer with the same orders.
func (h *Checkout) Confirm(c *fiber.Ctx) error {
	f := readCheckoutForm(c)
	in := f.input()
	key := strings.TrimSpace(c.FormValue("idempotency_key"))
	total, err := strconv.ParseInt(c.FormValue("expected_total_vnd"), 10, 64)
	if key == "" || !order.ValidIdempotencyKey(key) || err != nil || total <= 0 {
		// Not a form of the review page: review again.
		return h.review(c, f, "")
	}
	in.IdempotencyKey, in.ExpectedTotalVND = key, total
	if err := h.shop.Buyer(c, &in); err != nil {
		return err
	}
	g, _, err := h.actions.Checkout(c.UserContext(), in)
	if err != nil {
		return h.checkoutFailed(c, f, err)
	}
	q := url.Values{"placed": {"1"}}
	if g.UserID == nil {
		q.Set("phone", g.Contact.Phone) // a guest proves the order is theirs with it
	}
	return c.Redirect(paths.MustBuild(paths.Order, g.Code)+"?"+q.Encode(), http.StatusSeeOther)
}

// checkoutFailed shows what to fix after a refused checkout: the form
// with the message of each field's code, or the review again with the
// cart as it now is. Errors that are not the shopper's become error pages.
func (h *Checkout) checkoutFailed(c *fiber.Ctx, f checkoutForm, err error) error {
	switch {
	case errors.Is(err, order.ErrEmptyCart):
		return h.renderCheckout(c, http.StatusConflict, f, nil, "")
	case errors.Is(err, order.ErrNotForSale):
		return h.renderCheckout(c, http.StatusConflict, f, nil, h.tr(c, "checkout.blocked"))
	case errors.Is(err, order.ErrIdempotencyReused):
		// The page's key is its own: the order on the review changed.
		c.Status(http.StatusConflict)
		return h.review(c, f, h.tr(c, "checkout.err.changed"))
	}
	fe, ok := fault.As(err)
	if !ok || fe.Kind == fault.NotFound || fe.Kind == fault.Upstream || fe.Kind == fault.Unavailable {
		return err
	}
	e := web.Explain(h.i18n, h.i18n.Lang(c), err)
	if errors.Is(err, order.ErrPriceChanged) {
		c.Status(e.Status)
		return h.review(c, f, e.Message)
	}
	notice := e.Message
	errs := map[string]string{}
	for _, fl := range fe.Fields {
		name := formField(fl.Field)
		switch {
		case name == "items":
			notice = h.tr(c, "checkout.blocked")
		case name == "payment_method" && (fl.Code == "required" || fl.Code == "not_one_of"):
			// The page offers its methods as choices, not their API names.
			errs[name] = h.tr(c, "checkout.err.payment_method")
		default:
			errs[name] = e.Fields[fl.Field]
		}
	}
	if len(errs) > 0 {
		notice = h.tr(c, "form.err.fix")
	}
	return h.renderCheckout(c, e.Status, f, errs, notice)
}
