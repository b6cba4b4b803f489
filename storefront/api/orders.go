package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
)

// Orders serves order tracking and the shopper's list of checkouts.
type Orders struct {
	shop      *shop.Shop
	orders    *order.Service
	actions   *order.Actions
	stripeKey string
}

// NewOrders returns the orders API.
func NewOrders(s *shop.Shop, orders *order.Service, actions *order.Actions, stripePublishableKey string) *Orders {
	return &Orders{shop: s, orders: orders, actions: actions, stripeKey: stripePublishableKey}
}

// Order answers GET /api/v1/orders/{code}: a group (OC-XXXXXX) or one
// order (OC-XXXXXX-1) for its owner, or for a guest sending ?phone= with
// the checkout phone. Anyone else gets the same 404 as an unknown code.
func (h *Orders) Order(c *fiber.Ctx) error {
	a, err := h.shop.OrderAccess(c)
	if err != nil {
		return err
	}
	g, err := h.actions.Track(c.UserContext(), order.TrackInput{Code: c.Params("code"), Access: a, ClientAddr: web.ClientIP(c)})
	if err != nil {
		return err
	}
	// A guest's lookup by phone may come without a cookie, which the
	// no-store middleware would let a cache keep.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(answer(g, h.stripeKey))
}

// MyOrders answers GET /api/v1/orders: the logged-in shopper's
// checkouts, newest first.
func (h *Orders) MyOrders(c *fiber.Ctx) error {
	u, err := h.shop.CurrentUser(c)
	if err != nil {
		return err
	}
	q := web.NewQuery(c)
	page, perPage := q.Page(20)
	if err := q.Err(); err != nil {
		return err
	}
	gs, total, err := h.orders.UserGroups(c.UserContext(), u.ID, order.Page{Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[order.Group]{Items: gs, Total: total, Page: page, PerPage: perPage})
}
