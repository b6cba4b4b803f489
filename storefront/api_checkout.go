package storefront

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe"
	"github.com/ocopmarket/ocopmarket/internal/session"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// StripeWebhooks reads signed Stripe webhook requests (payment/stripe).
type StripeWebhooks interface {
	ParseWebhook(body []byte, signature string) (*stripe.Event, error)
}

// Orders are what the checkout, order and payment routes need. The
// storefront serves them once WithOrders has been called (after
// WithAccounts: checkout reads the session and the cart).
type Orders struct {
	Service *order.Service
	// Stripe verifies card payment webhooks; nil when cards are off.
	Stripe StripeWebhooks
	// StripePublishableKey lets the checkout page confirm card payments
	// with Stripe.js; empty when cards are off.
	StripePublishableKey string
	actions              *order.Actions
}

// WithOrders turns on checkout, order tracking and the payment webhook,
// and returns h.
func (h *Handler) WithOrders(o Orders) *Handler {
	o.actions = order.NewActions(o.Service, h.acc.Carts.Store(), h.acc.Limiter, h.log)
	h.ord = &o
	return h
}

func (h *Handler) orderRoutes(api fiber.Router) {
	api.Post("/checkout", h.acc.Sessions.GuardAPI(), h.apiCheckout)
	api.Get("/orders", h.apiMyOrders)
	api.Get("/orders/:code", h.apiOrder)
	api.Post("/payments/stripe/webhook", h.apiStripeWebhook)
}

// checkoutAnswer is the JSON answer of a checkout.
type checkoutAnswer struct {
	*order.Group
	Stripe *stripeAnswer `json:"stripe,omitempty"`
}

type stripeAnswer struct {
	ClientSecret   string `json:"client_secret"`
	PublishableKey string `json:"publishable_key,omitempty"`
}

func (h *Handler) answer(g *order.Group) checkoutAnswer {
	a := checkoutAnswer{Group: g}
	if g.PaymentMethod == payment.MethodCard && g.ClientSecret != "" {
		a.Stripe = &stripeAnswer{ClientSecret: g.ClientSecret, PublishableKey: h.ord.StripePublishableKey}
	}
	return a
}

// optionalUser returns the logged-in user, and false for a guest.
func (h *Handler) optionalUser(c *fiber.Ctx) (*account.User, bool, error) {
	u, err := h.acc.Sessions.User(c)
	if errors.Is(err, session.ErrNotLoggedIn) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, accountError(err)
	}
	return u, true, nil
}

// checkout places the orders of the request's cart (order.Actions.Checkout),
// which is emptied once they are placed. Errors of the order package come
// back as they are, for the caller to turn into an answer.
func (h *Handler) checkout(c *fiber.Ctx, in order.CheckoutInput) (*order.Group, bool, error) {
	u, loggedIn, err := h.optionalUser(c)
	if err != nil {
		return nil, false, err
	}
	if loggedIn {
		in.UserID = &u.ID
	}
	cartID, err := h.cartID(c, false)
	if err != nil {
		return nil, false, err
	}
	g, replayed, err := h.ord.actions.Checkout(c.UserContext(), order.CartCheckout{CheckoutInput: in, CartID: cartID})
	if err != nil {
		return nil, false, fmt.Errorf("storefront: checkout: %w", err)
	}
	return g, replayed, nil
}

func (h *Handler) apiCheckout(c *fiber.Ctx) error {
	key := strings.TrimSpace(c.Get("Idempotency-Key"))
	if key == "" || !order.ValidIdempotencyKey(key) {
		return order.ErrIdempotencyKey("Idempotency-Key")
	}
	var in order.CheckoutInput
	if err := decode(c, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	g, replayed, err := h.checkout(c, in)
	if err != nil {
		return orderError(err)
	}
	if replayed {
		c.Set("Idempotent-Replayed", "true")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(http.StatusCreated).JSON(h.answer(g))
}

// orderError gives a payment method's refusal its answer: a 422 with the
// method's code on payment_method. The order package's own errors carry
// their codes and pass as they are.
func orderError(err error) error {
	var re *payment.RejectedError
	if errors.As(err, &re) {
		return &web.Error{Status: http.StatusUnprocessableEntity, Code: re.Code, Message: re.Message,
			Fields: map[string]string{"payment_method": re.Message}, FieldCodes: map[string]string{"payment_method": re.Code}}
	}
	return err
}
