package order

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/vnphone"
)

// MaxQuantity is the most of one product an order line holds.
const MaxQuantity = 999

// maxLines bounds the products of one checkout.
const maxLines = 100

// Line is a product and quantity to buy, as read from the shopper's cart.
type Line struct {
	ProductID int64 `json:"product_id"`
	Quantity  int   `json:"quantity"`
}

// AddressInput is the address as the shopper typed it; Province may be a
// slug or a name, old (before the 2025 merger) or new.
type AddressInput struct {
	Line     string `json:"line"`
	Ward     string `json:"ward"`
	Province string `json:"province"`
}

// CheckoutInput is everything a checkout needs.
type CheckoutInput struct {
	Name          string       `json:"name"`
	Phone         string       `json:"phone"`
	Email         string       `json:"email"`
	Address       AddressInput `json:"address"`
	PaymentMethod string       `json:"payment_method"`
	Note          string       `json:"note"`
	// ExpectedTotalVND, when set, is the total the shopper saw on the
	// review step: a checkout whose total differs fails with
	// ErrPriceChanged instead of charging a surprise.
	ExpectedTotalVND int64 `json:"expected_total_vnd"`
	// Lines are the cart's products.
	Lines []Line `json:"-"`
	// UserID is the logged-in shopper, nil for a guest.
	UserID *int64 `json:"-"`
	// IdempotencyKey makes a repeated request return the first answer.
	IdempotencyKey string `json:"-"`
	// CartID is the cart the lines come from: an IdempotencyKey counts
	// within it, so another cart's equal key is another checkout.
	CartID string `json:"-"`
}

// MaxIdempotencyKey is the longest Idempotency-Key a checkout takes.
const MaxIdempotencyKey = 200

const idempotencyKeyRule = "must be at most 200 printable ASCII characters, such as a UUID"

// ValidIdempotencyKey reports whether key may name a checkout: empty (no
// key), or at most MaxIdempotencyKey printable ASCII characters. Anything
// else (control bytes, invalid UTF-8) is refused before it reaches the
// database, which would fail on it.
func ValidIdempotencyKey(key string) bool {
	if len(key) > MaxIdempotencyKey {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return false
		}
	}
	return true
}

// validated is a checked checkout request.
type validated struct {
	CheckoutInput
	province catalog.Province
	lines    []Line // merged by product, in cart order
}

// hasControl reports whether s holds a control character (NUL among
// them, which PostgreSQL refuses in text) other than the line breaks and
// tabs that multi-line text may hold.
func hasControl(s string, multiline bool) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t'))
	}) >= 0
}

// text checks a one-line text field and returns it trimmed.
func text(fields map[string]string, name, v string, required bool, max int) string {
	return checkText(fields, name, v, required, max, false)
}

func checkText(fields map[string]string, name, v string, required bool, max int, multiline bool) string {
	v = strings.TrimSpace(v)
	switch {
	case !utf8.ValidString(v):
		fields[name] = "must be valid UTF-8 text"
	case hasControl(v, multiline):
		fields[name] = "must not contain control characters"
	case required && v == "":
		fields[name] = "is required"
	case utf8.RuneCountInString(v) > max:
		fields[name] = fmt.Sprintf("must be at most %d characters", max)
	}
	return v
}

// validate checks a request and says what to fix per field; an empty cart
// is ErrEmptyCart.
func (s *Service) validate(ctx context.Context, in CheckoutInput) (*validated, error) {
	f := map[string]string{}
	v := &validated{CheckoutInput: in}
	v.Name = text(f, "name", in.Name, true, 100)
	if p, ok := vnphone.Normalize(in.Phone); ok {
		v.Phone = p
	} else if strings.TrimSpace(in.Phone) == "" {
		f["phone"] = "is required"
	} else {
		f["phone"] = "must be a Vietnamese phone number such as 0912 345 678 or +84 912 345 678"
	}
	v.Email = text(f, "email", in.Email, false, 254)
	if v.Email != "" {
		if a, err := mail.ParseAddress(v.Email); err != nil || a.Address != v.Email {
			f["email"] = "must be an email address such as ten@example.com"
		}
	}
	v.Address.Line = text(f, "address.line", in.Address.Line, true, 200)
	v.Address.Ward = text(f, "address.ward", in.Address.Ward, true, 100)
	prov := text(f, "address.province", in.Address.Province, true, 100)
	if prov != "" && f["address.province"] == "" {
		p, err := s.catalog.ResolveProvince(ctx, prov)
		switch {
		case errors.Is(err, catalog.ErrNotFound):
			f["address.province"] = "must be one of the 34 provinces, such as Sơn La or TP Hồ Chí Minh (old names are accepted)"
		case err != nil:
			return nil, fmt.Errorf("order: checkout: %w", err)
		default:
			v.province = p
		}
	}
	v.Note = checkText(f, "note", in.Note, false, 500, true)
	if _, ok := s.methods[in.PaymentMethod]; !ok {
		if in.PaymentMethod == "" {
			f["payment_method"] = "is required: one of " + strings.Join(s.Methods(), ", ")
		} else {
			f["payment_method"] = "must be one of " + strings.Join(s.Methods(), ", ")
		}
	}
	if in.ExpectedTotalVND < 0 {
		f["expected_total_vnd"] = "must not be negative"
	}
	if !ValidIdempotencyKey(in.IdempotencyKey) {
		f["idempotency_key"] = idempotencyKeyRule
	}
	pos := map[int64]int{}
	for _, l := range in.Lines {
		if l.ProductID <= 0 || l.Quantity < 1 || l.Quantity > MaxQuantity {
			f["items"] = fmt.Sprintf("each item needs a product and a quantity from 1 to %d", MaxQuantity)
			continue
		}
		if i, ok := pos[l.ProductID]; ok {
			v.lines[i].Quantity = min(v.lines[i].Quantity+l.Quantity, MaxQuantity)
			continue
		}
		pos[l.ProductID] = len(v.lines)
		v.lines = append(v.lines, l)
	}
	if len(v.lines) > maxLines {
		f["items"] = fmt.Sprintf("at most %d different products in one order", maxLines)
	}
	if len(f) > 0 {
		return nil, &ValidationError{Fields: f}
	}
	if len(v.lines) == 0 {
		return nil, ErrEmptyCart
	}
	return v, nil
}
