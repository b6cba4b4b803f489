package shop

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// OptionalUser returns the logged-in user, and false for a guest.
func (s *Shop) OptionalUser(c *fiber.Ctx) (*account.User, bool, error) {
	u, err := s.sessions.User(c)
	if errors.Is(err, session.ErrNotLoggedIn) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, AccountError(c, err)
	}
	return u, true, nil
}

// Checkout places the orders of the request's cart; the cart is emptied
// once they are placed. Errors of the order package come back as they
// are, for the caller to turn into an answer.
func (s *Shop) Checkout(c *fiber.Ctx, in order.CheckoutInput) (*order.Group, bool, error) {
	ctx := c.UserContext()
	u, loggedIn, err := s.OptionalUser(c)
	if err != nil {
		return nil, false, err
	}
	if loggedIn {
		in.UserID = &u.ID
	}
	cartID, err := s.CartID(c, false)
	if err != nil {
		return nil, false, err
	}
	in.CartID = cartID
	if cartID != "" {
		items, err := s.carts.Store().Items(ctx, cartID)
		if err != nil {
			return nil, false, AccountError(c, err)
		}
		for _, it := range items {
			in.Lines = append(in.Lines, order.Line{ProductID: it.ProductID, Quantity: it.Quantity})
		}
	}
	g, replayed, err := s.orders.Checkout(ctx, in)
	if err != nil {
		if g != nil && errors.Is(err, order.ErrPaymentStart) && cartID != "" {
			s.clearCart(c, cartID) // the orders exist; a retry with the key restarts the payment
		}
		// The order package's own error: the API and the pages each say
		// what to fix in their way (OrderError, pages.Checkout.checkoutFailed).
		return nil, false, fmt.Errorf("storefront: checkout: %w", err)
	}
	if !replayed && cartID != "" {
		s.clearCart(c, cartID)
	}
	return g, replayed, nil
}

func (s *Shop) clearCart(c *fiber.Ctx, cartID string) {
	if err := s.carts.Store().Clear(c.UserContext(), cartID); err != nil {
		// The orders are placed; a cart left full is only a nuisance.
		s.log.Warn("checkout: could not empty the cart", "request_id", web.RequestID(c), "err", err)
	}
}

// OrderError turns the order package's errors into what a shopper may
// see, saying what to fix; anything else stays an internal error.
func OrderError(err error) error {
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

// trackPerIP limits the order lookups by phone from one address.
func trackPerIP() ratelimit.Rule { return ratelimit.Rule{Limit: 60, Window: 15 * time.Minute} }

// OrderAccess is who may see an order of the request: the logged-in
// shopper, or a guest sending ?phone= (limited per address like logins).
func (s *Shop) OrderAccess(c *fiber.Ctx) (order.Access, error) {
	a := order.Access{Phone: c.Query("phone")}
	if a.Phone != "" {
		// A phone opens any order of that checkout: guesses from one
		// address are limited like login attempts.
		if err := s.Allow(c, "track:ip:"+web.ClientIP(c), trackPerIP()); err != nil {
			return a, err
		}
	}
	u, loggedIn, err := s.OptionalUser(c)
	if err != nil {
		return a, err
	}
	if loggedIn {
		a.UserID = &u.ID
	}
	return a, nil
}
