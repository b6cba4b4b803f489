package pages

import (
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/skip2/go-qrcode"

	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Orders serves the order pages, the tracking form and the shopper's
// list of checkouts.
type Orders struct {
	*Frame
	orders  *order.Service
	actions *order.Actions
	// stripeKey is the publishable key of the card form, empty when cards
	// are off.
	stripeKey string
	// baseURL is the public address Stripe sends the shopper back to.
	baseURL *url.URL
}

// NewOrders returns the order pages.
func NewOrders(f *Frame, orders *order.Service, actions *order.Actions, stripePublishableKey string, baseURL *url.URL) *Orders {
	return &Orders{Frame: f, orders: orders, actions: actions, stripeKey: stripePublishableKey, baseURL: baseURL}
}

// qrSize is the side of the VietQR images in pixels: the size the order
// page shows them at (.qr, 240 CSS pixels), so that every module of the
// code is whole pixels on the screen. A bigger image shrunk to fit drops
// rows and columns of pixels unevenly, and a camera then misreads modules.
const qrSize = 240

// VietQRImage encodes a VietQR payload as a PNG QR code (error correction
// M, as banking apps expect) and returns it as a data: URL for an <img>.
// The payload is built by payment/vietqr from the cooperative's account
// and the order: the URL holds only base64, never text from a shopper.
func VietQRImage(payload string) (template.URL, error) {
	png, err := qrcode.Encode(payload, qrcode.Medium, qrSize)
	if err != nil {
		return "", fmt.Errorf("storefront: vietqr image: %w", err)
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), //nolint:gosec // base64 of our PNG
		nil
}

// step is one stage of an order's status timeline.
type step struct {
	Status  string
	Done    bool
	Current bool
	When    string
	Detail  string // the carrier and tracking number of the shipped step
}

// transferView is how to pay one order by bank transfer.
type transferView struct {
	Image       template.URL
	Bank        string
	BIN         string
	AccountNo   string
	AccountName string
	AmountVND   int64
	Purpose     string
	Payload     string
	Deadline    string
}

// orderPart is one cooperative's order as the order page shows it.
type orderPart struct {
	order.Order
	Steps    []step
	Transfer *transferView // bank transfer still to pay
	Placed   string
}

// stripeJS is the address of Stripe.js, which card forms must load from
// Stripe itself.
const stripeJS = "https://js.stripe.com/v3/"

// cardForm is what the browser needs to take the card payment of a group:
// the publishable key, the PaymentIntent's client secret and where Stripe
// sends the shopper back.
type cardForm struct {
	Key       string
	Secret    string
	ReturnURL string
}

// orderData is what the order page shows.
type orderData struct {
	Group    *order.Group
	Parts    []orderPart
	Placed   bool // just checked out: say thank you
	Guest    bool
	CardKey  bool      // Stripe's publishable key is configured
	Card     *cardForm // the card form, while the card payment is due
	Created  string
	Count    int
	Deadline string
	// TotalVND is what the orders shown cost: the checkout's total, or
	// one order's when the shopper looked that order up by its own code
	// (the page then shows none of the checkout's other orders).
	TotalVND int64
}

// timeline is the status steps of o: pending → confirmed → packed →
// shipped → delivered, with when each was reached, or up to the step it
// was cancelled after.
func timeline(o *order.Order) []step {
	at := map[string]time.Time{}
	for _, e := range o.History {
		if e.Kind == "status" {
			at[e.To] = e.At
		}
	}
	if _, ok := at[order.StatusPending]; !ok {
		at[order.StatusPending] = o.CreatedAt
	}
	flow := []string{order.StatusPending, order.StatusConfirmed, order.StatusPacked, order.StatusShipped, order.StatusDelivered}
	reached := -1
	for i, s := range flow {
		if s == o.Status {
			reached = i
		}
	}
	var steps []step
	for i, s := range flow {
		st := step{Status: s, Done: i <= reached, Current: i == reached}
		if o.Status == order.StatusCancelled {
			_, st.Done = at[s]
		}
		if st.Done {
			st.When = format.DateTime(at[s])
		}
		if s == order.StatusShipped && o.TrackingNo != "" {
			st.Detail = o.TrackingNo
			if name := order.CarrierName(o.Carrier); name != "" {
				st.Detail = name + " · " + o.TrackingNo
			}
		}
		if o.Status == order.StatusCancelled && !st.Done {
			continue // the steps it never reached
		}
		steps = append(steps, st)
	}
	if o.Status == order.StatusCancelled {
		steps = append(steps, step{Status: order.StatusCancelled, Done: true, Current: true, When: format.DateTime(at[order.StatusCancelled]),
			Detail: o.CancelReason})
	}
	return steps
}

// Order shows a checkout (OC-XXXXXX) or one cooperative's order
// (OC-XXXXXX-1) to its owner or to a guest giving the checkout phone:
// each cooperative's part, its status timeline and how to pay it. Anyone
// else gets the tracking form with a 404, the same as for an unknown code.
func (h *Orders) Order(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a, err := h.shop.OrderAccess(c)
	if err != nil {
		return err
	}
	code := strings.ToUpper(strings.TrimSpace(c.Params("code")))
	g, err := h.actions.Track(ctx, order.TrackInput{Code: code, Access: a, ClientAddr: web.ClientIP(c)})
	if errors.Is(err, order.ErrNotFound) {
		return h.renderTrack(c, http.StatusNotFound, code, a.Phone, true)
	}
	if err != nil {
		return err
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	d := orderData{Group: g, Placed: c.Query("placed") == "1", Guest: a.UserID == nil || g.UserID == nil || *g.UserID != *a.UserID,
		CardKey: h.stripeKey != "", Created: format.DateTime(g.CreatedAt), Count: len(g.Orders)}
	if d.CardKey && g.PaymentMethod == payment.MethodCard && g.ClientSecret != "" {
		d.Card = &cardForm{Key: h.stripeKey, Secret: g.ClientSecret, ReturnURL: strings.TrimSuffix(h.baseURL.String(), "/") + c.OriginalURL()}
		// Only this page may load Stripe's script and frames.
		c.Set(fiber.HeaderContentSecurityPolicy, web.CSP(stripeJS, "https://js.stripe.com https://hooks.stripe.com", "https://api.stripe.com"))
	}
	for i := range g.Orders {
		o := g.Orders[i]
		part := orderPart{Order: o, Steps: timeline(&o)}
		if o.Payment.ExpiresAt != nil {
			d.Deadline = format.DateTime(*o.Payment.ExpiresAt)
		}
		if q := o.Payment.VietQR; q != nil && o.Payment.Status == payment.StatusPending && o.Status != order.StatusCancelled {
			img, err := VietQRImage(q.Payload)
			if err != nil {
				return err
			}
			bank := vietqr.BankName(q.BankBIN)
			if bank == "" {
				bank = q.BankBIN
			}
			part.Transfer = &transferView{Image: img, Bank: bank, BIN: q.BankBIN, AccountNo: q.AccountNo, AccountName: q.AccountName,
				AmountVND: q.AmountVND, Purpose: q.Purpose, Payload: q.Payload}
			if o.Payment.ExpiresAt != nil {
				part.Transfer.Deadline = format.DateTime(*o.Payment.ExpiresAt)
			}
		}
		d.Parts = append(d.Parts, part)
		d.TotalVND += o.TotalVND
	}
	if order.IsGroupCode(code) {
		d.TotalVND = g.TotalVND
	}
	p.Data = d
	if p.Title, err = h.t(p, "order.title", "Code", g.Code); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	return h.render(c, templates.Order, p)
}

// trackData is what the tracking form shows.
type trackData struct {
	Code     string
	Phone    string
	NotFound bool
}

// Track is the form that finds an order by its code and the checkout
// phone; with both in the query it goes to the order.
func (h *Orders) Track(c *fiber.Ctx) error {
	code := strings.ToUpper(strings.TrimSpace(c.Query("code")))
	phone := strings.TrimSpace(c.Query("phone"))
	if code != "" {
		q := url.Values{}
		if phone != "" {
			q.Set("phone", phone)
		}
		return c.Redirect(withQuery(paths.MustBuild(paths.Order, code), q), http.StatusSeeOther)
	}
	return h.renderTrack(c, http.StatusOK, "", phone, false)
}

func (h *Orders) renderTrack(c *fiber.Ctx, status int, code, phone string, notFound bool) error {
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	p.Data = trackData{Code: code, Phone: phone, NotFound: notFound}
	if p.Title, err = h.t(p, "track.title"); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	c.Status(status)
	return h.render(c, templates.Track, p)
}

// myOrdersData is what "my orders" shows.
type myOrdersData struct {
	LoginURL string
	Groups   []myGroup
	Total    int
	Pages    pagination
}

// myGroup is one checkout in the list of the shopper's orders.
type myGroup struct {
	order.Group
	Created string
}

// MyOrders lists the logged-in shopper's checkouts, newest first; a
// guest is asked to log in or to track an order by code and phone.
func (h *Orders) MyOrders(c *fiber.Ctx) error {
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	if p.Title, err = h.t(p, "orders.title"); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	u, loggedIn, err := h.shop.OptionalUser(c)
	if err != nil {
		return err
	}
	if !loggedIn {
		p.Data = myOrdersData{LoginURL: paths.Login + "?" + url.Values{"next": {paths.MyOrders}}.Encode()}
		return h.render(c, templates.Orders, p)
	}
	const size = 10
	q := web.NewQuery(c)
	page := q.PageOf(size)
	if err := q.Err(); err != nil {
		return err
	}
	gs, total, err := h.orders.UserGroups(c.UserContext(), u.ID, order.Page{Page: page, PerPage: size})
	if err != nil {
		return err
	}
	d := myOrdersData{Total: total, Pages: paginate(paths.MyOrders, currentQuery(c), page, size, total)}
	for _, g := range gs {
		d.Groups = append(d.Groups, myGroup{Group: g, Created: format.DateTime(g.CreatedAt)})
	}
	p.Data = d
	return h.render(c, templates.Orders, p)
}
