package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// apiOrder answers GET /api/v1/orders/{code}: a group (OC-XXXXXX) or one
// order (OC-XXXXXX-1) for its owner, or for a guest sending ?phone= with
// the checkout phone. Anyone else gets the same 404 as an unknown code.
func (h *Handler) apiOrder(c *fiber.Ctx) error {
	a, err := h.orderAccess(c)
	if err != nil {
		return err
	}
	g, err := h.ord.actions.Track(c.UserContext(), order.TrackInput{Code: c.Params("code"), Access: a, ClientAddr: c.IP()})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(h.answer(g))
}

// orderAccess is who asks for an order: the logged-in user, and the
// phone a guest gives.
func (h *Handler) orderAccess(c *fiber.Ctx) (order.Access, error) {
	a := order.Access{Phone: c.Query("phone")}
	u, loggedIn, err := h.optionalUser(c)
	if err != nil {
		return a, err
	}
	if loggedIn {
		a.UserID = &u.ID
	}
	return a, nil
}

// apiMyOrders answers GET /api/v1/orders: the logged-in shopper's
// checkouts, newest first.
func (h *Handler) apiMyOrders(c *fiber.Ctx) error {
	u, err := h.currentUser(c)
	if err != nil {
		return err
	}
	q := web.NewQuery(c)
	page, perPage := q.Page(20)
	if err := q.Err(); err != nil {
		return err
	}
	gs, total, err := h.ord.Service.UserGroups(c.UserContext(), u.ID, order.Page{Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(web.ListPage[order.Group]{Items: gs, Total: total, Page: page, PerPage: perPage})
}
