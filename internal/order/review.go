package order

import (
	"context"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// Validate checks a checkout request the way Checkout does, without
// placing anything or touching the stock: the checkout pages use it for
// their review step, so that the shopper learns what to fix before
// confirming. It returns the contact as an order would store it (the
// phone normalised, the province resolved to one of the 34), a
// *ValidationError naming what is wrong per field, or ErrEmptyCart.
func (s *Service) Validate(ctx context.Context, in CheckoutInput) (Contact, error) {
	v, err := s.validate(ctx, in)
	if err != nil {
		return Contact{}, err
	}
	return Contact{Name: v.Name, Phone: v.Phone, Email: v.Email, Address: Address{Line: v.Address.Line, Ward: v.Address.Ward,
		Province: catalog.NamedSlug{Slug: v.province.Slug, Name: v.province.Name}}}, nil
}
