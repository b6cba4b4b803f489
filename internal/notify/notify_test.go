package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/mail/mailtest"
	"github.com/ocopmarket/ocopmarket/internal/notify"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/cod"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// receiver is a cooperative's webhook endpoint that refuses the first
// delivery and verifies every signature.
type receiver struct {
	mu       sync.Mutex
	secret   string
	clock    *clock
	calls    int
	accepted []string
	// deliveries are the DeliveryHeader of every call.
	deliveries []string
	bad        int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	body, _ := io.ReadAll(req.Body)
	r.calls++
	delivery := req.Header.Get(notify.DeliveryHeader)
	r.deliveries = append(r.deliveries, delivery)
	if err := verify(r.secret, req.Header.Get(notify.SignatureHeader), delivery, body, r.clock.Now(), 5*time.Minute); err != nil {
		r.bad++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if r.calls == 1 {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	r.accepted = append(r.accepted, req.Header.Get(notify.EventHeader))
	w.WriteHeader(http.StatusNoContent)
}

func TestOrderNotifications(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		smtp := mailtest.Start(t)
		sender, err := mail.NewSMTP(smtp.URL, "OCOP Market <no-reply@ocop.local>")
		if err != nil {
			t.Fatal(err)
		}
		cat := catalog.New(d, clk.Now)
		co := &catalog.Cooperative{Slug: "htx-ho-quynh", Name: "HTX thủy sản Hồ Quỳnh", Province: catalog.NamedSlug{Slug: "dong-thap"},
			Status: catalog.CoopActive, Email: "hoquynh@ocop.local", ShippingFeeVND: 25000}
		if err := cat.CreateCooperative(ctx, d, co); err != nil {
			t.Fatal(err)
		}
		pid, err := cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: "cha-ca-lang",
			Name: "Chả cá lăng", PriceVND: 95000, Unit: "hộp", Stock: 10, Published: true, ProvinceSlug: "dong-thap"})
		if err != nil {
			t.Fatal(err)
		}
		orders := order.New(order.Config{DB: d, Catalog: cat, Ledger: ledger.New(d, clk.Now, 5), Now: clk.Now,
			Methods: payment.Methods{payment.MethodCOD: cod.Method{}}})
		n := notify.New(notify.Config{DB: d, Orders: orders, Mail: sender, Now: clk.Now})
		rcv := &receiver{secret: "s3cret", clock: clk}
		srv := httptest.NewServer(rcv)
		defer srv.Close()
		if _, err := d.ExecContext(ctx, d.Rebind(`INSERT INTO cooperative_integrations (cooperative_id, webhook_url, webhook_secret)
			VALUES (?, ?, ?)`), co.ID, srv.URL+"/ocop", "s3cret"); err != nil {
			t.Fatal(err)
		}
		g, _, err := orders.Checkout(ctx, order.CheckoutInput{Name: "Nguyễn Thị Lan", Phone: "0912345678", Email: "lan@example.com",
			Address: order.AddressInput{Line: "12 Lê Lợi", Ward: "Phường 1", Province: "Đồng Tháp"}, PaymentMethod: payment.MethodCOD,
			Lines: []order.Line{{ProductID: pid, Quantity: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		code := g.Orders[0].Code
		if _, err := orders.Transition(ctx, order.TransitionInput{Code: code, CooperativeID: co.ID, To: order.StatusConfirmed,
			Actor: order.Actor{Name: "coop_staff"}}); err != nil {
			t.Fatal(err)
		}
		w := outbox.New(d, clk.Now).NewWorker(slog.New(slog.DiscardHandler), n.Handlers())
		run := func() {
			t.Helper()
			for range 5 {
				if _, err := w.RunOnce(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		run()
		got, ids := map[string]string{}, map[string]string{}
		for range 2 {
			m := smtp.Next(t, 10*time.Second)
			got[m.Header.Get("To")] = mailtest.Body(t, m)
			ids[m.Header.Get("To")] = m.Header.Get("Message-ID")
		}
		orderID := g.Orders[0].ID
		if want := fmt.Sprintf("<ocop.placed.%d.email@ocop.local>", orderID); ids["<hoquynh@ocop.local>"] != want {
			t.Errorf("cooperative's Message-ID %q, want %q", ids["<hoquynh@ocop.local>"], want)
		}
		if want := fmt.Sprintf("<ocop.status.%d.confirmed.email@ocop.local>", orderID); ids["<lan@example.com>"] != want {
			t.Errorf("shopper's Message-ID %q, want %q", ids["<lan@example.com>"], want)
		}
		coopMail, shopperMail := got["<hoquynh@ocop.local>"], got["<lan@example.com>"]
		if !strings.Contains(coopMail, code) || !strings.Contains(coopMail, "Chả cá lăng") || !strings.Contains(coopMail, "215.000 ₫") {
			t.Errorf("cooperative's email:\n%s\n(all: %v)", coopMail, got)
		}
		if !strings.Contains(shopperMail, "đã xác nhận") || !strings.Contains(shopperMail, "/don-hang/"+code) {
			t.Errorf("shopper's email:\n%s", shopperMail)
		}
		// The first webhook attempt was refused: a retry after the backoff
		// delivers, and nothing is delivered twice.
		rcv.mu.Lock()
		first := len(rcv.accepted)
		rcv.mu.Unlock()
		clk.Add(time.Hour)
		run()
		clk.Add(time.Hour)
		run()
		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		if rcv.bad != 0 || len(rcv.accepted) != 2 || first != 1 {
			t.Fatalf("webhook: %d calls, accepted %v (first round %d), %d bad signatures", rcv.calls, rcv.accepted, first, rcv.bad)
		}
		// The refused delivery came again under the same id.
		if d := rcv.deliveries; len(d) != 3 || d[0] == "" || d[0] == d[1] || d[2] != d[0] {
			t.Errorf("delivery ids %v: want two distinct ones, the refused one repeated", rcv.deliveries)
		}
		var left int
		if err := d.Get(&left, `SELECT COUNT(*) FROM outbox_jobs WHERE kind LIKE 'order.%' OR kind LIKE 'notify.%'`); err != nil || left != 0 {
			t.Errorf("%d notification jobs left, %v", left, err)
		}
	})
}

// verify checks a signature header for the delivery id and body received,
// refusing one older than tolerance, as a receiver does: the header is
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of t.delivery.body>".
func verify(secret, header, delivery string, body []byte, now time.Time, tolerance time.Duration) error {
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
		return errors.New("no t or v1")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("signed %v ago", d)
	}
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(t + "." + delivery + "."))
	h.Write(body)
	if !hmac.Equal([]byte(hex.EncodeToString(h.Sum(nil))), []byte(v1)) {
		return errors.New("the signature does not match")
	}
	return nil
}

// TestSign checks the signatures of Sign with a receiver's verify.
func TestSign(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	body := []byte(`{"event":"order.created"}`)
	good := notify.Sign("k", now, "placed:1:webhook", body)
	for _, tc := range []struct {
		name, secret, header, delivery string
		body                           []byte
		ok                             bool
	}{
		{"good", "k", good, "placed:1:webhook", body, true},
		{"other secret", "x", good, "placed:1:webhook", body, false},
		{"tampered body", "k", good, "placed:1:webhook", []byte(`{"event":"order.cancelled"}`), false},
		{"other delivery id", "k", good, "placed:2:webhook", body, false},
		{"old", "k", notify.Sign("k", now.Add(-time.Hour), "placed:1:webhook", body), "placed:1:webhook", body, false},
		{"garbage", "k", "v1=abc", "placed:1:webhook", body, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := verify(tc.secret, tc.header, tc.delivery, tc.body, now, 5*time.Minute)
			if (err == nil) != tc.ok {
				t.Fatalf("err = %v, want ok %v", err, tc.ok)
			}
		})
	}
}
