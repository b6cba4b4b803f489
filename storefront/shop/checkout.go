package shop

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/order"
)

// Buyer fills in who checks out: the logged-in shopper (none for a
// guest), the request's cart ("" when a guest has none yet) and the
// fair the shopper came through (nil for none).
func (s *Shop) Buyer(c *fiber.Ctx, in *order.CheckoutInput) error {
	u, loggedIn, err := s.OptionalUser(c)
	if err != nil {
		return err
	}
	if loggedIn {
		in.UserID = &u.ID
	}
	if in.CartID, err = s.CartID(c, false); err != nil {
		return err
	}
	fair, ok, err := s.fair(c)
	if ok {
		in.ShowcaseID = &fair
	}
	return err
}

// OrderAccess is who may see an order of the request: the logged-in
// shopper, or a guest sending ?phone=.
func (s *Shop) OrderAccess(c *fiber.Ctx) (order.Access, error) {
	a := order.Access{Phone: c.Query("phone")}
	u, loggedIn, err := s.OptionalUser(c)
	if err != nil {
		return a, err
	}
	if loggedIn {
		a.UserID = &u.ID
	}
	return a, nil
}
