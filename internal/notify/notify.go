// Package notify tells people about orders through the outbox: an email to
// the cooperative for each order routed to it, an email to the shopper for
// each status change, and, for a cooperative that asked for one, a signed
// webhook (a JSON POST with an HMAC-SHA256 signature) retried with the
// outbox's backoff until it is accepted. Each message is sent once even
// when a batch is retried.
package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

// JobWebhook is the outbox job kind of one webhook delivery; its payload
// is a Delivery.
const JobWebhook = "notify.webhook"

// Webhook headers.
const (
	SignatureHeader = "X-OCOP-Signature"
	EventHeader     = "X-OCOP-Event"
	DeliveryHeader  = "X-OCOP-Delivery"
)

// Delivery is one webhook event for a cooperative.
type Delivery struct {
	Key           string          `json:"key"`
	CooperativeID int64           `json:"cooperative_id"`
	Event         string          `json:"event"`
	Body          json.RawMessage `json:"body"`
}

// Config is what a Notifier needs.
type Config struct {
	DB     *db.DB
	Orders *order.Service
	Mail   mail.Sender
	// BaseURL is the public address for links in emails.
	BaseURL *url.URL
	// HTTPClient posts webhooks; a 10-second timeout when nil.
	HTTPClient *http.Client
	Log        *slog.Logger
	Now        func() time.Time
}

// Notifier sends order notifications; its Handle methods are outbox
// handlers.
type Notifier struct {
	db     *db.DB
	orders *order.Service
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
	return &Notifier{db: c.DB, orders: c.Orders, mail: c.Mail, base: c.BaseURL, http: c.HTTPClient, log: c.Log, now: c.Now,
		jobs: outbox.New(c.DB, c.Now)}
}

