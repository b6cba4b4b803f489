package storefront

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/session"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// cartCookie holds the token of a guest's cart; a logged-in user's cart is
// found by their id instead.
const cartCookie = "ocop_cart"

func (h *Handler) setCartCookie(c *fiber.Ctx, token string) {
	c.Cookie(&fiber.Cookie{Name: cartCookie, Value: token, Path: "/", HTTPOnly: true, Secure: h.acc.Sessions.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(cart.TTL)})
}

func (h *Handler) clearCartCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: cartCookie, Value: "", Path: "/", HTTPOnly: true, Secure: h.acc.Sessions.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(1, 0), MaxAge: -1})
}

// cartID returns the id of the request's cart: the user's when logged in,
// else the guest cookie's. With create, a guest without a cart gets a new
// cookie; without it, "" means no cart yet.
func (h *Handler) cartID(c *fiber.Ctx, create bool) (string, error) {
	u, err := h.acc.Sessions.User(c)
	switch {
	case err == nil:
		return cart.UserID(u.ID), nil
	case !errors.Is(err, session.ErrNotLoggedIn):
		return "", accountError(err)
	}
	tok := c.Cookies(cartCookie)
	if !cart.ValidGuestToken(tok) {
		if !create {
			return "", nil
		}
		if tok, err = cart.NewGuestToken(); err != nil {
			return "", err
		}
	}
	if create {
		h.setCartCookie(c, tok) // pushes the cookie's expiry back with the cart's
	}
	return cart.GuestID(tok), nil
}

// CartCount returns how many units the request's cart holds, for the cart
// icon of the page header; ok is false when it cannot be known (the cart
// store is down), and the page then shows the icon without a number.
func (h *Handler) CartCount(c *fiber.Ctx) (n int, ok bool) {
	if h.acc == nil {
		return 0, false
	}
	id, err := h.cartID(c, false)
	if err != nil {
		return 0, false
	}
	if id == "" {
		return 0, true
	}
	n, err = h.acc.Carts.Count(c.UserContext(), id)
	if err != nil {
		h.log.Warn("cart count unavailable", "request_id", web.RequestID(c), "err", err)
		return 0, false
	}
	return n, true
}

func (h *Handler) sendCart(c *fiber.Ctx, id string) error {
	v := &cart.View{Groups: []cart.Group{}, Notes: []cart.Note{}}
	if id != "" {
		var err error
		if v, err = h.acc.Carts.View(c.UserContext(), id); err != nil {
			return err
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(v)
}

func (h *Handler) apiCart(c *fiber.Ctx) error {
	id, err := h.cartID(c, false)
	if err != nil {
		return err
	}
	return h.sendCart(c, id)
}

type cartAddRequest struct {
	ProductID json.RawMessage `json:"product_id"`
	Quantity  json.RawMessage `json:"quantity"`
}

func (h *Handler) apiCartAdd(c *fiber.Ctx) error {
	var in cartAddRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	var f fault.Fields
	pid := wholeNumber(&f, "product_id", in.ProductID, 1, 1<<53)
	qty := wholeNumber(&f, "quantity", in.Quantity, 1, cart.MaxQuantity)
	if err := f.Err(); err != nil {
		return err
	}
	id, err := h.cartID(c, true)
	if err != nil {
		return err
	}
	if err := h.acc.Carts.Add(c.UserContext(), id, pid, int(qty)); err != nil {
		return err
	}
	return h.sendCart(c, id)
}

// pathProduct reads :product_id; anything but a positive integer is a 404.
func pathProduct(c *fiber.Ctx) (int64, error) {
	pid, err := strconv.ParseInt(c.Params("product_id"), 10, 64)
	if err != nil || pid <= 0 {
		return 0, cart.ErrNotForSale
	}
	return pid, nil
}

type cartSetRequest struct {
	Quantity json.RawMessage `json:"quantity"`
}

func (h *Handler) apiCartSet(c *fiber.Ctx) error {
	pid, err := pathProduct(c)
	if err != nil {
		return err
	}
	var in cartSetRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	var f fault.Fields
	qty := wholeNumber(&f, "quantity", in.Quantity, 0, cart.MaxQuantity)
	if err := f.Err(); err != nil {
		return err
	}
	id, err := h.cartID(c, true)
	if err != nil {
		return err
	}
	if err := h.acc.Carts.Set(c.UserContext(), id, pid, int(qty)); err != nil {
		return err
	}
	return h.sendCart(c, id)
}

func (h *Handler) apiCartRemove(c *fiber.Ctx) error {
	pid, err := pathProduct(c)
	if err != nil {
		return err
	}
	id, err := h.cartID(c, false)
	if err != nil {
		return err
	}
	if id != "" {
		if err := h.acc.Carts.Remove(c.UserContext(), id, pid); err != nil {
			return err
		}
	}
	return h.sendCart(c, id)
}
