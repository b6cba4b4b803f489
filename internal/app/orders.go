package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/url"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/notify"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/cod"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/settings"
	"github.com/ocopmarket/ocopmarket/storefront/api"
)

// Orders holds checkout, payments, the ledger and order notifications.
type Orders struct {
	Service  *order.Service
	Ledger   *ledger.Ledger
	Notifier *notify.Notifier
	// Card is the Stripe method, nil when STRIPE_SECRET_KEY is not set.
	Card           *stripe.Method
	publishableKey string
	log            *slog.Logger
}

// OpenOrders builds the order side of the app: cash on delivery and VietQR
// always, cards when a Stripe key is configured; staff changes to orders
// are recorded in auditLog; the commission and the bank-transfer deadline
// follow rules.
func OpenOrders(cfg *config.Config, log *slog.Logger, d *db.DB, cat *catalog.Store, auditLog *audit.Log, rules *settings.Settings,
	sender mail.Sender, baseURL *url.URL) *Orders {
	o := &Orders{log: log, publishableKey: cfg.StripePublishableKey}
	methods := payment.Methods{payment.MethodCOD: cod.Method{}, payment.MethodBankTransfer: vietqr.Method{}}
	if cfg.StripeSecretKey != "" {
		o.Card = stripe.New(stripe.Config{SecretKey: cfg.StripeSecretKey, WebhookSecret: cfg.StripeWebhookSecret, APIURL: cfg.StripeAPIURL})
		methods[payment.MethodCard] = o.Card
	}
	o.Ledger = ledger.New(d, time.Now, cfg.CommissionPercent).WithRate(rules.Commission)
	o.Service = order.New(order.Config{DB: d, Catalog: cat, Ledger: o.Ledger, Audit: auditLog, Methods: methods, Log: log, Now: time.Now,
		PaymentTTL: cfg.PaymentTTL, PaymentTTLOf: rules.TransferTTL})
	o.Notifier = notify.New(notify.Config{DB: d, Orders: o.Service, Catalog: cat, Mail: sender, BaseURL: baseURL, Log: log, Now: time.Now})
	return o
}

// Handlers returns how the outbox runs the order jobs and the
// notifications (the password reset email among them), by job kind.
func (o *Orders) Handlers() map[string]outbox.Kind {
	h := o.Notifier.Handlers()
	h[order.JobPaymentCancel] = outbox.Kind{Handle: alone(o.Service.HandlePaymentCancel)}
	h[order.JobPaymentTransfer] = outbox.Kind{Handle: alone(o.Service.HandlePaymentTransfer)}
	return h
}

// alone runs a handler of payloads one job at a time, so that the failure
// of one order's payment call does not fail the others'.
func alone(fn func(context.Context, []json.RawMessage) error) outbox.Handler {
	return outbox.Each(func(ctx context.Context, j outbox.Job) error { return fn(ctx, []json.RawMessage{j.Payload}) })
}

// Expire cancels unpaid bank transfer and card orders past their deadline,
// every interval, until ctx ends.
func (o *Orders) Expire(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := o.Service.ExpireUnpaid(ctx)
		if err != nil && ctx.Err() == nil {
			o.log.Error("orders: expire unpaid", "err", err)
		}
		if n > 0 {
			o.log.Info("orders: cancelled unpaid orders past their deadline", "orders", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// cards returns what the storefront needs to take card payments: the
// webhook verifier and the publishable key, nil and "" when cards are off.
func (o *Orders) cards() (api.StripeWebhooks, string) {
	if o.Card == nil {
		return nil, ""
	}
	return o.Card, o.publishableKey
}
