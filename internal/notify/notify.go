// Package notify tells people what happened through the outbox: the
// password reset email, an email to the cooperative for each order routed
// to it, an email to the shopper for each status change, the reminder
// that an OCOP certificate expires in 60 days, and, for a
// cooperative that asked for one, a signed webhook (a JSON POST with an
// HMAC-SHA256 signature) retried with the outbox's backoff until it is
// accepted.
//
// Each message is sent once even when its job runs again, and when a
// message may still go out twice (the process stops between sending it and
// recording it), both carry the same id, derived from the job: the email's
// Message-ID, the webhook's X-OCOP-Delivery header. Receivers drop the
// repeat by it.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

// Config is what a Notifier needs.
type Config struct {
	DB     *db.DB
	Orders *order.Service
	// Catalog tells what an OCOP expiry reminder says and to whom.
	Catalog *catalog.Store
	Mail    mail.Sender
	// BaseURL is the public address for links in emails.
	BaseURL *url.URL
	// HTTPClient posts webhooks; a 10-second timeout when nil.
	HTTPClient *http.Client
	Log        *slog.Logger
	Now        func() time.Time
}

// Notifier sends notifications; Handlers gives its outbox handlers.
type Notifier struct {
	db     *db.DB
	orders *order.Service
	cat    *catalog.Store
	mail   mail.Sender
	base   *url.URL
	http   *http.Client
	log    *slog.Logger
	now    func() time.Time
	jobs   *outbox.Queue
}

// New returns a Notifier.
func New(c Config) *Notifier {
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.BaseURL == nil {
		c.BaseURL = &url.URL{Scheme: "http", Host: "localhost:8080"}
	}
	return &Notifier{db: c.DB, orders: c.Orders, cat: c.Catalog, mail: c.Mail, base: c.BaseURL, http: c.HTTPClient, log: c.Log, now: c.Now,
		jobs: outbox.New(c.DB, c.Now)}
}

// Handlers returns how the outbox runs the notifications, by job kind.
// Each job is handled alone, so that one unreachable receiver does not hold
// back the others.
func (n *Notifier) Handlers() map[string]outbox.Kind {
	return map[string]outbox.Kind{
		// A reset link expires: retrying after that sends a dead link.
		account.JobResetEmail:  {Handle: outbox.Each(n.handleResetEmail), MaxAttempts: outbox.AttemptsWithin(account.ResetTTL)},
		order.JobPlaced:        {Handle: outbox.Each(n.handlePlaced)},
		order.JobStatusChanged: {Handle: outbox.Each(n.handleStatusChanged)},
		JobWebhook:             {Handle: outbox.Each(n.handleWebhook)},
		catalog.JobOCOPExpiry:  {Handle: outbox.Each(n.handleExpiryReminder)},
	}
}

// once runs send unless key was sent before, and records it after.
func (n *Notifier) once(ctx context.Context, key string, send func() error) error {
	var done int
	if err := n.db.GetContext(ctx, &done, n.db.Rebind(`SELECT COUNT(*) FROM notifications_sent WHERE key = ?`), key); err != nil {
		return fmt.Errorf("notify: %s: %w", key, err)
	}
	if done > 0 {
		return nil
	}
	if err := send(); err != nil {
		return err
	}
	if _, err := n.db.ExecContext(ctx, n.db.Rebind(`INSERT INTO notifications_sent (key, sent_at) VALUES (?, ?)
		ON CONFLICT (key) DO NOTHING`), key, n.now().UTC()); err != nil {
		return fmt.Errorf("notify: %s: record: %w", key, err)
	}
	return nil
}

// email sends m once under key, with a Message-ID made of key.
func (n *Notifier) email(ctx context.Context, key string, m mail.Message) error {
	return n.once(ctx, key, func() error {
		if n.mail == nil {
			return nil
		}
		m.ID = "ocop." + strings.ReplaceAll(key, ":", ".")
		if err := n.mail.Send(ctx, m); err != nil {
			return fmt.Errorf("notify: email %s to %s: %w", key, m.To, err)
		}
		return nil
	})
}

func (n *Notifier) link(path string, query url.Values) string {
	u := *n.base
	u.Path = path
	u.RawQuery = query.Encode()
	return u.String()
}
