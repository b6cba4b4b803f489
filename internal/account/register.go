package account

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/vnphone"
)

// Password length limits: bcrypt reads at most 72 bytes.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 72
)

// FieldErrors says what is wrong with each field of an input; handlers
// answer it as a 400 listing the fields.
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	names := make([]string, 0, len(f))
	for k, v := range f {
		names = append(names, k+": "+v)
	}
	sort.Strings(names)
	return "account: invalid input: " + strings.Join(names, "; ")
}

// err returns f as an error, or nil when it is empty.
func (f FieldErrors) err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// Registration is what a shopper enters to sign up.
type Registration struct {
	Email    string
	Password string
	Name     string
	Phone    string
}

// CheckEmail returns the normalised email or what is wrong with it.
func CheckEmail(email string) (string, string) {
	e := NormalizeEmail(email)
	if e == "" {
		return "", "is required"
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 || !strings.Contains(e[strings.LastIndex(e, "@"):], ".") {
		return "", "must be an email address such as lan@example.vn"
	}
	return e, ""
}

// CheckPassword says what is wrong with a new password, or "".
func CheckPassword(password, email string) string {
	switch {
	case len(password) < MinPasswordLen:
		return fmt.Sprintf("must be at least %d characters", MinPasswordLen)
	case len(password) > MaxPasswordLen:
		return fmt.Sprintf("must be at most %d bytes", MaxPasswordLen)
	case !utf8.ValidString(password):
		return "must be valid UTF-8 text"
	case email != "" && strings.EqualFold(password, email):
		return "must not be your email address"
	}
	return ""
}

// CheckName returns the trimmed name or what is wrong with it.
func CheckName(name string) (string, string) {
	n := strings.Join(strings.Fields(name), " ")
	switch {
	case !utf8.ValidString(n):
		return "", "must be valid UTF-8 text"
	case n == "":
		return "", "is required"
	case utf8.RuneCountInString(n) > 100:
		return "", "must be at most 100 characters"
	}
	for _, r := range n {
		if unicode.IsControl(r) {
			return "", "must not contain control characters"
		}
	}
	return n, ""
}

// CheckPhone normalises a Vietnamese phone number ("+84 912 345 678",
// "0912.345.678" → "0912345678"); empty stays empty unless required.
func CheckPhone(phone string, required bool) (string, string) {
	if strings.TrimSpace(phone) == "" {
		if required {
			return "", "is required"
		}
		return "", ""
	}
	p, ok := vnphone.Normalize(phone)
	if !ok {
		return "", "must be a Vietnamese phone number such as 0912 345 678"
	}
	return p, ""
}

// Register validates r and creates a shopper account.
func (s *Store) Register(ctx context.Context, r Registration) (*User, error) {
	fe := FieldErrors{}
	email, msg := CheckEmail(r.Email)
	if msg != "" {
		fe["email"] = msg
	}
	if msg := CheckPassword(r.Password, email); msg != "" {
		fe["password"] = msg
	}
	name, msg := CheckName(r.Name)
	if msg != "" {
		fe["name"] = msg
	}
	phone, msg := CheckPhone(r.Phone, false)
	if msg != "" {
		fe["phone"] = msg
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	u := &User{Email: email, Name: name, Phone: phone, Roles: []string{RoleShopper}}
	if err := s.Create(ctx, u, r.Password); err != nil {
		if errors.Is(err, ErrEmailTaken) {
			return nil, fmt.Errorf("%w: %w", FieldErrors{"email": "is already registered: log in or reset your password"}, err)
		}
		return nil, err
	}
	return u, nil
}

// UpdateProfile changes the name and phone of a user.
func (s *Store) UpdateProfile(ctx context.Context, id int64, name, phone string) (*User, error) {
	fe := FieldErrors{}
	n, msg := CheckName(name)
	if msg != "" {
		fe["name"] = msg
	}
	p, msg := CheckPhone(phone, false)
	if msg != "" {
		fe["phone"] = msg
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	res, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE users SET name = ?, phone = ?, updated_at = ? WHERE id = ?`),
		n, p, time.Now().UTC(), id)
	if err != nil {
		return nil, fmt.Errorf("account: update profile %d: %w", id, err)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return nil, fmt.Errorf("account: update profile %d: %w", id, ErrNotFound)
	}
	return s.ByID(ctx, id)
}

// ChangePassword sets a new password after checking the current one; a
// wrong current password is a FieldErrors on current_password.
func (s *Store) ChangePassword(ctx context.Context, id int64, current, next string) (*User, error) {
	u, err := s.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	fe := FieldErrors{}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(current)) != nil {
		fe["current_password"] = "is not your current password"
	}
	if msg := CheckPassword(next, u.Email); msg != "" {
		fe["new_password"] = msg
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	if err := s.setPassword(ctx, s.db, id, next); err != nil {
		return nil, err
	}
	return s.ByID(ctx, id)
}
