// Package admin serves the cooperative panel's JSON API for orders: a
// coop_staff member sees and moves only the orders of their own
// cooperative; another cooperative's order is a 404.
package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/session"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Users tells who is logged in (session.Manager).
type Users interface {
	User(c *fiber.Ctx) (*account.User, error)
}

// Config is what the panel's order API needs.
type Config struct {
	Orders *order.Service
	Users  Users
	// Guard protects cookie-authenticated writes from other sites
	// (session.Manager.GuardAPI).
	Guard fiber.Handler
	Log   *slog.Logger
}

// Handler serves the cooperative panel's order API.
type Handler struct {
	orders *order.Service
	users  Users
	guard  fiber.Handler
	log    *slog.Logger
}

// New returns the panel's order API.
func New(c Config) *Handler {
	if c.Guard == nil {
		c.Guard = func(c *fiber.Ctx) error { return c.Next() }
	}
	return &Handler{orders: c.Orders, users: c.Users, guard: c.Guard, log: c.Log}
}

// Routes registers the cooperative order API.
func (h *Handler) Routes(r fiber.Router) {
	r.Get("/api/v1/coop/orders", h.staff, h.apiOrders)
	r.Get("/api/v1/coop/orders/:code", h.staff, h.apiOrder)
	r.Post("/api/v1/coop/orders/:code/transitions", h.guard, h.staff, h.apiTransition)
	r.Post("/api/v1/coop/orders/:code/payment", h.guard, h.staff, h.apiPaymentReceived)
}

const localStaff = "admin.staff"

// staff lets through a logged-in coop_staff member of a cooperative: 401
// when not logged in, 403 for anyone else.
func (h *Handler) staff(c *fiber.Ctx) error {
	u, err := h.users.User(c)
	switch {
	case errors.Is(err, session.ErrNotLoggedIn):
		return web.NewError(http.StatusUnauthorized, "not_logged_in", "Log in with your cooperative's account first.")
	case errors.Is(err, session.ErrUnavailable):
		c.Set(fiber.HeaderRetryAfter, "30")
		return fmt.Errorf("%w: %w", web.NewError(http.StatusServiceUnavailable, "session_unavailable",
			"Logging in is unavailable for a moment: try again shortly."), err)
	case err != nil:
		return err
	}
	if !u.HasRole(account.RoleCoopStaff) || u.CooperativeID == nil {
		return web.NewError(http.StatusForbidden, "forbidden", "Only a cooperative's staff can manage its orders.")
	}
	c.Locals(localStaff, u)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

func staffOf(c *fiber.Ctx) *account.User { return c.Locals(localStaff).(*account.User) }

func actorOf(u *account.User) order.Actor {
	id := u.ID
	return order.Actor{Name: account.RoleCoopStaff, UserID: &id}
}

func (h *Handler) apiOrders(c *fiber.Ctx) error {
	u := staffOf(c)
	q := web.NewQuery(c)
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

func (h *Handler) apiOrder(c *fiber.Ctx) error {
	o, err := h.orders.CooperativeOrder(c.UserContext(), *staffOf(c).CooperativeID, c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(o)
}

type transitionBody struct {
	To         string `json:"to"`
	TrackingNo string `json:"tracking_no"`
	Reason     string `json:"reason"`
}

func (h *Handler) apiTransition(c *fiber.Ctx) error {
	var b transitionBody
	if err := json.Unmarshal(c.Body(), &b); err != nil {
		return web.NewError(http.StatusBadRequest, "bad_json", `Send a JSON object such as {"to": "confirmed"}.`)
	}
	u := staffOf(c)
	o, err := h.orders.Transition(c.UserContext(), order.TransitionInput{Code: c.Params("code"), CooperativeID: *u.CooperativeID,
		To: b.To, TrackingNo: b.TrackingNo, Reason: b.Reason, Actor: actorOf(u)})
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (h *Handler) apiPaymentReceived(c *fiber.Ctx) error {
	var b struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(c.Body(), &b); err != nil {
		return web.NewError(http.StatusBadRequest, "bad_json", `Send a JSON object such as {"status": "paid"}.`)
	}
	if b.Status != "paid" {
		return fault.InvalidField("status", "not_one_of", fault.Params{"choices": "paid"})
	}
	u := staffOf(c)
	o, err := h.orders.MarkTransferReceived(c.UserContext(), *u.CooperativeID, c.Params("code"), actorOf(u))
	if err != nil {
		return err
	}
	return c.JSON(o)
}
