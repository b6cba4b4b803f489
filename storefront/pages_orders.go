package storefront

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
	qrcode "github.com/skip2/go-qrcode"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// when shows a moment as the shopper reads it, in Vietnam's time (UTC+7,
// no summer time): 14:05 26/06/2025.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(db.Vietnam()).Format("15:04 " + web.DateLayout)
}

// qrSize is the side of the VietQR images in pixels.
const qrSize = 320

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
	Detail  string // the tracking number of the shipped step
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
			st.When = when(at[s])
		}
		if s == order.StatusShipped && o.TrackingNo != "" {
			st.Detail = o.TrackingNo
		}
		if o.Status == order.StatusCancelled && !st.Done {
			continue // the steps it never reached
		}
		steps = append(steps, st)
	}
	if o.Status == order.StatusCancelled {
		steps = append(steps, step{Status: order.StatusCancelled, Done: true, Current: true, When: when(at[order.StatusCancelled]),
			Detail: o.CancelReason})
	}
	return steps
}

// orderPage shows a checkout (OC-XXXXXX) or one cooperative's order
// (OC-XXXXXX-1) to its owner or to a guest giving the checkout phone:
// each cooperative's part, its status timeline and how to pay it. Anyone
// else gets the tracking form with a 404, the same as for an unknown code.
func (h *Handler) orderPage(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a, err := h.orderAccess(c)
	if err != nil {
		return err
	}
	code := strings.ToUpper(strings.TrimSpace(c.Params("code")))
	g, err := h.ord.actions.Track(ctx, order.TrackInput{Code: code, Access: a, ClientAddr: c.IP()})
	if errors.Is(err, order.ErrNotFound) {
		return h.renderTrack(c, http.StatusNotFound, code, a.Phone, true)
	}
	if err != nil {
		return orderError(err)
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	d := orderData{Group: g, Placed: c.Query("placed") == "1", Guest: a.UserID == nil || g.UserID == nil || *g.UserID != *a.UserID,
		CardKey: h.ord.StripePublishableKey != "", Created: when(g.CreatedAt), Count: len(g.Orders)}
	if d.CardKey && g.PaymentMethod == payment.MethodCard && g.ClientSecret != "" {
		d.Card = &cardForm{Key: h.ord.StripePublishableKey, Secret: g.ClientSecret, ReturnURL: strings.TrimSuffix(h.acc.BaseURL.String(), "/") + c.OriginalURL()}
		// Only this page may load Stripe's script and frames.
		c.Set(fiber.HeaderContentSecurityPolicy, web.CSP(stripeJS, "https://js.stripe.com https://hooks.stripe.com", "https://api.stripe.com"))
	}
	for i := range g.Orders {
		o := g.Orders[i]
		if o.History == nil {
			// A group's orders come without their history: read each one.
			one, err := h.ord.Service.Lookup(ctx, o.Code, a)
			if err != nil {
				return fmt.Errorf("storefront: order page: %s: %w", o.Code, err)
			}
			if len(one.Orders) == 1 {
				o.History = one.Orders[0].History
			}
		}
		part := orderPart{Order: o, Steps: timeline(&o)}
		if o.Payment.ExpiresAt != nil {
			d.Deadline = when(*o.Payment.ExpiresAt)
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
				part.Transfer.Deadline = when(*o.Payment.ExpiresAt)
			}
		}
		d.Parts = append(d.Parts, part)
	}
	p.Data = d
	if p.Title, err = h.t(p, "order.title", "Code", g.Code); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	return h.render(c, "order", p)
}

// trackData is what the tracking form shows.
type trackData struct {
	Code     string
	Phone    string
	NotFound bool
	LoggedIn bool
}

// trackPage is the form that finds an order by its code and the checkout
// phone; with both in the query it goes to the order.
func (h *Handler) trackPage(c *fiber.Ctx) error {
	code := strings.ToUpper(strings.TrimSpace(c.Query("code")))
	phone := strings.TrimSpace(c.Query("phone"))
	if code != "" {
		q := url.Values{}
		if phone != "" {
			q.Set("phone", phone)
		}
		return c.Redirect(withQuery(OrderPath+"/"+url.PathEscape(code), q), http.StatusSeeOther)
	}
	return h.renderTrack(c, http.StatusOK, "", phone, false)
}

func (h *Handler) renderTrack(c *fiber.Ctx, status int, code, phone string, notFound bool) error {
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	_, loggedIn, err := h.optionalUser(c)
	if err != nil {
		return err
	}
	p.Data = trackData{Code: code, Phone: phone, NotFound: notFound, LoggedIn: loggedIn}
	if p.Title, err = h.t(p, "track.title"); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	c.Status(status)
	return h.render(c, "track", p)
}

// myOrdersData is what "my orders" shows.
type myOrdersData struct {
	LoggedOut bool
	LoginURL  string
	Groups    []myGroup
	Total     int
	Pages     pagination
}

// myGroup is one checkout in the list of the shopper's orders.
type myGroup struct {
	order.Group
	Created string
}

// myOrdersPage lists the logged-in shopper's checkouts, newest first; a
// guest is asked to log in or to track an order by code and phone.
func (h *Handler) myOrdersPage(c *fiber.Ctx) error {
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	if p.Title, err = h.t(p, "orders.title"); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	u, loggedIn, err := h.optionalUser(c)
	if err != nil {
		return err
	}
	if !loggedIn {
		p.Data = myOrdersData{LoggedOut: true, LoginURL: LoginPath + "?" + url.Values{"next": {MyOrdersPath}}.Encode()}
		return h.render(c, "orders", p)
	}
	q := web.NewQuery(c)
	page, _ := q.Page(10)
	if err := q.Err(); err != nil {
		return err
	}
	const size = 10
	gs, total, err := h.ord.Service.UserGroups(c.UserContext(), u.ID, order.Page{Page: page, PerPage: size})
	if err != nil {
		return err
	}
	d := myOrdersData{Total: total, Pages: paginate(MyOrdersPath, currentQuery(c), page, size, total)}
	for _, g := range gs {
		d.Groups = append(d.Groups, myGroup{Group: g, Created: when(g.CreatedAt)})
	}
	p.Data = d
	return h.render(c, "orders", p)
}
