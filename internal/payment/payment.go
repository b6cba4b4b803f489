// Package payment defines how a checkout is paid: one Method interface with
// three implementations, cash on delivery (payment/cod), VietQR bank
// transfer to the cooperative's own account (payment/vietqr) and cards
// through Stripe (payment/stripe). It knows nothing of the database: the
// order package keeps payment statuses and calls a Method at checkout and
// on cancellation.
package payment

import (
	"context"
	"errors"
	"fmt"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Payment method names, as the API spells them.
const (
	MethodCOD          = "cod"
	MethodBankTransfer = "bank_transfer"
	MethodCard         = "card"
)

// Payment statuses of an order.
const (
	StatusPending  = "pending"
	StatusPaid     = "paid"
	StatusVoided   = "voided"
	StatusRefunded = "refunded"
)

// ErrRejected is matched by every *RejectedError.
var ErrRejected = errors.New("payment: method cannot take this payment")

// RejectedError says why a method cannot take a payment, as a code (such
// as amount_too_large) with the values its message needs.
type RejectedError struct {
	Code   string
	Params fault.Params
}

func (e *RejectedError) Error() string {
	return fmt.Sprintf("payment: %s %v", e.Code, map[string]any(e.Params))
}

// Is makes errors.Is(err, ErrRejected) true.
func (e *RejectedError) Is(target error) bool { return target == ErrRejected }

// Fault is the refusal as the shopper sees it: a 422 with the code, on
// the payment_method field.
func (e *RejectedError) Fault() *fault.Error {
	return &fault.Error{Kind: fault.Unprocessable, Code: e.Code, Params: e.Params,
		Fields: []fault.Field{{Field: "payment_method", Code: e.Code, Params: e.Params}}}
}

// Payee is the account a cooperative is paid into.
type Payee struct {
	BankBIN         string
	AccountNo       string
	AccountName     string
	StripeAccountID string
}

// Order is one cooperative's order as a Method sees it.
type Order struct {
	Code      string
	GroupCode string
	TotalVND  int64
	Payee     Payee
}

// Group is the orders of one checkout, paid together.
type Group struct {
	Code     string
	TotalVND int64
	Email    string
	Orders   []Order
}

// VietQR is what the shopper needs to pay one order by bank transfer.
type VietQR struct {
	Payload     string `json:"payload"`
	BankBIN     string `json:"bank_bin"`
	AccountNo   string `json:"account_no"`
	AccountName string `json:"account_name"`
	AmountVND   int64  `json:"amount_vnd"`
	Purpose     string `json:"purpose"`
}

// Instructions tell the shopper how to pay one order.
type Instructions struct {
	VietQR *VietQR `json:"vietqr,omitempty"`
}

// Session is what a client needs to finish paying a group with a processor.
type Session struct {
	// Ref names the payment at the processor (a PaymentIntent id).
	Ref string
	// ClientSecret lets the browser confirm the payment.
	ClientSecret string
}

// Cancellation describes an order being cancelled, for the processor to
// void or refund its part.
type Cancellation struct {
	GroupCode string
	OrderCode string
	// Ref is the group's Session.Ref ("" when the method has none).
	Ref string
	// AmountVND is the cancelled order's total.
	AmountVND int64
	// Paid says whether the order had been paid: then it is refunded.
	Paid bool
	// RemainingVND is what the group's other, unpaid orders still owe.
	RemainingVND int64
}

// Method is one way to pay.
type Method interface {
	// Name is the method's API name (MethodCOD …).
	Name() string
	// Check returns a *RejectedError when the group cannot be paid this way
	// (an amount out of range, a cooperative without a bank account).
	Check(g Group) error
	// Instructions returns how to pay one order, empty when there is
	// nothing to show (cash on delivery, cards).
	Instructions(o Order) (*Instructions, error)
	// Begin starts paying a committed group at the processor and returns
	// the session, empty for methods without one. Calling it again for
	// the same group returns the same session.
	Begin(ctx context.Context, g Group) (*Session, error)
	// Cancel voids or refunds a cancelled order's part at the processor.
	// It is safe to call more than once for the same order.
	Cancel(ctx context.Context, c Cancellation) error
}

// Transferrer is a Method that can pay a cooperative's share out to its
// own processor account (Stripe Connect "separate charges and transfers").
type Transferrer interface {
	// Transfer sends amountVND of the group's charge to the payee's
	// account and returns the transfer's id; repeating it for the same
	// order transfers once.
	Transfer(ctx context.Context, o Order, ref string, amountVND int64) (string, error)
}

// Methods holds the methods on offer, by name.
type Methods map[string]Method

// Get returns the method of a name, or an error listing those on offer.
func (m Methods) Get(name string) (Method, error) {
	if x, ok := m[name]; ok {
		return x, nil
	}
	return nil, fmt.Errorf("payment: unknown method %q: %w", name, ErrRejected)
}
