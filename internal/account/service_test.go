package account_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/redistest"
)

const (
	addrA = "203.0.113.7"
	addrB = "198.51.100.20"
)

var testLimits = account.Limits{
	PerAddress:        ratelimit.Rule{Limit: 20, Window: time.Minute},
	PerAccountAddress: ratelimit.Rule{Limit: 3, Window: time.Minute},
	PerAccount:        ratelimit.Rule{Limit: 8, Window: time.Minute},
	ResetPerAccount:   ratelimit.Rule{Limit: 5, Window: time.Hour},
}

// eachLimiter runs fn over SQLite and PostgreSQL, with the counters in
// the database and in Redis.
func eachLimiter(t *testing.T, fn func(t *testing.T, d *db.DB, l ratelimit.Limiter)) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		t.Run("sql", func(t *testing.T) { fn(t, d, ratelimit.NewSQL(d, time.Now)) })
		t.Run("redis", func(t *testing.T) {
			rdb, prefix := redistest.Client(t)
			fn(t, d, ratelimit.NewRedis(rdb, prefix))
		})
	})
}

func TestLoginLimits(t *testing.T) {
	n := 0 // numbers the users of every backend, which share a database
	eachLimiter(t, func(t *testing.T, d *db.DB, l ratelimit.Limiter) {
		ctx := context.Background()
		users := account.New(d, bcrypt.MinCost)
		svc := account.NewService(users, l, testLimits)
		newUser := func(t *testing.T) string {
			n++
			email := fmt.Sprintf("lan%d@example.vn", n)
			if _, err := users.Register(ctx, account.Registration{Email: email, Password: "mat-khau-dai", Name: "Lan"}); err != nil {
				t.Fatal(err)
			}
			return email
		}
		login := func(email, password, addr string) error {
			_, err := svc.Login(ctx, account.LoginInput{Email: email, Password: password, ClientAddr: addr})
			return err
		}
		wantKind := func(t *testing.T, what string, err error, kind fault.Kind) {
			t.Helper()
			fe, ok := fault.As(err)
			if kind == 0 {
				if err != nil {
					t.Fatalf("%s: %v, want success", what, err)
				}
				return
			}
			if !ok || fe.Kind != kind {
				t.Fatalf("%s: %v, want kind %d", what, err, kind)
			}
			if kind == fault.TooMany && fe.RetryAfter <= 0 {
				t.Fatalf("%s: 429 without RetryAfter", what)
			}
		}

		t.Run("guesses from A do not block the owner on B", func(t *testing.T) {
			email := newUser(t)
			for i := range 3 {
				wantKind(t, fmt.Sprintf("guess %d from A", i+1), login(email, "sai-mat-khau", addrA), fault.Unauthorized)
			}
			wantKind(t, "fourth guess from A", login(email, "sai-mat-khau", addrA), fault.TooMany)
			wantKind(t, "right password from A, blocked", login(email, "mat-khau-dai", addrA), fault.TooMany)
			wantKind(t, "owner on B", login(email, "mat-khau-dai", addrB), 0)
		})

		t.Run("successes never count", func(t *testing.T) {
			email := newUser(t)
			for i := range 12 {
				wantKind(t, fmt.Sprintf("login %d", i+1), login(email, "mat-khau-dai", addrA), 0)
			}
			wantKind(t, "a typo after many logins", login(email, "sai", addrA), fault.Unauthorized)
		})

		t.Run("a cap per account, and a reset clears it", func(t *testing.T) {
			email := newUser(t)
			for i := range 8 {
				addr := fmt.Sprintf("192.0.2.%d", i/2+1) // two guesses from each of four addresses
				wantKind(t, "guess "+addr, login(email, "sai-mat-khau", addr), fault.Unauthorized)
			}
			wantKind(t, "owner on B after the cap", login(email, "mat-khau-dai", addrB), fault.TooMany)
			if err := svc.RequestReset(ctx, account.ResetRequest{Email: email, ClientAddr: addrB}); err != nil {
				t.Fatalf("RequestReset: %v", err)
			}
			token, _, err := users.StartReset(ctx, email) // the token the queued email carries
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.FinishReset(ctx, account.PasswordReset{Token: token, Password: "mat-khau-moi", ClientAddr: addrB}); err != nil {
				t.Fatal(err)
			}
			wantKind(t, "owner on B after the reset", login(email, "mat-khau-moi", addrB), 0)
		})

		t.Run("per address, across accounts", func(t *testing.T) {
			addr := fmt.Sprintf("203.0.113.%d", n%100+100) // fresh for each backend
			for i := range 20 {
				wantKind(t, fmt.Sprintf("guess %d", i+1), login(fmt.Sprintf("nobody%d@example.vn", i), "x", addr), fault.Unauthorized)
			}
			wantKind(t, "21st guess", login("nobody@example.vn", "x", addr), fault.TooMany)
			wantKind(t, "an email no account can have", login("lan\x00@example.vn", "x", "203.0.113.98"), fault.Unauthorized)
		})

		t.Run("wrong current password counts as a guess", func(t *testing.T) {
			email := newUser(t)
			u, err := users.ByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			change := func(current string) error {
				_, err := svc.ChangePassword(ctx, account.PasswordChange{User: u, Current: current, New: "mat-khau-moi", ClientAddr: addrA})
				return err
			}
			for range 3 {
				if err := change("sai"); !errors.Is(err, account.ErrBadCredentials) {
					t.Fatalf("wrong current password: %v", err)
				}
			}
			wantKind(t, "fourth wrong current password", change("sai"), fault.TooMany)
			wantKind(t, "login from B", login(email, "mat-khau-dai", addrB), 0)
		})

		t.Run("missing fields", func(t *testing.T) {
			err := login("", "", addrA)
			fe, ok := fault.As(err)
			if !ok || fe.FieldCodes()["email"] != "required" || fe.FieldCodes()["password"] != "required" {
				t.Fatalf("empty login: %v", err)
			}
		})
	})
}
