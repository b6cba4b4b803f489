// Package cart keeps shoppers' carts. A Store holds the raw items (product,
// quantity, price when added) of a cart id; Service checks them against the
// catalog and builds what the cart page and API show, grouped per
// cooperative with its shipping fee.
//
// One interface, one package per backend: rediscart for
// production, sqlcart for the embedded default, and one shared suite
// (carttest.Run) run against both.
package cart

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// MaxQuantity is the most of one product a cart holds, and so an order
// line.
const MaxQuantity = 999

// TTL is how long a cart lives after its last use.
const TTL = 30 * 24 * time.Hour

// Errors of the cart package.
var (
	// ErrLimit means a change would take an item above the limit it was
	// given; the cart is unchanged.
	ErrLimit = errors.New("cart: quantity over the limit")
	// ErrUnavailable means the cart backend does not answer (Redis is
	// down); the request may be retried later.
	ErrUnavailable = fault.New(fault.Unavailable, "cart_unavailable").After(30 * time.Second)
	// ErrInvalid means an argument is out of range (a programming error of
	// the caller: Service validates input first).
	ErrInvalid = errors.New("cart: invalid argument")
)

// Item is one product in a cart as the store keeps it.
type Item struct {
	ProductID int64
	Quantity  int
	// PriceVND is the price when the item was last added or set, to tell
	// the shopper when it changed.
	PriceVND int64
	AddedAt  time.Time
}

// Store keeps carts by id. Every method is safe for concurrent use, and
// quantity changes are atomic: concurrent Adds all count.
type Store interface {
	// Items returns the items of a cart by product id (an empty slice for
	// an unknown cart) and refreshes the cart's TTL.
	Items(ctx context.Context, cartID string) ([]Item, error)
	// Add adds qty (≥ 1) of a product at priceVND and returns the cart's
	// items after it, as Items would, so that showing the cart costs no
	// second read. When the result would exceed limit it returns ErrLimit
	// and changes nothing.
	Add(ctx context.Context, cartID string, productID int64, qty int, priceVND int64, limit int) ([]Item, error)
	// Set sets the quantity (≥ 1) and price of a product.
	Set(ctx context.Context, cartID string, productID int64, qty int, priceVND int64) error
	// Remove takes a product out of a cart; removing an absent one is no error.
	Remove(ctx context.Context, cartID string, productID int64) error
	// Merge moves every item of cart from into cart to, adding quantities
	// (capped at MaxQuantity), and deletes cart from.
	Merge(ctx context.Context, from, to string) error
	// Clear deletes a cart.
	Clear(ctx context.Context, cartID string) error
	// Ping reports whether the backend answers.
	Ping(ctx context.Context) error
}

// GuestID returns the cart id of a guest cart token (from the cart cookie).
func GuestID(token string) string { return "g:" + token }

// UserID returns the cart id of a logged-in user.
func UserID(userID int64) string { return "u:" + strconv.FormatInt(userID, 10) }

// NewGuestToken returns a random token naming a guest cart in its cookie.
func NewGuestToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// ValidGuestToken reports whether s is a token NewGuestToken could make, so
// that a forged cookie never reaches a store key.
func ValidGuestToken(s string) bool {
	if len(s) != 32 {
		return false
	}
	return strings.Trim(s, "0123456789abcdef") == ""
}
