// Package session keeps who is logged in. It drives fiber's session
// middleware over Redis (gofiber/storage/redis/v3) in production or over
// SQLStorage in the embedded default, sets the cookies (HttpOnly,
// SameSite=Lax, Secure behind HTTPS), regenerates the session id at login
// and protects forms and the JSON API from cross-site requests.
package session

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	fsession "github.com/gofiber/fiber/v2/middleware/session"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Errors of the session package.
var (
	// ErrNotLoggedIn means the request carries no valid session.
	ErrNotLoggedIn = fault.New(fault.Unauthorized, "not_logged_in")
	// ErrUnavailable means the session store does not answer.
	ErrUnavailable = fault.New(fault.Unavailable, "session_unavailable").After(30 * time.Second)
)

// Users finds the user a session names.
type Users interface {
	ByID(ctx context.Context, id int64) (*account.User, error)
}

// Config sets the session cookie.
type Config struct {
	CookieName string        // name of the session cookie, "ocop_session" when empty
	MaxAge     time.Duration // how long a login lasts, 14 days when 0
	Secure     bool          // cookies only over HTTPS (BASE_URL is https)
}

// Manager logs users in and out and tells who is logged in.
type Manager struct {
	store *fsession.Store
	users Users
	cfg   Config
}

const (
	keyUserID = "uid"
	keyStamp  = "stamp"
	localUser = "session.user"
)

// New returns a Manager keeping sessions in storage.
func New(storage fiber.Storage, users Users, cfg Config) *Manager {
	if cfg.CookieName == "" {
		cfg.CookieName = "ocop_session"
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = 14 * 24 * time.Hour
	}
	store := fsession.New(fsession.Config{
		Storage:        storage,
		Expiration:     cfg.MaxAge,
		KeyLookup:      "cookie:" + cfg.CookieName,
		CookiePath:     "/",
		CookieSecure:   cfg.Secure,
		CookieHTTPOnly: true,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		KeyGenerator:   newID,
	})
	return &Manager{store: store, users: users, cfg: cfg}
}

// CookieName is the name of the session cookie.
func (m *Manager) CookieName() string { return m.cfg.CookieName }

// Secure reports whether cookies carry the Secure flag.
func (m *Manager) Secure() bool { return m.cfg.Secure }

// newID returns 32 random bytes, URL-safe: a session id nobody can guess.
func newID() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("session: no randomness: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// validID reports whether s has the shape of an id newID makes: 43
// characters of unpadded URL-safe base64.
func validID(s string) bool {
	if len(s) != 43 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// dropForgedCookie removes from the request a session cookie that no
// session of ours could have, so the store is never asked about it (bytes
// that PostgreSQL refuses would fail the request with a 503) and a login
// starts a fresh session instead.
func (m *Manager) dropForgedCookie(c *fiber.Ctx) {
	if v := c.Cookies(m.cfg.CookieName); v != "" && !validID(v) {
		c.Request().Header.DelCookie(m.cfg.CookieName)
	}
}

// Stamp is a digest of the user's password hash kept in the session: when
// the password changes, every older session stops working.
func Stamp(u *account.User) string {
	sum := sha256.Sum256([]byte(u.PasswordHash))
	return hex.EncodeToString(sum[:12])
}

func unavailable(op string, err error) error {
	return fmt.Errorf("session: %s: %w: %w", op, ErrUnavailable, err)
}

// Login starts a session for u under a new id (the id the client had
// before, if any, is deleted: no session fixation).
func (m *Manager) Login(c *fiber.Ctx, u *account.User) error {
	m.dropForgedCookie(c)
	sess, err := m.store.Get(c)
	if err != nil {
		return unavailable("login", err)
	}
	if err := sess.Regenerate(); err != nil {
		return unavailable("login", err)
	}
	sess.Set(keyUserID, u.ID)
	sess.Set(keyStamp, Stamp(u))
	if err := sess.Save(); err != nil {
		return unavailable("login", err)
	}
	c.Locals(localUser, u)
	return nil
}

// Logout deletes the session from the store and expires its cookie, so
// the old cookie no longer works anywhere.
func (m *Manager) Logout(c *fiber.Ctx) error {
	c.Locals(localUser, nil)
	if v := c.Cookies(m.cfg.CookieName); v != "" && !validID(v) {
		m.expireCookie(c)
		return nil
	}
	if c.Cookies(m.cfg.CookieName) == "" {
		return nil
	}
	sess, err := m.store.Get(c)
	if err != nil {
		return unavailable("logout", err)
	}
	if err := sess.Destroy(); err != nil {
		return unavailable("logout", err)
	}
	return nil
}

// User returns the logged-in user of the request: ErrNotLoggedIn without
// a valid session, ErrUnavailable when the store does not answer. A request
// without a session cookie never touches the store.
func (m *Manager) User(c *fiber.Ctx) (*account.User, error) {
	if u, ok := c.Locals(localUser).(*account.User); ok && u != nil {
		return u, nil
	}
	if !validID(c.Cookies(m.cfg.CookieName)) {
		return nil, ErrNotLoggedIn
	}
	sess, err := m.store.Get(c)
	if err != nil {
		return nil, unavailable("read", err)
	}
	id, _ := sess.Get(keyUserID).(int64)
	stamp, _ := sess.Get(keyStamp).(string)
	if id == 0 {
		return nil, ErrNotLoggedIn
	}
	u, err := m.users.ByID(c.UserContext(), id)
	if errors.Is(err, account.ErrNotFound) {
		return nil, ErrNotLoggedIn
	}
	if err != nil {
		return nil, fmt.Errorf("session: user %d: %w", id, err)
	}
	if stamp != Stamp(u) || u.LockedAt != nil {
		return nil, ErrNotLoggedIn
	}
	c.Locals(localUser, u)
	return u, nil
}

// expireCookie tells the browser to forget its session cookie.
func (m *Manager) expireCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: m.cfg.CookieName, Value: "", Path: "/", HTTPOnly: true, Secure: m.cfg.Secure,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(1, 0), MaxAge: -1})
}

// Refresh stores a new stamp for the current session after the user
// changed their password, so that this session goes on while every other
// one ends.
func (m *Manager) Refresh(c *fiber.Ctx, u *account.User) error {
	return m.Login(c, u)
}
