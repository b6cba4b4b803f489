package stripe_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/payment/stripe"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe/stripetest"
)

// FuzzParseWebhook checks the two halves of reading a webhook on any
// body: signed with another header (forged, or none) it is always
// ErrBadSignature; signed with our secret it is an event whose id, type
// and payment intent are the body's own, or an error, never a panic.
func FuzzParseWebhook(f *testing.F) {
	f.Add(stripetest.IntentEvent("evt_1", "payment_intent.succeeded", "pi_123", 820_000), "t=1,v1=00")
	f.Add(stripetest.IntentEvent("evt_2", "payment_intent.payment_failed", "pi_9", 0), "")
	f.Add([]byte(`{"id":"evt_3","object":"event","type":"charge.refunded","data":{"object":{"id":"ch_1","object":"charge"}}}`), "v1=")
	f.Add([]byte(`{"id":"evt_4","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","amount_received":"many"}}}`), "t=abc")
	f.Add([]byte(`{"id":"evt_\u0000","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","id":"pi_\u0000"}}}`), "t=1,v1=zz,v0=1")
	f.Add([]byte(`[]`), "t=9999999999999999999,v1=ab")
	m := stripe.New(stripe.Config{SecretKey: "sk_test_123", WebhookSecret: secret})
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		if _, err := m.ParseWebhook(body, header); !errors.Is(err, stripe.ErrBadSignature) {
			t.Fatalf("ParseWebhook(%q, %q): %v, want ErrBadSignature", body, header, err)
		}
		signed := stripetest.Sign(body, secret, time.Now())
		if _, err := m.ParseWebhook(append(body[:len(body):len(body)], ' '), signed); !errors.Is(err, stripe.ErrBadSignature) {
			t.Fatalf("a body changed after signing: %v, want ErrBadSignature", err)
		}
		ev, err := m.ParseWebhook(body, signed)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "stripe: ") {
				t.Fatalf("ParseWebhook(%q): %v", body, err)
			}
			return
		}
		var raw struct {
			ID   string `json:"id"`
			Type string `json:"type"`
			Data struct {
				Object struct {
					ID     string `json:"id"`
					Object string `json:"object"`
				} `json:"object"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &raw); err != nil {
			t.Fatalf("ParseWebhook read %q, which is not a JSON event: %v", body, err)
		}
		intent := ""
		if raw.Data.Object.Object == "payment_intent" {
			intent = raw.Data.Object.ID
		}
		if ev.ID != raw.ID || ev.Type != raw.Type || ev.IntentID != intent {
			t.Fatalf("ParseWebhook(%q) = %+v", body, ev)
		}
	})
}
