package account

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
)

// Limits are the rate limits of the account actions. Login guesses are
// limited per client address, per account from one address, and per
// account from all addresses together; only failed guesses count.
type Limits struct {
	// PerAddress limits failed logins, registrations and password reset
	// requests from one client address.
	PerAddress ratelimit.Rule
	// PerAccountAddress limits failed logins to one account from one
	// address: a guesser there is stopped, the owner elsewhere is not.
	PerAccountAddress ratelimit.Rule
	// PerAccount limits failed logins to one account from every address
	// together. It is much higher than PerAccountAddress, so that a few
	// addresses cannot lock the owner out, and a password reset clears it.
	PerAccount ratelimit.Rule
	// ResetPerAccount limits the reset emails sent to one account.
	ResetPerAccount ratelimit.Rule
}

// DefaultLimits are the limits of production: fifty failures from one
// address, ten on one account from one address and a hundred on one
// account every fifteen minutes; five reset emails an hour.
func DefaultLimits() Limits {
	window := 15 * time.Minute
	return Limits{
		PerAddress:        ratelimit.Rule{Limit: 50, Window: window},
		PerAccountAddress: ratelimit.Rule{Limit: 10, Window: window},
		PerAccount:        ratelimit.Rule{Limit: 100, Window: window},
		ResetPerAccount:   ratelimit.Rule{Limit: 5, Window: time.Hour},
	}
}

// Service holds the account actions that a page and its API twin share:
// registering, logging in, changing and resetting a password, under the
// rate limits. Profiles and addresses are Store.UpdateProfile and the
// AddressBook methods.
type Service struct {
	users   *Store
	limiter ratelimit.Limiter
	limits  Limits
}

// NewService returns the account actions over users, counting attempts
// with limiter under limits.
func NewService(users *Store, limiter ratelimit.Limiter, limits Limits) *Service {
	return &Service{users: users, limiter: limiter, limits: limits}
}

// counter is one rate limit an attempt counts against.
type counter struct {
	key  string
	rule ratelimit.Rule
}

func loginCounters(email, addr string, l Limits) []counter {
	return []counter{
		{"login:account-ip:" + email + " " + addr, l.PerAccountAddress},
		{"login:account:" + email, l.PerAccount},
	}
}

// attempt counts one attempt against each counter in turn and stops at
// the first that refuses it. It returns the counters that counted it, for
// undo when the attempt turns out not to be a failure.
func (s *Service) attempt(ctx context.Context, cs []counter) ([]counter, error) {
	for i, c := range cs {
		if err := ratelimit.Check(ctx, s.limiter, c.key, c.rule); err != nil {
			return cs[:i+1], err
		}
	}
	return cs, nil
}

// undo takes back an attempt that did not fail.
func (s *Service) undo(ctx context.Context, cs []counter) error {
	for _, c := range cs {
		if err := s.limiter.Undo(ctx, c.key); err != nil {
			return err
		}
	}
	return nil
}

// RegisterInput is a registration and the client address it comes from.
type RegisterInput struct {
	Registration
	ClientAddr string
}

// Register creates a shopper account, under the per-address limit.
func (s *Service) Register(ctx context.Context, in RegisterInput) (*User, error) {
	if err := ratelimit.Check(ctx, s.limiter, "register:ip:"+ratelimit.AddressKey(in.ClientAddr), s.limits.PerAddress); err != nil {
		return nil, fmt.Errorf("account: register: %w", err)
	}
	return s.users.Register(ctx, in.Registration)
}

// LoginInput is what a person types to log in, and where from.
type LoginInput struct {
	Email      string
	Password   string
	ClientAddr string
}

