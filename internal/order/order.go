// Package order turns a cart into orders: one checkout makes an order group
// paid once and one order per cooperative, each with its own status,
// payment and payout. It owns checkout (stock, prices, idempotency), the
// order lifecycle and the application of card payments, and knows nothing
// of HTTP.
package order

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// Order statuses. An order moves pending → confirmed → packed → shipped →
// delivered, and may be cancelled until it is shipped.
const (
	StatusPending   = "pending"
	StatusConfirmed = "confirmed"
	StatusPacked    = "packed"
	StatusShipped   = "shipped"
	StatusDelivered = "delivered"
	StatusCancelled = "cancelled"
)

// Statuses lists the order statuses in lifecycle order.
func Statuses() []string {
	return []string{StatusPending, StatusConfirmed, StatusPacked, StatusShipped, StatusDelivered, StatusCancelled}
}

// CanTransition reports whether an order may move from one status to another.
func CanTransition(from, to string) bool {
	switch from {
	case StatusPending:
		return to == StatusConfirmed || to == StatusCancelled
	case StatusConfirmed:
		return to == StatusPacked || to == StatusCancelled
	case StatusPacked:
		return to == StatusShipped || to == StatusCancelled
	case StatusShipped:
		return to == StatusDelivered
	}
	return false
}

// Outbox job kinds the order package writes. Their payload is a Job.
const (
	// JobPlaced: an order was routed to its cooperative.
	JobPlaced = "order.placed"
	// JobStatusChanged: an order changed status (or was paid).
	JobStatusChanged = "order.status_changed"
	// JobPaymentCancel: a cancelled order's payment must be voided or
	// refunded at the processor.
	JobPaymentCancel = "order.payment_cancel"
	// JobPaymentTransfer: a card-paid order's share goes to its
	// cooperative's connected account.
	JobPaymentTransfer = "order.payment_transfer"
)

// Job is the payload of the order jobs.
type Job struct {
	OrderID int64  `json:"order_id"`
	Status  string `json:"status,omitempty"`
}

// Errors of the order package; a product short of stock is a
// *catalog.StockError.
var (
	ErrNotFound          = fault.New(fault.NotFound, "not_found")
	ErrEmptyCart         = fault.New(fault.Invalid, "empty_cart")
	ErrInvalid           = fault.ErrInvalidInput
	ErrNotForSale        = fault.New(fault.Conflict, "not_for_sale")
	ErrPriceChanged      = fault.New(fault.Conflict, "price_changed")
	ErrTransition        = fault.New(fault.Conflict, "invalid_transition")
	ErrIdempotencyReused = fault.New(fault.Unprocessable, "idempotency_key_reused")
	ErrPaymentStart      = fault.New(fault.Upstream, "payment_unavailable")
	ErrUnknownPayment    = errors.New("order: payment of no known order")
)

// NotForSaleError names a product that is no longer sold.
type NotForSaleError struct{ ProductID int64 }

func (e *NotForSaleError) Error() string {
	return fmt.Sprintf("order: product %d is not for sale", e.ProductID)
}

// Is makes errors.Is(err, ErrNotForSale) true.
func (e *NotForSaleError) Is(target error) bool { return target == ErrNotForSale }

// Fault is the coded form of e.
func (e *NotForSaleError) Fault() *fault.Error {
	return ErrNotForSale.With(fault.Params{"product_id": e.ProductID})
}

// TransitionError is an impossible status change.
type TransitionError struct{ From, To string }

func (e *TransitionError) Error() string {
	return fmt.Sprintf("order: cannot go from %s to %s", e.From, e.To)
}

// Is makes errors.Is(err, ErrTransition) true.
func (e *TransitionError) Is(target error) bool { return target == ErrTransition }

// Fault is the coded form of e.
func (e *TransitionError) Fault() *fault.Error {
	return ErrTransition.With(fault.Params{"from": strings.TrimPrefix(e.From, "payment "), "to": strings.TrimPrefix(e.To, "payment ")})
}

// Address is where an order is delivered: a line, a commune/ward and one
// of the 34 provinces.
type Address struct {
	Line     string            `json:"line"`
	Ward     string            `json:"ward"`
	Province catalog.NamedSlug `json:"province"`
}

// Contact is the shopper of a group.
type Contact struct {
	Name    string  `json:"name"`
	Phone   string  `json:"phone"`
	Email   string  `json:"email,omitempty"`
	Address Address `json:"address"`
}

// Item is a product as it was sold.
type Item struct {
	ProductID    int64  `json:"product_id" db:"product_id"`
	Slug         string `json:"slug" db:"slug"`
	Name         string `json:"name" db:"name"`
	Unit         string `json:"unit" db:"unit"`
	PriceVND     int64  `json:"price_vnd" db:"price_vnd"`
	Quantity     int    `json:"quantity" db:"quantity"`
	LineTotalVND int64  `json:"line_total_vnd" db:"line_total_vnd"`
}

// Payment is the payment of one order.
type Payment struct {
	Method    string          `json:"method"`
	Status    string          `json:"status"`
	ExpiresAt *time.Time      `json:"expires_at,omitempty"`
	PaidAt    *time.Time      `json:"paid_at,omitempty"`
	VietQR    *payment.VietQR `json:"vietqr,omitempty"`
}

