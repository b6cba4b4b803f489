package pages

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Cart serves the cart page, its forms and the add-to-cart form of the
// product pages.
type Cart struct {
	*Frame
	carts *cart.Service
	// product is the product page, shown again when an add is refused.
	product fiber.Handler
}

// NewCart returns the cart pages; product shows a product page.
func NewCart(f *Frame, carts *cart.Service, product fiber.Handler) *Cart {
	return &Cart{Frame: f, carts: carts, product: product}
}

// cartGroup is one cooperative's part of the cart page.
type cartGroup struct {
	cart.Group
	// FreeLeftVND is how much more would make shipping free (0 when it
	// already is, or when the cooperative has no such threshold).
	FreeLeftVND int64
}

// cartPageData is what the cart page shows.
type cartPageData struct {
	Groups      []cartGroup
	View        *cart.View
	Unavailable bool             // the cart store does not answer
	Notice      string           // a message above the cart, translated
	Errors      map[int64]string // product id → what went wrong with its change
	Blocked     bool             // an item cannot be ordered as it is
	SubtotalVND int64            // the goods of every group
	ShippingVND int64            // the shipping of every group
	CheckoutURL string
}

// showCart renders the cart page with a status, a notice and the errors
// of the line the shopper tried to change.
func (h *Cart) showCart(c *fiber.Ctx, status int, notice string, errs map[int64]string) error {
	d := cartPageData{Notice: notice, Errors: errs, CheckoutURL: paths.Checkout,
		View: &cart.View{Groups: []cart.Group{}, Notes: []cart.Note{}}}
	id, err := h.shop.CartID(c, false)
	if err == nil && id != "" {
		var v *cart.View
		if v, err = h.carts.View(c.UserContext(), id); err == nil {
			d.View = v
		}
	}
	if err != nil {
		fe, ok := fault.As(err)
		if !ok || fe.Kind != fault.Unavailable {
			return err
		}
		// Browsing goes on; the page says the cart is away for a moment.
		d.Unavailable = true
		status = http.StatusServiceUnavailable
		web.SetRetryAfter(c, fe.RetryAfter)
		if d.Notice == "" {
			d.Notice = h.tr(c, "cart.unavailable")
		}
	}
	for _, g := range d.View.Groups {
		cg := cartGroup{Group: g}
		if g.FreeShippingOverVND > 0 && g.ShippingVND > 0 && g.SubtotalVND < g.FreeShippingOverVND {
			cg.FreeLeftVND = g.FreeShippingOverVND - g.SubtotalVND
		}
		for _, l := range g.Items {
			if !l.Available {
				d.Blocked = true
			}
		}
		d.SubtotalVND += g.SubtotalVND
		d.ShippingVND += g.ShippingVND
		d.Groups = append(d.Groups, cg)
	}
	if len(d.View.Notes) > 0 {
		d.Blocked = true
	}
	return h.formPage(c, status, templates.Cart, "cart.title", d)
}

// Show shows the cart.
func (h *Cart) Show(c *fiber.Ctx) error {
	return h.showCart(c, 0, "", nil)
}

// cartProblem says what went wrong with a cart change, translated, with
// the status of the answer; ok is false for errors that are not the
// shopper's (they become error pages).
func (h *Cart) cartProblem(c *fiber.Ctx, err error) (status int, msg string, ok bool) {
	var se *catalog.StockError
	if errors.As(err, &se) {
		// The page's own words: the stock counts what the cart holds.
		if se.Stock == 0 {
			return http.StatusConflict, h.tr(c, "cart.err.sold_out"), true
		}
		return http.StatusConflict, h.tr(c, "cart.err.stock", "Count", se.Stock), true
	}
	if errors.Is(err, cart.ErrNotForSale) {
		return http.StatusNotFound, h.tr(c, web.MessageID("not_for_sale")), true
	}
	if _, ok := fault.As(err); !ok {
		return 0, "", false
	}
	e := web.Explain(h.i18n, h.i18n.Lang(c), err)
	web.SetRetryAfter(c, e.RetryAfter)
	msg = e.Message
	for _, m := range e.Fields {
		msg = m
	}
	return e.Status, msg, true
}