// Login returns the user of an email and password. A wrong pair is
// ErrBadCredentials and counts against the limits of the address, of the
// account from that address and of the account; a right one counts
// against none. Over a limit it is ratelimit.ErrTooMany with the time to
// wait, whatever the password.
func (s *Service) Login(ctx context.Context, in LoginInput) (*User, error) {
	var f fault.Fields
	if strings.TrimSpace(in.Email) == "" {
		f.Add("email", "required", nil)
	}
	if in.Password == "" {
		f.Add("password", "required", nil)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	addr := ratelimit.AddressKey(in.ClientAddr)
	cs := []counter{{"login:ip:" + addr, s.limits.PerAddress}}
	email := NormalizeEmail(in.Email)
	if !PlausibleEmail(email) {
		// No account has it, and it must not reach a key or the database.
		if _, err := s.attempt(ctx, cs); err != nil {
			return nil, fmt.Errorf("account: login: %w", err)
		}
		return nil, ErrBadCredentials
	}
	cs = append(cs, loginCounters(email, addr, s.limits)...)
	counted, err := s.attempt(ctx, cs)
	if err != nil {
		return nil, fmt.Errorf("account: login: %w", err)
	}
	u, err := s.users.Authenticate(ctx, email, in.Password)
	if errors.Is(err, ErrBadCredentials) {
		return nil, err
	}
	if uerr := s.undo(ctx, counted); uerr != nil && err == nil {
		err = uerr
	}
	if err != nil {
		return nil, fmt.Errorf("account: login: %w", err)
	}
	return u, nil
}

// PasswordChange is a logged-in user's new password, proved with the
// current one.
type PasswordChange struct {
	User       *User
	Current    string
	New        string
	ClientAddr string
}

// ChangePassword sets a new password. A wrong current password counts as
// a failed login of the account from that address.
func (s *Service) ChangePassword(ctx context.Context, in PasswordChange) (*User, error) {
	counted, err := s.attempt(ctx, loginCounters(in.User.Email, ratelimit.AddressKey(in.ClientAddr), s.limits))
	if err != nil {
		return nil, fmt.Errorf("account: change password: %w", err)
	}
	u, err := s.users.ChangePassword(ctx, in.User.ID, in.Current, in.New)
	if errors.Is(err, ErrBadCredentials) {
		return nil, err
	}
	if uerr := s.undo(ctx, counted); uerr != nil && err == nil {
		err = uerr
	}
	if err != nil {
		return nil, err
	}
	return u, nil
}

// ResetRequest asks for a password reset link for an email.
type ResetRequest struct {
	Email      string
	ClientAddr string
}

// RequestReset checks an email under the reset limits of the address and
// of the account and, when an account uses it, queues the email with its
// reset link (Store.StartReset). It answers the same when no account uses
// the email, so that nobody learns who is registered.
func (s *Service) RequestReset(ctx context.Context, in ResetRequest) error {
	var f fault.Fields
	email := CheckEmail(&f, "email", in.Email, true)
	if err := f.Err(); err != nil {
		return err
	}
	if _, err := s.attempt(ctx, []counter{
		{"reset:ip:" + ratelimit.AddressKey(in.ClientAddr), s.limits.PerAddress},
		{"reset:account:" + email, s.limits.ResetPerAccount},
	}); err != nil {
		return fmt.Errorf("account: reset request: %w", err)
	}
	if _, _, err := s.users.StartReset(ctx, email); err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("account: reset request: %w", err)
	}
	return nil
}

// PasswordReset is a new password with the token of a reset link.
type PasswordReset struct {
	Token      string
	Password   string
	ClientAddr string
}

// FinishReset sets a new password with a reset token, under the
// per-address limit, and clears the failed logins of the account (and of
// the account from this address): whoever reads the owner's mail gets in
// again.
func (s *Service) FinishReset(ctx context.Context, in PasswordReset) (*User, error) {
	if in.Token == "" {
		return nil, fault.InvalidField("token", "required", nil)
	}
	addr := ratelimit.AddressKey(in.ClientAddr)
	if err := ratelimit.Check(ctx, s.limiter, "reset:ip:"+addr, s.limits.PerAddress); err != nil {
		return nil, fmt.Errorf("account: reset: %w", err)
	}
	u, err := s.users.FinishReset(ctx, in.Token, in.Password)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, c := range loginCounters(u.Email, addr, s.limits) {
		keys = append(keys, c.key)
	}
	if err := s.limiter.Reset(ctx, keys...); err != nil {
		return nil, fmt.Errorf("account: reset: %w", err)
	}
	return u, nil
}
