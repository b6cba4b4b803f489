package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
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
	// DeliveryHeader names the event for good: a delivery sent again
	// carries the same value, and the signature covers it.
	DeliveryHeader = "X-OCOP-Delivery"
)

// Delivery is one webhook event for a cooperative.
type Delivery struct {
	// Key is the id of the delivery, made of the order job and the event
	// ("placed:12:webhook"), sent as DeliveryHeader.
	Key           string          `json:"key"`
	CooperativeID int64           `json:"cooperative_id"`
	Event         string          `json:"event"`
	Body          json.RawMessage `json:"body"`
}

// queueWebhook adds a webhook delivery when the order's cooperative has a
// webhook, once per key: the record of the key and the delivery job are
// written together. The delivery is its own job so a receiver that is down
// delays only its own events.
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
	err = n.db.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO notifications_sent (key, sent_at) VALUES (?, ?)
			ON CONFLICT (key) DO NOTHING`), key+":queued", n.now().UTC())
		if err != nil {
			return err
		}
		if added, err := res.RowsAffected(); err != nil || added == 0 {
			return err
		}
		return n.jobs.Enqueue(ctx, tx, JobWebhook, Delivery{Key: key, CooperativeID: o.Cooperative.ID, Event: event, Body: body})
	})
	if err != nil {
		return fmt.Errorf("notify: queue webhook %s: %w", key, err)
	}
	return nil
}

// handleWebhook posts a webhook delivery to its cooperative, signed; a
// receiver answering other than 2xx gets the delivery again later.
func (n *Notifier) handleWebhook(ctx context.Context, j outbox.Job) error {
	var d Delivery
	if err := json.Unmarshal(j.Payload, &d); err != nil {
		return outbox.Permanent(fmt.Errorf("notify: webhook job %d: payload: %w", j.ID, err))
	}
	return n.once(ctx, d.Key, func() error { return n.post(ctx, d) })
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
	req.Header.Set(SignatureHeader, Sign(hook.Secret, n.now(), d.Key, d.Body))
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

// Sign returns the signature header of a webhook: "t=<unix
// seconds>,v1=<hex HMAC-SHA256 of "<t>.<delivery>.<body>" with the
// secret>", where delivery is the DeliveryHeader, so that a receiver
// dropping repeats by it can trust it.
func Sign(secret string, at time.Time, delivery string, body []byte) string {
	t := strconv.FormatInt(at.Unix(), 10)
	return "t=" + t + ",v1=" + mac(secret, t, delivery, body)
}

func mac(secret, t, delivery string, body []byte) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(t + "." + delivery + "."))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}
