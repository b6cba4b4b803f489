package api

import (
	"errors"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Errors of the payment webhooks.
var (
	errCardsDisabled = fault.New(fault.NotFound, "cards_disabled")
	errBadSignature  = fault.New(fault.Invalid, "bad_signature")
)

// StripeWebhooks reads signed Stripe webhook requests (payment/stripe).
type StripeWebhooks interface {
	ParseWebhook(body []byte, signature string) (*stripe.Event, error)
}

// Payments receives the payment processors' webhooks.
type Payments struct {
	// stripe verifies card payment webhooks; nil when cards are off, and
	// then the webhook answers 404.
	stripe StripeWebhooks
	orders *order.Service
	log    *slog.Logger
}

// NewPayments returns the payment webhooks; stripe is nil when cards are off.
func NewPayments(stripe StripeWebhooks, orders *order.Service, log *slog.Logger) *Payments {
	return &Payments{stripe: stripe, orders: orders, log: log}
}

// StripeWebhook receives Stripe's events. The signature is checked
// first: a forged or replayed request is refused and changes nothing. A
// payment_intent.succeeded marks its group's orders paid, once per event
// id; a payment of no known order is acknowledged and logged, so that
// Stripe stops resending it.
func (h *Payments) StripeWebhook(c *fiber.Ctx) error {
	if h.stripe == nil {
		return errCardsDisabled
	}
	ev, err := h.stripe.ParseWebhook(c.Body(), c.Get("Stripe-Signature"))
	if err != nil {
		h.log.Warn("stripe webhook refused", "request_id", web.RequestID(c), "err", err)
		return errBadSignature.Wrap(err)
	}
	log := h.log.With("request_id", web.RequestID(c), "event", ev.ID, "type", ev.Type, "payment_intent", ev.IntentID)
	if ev.Type != "payment_intent.succeeded" {
		log.Info("stripe webhook: event ignored")
		return c.JSON(fiber.Map{"received": true})
	}
	applied, err := h.orders.ApplyCardPayment(c.UserContext(), order.CardPayment{EventID: ev.ID, EventType: ev.Type,
		Ref: ev.IntentID, AmountVND: ev.AmountVND, Currency: ev.Currency})
	switch {
	case errors.Is(err, order.ErrUnknownPayment):
		log.Warn("stripe webhook: payment of no known order", "err", err)
	case err != nil:
		return err // 500: Stripe retries later
	case !applied:
		log.Info("stripe webhook: event applied before")
	default:
		log.Info("stripe webhook: orders paid")
	}
	return c.JSON(fiber.Map{"received": true})
}
