// Package stripe takes card payments through Stripe (stripe-go v76): one
// PaymentIntent in VND for the whole checkout group, with the group code as
// transfer_group ("separate charges and transfers"), confirmed by a signed
// webhook; refunds and voids for cancelled orders; transfers to a
// cooperative's connected account where it has one.
package stripe

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// Stripe's limits for one VND charge (VND is zero-decimal).
const (
	MinVND = 13_000
	MaxVND = 99_999_999
)

// Config sets up the Stripe client.
type Config struct {
	SecretKey     string
	WebhookSecret string
	// APIURL replaces https://api.stripe.com, for stripe-mock in tests.
	APIURL string
	// HTTPClient is the client used; a 20-second timeout when nil.
	HTTPClient *http.Client
}

// Method is card payment through Stripe.
type Method struct {
	api           *client.API
	webhookSecret string
}

var (
	_ payment.Method      = (*Method)(nil)
	_ payment.Transferrer = (*Method)(nil)
)

// New returns the Stripe method.
func New(cfg Config) *Method {
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 20 * time.Second}
	}
	bc := &stripego.BackendConfig{HTTPClient: hc, LeveledLogger: &stripego.LeveledLogger{Level: stripego.LevelNull}}
	if cfg.APIURL != "" {
		bc.URL = stripego.String(cfg.APIURL)
	}
	backends := &stripego.Backends{
		API:     stripego.GetBackendWithConfig(stripego.APIBackend, bc),
		Connect: stripego.GetBackendWithConfig(stripego.ConnectBackend, bc),
		Uploads: stripego.GetBackendWithConfig(stripego.UploadsBackend, bc),
	}
	return &Method{api: client.New(cfg.SecretKey, backends), webhookSecret: cfg.WebhookSecret}
}

// Name implements payment.Method.
func (m *Method) Name() string { return payment.MethodCard }

// Check implements payment.Method: Stripe takes one VND charge between
// MinVND and MaxVND.
func (m *Method) Check(g payment.Group) error {
	switch {
	case g.TotalVND > MaxVND:
		return &payment.RejectedError{Code: "amount_too_large", Params: fault.Params{"max": format.VND(MaxVND), "total": format.VND(g.TotalVND)}}
	case g.TotalVND < MinVND:
		return &payment.RejectedError{Code: "amount_too_small", Params: fault.Params{"min": format.VND(MinVND), "total": format.VND(g.TotalVND)}}
	}
	return nil
}

// Instructions implements payment.Method: the card form needs only the
// client secret of Begin.
func (m *Method) Instructions(payment.Order) (*payment.Instructions, error) {
	return &payment.Instructions{}, nil
}

// Begin implements payment.Method: one PaymentIntent for the group, created
// once per group code (Stripe's idempotency key).
func (m *Method) Begin(ctx context.Context, g payment.Group) (*payment.Session, error) {
	p := &stripego.PaymentIntentParams{
		Amount:                  stripego.Int64(g.TotalVND),
		Currency:                stripego.String(string(stripego.CurrencyVND)),
		TransferGroup:           stripego.String(g.Code),
		Description:             stripego.String("OCOP Market " + g.Code),
		AutomaticPaymentMethods: &stripego.PaymentIntentAutomaticPaymentMethodsParams{Enabled: stripego.Bool(true)},
	}
	p.Context = ctx
	p.AddMetadata("group_code", g.Code)
	if g.Email != "" {
		p.ReceiptEmail = stripego.String(g.Email)
	}
	p.SetIdempotencyKey("ocop-intent-" + g.Code)
	pi, err := m.api.PaymentIntents.New(p)
	if err != nil {
		return nil, fmt.Errorf("stripe: payment intent for %s: %w", g.Code, err)
	}
	return &payment.Session{Ref: pi.ID, ClientSecret: pi.ClientSecret}, nil
}