// formQuantity reads a quantity field like the API reads its JSON number:
// a whole number from min to cart.MaxQuantity, nothing else; the error
// says so in the page's language.
func (h *Cart) formQuantity(c *fiber.Ctx, value string, min int64) (int, string) {
	var f fault.Fields
	n := shop.WholeNumber(&f, "quantity", json.RawMessage(value), min, cart.MaxQuantity)
	if msgs, bad := web.FormErrors(h.i18n, h.i18n.Lang(c), f.Err()); bad {
		return 0, msgs["quantity"]
	}
	return int(n), ""
}

// formProduct reads the product_id field.
func formProduct(c *fiber.Ctx) (int64, bool) {
	var f fault.Fields
	n := shop.WholeNumber(&f, "product_id", json.RawMessage(c.FormValue("product_id")), 1, 1<<53)
	return n, len(f) == 0
}

// Update sets the quantity of a line: the − and + buttons send
// "set" with the new quantity, the number field sends "quantity".
func (h *Cart) Update(c *fiber.Ctx) error {
	pid, ok := formProduct(c)
	if !ok {
		return h.showCart(c, http.StatusBadRequest, h.tr(c, "cart.err.product"), nil)
	}
	raw := c.FormValue("set")
	if raw == "" {
		raw = c.FormValue("quantity")
	}
	qty, bad := h.formQuantity(c, raw, 0)
	if bad != "" {
		return h.showCart(c, http.StatusBadRequest, "", map[int64]string{pid: bad})
	}
	id, err := h.shop.CartID(c, true)
	if err == nil {
		err = h.carts.Set(c.UserContext(), id, pid, qty)
	}
	if err != nil {
		status, msg, ok := h.cartProblem(c, err)
		if !ok {
			return err
		}
		return h.showCart(c, status, "", map[int64]string{pid: msg})
	}
	flash := "cart_updated"
	if qty == 0 {
		flash = "removed"
	}
	return h.redirectWith(c, paths.Cart, flash)
}

// Remove takes a product out of the cart.
func (h *Cart) Remove(c *fiber.Ctx) error {
	pid, ok := formProduct(c)
	if !ok {
		return h.showCart(c, http.StatusBadRequest, h.tr(c, "cart.err.product"), nil)
	}
	id, err := h.shop.CartID(c, false)
	if err == nil && id != "" {
		err = h.carts.Remove(c.UserContext(), id, pid)
	}
	if err != nil {
		status, msg, ok := h.cartProblem(c, err)
		if !ok {
			return err
		}
		return h.showCart(c, status, "", map[int64]string{pid: msg})
	}
	return h.redirectWith(c, paths.Cart, "removed")
}

// addForm is the state of the add-to-cart form of a product page.
type addForm struct {
	Quantity string
	Max      int
	Error    string
}

// localAddForm is the fiber local carrying a refused add-to-cart form
// back to the product page.
const localAddForm = "storefront.add_form"

// addFormOf returns the add-to-cart form of the product page: as the
// shopper sent it after a refused add, else a fresh one.
func addFormOf(c *fiber.Ctx, p *catalog.Detail) addForm {
	f, _ := c.Locals(localAddForm).(addForm)
	if f.Quantity == "" {
		f.Quantity = "1"
	}
	f.Max = max(min(p.Stock, cart.MaxQuantity), 1)
	return f
}

// Add adds a product to the cart from its page: back to the
// page (or the form's next page) with a notice, or the product page again
// with what to fix and the status of the refusal.
func (h *Cart) Add(c *fiber.Ctx) error {
	raw := c.FormValue("quantity")
	failed := func(status int, msg string) error {
		c.Locals(localAddForm, addForm{Quantity: raw, Error: msg})
		c.Status(status)
		return h.product(c)
	}
	pid, ok := formProduct(c)
	if !ok {
		return failed(http.StatusBadRequest, h.tr(c, "cart.err.product"))
	}
	qty, bad := h.formQuantity(c, raw, 1)
	if bad != "" {
		return failed(http.StatusBadRequest, bad)
	}
	id, err := h.shop.CartID(c, true)
	if err == nil {
		_, err = h.carts.Add(c.UserContext(), id, pid, qty)
	}
	if err != nil {
		status, msg, ok := h.cartProblem(c, err)
		if !ok {
			return err
		}
		return failed(status, msg)
	}
	back := paths.MustBuild(paths.Product, c.Params("slug"))
	return h.redirectWith(c, safeNext(c.FormValue("next"), back), "added")
}
