// Package api serves the panels' JSON API. A coop_staff member sees and
// moves only the orders of their own cooperative; another cooperative's
// order is a 404.
package api

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// errBadJSON is a body that is not the JSON object a route reads.
var errBadJSON = fault.New(fault.Invalid, "invalid_json")

// CoopOrders serves a cooperative's orders to its staff.
type CoopOrders struct {
	orders *order.Service
}

// NewCoopOrders returns the cooperative order API.
func NewCoopOrders(orders *order.Service) *CoopOrders { return &CoopOrders{orders: orders} }

func actorOf(u *account.User) order.Actor {
	id := u.ID
	return order.Actor{Name: account.RoleCoopStaff, UserID: &id, Email: u.Email}
}

// Orders answers GET /api/v1/coop/orders: the cooperative's orders, by status.
func (h *CoopOrders) Orders(c *fiber.Ctx) error {
	u := panel.User(c)
	q := web.NewListQuery(c)
	status := q.OneOf("status", "", order.Statuses())
	page, perPage := q.Page(24)
	if err := q.Err(); err != nil {
		return err
	}
	items, total, err := h.orders.CooperativeOrders(c.UserContext(), *u.CooperativeID, status, order.Page{Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return c.JSON(web.ListPage[order.Order]{Items: items, Total: total, Page: page, PerPage: perPage})
}

// Order answers GET /api/v1/coop/orders/{code}.
func (h *CoopOrders) Order(c *fiber.Ctx) error {
	o, err := h.orders.CooperativeOrder(c.UserContext(), *panel.User(c).CooperativeID, c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(o)
}

type transitionBody struct {
	To         string `json:"to"`
	TrackingNo string `json:"tracking_no"`
	Carrier    string `json:"carrier"`
	Reason     string `json:"reason"`
}

// Transition answers POST /api/v1/coop/orders/{code}/transitions: it
// moves the order to another status.
func (h *CoopOrders) Transition(c *fiber.Ctx) error {
	var b transitionBody
	if err := json.Unmarshal(c.Body(), &b); err != nil {
		return errBadJSON.Wrap(err)
	}
	u := panel.User(c)
	o, err := h.orders.Transition(c.UserContext(), order.TransitionInput{Code: c.Params("code"), CooperativeID: *u.CooperativeID,
		To: b.To, TrackingNo: b.TrackingNo, Carrier: b.Carrier, Reason: b.Reason, Actor: actorOf(u)})
	if err != nil {
		return err
	}
	return c.JSON(o)
}

// PaymentReceived answers POST /api/v1/coop/orders/{code}/payment: the
// bank transfer of the order arrived.
func (h *CoopOrders) PaymentReceived(c *fiber.Ctx) error {
	var b struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(c.Body(), &b); err != nil {
		return errBadJSON.Wrap(err)
	}
	if b.Status != "paid" {
		return fault.InvalidField("status", "not_one_of", fault.Params{"choices": "paid"})
	}
	u := panel.User(c)
	o, err := h.orders.MarkTransferReceived(c.UserContext(), *u.CooperativeID, c.Params("code"), actorOf(u))
	if err != nil {
		return err
	}
	return c.JSON(o)
}
