package shop

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/order"
)

// Buyer fills in who checks out: the logged-in shopper (none for a
// guest) and the request's cart ("" when a guest has none yet).
func (s *Shop) Buyer(c *fiber.Ctx, in *order.CheckoutInput) error {
	u, loggedIn, err := s.OptionalUser(c)
	if err != nil {
		return err
	}
	if loggedIn {
		in.UserID = &u.ID
	}
	in.CartID, err = s.CartID(c, false)
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
