package stripe_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe"
	"github.com/ocopmarket/ocopmarket/internal/payment/stripe/stripetest"
)

const secret = "whsec_test_ocop"

func newMethod(t *testing.T) *stripe.Method {
	return stripe.New(stripe.Config{SecretKey: "sk_test_123", WebhookSecret: secret, APIURL: stripetest.URL(t)})
}

func TestCheckLimits(t *testing.T) {
	m := stripe.New(stripe.Config{SecretKey: "sk_test_123"})
	for _, tc := range []struct {
		total int64
		code  string
	}{
		{12_999, "amount_too_small"},
		{13_000, ""},
		{99_999_999, ""},
		{100_000_000, "amount_too_large"},
	} {
		err := m.Check(payment.Group{TotalVND: tc.total})
		var re *payment.RejectedError
		switch {
		case tc.code == "" && err != nil:
			t.Errorf("%d ₫: %v", tc.total, err)
		case tc.code != "" && (!errors.As(err, &re) || re.Code != tc.code):
			t.Errorf("%d ₫: %v, want %s", tc.total, err, tc.code)
		}
	}
}

func TestAgainstStripeMock(t *testing.T) {
	m := newMethod(t)
	ctx := context.Background()
	g := payment.Group{Code: "OC-7KD2Q9", TotalVND: 820_000, Email: "lan@example.com",
		Orders: []payment.Order{{Code: "OC-7KD2Q9-1", TotalVND: 510_000}, {Code: "OC-7KD2Q9-2", TotalVND: 310_000}}}
	s, err := m.Begin(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.Ref, "pi_") || !strings.Contains(s.ClientSecret, "_secret_") {
		t.Fatalf("session %+v", s)
	}
	for _, c := range []payment.Cancellation{
		{GroupCode: g.Code, OrderCode: "OC-7KD2Q9-2", Ref: s.Ref, AmountVND: 310_000, RemainingVND: 510_000},
		{GroupCode: g.Code, OrderCode: "OC-7KD2Q9-1", Ref: s.Ref, AmountVND: 510_000, RemainingVND: 0},
		{GroupCode: g.Code, OrderCode: "OC-7KD2Q9-1", Ref: s.Ref, AmountVND: 510_000, Paid: true},
		{GroupCode: g.Code, OrderCode: "OC-7KD2Q9-1", AmountVND: 510_000},
	} {
		if err := m.Cancel(ctx, c); err != nil {
			t.Errorf("cancel %+v: %v", c, err)
		}
	}
	id, err := m.Transfer(ctx, payment.Order{Code: "OC-7KD2Q9-1", GroupCode: g.Code,
		Payee: payment.Payee{StripeAccountID: "acct_1032D82eZvKYlo2C"}}, s.Ref, 490_000)
	if err != nil || !strings.HasPrefix(id, "tr_") {
		t.Fatalf("transfer %q, %v", id, err)
	}
}

func TestParseWebhook(t *testing.T) {
	m := stripe.New(stripe.Config{SecretKey: "sk_test_123", WebhookSecret: secret})
	body := stripetest.IntentEvent("evt_1", "payment_intent.succeeded", "pi_123", 820_000)
	for _, tc := range []struct {
		name   string
		header string
		ok     bool
	}{
		{"signed", stripetest.Sign(body, secret, time.Now()), true},
		{"forged", stripetest.Sign(body, "whsec_someone_else", time.Now()), false},
		{"replayed an hour later", stripetest.Sign(body, secret, time.Now().Add(-time.Hour)), false},
		{"no signature", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := m.ParseWebhook(body, tc.header)
			if !tc.ok {
				if !errors.Is(err, stripe.ErrBadSignature) {
					t.Fatalf("err = %v, want ErrBadSignature", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ev.ID != "evt_1" || ev.IntentID != "pi_123" || ev.AmountVND != 820_000 || ev.Currency != "vnd" {
				t.Fatalf("event %+v", ev)
			}
		})
	}
	tampered := []byte(strings.Replace(string(body), "820000", "1", 1))
	if _, err := m.ParseWebhook(tampered, stripetest.Sign(body, secret, time.Now())); !errors.Is(err, stripe.ErrBadSignature) {
		t.Fatalf("tampered body: %v", err)
	}
}
