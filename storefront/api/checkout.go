package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
)

// Checkout places the orders of the request's cart.
type Checkout struct {
	shop *shop.Shop
	// stripeKey is the publishable key card payments are confirmed with,
	// empty when cards are off.
	stripeKey string
}

// NewCheckout returns the checkout API.
func NewCheckout(s *shop.Shop, stripePublishableKey string) *Checkout {
	return &Checkout{shop: s, stripeKey: stripePublishableKey}
}

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = order.MaxIdempotencyKey

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
		return web.Invalid(map[string]string{"Idempotency-Key": fmt.Sprintf(
			"send this header with a unique value per checkout (such as a UUID), at most %d printable ASCII characters", maxIdempotencyKey)})
	}
	var in order.CheckoutInput
	if err := decode(c, &in); err != nil {
		return err
	}
	in.IdempotencyKey = key
	g, replayed, err := h.shop.Checkout(c, in)
	if err != nil {
		return shop.OrderError(err)
	}
	if replayed {
		c.Set("Idempotent-Replayed", "true")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(http.StatusCreated).JSON(answer(g, h.stripeKey))
}