// Event is one recorded change of an order.
type Event struct {
	Kind  string `json:"kind" db:"kind"` // status or payment
	From  string `json:"from" db:"from_value"`
	To    string `json:"to" db:"to_value"`
	Actor string `json:"actor" db:"actor"`
	// By is the email of the staff member who made the change; filled in
	// for the cooperative's views only.
	By   string    `json:"by,omitempty" db:"by_email"`
	Note string    `json:"note,omitempty" db:"note"`
	At   time.Time `json:"at" db:"created_at"`
}

// Order is one cooperative's part of a group.
type Order struct {
	ID          int64       `json:"-"`
	GroupID     int64       `json:"-"`
	Code        string      `json:"code"`
	GroupCode   string      `json:"group_code"`
	Cooperative catalog.Ref `json:"cooperative"`
	Status      string      `json:"status"`
	Items       []Item      `json:"items"`
	SubtotalVND int64       `json:"subtotal_vnd"`
	ShippingVND int64       `json:"shipping_vnd"`
	TotalVND    int64       `json:"total_vnd"`
	Payment     Payment     `json:"payment"`
	TrackingNo  string      `json:"tracking_no,omitempty"`
	// Carrier is the code of the carrier a shipped order was handed to
	// (Carriers), "" when not given.
	Carrier      string    `json:"carrier,omitempty"`
	CancelReason string    `json:"cancel_reason,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// Customer is whom to ship to; filled in for the cooperative's views.
	Customer *Contact `json:"customer,omitempty"`
	// History is every change, oldest first; filled in by Lookup and the
	// reads of one order, not by lists.
	History []Event `json:"history,omitempty"`
}

// Group is one checkout: the shopper, the total paid and the orders.
type Group struct {
	ID            int64     `json:"-"`
	UserID        *int64    `json:"-"`
	Code          string    `json:"code"`
	TotalVND      int64     `json:"total_vnd"`
	Status        string    `json:"status"`
	PaymentMethod string    `json:"payment_method"`
	Contact       Contact   `json:"contact"`
	Note          string    `json:"note,omitempty"`
	Orders        []Order   `json:"orders"`
	CreatedAt     time.Time `json:"created_at"`
	// PaymentRef is the processor's id of the group payment.
	PaymentRef string `json:"-"`
	// ClientSecret lets the browser confirm a card payment; never stored
	// in an idempotent answer.
	ClientSecret string `json:"-"`
}

// groupStatus is the status of a group: its orders' status when they all
// agree, "in_progress" otherwise.
func groupStatus(orders []Order) string {
	if len(orders) == 0 {
		return StatusPending
	}
	s := orders[0].Status
	for _, o := range orders[1:] {
		if o.Status != s {
			return "in_progress"
		}
	}
	return s
}

// Config is what a Service needs.
type Config struct {
	DB      *db.DB
	Catalog *catalog.Store
	Ledger  *ledger.Ledger
	// Audit records the changes staff make to orders; the log of DB when nil.
	Audit   *audit.Log
	Methods payment.Methods
	Log     *slog.Logger
	// Now is the clock (time.Now in production).
	Now func() time.Time
	// PaymentTTL is how long an unpaid bank transfer or card order holds
	// its stock before it is cancelled.
	PaymentTTL time.Duration
	// PaymentTTLOf, when set, is asked for the deadline at each checkout
	// instead, so that an admin's change applies without a restart.
	PaymentTTLOf func(context.Context) (time.Duration, error)
}

// Service places and runs orders.
type Service struct {
	db      *db.DB
	catalog *catalog.Store
	ledger  *ledger.Ledger
	audit   *audit.Log
	methods payment.Methods
	jobs    *outbox.Queue
	log     *slog.Logger
	now     func() time.Time
	ttl     func(context.Context) (time.Duration, error)
	// failpoint, set only by tests, fails a checkout at a named stage
	// inside its transaction.
	failpoint func(stage string) error
}

// New returns a Service.
func New(c Config) *Service {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.PaymentTTL <= 0 {
		c.PaymentTTL = 24 * time.Hour
	}
	if c.PaymentTTLOf == nil {
		fixed := c.PaymentTTL
		c.PaymentTTLOf = func(context.Context) (time.Duration, error) { return fixed, nil }
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Audit == nil {
		c.Audit = audit.New(c.DB, c.Now)
	}
	return &Service{db: c.DB, catalog: c.Catalog, ledger: c.Ledger, audit: c.Audit, methods: c.Methods, jobs: outbox.New(c.DB, c.Now),
		log: c.Log, now: c.Now, ttl: c.PaymentTTLOf}
}

// Methods lists the payment methods on offer.
func (s *Service) Methods() []string {
	var out []string
	for _, m := range []string{payment.MethodCOD, payment.MethodBankTransfer, payment.MethodCard} {
		if _, ok := s.methods[m]; ok {
			out = append(out, m)
		}
	}
	return out
}

func (s *Service) fail(stage string) error {
	if s.failpoint == nil {
		return nil
	}
	return s.failpoint(stage)
}

// Ledger is the ledger the service credits cooperatives in, for their
// statements.
func (s *Service) Ledger() *ledger.Ledger { return s.ledger }
