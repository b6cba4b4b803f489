package api

import (
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
)

// Checkout places the orders of the request's cart.
type Checkout struct {
	shop    *shop.Shop
	actions *order.Actions
	// stripeKey is the publishable key card payments are confirmed with,
	// empty when cards are off.
	stripeKey string
}

// NewCheckout returns the checkout API.
func NewCheckout(s *shop.Shop, actions *order.Actions, stripePublishableKey string) *Checkout {
	return &Checkout{shop: s, actions: actions, stripeKey: stripePublishableKey}
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

// answer is g with what the browser needs to pay it by card.
func answer(g *order.Group, publishableKey string) checkoutAnswer {
	a := checkoutAnswer{Group: g}
	if g.PaymentMethod == payment.MethodCard && g.ClientSecret != "" {
		a.Stripe = &stripeAnswer{ClientSecret: g.ClientSecret, PublishableKey: publishableKey}
	}
	return a
}

// Place answers POST /api/v1/checkout: it places the orders of the cart,
// once per Idempotency-Key.
func (h *Checkout) Place(c *fiber.Ctx) error {
	key := strings.TrimSpace(c.Get("Idempotency-Key"))
	if key == "" || !order.ValidIdempotencyKey(key) {
		return order.ErrIdempotencyKey("Idempotency-Key")
	}
	var in order.CheckoutInput
	if err := decode(c, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	if err := h.shop.Buyer(c, &in); err != nil {
		return err
	}
	g, replayed, err := h.actions.Checkout(c.UserContext(), in)
	if err != nil {
		return err
	}
	if replayed {
		c.Set("Idempotent-Replayed", "true")
	}
	return c.Status(http.StatusCreated).JSON(answer(g, h.stripeKey))
}
