package api

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
)

// Cart serves the request's cart: a guest's by cookie, a user's by login.
type Cart struct {
	shop  *shop.Shop
	carts *cart.Service
	// msgs words the notes of a cart in the request's language.
	msgs *i18n.Catalog
}

// NewCart returns the cart API.
func NewCart(s *shop.Shop, carts *cart.Service, msgs *i18n.Catalog) *Cart {
	return &Cart{shop: s, carts: carts, msgs: msgs}
}

// word fills in the message of each note of v in lang.
func (h *Cart) word(v *cart.View, lang string) error {
	notes := make([]*cart.Note, 0, len(v.Notes))
	for i := range v.Notes {
		notes = append(notes, &v.Notes[i])
	}
	for gi := range v.Groups {
		for li := range v.Groups[gi].Items {
			if n := v.Groups[gi].Items[li].Note; n != nil {
				notes = append(notes, n)
			}
		}
	}
	for _, n := range notes {
		msg, err := h.msgs.Translate(lang, "cart.note."+n.Code, n.Params)
		if err != nil {
			return fmt.Errorf("storefront: cart note: %w", err)
		}
		n.Message = msg
	}
	return nil
}

func (h *Cart) send(c *fiber.Ctx, id string) error {
	v := &cart.View{Groups: []cart.Group{}, Notes: []cart.Note{}}
	if id != "" {
		var err error
		if v, err = h.carts.View(c.UserContext(), id); err != nil {
			return err
		}
	}
	return h.sendView(c, v)
}

// sendView answers with v, its notes put into the shopper's words.
func (h *Cart) sendView(c *fiber.Ctx, v *cart.View) error {
	if err := h.word(v, h.msgs.Lang(c)); err != nil {
		return err
	}
	return c.JSON(v)
}

// Show answers GET /api/v1/cart.
func (h *Cart) Show(c *fiber.Ctx) error {
	id, err := h.shop.CartID(c, false)
	if err != nil {
		return err
	}
	return h.send(c, id)
}

type cartAddRequest struct {
	ProductID json.RawMessage `json:"product_id"`
	Quantity  json.RawMessage `json:"quantity"`
}

// Add answers POST /api/v1/cart/items.
func (h *Cart) Add(c *fiber.Ctx) error {
	var in cartAddRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	var f fault.Fields
	pid := shop.WholeNumber(&f, "product_id", in.ProductID, 1, 1<<53)
	qty := shop.WholeNumber(&f, "quantity", in.Quantity, 1, cart.MaxQuantity)
	if err := f.Err(); err != nil {
		return err
	}
	id, err := h.shop.CartID(c, true)
	if err != nil {
		return err
	}
	v, err := h.carts.Add(c.UserContext(), id, pid, int(qty))
	if err != nil {
		return err
	}
	return h.sendView(c, v)
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

// Set answers PUT /api/v1/cart/items/{product_id}.
func (h *Cart) Set(c *fiber.Ctx) error {
	pid, err := pathProduct(c)
	if err != nil {
		return err
	}
	var in cartSetRequest
	if err := decode(c, &in); err != nil {
		return err
	}
	var f fault.Fields
	qty := shop.WholeNumber(&f, "quantity", in.Quantity, 0, cart.MaxQuantity)
	if err := f.Err(); err != nil {
		return err
	}
	id, err := h.shop.CartID(c, true)
	if err != nil {
		return err
	}
	if err := h.carts.Set(c.UserContext(), id, pid, int(qty)); err != nil {
		return err
	}
	return h.send(c, id)
}

// Remove answers DELETE /api/v1/cart/items/{product_id}.
func (h *Cart) Remove(c *fiber.Ctx) error {
	pid, err := pathProduct(c)
	if err != nil {
		return err
	}
	id, err := h.shop.CartID(c, false)
	if err != nil {
		return err
	}
	if id != "" {
		if err := h.carts.Remove(c.UserContext(), id, pid); err != nil {
			return err
		}
	}
	return h.send(c, id)
}
