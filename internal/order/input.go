package order

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

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
	// ShowcaseID is the fair the shopper came through, credited with the
	// orders of this checkout; nil for none.
	ShowcaseID *int64 `json:"-"`
}

// MaxIdempotencyKey is the longest Idempotency-Key a checkout takes.
const MaxIdempotencyKey = 200

// ErrIdempotencyKey is a key ValidIdempotencyKey refuses, on the field
// the key came in.
func ErrIdempotencyKey(field string) error {
	return fault.InvalidField(field, "invalid_idempotency_key", fault.Params{"max": MaxIdempotencyKey})
}

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

// MaxNoteLen is the longest note to the cooperatives.
const MaxNoteLen = 500

// checkNote checks the multi-line note of a checkout and returns it trimmed.
func checkNote(f *fault.Fields, field, v string) string {
	v = strings.TrimSpace(v)
	switch {
	case !utf8.ValidString(v):
		f.Add(field, "invalid_text", nil)
	case hasControl(v, true):
		f.Add(field, "control_characters", nil)
	case utf8.RuneCountInString(v) > MaxNoteLen:
		f.Add(field, "too_long", fault.Params{"max": MaxNoteLen})
	}
	return v
}

// validate checks a request and says what to fix per field; an empty cart
// is ErrEmptyCart.
func (s *Service) validate(ctx context.Context, in CheckoutInput) (*validated, error) {
	var f fault.Fields
	v := &validated{CheckoutInput: in}
	v.Name = account.CheckText(&f, "name", in.Name, account.MaxNameLen, true)
	v.Phone = account.CheckPhone(&f, "phone", in.Phone, true)
	v.Email = account.CheckEmail(&f, "email", in.Email, false)
	v.Address.Line = account.CheckText(&f, "address.line", in.Address.Line, account.MaxLineLen, true)
	v.Address.Ward = account.CheckText(&f, "address.ward", in.Address.Ward, account.MaxWardLen, true)
	p, err := account.CheckProvince(ctx, s.catalog, &f, "address.province", in.Address.Province)
	if err != nil {
		return nil, fmt.Errorf("order: checkout: %w", err)
	}
	v.province = p
	v.Note = checkNote(&f, "note", in.Note)
	if _, ok := s.methods[in.PaymentMethod]; !ok {
		code := "not_one_of"
		if in.PaymentMethod == "" {
			code = "required"
		}
		f.Add("payment_method", code, fault.Params{"choices": strings.Join(s.Methods(), ", ")})
	}
	if in.ExpectedTotalVND < 0 {
		f.Add("expected_total_vnd", "negative", nil)
	}
	if !ValidIdempotencyKey(in.IdempotencyKey) {
		f.Add("idempotency_key", "invalid_idempotency_key", fault.Params{"max": MaxIdempotencyKey})
	}
	pos := map[int64]int{}
	for _, l := range in.Lines {
		if l.ProductID <= 0 || l.Quantity < 1 || l.Quantity > cart.MaxQuantity {
			f.Add("items", "invalid_items", fault.Params{"max": cart.MaxQuantity})
			continue
		}
		if i, ok := pos[l.ProductID]; ok {
			v.lines[i].Quantity = min(v.lines[i].Quantity+l.Quantity, cart.MaxQuantity)
			continue
		}
		pos[l.ProductID] = len(v.lines)
		v.lines = append(v.lines, l)
	}
	if len(v.lines) > maxLines {
		f.Add("items", "too_many_items", fault.Params{"max": maxLines})
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if len(v.lines) == 0 {
		return nil, ErrEmptyCart
	}
	return v, nil
}
