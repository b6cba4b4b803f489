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
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
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
}

// WithOrders turns on checkout, order tracking and the payment webhook,
// and returns h.
func (h *Handler) WithOrders(o Orders) *Handler {
	h.ord = &o
	return h
}

func (h *Handler) orderRoutes(api fiber.Router) {
	api.Post("/checkout", h.acc.Sessions.GuardAPI(), h.apiCheckout)
	api.Get("/orders", h.apiMyOrders)
	api.Get("/orders/:code", h.apiOrder)
	api.Post("/payments/stripe/webhook", h.apiStripeWebhook)
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
		return nil, false, accountError(c, err)
	}
	return u, true, nil
}

// checkout places the orders of the request's cart; the cart is emptied
// once they are placed. Errors of the order package come back as they
// are, for the caller to turn into an answer.
func (h *Handler) checkout(c *fiber.Ctx, in order.CheckoutInput) (*order.Group, bool, error) {
	ctx := c.UserContext()
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
	if cartID != "" {
		items, err := h.acc.Carts.Store().Items(ctx, cartID)
		if err != nil {
			return nil, false, accountError(c, err)
		}
		for _, it := range items {
			in.Lines = append(in.Lines, order.Line{ProductID: it.ProductID, Quantity: it.Quantity})
		}
	}
	g, replayed, err := h.ord.Service.Checkout(ctx, in)
	if err != nil {
		if g != nil && errors.Is(err, order.ErrPaymentStart) && cartID != "" {
			h.clearCart(c, cartID) // the orders exist; a retry with the key restarts the payment
		}
		// The order package's own error: the API and the pages each say
		// what to fix in their way (orderError, checkoutFailed).
		return nil, false, fmt.Errorf("storefront: checkout: %w", err)
	}
	if !replayed && cartID != "" {
		h.clearCart(c, cartID)
	}
	return g, replayed, nil
}

func (h *Handler) clearCart(c *fiber.Ctx, cartID string) {
	if err := h.acc.Carts.Store().Clear(c.UserContext(), cartID); err != nil {
		// The orders are placed; a cart left full is only a nuisance.
		h.log.Warn("checkout: could not empty the cart", "request_id", web.RequestID(c), "err", err)
	}
}

func (h *Handler) apiCheckout(c *fiber.Ctx) error {
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

// orderError turns the order package's errors into what a shopper may
// see, saying what to fix; anything else stays an internal error.
func orderError(err error) error {
	var ve *order.ValidationError
	var se *order.StockError
	var re *payment.RejectedError
	switch {
	case errors.As(err, &ve):
		return web.Invalid(ve.Fields)
	case errors.Is(err, order.ErrEmptyCart):
		return web.NewError(http.StatusBadRequest, "empty_cart", "Your cart is empty: add products before checking out.")
	case errors.As(err, &se):
		msg := fmt.Sprintf("Only %d of %s left in stock: lower the quantity in your cart.", se.Available, se.Name)
		if se.Available == 0 {
			msg = se.Name + " is sold out: remove it from your cart."
		}
		return web.NewError(http.StatusConflict, "insufficient_stock", msg)
	case errors.Is(err, order.ErrNotForSale):
		return web.NewError(http.StatusConflict, "not_for_sale", "A product in your cart is no longer sold: remove it and try again.")
	case errors.Is(err, order.ErrPriceChanged):
		return web.NewError(http.StatusConflict, "price_changed", "Prices changed since you reviewed your order: check the new total and confirm again.")
	case errors.As(err, &re):
		return &web.Error{Status: http.StatusUnprocessableEntity, Code: re.Code, Message: re.Message,
			Fields: map[string]string{"payment_method": re.Message}}
	case errors.Is(err, order.ErrIdempotencyReused):
		return web.NewError(http.StatusUnprocessableEntity, "idempotency_key_reused",
			"This Idempotency-Key was used for another checkout: send a new key for a new checkout.")
	case errors.Is(err, order.ErrPaymentStart):
		return fmt.Errorf("%w: %w", web.NewError(http.StatusBadGateway, "payment_unavailable",
			"Your order is placed but the card payment could not be started: retry with the same Idempotency-Key, or pay another way."), err)
	case errors.Is(err, order.ErrNotFound):
		return web.NotFound("order")
	}
	return err
}