// Handlers returns the outbox handlers of the notifications, by job kind.
func (n *Notifier) Handlers() map[string]outbox.Handler {
	return map[string]outbox.Handler{
		order.JobPlaced:        n.HandlePlaced,
		order.JobStatusChanged: n.HandleStatusChanged,
		JobWebhook:             n.HandleWebhook,
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

func jobs(raw []json.RawMessage, log *slog.Logger) []order.Job {
	out := make([]order.Job, 0, len(raw))
	for _, r := range raw {
		var j order.Job
		if err := json.Unmarshal(r, &j); err != nil {
			log.Error("notify: bad job payload", "payload", string(r), "err", err)
			continue
		}
		out = append(out, j)
	}
	return out
}

// HandlePlaced emails each cooperative its new order and queues its
// webhook. Failures are returned for the outbox to retry; what was sent
// is not sent again.
func (n *Notifier) HandlePlaced(ctx context.Context, payloads []json.RawMessage) error {
	var errs []error
	for _, j := range jobs(payloads, n.log) {
		nt, err := n.orders.NoticeOf(ctx, j.OrderID)
		if errors.Is(err, order.ErrNotFound) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		o := nt.Order
		if nt.CoopEmail != "" {
			errs = append(errs, n.once(ctx, fmt.Sprintf("placed:%d:email", o.ID), func() error {
				return n.send(ctx, mail.Message{To: nt.CoopEmail, Subject: "Đơn hàng mới " + o.Code + " / New order " + o.Code,
					Text: coopNewOrderText(nt)})
			}))
		}
		errs = append(errs, n.queueWebhook(ctx, nt, "order.created", fmt.Sprintf("placed:%d:webhook", o.ID)))
	}
	return errors.Join(errs...)
}

// HandleStatusChanged emails the shopper (when they gave an email) about a
// status or payment change of an order and queues the cooperative's webhook.
func (n *Notifier) HandleStatusChanged(ctx context.Context, payloads []json.RawMessage) error {
	var errs []error
	for _, j := range jobs(payloads, n.log) {
		nt, err := n.orders.NoticeOf(ctx, j.OrderID)
		if errors.Is(err, order.ErrNotFound) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		o := nt.Order
		if nt.Customer.Email != "" {
			errs = append(errs, n.once(ctx, fmt.Sprintf("status:%d:%s:email", o.ID, j.Status), func() error {
				return n.send(ctx, mail.Message{To: nt.Customer.Email,
					Subject: fmt.Sprintf("Đơn %s: %s / Order %s: %s", o.Code, statusVI(j.Status), o.Code, statusEN(j.Status)),
					Text:    shopperStatusText(nt, j.Status, n.link("/don-hang/"+o.Code))})
			}))
		}
		errs = append(errs, n.queueWebhook(ctx, nt, "order."+j.Status, fmt.Sprintf("status:%d:%s:webhook", o.ID, j.Status)))
	}
	return errors.Join(errs...)
}

func (n *Notifier) send(ctx context.Context, m mail.Message) error {
	if n.mail == nil {
		return nil
	}
	if err := n.mail.Send(ctx, m); err != nil {
		return fmt.Errorf("notify: email to %s: %w", m.To, err)
	}
	return nil
}

func (n *Notifier) link(path string) string {
	u := *n.base
	u.Path = path
	return u.String()
}

// queueWebhook adds a webhook delivery when the order's cooperative has a
// webhook; the delivery is its own job so a receiver that is down delays
// only its own events.
func (n *Notifier) queueWebhook(ctx context.Context, nt *order.Notice, event, key string) error {
	if nt.CoopWebhook == "" {
		return nil
	}
	o := nt.Order
	o.History = nil
	body, err := json.Marshal(struct {
		Event string      `json:"event"`
		At    time.Time   `json:"at"`
		Order order.Order `json:"order"`
	}{event, n.now().UTC(), o})
	if err != nil {
		return fmt.Errorf("notify: webhook body: %w", err)
	}
	return n.once(ctx, key+":queued", func() error {
		return n.jobs.Enqueue(ctx, n.db, JobWebhook, Delivery{Key: key, CooperativeID: o.Cooperative.ID, Event: event, Body: body})
	})
}

// HandleWebhook posts webhook deliveries to their cooperatives, signed; a
// receiver answering other than 2xx gets the delivery again later.
func (n *Notifier) HandleWebhook(ctx context.Context, payloads []json.RawMessage) error {
	var errs []error
	for _, raw := range payloads {
		var d Delivery
		if err := json.Unmarshal(raw, &d); err != nil {
			n.log.Error("notify: bad webhook payload", "payload", string(raw), "err", err)
			continue
		}
		errs = append(errs, n.once(ctx, d.Key, func() error { return n.post(ctx, d) }))
	}
	return errors.Join(errs...)
}

func (n *Notifier) post(ctx context.Context, d Delivery) error {
	var hook struct {
		URL    string `db:"webhook_url"`
		Secret string `db:"webhook_secret"`
	}
	err := n.db.GetContext(ctx, &hook, n.db.Rebind(`SELECT webhook_url, webhook_secret FROM cooperative_integrations
		WHERE cooperative_id = ?`), d.CooperativeID)
	if db.NoRows(err) || err == nil && hook.URL == "" {
		return nil // the webhook was removed meanwhile
	}
	if err != nil {
		return fmt.Errorf("notify: webhook of cooperative %d: %w", d.CooperativeID, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(d.Body))
	if err != nil {
		return fmt.Errorf("notify: webhook of cooperative %d: %w", d.CooperativeID, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "OCOP-Market-Webhook/1")
	req.Header.Set(EventHeader, d.Event)
	req.Header.Set(DeliveryHeader, d.Key)
	req.Header.Set(SignatureHeader, Sign(hook.Secret, n.now(), d.Body))
	resp, err := n.http.Do(req)
	if err != nil {
		return fmt.Errorf("notify: webhook %s to cooperative %d: %w", d.Event, d.CooperativeID, err)
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("notify: webhook %s to cooperative %d: answered %d", d.Event, d.CooperativeID, resp.StatusCode)
	}
	return nil
}

// Sign returns the signature header of a webhook body: "t=<unix
// seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>".
func Sign(secret string, at time.Time, body []byte) string {
	t := strconv.FormatInt(at.Unix(), 10)
	return "t=" + t + ",v1=" + mac(secret, t, body)
}

func mac(secret, t string, body []byte) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(t + "."))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// ErrBadSignature means a webhook signature does not match or is too old.
var ErrBadSignature = errors.New("notify: webhook signature does not verify")

// Verify checks a signature header made by Sign, refusing one older than
// tolerance: what a receiver runs.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var t, v1 string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			t = v
		case "v1":
			v1 = v
		}
	}
	sec, err := strconv.ParseInt(t, 10, 64)
	if err != nil || v1 == "" {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrBadSignature
	}
	if !hmac.Equal([]byte(mac(secret, t, body)), []byte(v1)) {
		return ErrBadSignature
	}
	return nil
}

