// Package stripetest helps tests talk to stripe-mock and sign webhook
// payloads as Stripe does.
package stripetest

import (
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// MockEnv names the variable holding the URL of a running stripe-mock.
const MockEnv = "TEST_STRIPE_MOCK_URL"

// URL returns the stripe-mock URL, failing the test with how to get one
// when it is not set or does not answer.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(MockEnv)
	if u == "" {
		t.Fatalf("stripetest: %s is not set: run the tests with `make test` (or `bash .ci/services.sh go test ./...`), "+
			"which starts stripe-mock, or start it yourself with `go install github.com/stripe/stripe-mock@v0.203.0 && "+
			"$(go env GOPATH)/bin/stripe-mock -http-addr 127.0.0.1:12111` and set %s=http://127.0.0.1:12111", MockEnv, MockEnv)
	}
	resp, err := http.Get(u + "/v1/balance")
	if err != nil {
		t.Fatalf("stripetest: stripe-mock at %s (%s) does not answer: %v", u, MockEnv, err)
	}
	resp.Body.Close()
	return u
}

// IntentEvent returns the JSON of a payment_intent event, as Stripe sends
// it to a webhook endpoint.
func IntentEvent(eventID, eventType, intentID string, amountVND int64) []byte {
	return fmt.Appendf(nil, `{"id": %q, "object": "event", "api_version": %q, "created": %d, "type": %q,
"data": {"object": {"id": %q, "object": "payment_intent", "amount": %d, "amount_received": %d, "currency": "vnd",
"status": "succeeded", "transfer_group": "", "metadata": {}}}, "livemode": false, "pending_webhooks": 1}`,
		eventID, stripego.APIVersion, time.Now().Unix(), eventType, intentID, amountVND, amountVND)
}

// Sign returns the Stripe-Signature header of payload signed with secret
// at time at.
func Sign(payload []byte, secret string, at time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: at}).Header
}
