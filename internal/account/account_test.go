package account_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// fieldErrors returns the code of each field of a validation error.
func fieldErrors(t *testing.T, err error) map[string]string {
	t.Helper()
	fe, ok := fault.As(err)
	if !ok || !errors.Is(err, fault.ErrInvalidInput) {
		t.Fatalf("error %v is not a validation error", err)
	}
	return fe.FieldCodes()
}

func TestRegister(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := account.New(d, bcrypt.MinCost)
		u, err := s.Register(ctx, account.Registration{Email: " Lan@Example.VN ", Password: "mat-khau-dai", Name: "  Nguyễn   Thị Lan ", Phone: "+84 912 345 678"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "lan@example.vn" || u.Name != "Nguyễn Thị Lan" || u.Phone != "0912345678" || !u.HasRole(account.RoleShopper) {
			t.Fatalf("registered %+v", u)
		}
		tests := []struct {
			name  string
			in    account.Registration
			field string
			code  string
		}{
			{"taken", account.Registration{Email: "LAN@example.vn", Password: "mat-khau-dai", Name: "Lan"}, "email", "email_taken"},
			{"no email", account.Registration{Password: "mat-khau-dai", Name: "Lan"}, "email", "required"},
			{"bad email", account.Registration{Email: "lan@", Password: "mat-khau-dai", Name: "Lan"}, "email", "invalid_email"},
			{"email with name", account.Registration{Email: "Lan <lan@x.vn>", Password: "mat-khau-dai", Name: "Lan"}, "email", "invalid_email"},
			{"email with NUL", account.Registration{Email: "lan\x00@x.vn", Password: "mat-khau-dai", Name: "Lan"}, "email", "invalid_email"},
			{"short password", account.Registration{Email: "a@x.vn", Password: "ngan", Name: "Lan"}, "password", "password_too_short"},
			{"long password", account.Registration{Email: "a@x.vn", Password: string(make([]byte, 73)), Name: "Lan"}, "password", "password_too_long"},
			{"password is email", account.Registration{Email: "abcdefgh@x.vn", Password: "ABCDEFGH@x.vn", Name: "Lan"}, "password", "password_is_email"},
			{"no name", account.Registration{Email: "a@x.vn", Password: "mat-khau-dai", Name: "  "}, "name", "required"},
			{"name with line break", account.Registration{Email: "a@x.vn", Password: "mat-khau-dai", Name: "Lan\nBcc"}, "name", "control_characters"},
			{"bad phone", account.Registration{Email: "a@x.vn", Password: "mat-khau-dai", Name: "Lan", Phone: "12345"}, "phone", "invalid_phone"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.Register(ctx, tt.in)
				if fe := fieldErrors(t, err); fe[tt.field] != tt.code {
					t.Fatalf("errors %v, want %s on %s", fe, tt.code, tt.field)
				}
			})
		}
		if n, _ := s.Count(ctx); n != 1 {
			t.Fatalf("%d users after failed registrations, want 1", n)
		}
	})
}

func TestProfileAndPassword(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := account.New(d, bcrypt.MinCost)
		u, err := s.Register(ctx, account.Registration{Email: "lan@example.vn", Password: "mat-khau-dai", Name: "Lan"})
		if err != nil {
			t.Fatal(err)
		}
		u, err = s.UpdateProfile(ctx, u.ID, "Chị Lan", "0912.345.678")
		if err != nil || u.Name != "Chị Lan" || u.Phone != "0912345678" {
			t.Fatalf("UpdateProfile = %+v, %v", u, err)
		}
		if _, err := s.UpdateProfile(ctx, u.ID, "", "x"); len(fieldErrors(t, err)) != 2 {
			t.Fatalf("bad profile: %v", err)
		}
		if _, err := s.ChangePassword(ctx, u.ID, "sai-mat-khau", "mat-khau-moi"); fieldErrors(t, err)["current_password"] == "" {
			t.Fatalf("wrong current password: %v", err)
		}
		if _, err := s.ChangePassword(ctx, u.ID, "mat-khau-dai", "moi"); fieldErrors(t, err)["new_password"] == "" {
			t.Fatalf("short new password: %v", err)
		}
		if _, err := s.ChangePassword(ctx, u.ID, "mat-khau-dai", "mat-khau-moi"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "lan@example.vn", "mat-khau-dai"); !errors.Is(err, account.ErrBadCredentials) {
			t.Fatalf("old password still works: %v", err)
		}
		if _, err := s.Authenticate(ctx, "lan@example.vn", "mat-khau-moi"); err != nil {
			t.Fatalf("new password: %v", err)
		}
	})
}