// SetWebhook sets (or, with an empty URL, removes) a cooperative's webhook.
func (n *Notifier) SetWebhook(ctx context.Context, coopID int64, rawURL, secret string) error {
	if rawURL != "" {
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("notify: webhook URL %q: want http(s)://host/path", rawURL)
		}
	}
	if _, err := n.db.ExecContext(ctx, n.db.Rebind(`INSERT INTO cooperative_integrations (cooperative_id, webhook_url, webhook_secret)
		VALUES (?, ?, ?) ON CONFLICT (cooperative_id) DO UPDATE SET webhook_url = excluded.webhook_url,
		webhook_secret = excluded.webhook_secret`), coopID, rawURL, secret); err != nil {
		return fmt.Errorf("notify: set webhook of cooperative %d: %w", coopID, err)
	}
	return nil
}

func statusVI(s string) string {
	switch s {
	case order.StatusConfirmed:
		return "đã xác nhận"
	case order.StatusPacked:
		return "đã đóng gói"
	case order.StatusShipped:
		return "đang giao"
	case order.StatusDelivered:
		return "đã giao"
	case order.StatusCancelled:
		return "đã hủy"
	case "paid":
		return "đã thanh toán"
	}
	return "đang chờ"
}

func statusEN(s string) string {
	if s == "" {
		return order.StatusPending
	}
	return s
}

func itemsText(o order.Order) string {
	var b strings.Builder
	for _, it := range o.Items {
		fmt.Fprintf(&b, "  - %s × %d %s: %s\n", it.Name, it.Quantity, it.Unit, format.VND(it.LineTotalVND))
	}
	fmt.Fprintf(&b, "  Tiền hàng / Items: %s\n  Phí giao / Shipping: %s\n  Tổng / Total: %s\n",
		format.VND(o.SubtotalVND), format.VND(o.ShippingVND), format.VND(o.TotalVND))
	return b.String()
}

func coopNewOrderText(nt *order.Notice) string {
	o, c := nt.Order, nt.Customer
	return fmt.Sprintf(`Hợp tác xã %s có đơn hàng mới %s.

%s
Thanh toán / Payment: %s (%s)
Giao đến / Ship to: %s, %s
  %s, %s, %s

Xác nhận đơn trong trang quản lý của hợp tác xã.
Confirm the order in your cooperative panel.
`, o.Cooperative.Name, o.Code, itemsText(o), o.Payment.Method, o.Payment.Status, c.Name, c.Phone,
		c.Address.Line, c.Address.Ward, c.Address.Province.Name)
}

func shopperStatusText(nt *order.Notice, status, link string) string {
	o := nt.Order
	extra := ""
	if status == order.StatusShipped && o.TrackingNo != "" {
		extra = "Mã vận đơn / Tracking number: " + o.TrackingNo + "\n"
	}
	if status == order.StatusCancelled && o.CancelReason != "" {
		extra = "Lý do / Reason: " + o.CancelReason + "\n"
	}
	return fmt.Sprintf(`Chào %s,

Đơn hàng %s của %s: %s.
Order %s from %s: %s.
%s
%s
Theo dõi đơn / Track the order: %s
`, nt.Customer.Name, o.Code, o.Cooperative.Name, statusVI(status), o.Code, o.Cooperative.Name, statusEN(status), extra,
		itemsText(o), link)
}
