package notify_test

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/mail/mailtest"
	"github.com/ocopmarket/ocopmarket/internal/notify"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

// lostAnswer delivers its first message and then reports a failure, as
// when the connection drops before the server's answer arrives.
type lostAnswer struct {
	mail.Sender
	mu    sync.Mutex
	calls int
}

func (s *lostAnswer) Send(ctx context.Context, m mail.Message) error {
	s.mu.Lock()
	s.calls++
	first := s.calls == 1
	s.mu.Unlock()
	if err := s.Sender.Send(ctx, m); err != nil {
		return err
	}
	if first {
		return errors.New("connection reset before the answer to DATA")
	}
	return nil
}

var resetLink = regexp.MustCompile(`https://ocop\.example\.vn/dat-lai-mat-khau\?token=([A-Za-z0-9_-]+)`)

// A reset asked for by a process that stopped before its worker ran is
// sent by the next worker on the database; an email sent again after a
// lost answer carries the same Message-ID.
func TestResetEmailOutlivesTheProcess(t *testing.T) {
	smtp := mailtest.Start(t)
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		users := account.New(d, bcrypt.MinCost)
		if err := users.Create(ctx, &account.User{Email: "lan@example.vn", Name: "Nguyễn Thị Lan", Roles: []string{account.RoleShopper}},
			"mat-khau-dai"); err != nil {
			t.Fatal(err)
		}
		token, _, err := users.StartReset(ctx, "Lan@Example.vn")
		if err != nil {
			t.Fatal(err)
		}

		clk := &clock{t: time.Now()}
		sender, err := mail.NewSMTP(smtp.URL, "OCOP Market <no-reply@ocop.local>")
		if err != nil {
			t.Fatal(err)
		}
		base, _ := url.Parse("https://ocop.example.vn")
		n := notify.New(notify.Config{DB: d, Mail: &lostAnswer{Sender: sender}, BaseURL: base, Now: clk.Now})
		w := outbox.New(d, clk.Now).NewWorker(slog.New(slog.DiscardHandler), n.Handlers())
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		first, again := smtp.Next(t, 10*time.Second), smtp.Next(t, 10*time.Second)
		id := first.Header.Get("Message-ID")
		if !regexp.MustCompile(`^<ocop\.reset\.\d+\.email@ocop\.local>$`).MatchString(id) || again.Header.Get("Message-ID") != id {
			t.Errorf("Message-IDs %q and %q: want one id named after the job", id, again.Header.Get("Message-ID"))
		}
		body := mailtest.Body(t, again)
		if m := resetLink.FindStringSubmatch(body); m == nil || m[1] != token {
			t.Fatalf("no link with the token in %q", body)
		}
		for _, want := range []string{"Xin chào Nguyễn Thị Lan", "Hello Nguyễn Thị Lan", "có hiệu lực trong 1 giờ"} {
			if !strings.Contains(body, want) {
				t.Errorf("email lacks %q:\n%s", want, body)
			}
		}
		if to := again.Header.Get("To"); to != "<lan@example.vn>" {
			t.Errorf("To %q", to)
		}
		if _, err := users.FinishReset(ctx, token, "mat-khau-moi-dai"); err != nil {
			t.Errorf("the emailed link does not reset: %v", err)
		}
		if s, err := outbox.New(d, clk.Now).Stats(ctx); err != nil || s != (outbox.Stats{}) {
			t.Errorf("jobs left %+v, %v", s, err)
		}
	})
}