// Cancel implements payment.Method: a paid order is refunded its total; an
// unpaid one lowers the intent to what the other orders still owe, or
// cancels it when nothing is owed.
func (m *Method) Cancel(ctx context.Context, c payment.Cancellation) error {
	if c.Ref == "" {
		return nil // the intent was never created: nothing to void
	}
	switch {
	case c.Paid:
		p := &stripego.RefundParams{PaymentIntent: stripego.String(c.Ref), Amount: stripego.Int64(c.AmountVND)}
		p.Context = ctx
		p.AddMetadata("order_code", c.OrderCode)
		p.SetIdempotencyKey("ocop-refund-" + c.OrderCode)
		if _, err := m.api.Refunds.New(p); err != nil {
			return fmt.Errorf("stripe: refund %s: %w", c.OrderCode, err)
		}
	case c.RemainingVND == 0:
		p := &stripego.PaymentIntentCancelParams{CancellationReason: stripego.String("abandoned")}
		p.Context = ctx
		p.SetIdempotencyKey("ocop-cancel-" + c.GroupCode)
		if _, err := m.api.PaymentIntents.Cancel(c.Ref, p); err != nil && !unexpectedState(err) {
			return fmt.Errorf("stripe: cancel intent of %s: %w", c.GroupCode, err)
		}
	case c.RemainingVND >= MinVND:
		p := &stripego.PaymentIntentParams{Amount: stripego.Int64(c.RemainingVND)}
		p.Context = ctx
		p.SetIdempotencyKey(fmt.Sprintf("ocop-amount-%s-%d", c.GroupCode, c.RemainingVND))
		if _, err := m.api.PaymentIntents.Update(c.Ref, p); err != nil && !unexpectedState(err) {
			return fmt.Errorf("stripe: lower intent of %s: %w", c.GroupCode, err)
		}
	}
	// Below Stripe's minimum the intent keeps its amount; if it is paid,
	// the order package refunds the cancelled part.
	return nil
}

// unexpectedState is Stripe's answer for an intent already paid or
// cancelled: the webhook then settles the difference.
func unexpectedState(err error) bool {
	var se *stripego.Error
	return errors.As(err, &se) && se.Code == stripego.ErrorCodePaymentIntentUnexpectedState
}

// Transfer implements payment.Transferrer: amountVND of the group's charge
// to the cooperative's connected account, once per order.
func (m *Method) Transfer(ctx context.Context, o payment.Order, ref string, amountVND int64) (string, error) {
	p := &stripego.TransferParams{
		Amount:        stripego.Int64(amountVND),
		Currency:      stripego.String(string(stripego.CurrencyVND)),
		Destination:   stripego.String(o.Payee.StripeAccountID),
		TransferGroup: stripego.String(o.GroupCode),
	}
	p.Context = ctx
	p.AddMetadata("order_code", o.Code)
	p.AddMetadata("payment_intent", ref)
	p.SetIdempotencyKey("ocop-transfer-" + o.Code)
	t, err := m.api.Transfers.New(p)
	if err != nil {
		return "", fmt.Errorf("stripe: transfer for %s: %w", o.Code, err)
	}
	return t.ID, nil
}

// ErrBadSignature means a webhook request was not signed by Stripe with
// our secret, or was signed too long ago (a replay).
var ErrBadSignature = errors.New("stripe: webhook signature does not verify")

// Event is the part of a webhook event the order package applies.
type Event struct {
	ID        string
	Type      string
	IntentID  string
	AmountVND int64
	Currency  string
}

// ParseWebhook verifies the Stripe-Signature header of a webhook body
// (HMAC-SHA256 with the endpoint secret, at most 5 minutes old) and reads
// the event. Only payment_intent events carry an IntentID.
func (m *Method) ParseWebhook(body []byte, signature string) (*Event, error) {
	if m.webhookSecret == "" {
		return nil, fmt.Errorf("%w: no webhook secret configured", ErrBadSignature)
	}
	// The account's API version may differ from the library's; the fields
	// read here are the same in every version.
	ev, err := webhook.ConstructEventWithOptions(body, signature, m.webhookSecret,
		webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadSignature, err)
	}
	out := &Event{ID: ev.ID, Type: string(ev.Type)}
	if ev.Data != nil && len(ev.Data.Raw) > 0 && ev.Data.Object["object"] == "payment_intent" {
		var pi stripego.PaymentIntent
		if err := pi.UnmarshalJSON(ev.Data.Raw); err != nil {
			return nil, fmt.Errorf("stripe: event %s: %w", ev.ID, err)
		}
		out.IntentID, out.AmountVND, out.Currency = pi.ID, pi.AmountReceived, string(pi.Currency)
	}
	for _, s := range []string{out.ID, out.Type, out.IntentID} {
		if !plainID(s) {
			// Stripe's ids and types are plain ASCII; anything else (a NUL,
			// which PostgreSQL refuses in text) names no payment of ours.
			return nil, fmt.Errorf("stripe: event %q: an id or type Stripe does not make", out.ID)
		}
	}
	return out, nil
}

// plainID reports whether s holds only printable ASCII without spaces.
func plainID(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
