// Package cod is cash on delivery: nothing to do at checkout; the order
// counts as paid when its cooperative marks it delivered.
package cod

import (
	"context"

	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// Method is cash on delivery.
type Method struct{}

var _ payment.Method = Method{}

// Name implements payment.Method.
func (Method) Name() string { return payment.MethodCOD }

// Check implements payment.Method: any amount can be paid in cash.
func (Method) Check(payment.Group) error { return nil }

// Instructions implements payment.Method: the shopper pays the courier, so
// there is nothing to show.
func (Method) Instructions(payment.Order) (*payment.Instructions, error) {
	return &payment.Instructions{}, nil
}

// Begin implements payment.Method: there is no processor, so the session
// is empty.
func (Method) Begin(context.Context, payment.Group) (*payment.Session, error) {
	return &payment.Session{}, nil
}

// Cancel implements payment.Method: no money has moved.
func (Method) Cancel(context.Context, payment.Cancellation) error { return nil }
