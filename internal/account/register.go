package account

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/vnphone"
)

// Password length limits: bcrypt reads at most 72 bytes.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 72
)

// Registration is what a shopper enters to sign up.
type Registration struct {
	Email    string
	Password string
	Name     string
	Phone    string
}

// MaxEmailLen is the longest email address (RFC 5321).
const MaxEmailLen = 254

// CheckEmail is the one rule for email addresses: it returns the
// normalised email, or records on f what is wrong with it under field.
// An empty email is wrong only when required.
func CheckEmail(f *fault.Fields, field, email string, required bool) string {
	e := NormalizeEmail(email)
	if e == "" {
		if required {
			f.Add(field, "required", nil)
		}
		return ""
	}
	if !PlausibleEmail(e) {
		f.Add(field, "invalid_email", nil)
		return ""
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || !strings.Contains(e[strings.LastIndex(e, "@"):], ".") {
		f.Add(field, "invalid_email", nil)
		return ""
	}
	return e
}

// PlausibleEmail reports whether email could be an account's: valid
// UTF-8 without control characters, at most MaxEmailLen bytes. A login
// with anything else is refused before it reaches a store or a key.
func PlausibleEmail(email string) bool {
	return len(email) <= MaxEmailLen && utf8.ValidString(email) && strings.IndexFunc(email, unicode.IsControl) < 0
}

// CheckPassword records on f what is wrong with a new password.
func CheckPassword(f *fault.Fields, field, password, email string) {
	switch {
	case len(password) < MinPasswordLen:
		f.Add(field, "password_too_short", fault.Params{"min": MinPasswordLen})
	case len(password) > MaxPasswordLen:
		f.Add(field, "password_too_long", fault.Params{"max": MaxPasswordLen})
	case !utf8.ValidString(password):
		f.Add(field, "invalid_text", nil)
	case email != "" && strings.EqualFold(password, email):
		f.Add(field, "password_is_email", nil)
	}
}

// CheckText is the one rule for a line of text a person types (a name, a
// street line, a ward): white space is collapsed, control characters (NUL
// among them, which PostgreSQL refuses in text) and invalid UTF-8 are
// refused, and so is more than max characters. It returns the cleaned
// text and records on f what is wrong under field.
func CheckText(f *fault.Fields, field, v string, max int, required bool) string {
	switch {
	case !utf8.ValidString(v):
		f.Add(field, "invalid_text", nil)
		return ""
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		f.Add(field, "control_characters", nil)
		return ""
	}
	v = strings.Join(strings.Fields(v), " ")
	switch {
	case v == "" && required:
		f.Add(field, "required", nil)
	case utf8.RuneCountInString(v) > max:
		f.Add(field, "too_long", fault.Params{"max": max})
	}
	return v
}

// MaxNameLen is the longest name of a person.
const MaxNameLen = 100

// CheckPhone normalises a Vietnamese phone number ("+84 912 345 678",
// "0912.345.678" → "0912345678"); empty stays empty unless required.
func CheckPhone(f *fault.Fields, field, phone string, required bool) string {
	if strings.TrimSpace(phone) == "" {
		if required {
			f.Add(field, "required", nil)
		}
		return ""
	}
	p, ok := vnphone.Normalize(phone)
	if !ok {
		f.Add(field, "invalid_phone", nil)
		return ""
	}
	return p
}

// Register validates r and creates a shopper account.
func (s *Store) Register(ctx context.Context, r Registration) (*User, error) {
	var f fault.Fields
	email := CheckEmail(&f, "email", r.Email, true)
	CheckPassword(&f, "password", r.Password, email)
	name := CheckText(&f, "name", r.Name, MaxNameLen, true)
	phone := CheckPhone(&f, "phone", r.Phone, false)
	if err := f.Err(); err != nil {
		return nil, err
	}
	u := &User{Email: email, Name: name, Phone: phone, Roles: []string{RoleShopper}}
	if err := s.Create(ctx, u, r.Password); err != nil {
		if errors.Is(err, ErrEmailTaken) {
			var taken fault.Fields
			taken.Add("email", "email_taken", nil)
			return nil, fmt.Errorf("account: register: %w: %w", taken.Err(), err)
		}
		return nil, err
	}
	return u, nil
}

// UpdateProfile changes the name and phone of a user.
func (s *Store) UpdateProfile(ctx context.Context, id int64, name, phone string) (*User, error) {
	var f fault.Fields
	n := CheckText(&f, "name", name, MaxNameLen, true)
	p := CheckPhone(&f, "phone", phone, false)
	if err := f.Err(); err != nil {
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
// wrong current password is a wrong_password error on current_password,
// which also matches ErrBadCredentials.
func (s *Store) ChangePassword(ctx context.Context, id int64, current, next string) (*User, error) {
	u, err := s.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var f fault.Fields
	wrong := bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(current)) != nil
	if wrong {
		f.Add("current_password", "wrong_password", nil)
	}
	CheckPassword(&f, "new_password", next, u.Email)
	if err := f.Err(); err != nil {
		if wrong {
			return nil, fmt.Errorf("account: change password of %d: %w: %w", id, err, ErrBadCredentials)
		}
		return nil, err
	}
	if err := s.setPassword(ctx, s.db, id, next); err != nil {
		return nil, err
	}
	return s.ByID(ctx, id)
}