func TestReset(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := account.New(d, bcrypt.MinCost)
		if _, err := s.Register(ctx, account.Registration{Email: "lan@example.vn", Password: "mat-khau-dai", Name: "Lan"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.StartReset(ctx, "nobody@example.vn"); !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("unknown email: %v", err)
		}
		token, u, err := s.StartReset(ctx, "LAN@example.vn")
		if err != nil || u.Email != "lan@example.vn" || len(token) < 40 {
			t.Fatalf("StartReset = %q, %v, %v", token, u, err)
		}
		other, _, err := s.StartReset(ctx, "lan@example.vn")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.FinishReset(ctx, token, "ngan"); fieldErrors(t, err)["password"] == "" {
			t.Fatalf("short password: %v", err)
		}
		if _, err := s.FinishReset(ctx, "not-a-token", "mat-khau-moi"); !errors.Is(err, account.ErrResetInvalid) {
			t.Fatalf("unknown token: %v", err)
		}
		if _, err := s.FinishReset(ctx, token, "mat-khau-moi"); err != nil {
			t.Fatal(err)
		}
		for _, used := range []string{token, other} {
			if _, err := s.FinishReset(ctx, used, "mat-khau-khac"); !errors.Is(err, account.ErrResetInvalid) {
				t.Fatalf("token used again: %v", err)
			}
		}
		if _, err := s.Authenticate(ctx, "lan@example.vn", "mat-khau-moi"); err != nil {
			t.Fatal(err)
		}
		expired, _, err := s.StartReset(ctx, "lan@example.vn")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, d.Rebind(`UPDATE password_resets SET expires_at = ?`), time.Now().Add(-time.Minute).UTC()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FinishReset(ctx, expired, "mat-khau-khac"); !errors.Is(err, account.ErrResetInvalid) {
			t.Fatalf("expired token: %v", err)
		}
	})
}

func TestAddresses(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := account.New(d, bcrypt.MinCost)
		book := account.NewAddressBook(d, catalog.New(d, time.Now))
		lan, _ := s.Register(ctx, account.Registration{Email: "lan@example.vn", Password: "mat-khau-dai", Name: "Lan"})
		minh, _ := s.Register(ctx, account.Registration{Email: "minh@example.vn", Password: "mat-khau-dai", Name: "Minh"})

		a, err := book.Add(ctx, lan.ID, account.AddressInput{Name: "Lan", Phone: "0912345678", Line: "12 Tô Hiệu", Ward: "Phường Chiềng Lề", Province: "Sơn La"})
		if err != nil || a.Province.Slug != "son-la" || !a.IsDefault {
			t.Fatalf("Add = %+v, %v", a, err)
		}
		// An old province name resolves to the merged one.
		b, err := book.Add(ctx, lan.ID, account.AddressInput{Name: "Lan", Phone: "0912345678", Line: "5 Lê Lợi", Ward: "Phường Thủ Dầu Một", Province: "Bình Dương", IsDefault: true})
		if err != nil || b.Province.Slug != "ho-chi-minh" || !b.IsDefault {
			t.Fatalf("Add old province = %+v, %v", b, err)
		}
		list, _ := book.List(ctx, lan.ID)
		if len(list) != 2 || list[0].ID != b.ID || list[1].IsDefault {
			t.Fatalf("List = %+v", list)
		}
		bad := []struct {
			name  string
			in    account.AddressInput
			field string
		}{
			{"unknown province", account.AddressInput{Name: "Lan", Phone: "0912345678", Line: "x", Ward: "y", Province: "Atlantis"}, "province"},
			{"no ward", account.AddressInput{Name: "Lan", Phone: "0912345678", Line: "x", Province: "ha-noi"}, "ward"},
			{"no phone", account.AddressInput{Name: "Lan", Line: "x", Ward: "y", Province: "ha-noi"}, "phone"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := book.Add(ctx, lan.ID, tt.in); fieldErrors(t, err)[tt.field] == "" {
					t.Fatalf("error %v, want one on %s", err, tt.field)
				}
			})
		}
		// Another user sees, changes and deletes nothing of Lan's.
		if _, err := book.Get(ctx, minh.ID, a.ID); !errors.Is(err, account.ErrAddressNotFound) {
			t.Fatalf("Minh reads Lan's address: %v", err)
		}
		if _, err := book.Update(ctx, minh.ID, a.ID, account.AddressInput{Name: "M", Phone: "0912345678", Line: "x", Ward: "y", Province: "ha-noi"}); !errors.Is(err, account.ErrAddressNotFound) {
			t.Fatalf("Minh updates Lan's address: %v", err)
		}
		if err := book.Delete(ctx, minh.ID, a.ID); !errors.Is(err, account.ErrAddressNotFound) {
			t.Fatalf("Minh deletes Lan's address: %v", err)
		}
		if err := book.Delete(ctx, lan.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		list, _ = book.List(ctx, lan.ID)
		if len(list) != 1 || !list[0].IsDefault {
			t.Fatalf("after deleting the default: %+v", list)
		}
	})
}
