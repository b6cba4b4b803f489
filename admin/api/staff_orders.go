package api

import (
	"encoding/json"
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// StaffOrders lets trade-promotion staff read and move the orders of the
// cooperatives of their scope: a suspended cooperative's open orders stay
// manageable by staff as well as by the cooperative.
type StaffOrders struct {
	orders  *order.Service
	catalog *catalog.Store
}

// NewStaffOrders returns the staff order API.
func NewStaffOrders(orders *order.Service, cat *catalog.Store) *StaffOrders {
	return &StaffOrders{orders: orders, catalog: cat}
}

// inScope returns the cooperative when the staff member may act on it; a
// cooperative of another province is a 404, like one that does not exist.
func (h *StaffOrders) inScope(c *fiber.Ctx, coopID int64) error {
	co, err := h.catalog.CooperativeByID(c.UserContext(), coopID)
	if errors.Is(err, catalog.ErrNotFound) {
		return web.NotFound("cooperative")
	}
	if err != nil {
		return err
	}
	if p := panel.StaffProvince(c); p != "" && co.Province.Slug != p {
		return web.NotFound("cooperative")
	}
	return nil
}

// Orders answers GET /api/v1/staff/cooperatives/{id}/orders?status=: the
// cooperative's orders, newest first.
func (h *StaffOrders) Orders(c *fiber.Ctx) error {
	coopID, err := panel.PathID(c, "id", "cooperative")
	if err != nil {
		return err
	}
	q := web.NewListQuery(c)
	status := q.OneOf("status", "", order.Statuses())
	page, perPage := q.Page(24)
	if err := q.Err(); err != nil {
		return err
	}
	if err := h.inScope(c, coopID); err != nil {
		return err
	}
	items, total, err := h.orders.CooperativeOrders(c.UserContext(), coopID, status, order.Page{Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[order.Order]{Items: items, Total: total, Page: page, PerPage: perPage})
}

// Transition answers POST /api/v1/staff/orders/{code}/transitions: staff
// move an order of a cooperative of their scope, as its staff would.
func (h *StaffOrders) Transition(c *fiber.Ctx) error {
	var b transitionBody
	if err := json.Unmarshal(c.Body(), &b); err != nil {
		return errBadJSON.Wrap(err)
	}
	coopID, err := h.orders.CooperativeOf(c.UserContext(), c.Params("code"))
	if err != nil {
		return err
	}
	if err := h.inScope(c, coopID); err != nil {
		return err
	}
	u := panel.User(c)
	id := u.ID
	o, err := h.orders.Transition(c.UserContext(), order.TransitionInput{Code: c.Params("code"), CooperativeID: coopID,
		To: b.To, TrackingNo: b.TrackingNo, Carrier: b.Carrier, Reason: b.Reason,
		Actor: order.Actor{Name: "promotion_staff", UserID: &id, Email: u.Email}})
	if err != nil {
		return err
	}
	return c.JSON(o)
}
