package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/cart/rediscart"
	"github.com/ocopmarket/ocopmarket/internal/cart/sqlcart"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// RedisPrefix starts the keys of everything the app keeps in Redis.
const RedisPrefix = "ocop:"

// Shop holds the stores behind accounts, sessions and the cart: in Redis
// when REDIS_URL is set, otherwise in the SQL database.
type Shop struct {
	Redis     redis.UniversalClient // nil without REDIS_URL
	Sessions  *session.Manager
	Carts     *cart.Service
	Addresses *account.AddressBook
	Limiter   ratelimit.Limiter
	Mail      mail.Sender
	// Limits are the rate limits of logins, registrations and password
	// resets (account.DefaultLimits).
	Limits account.Limits
	sweep  map[string]session.SweepFunc // clean-up of the SQL stores
	log    *slog.Logger
}

// NewRedis returns a go-redis client for url with short timeouts, so that
// a Redis that went away fails requests quickly (503) instead of holding
// them. It does not connect: the app starts while Redis is down and the
// client reconnects by itself when it is back.
func NewRedis(url string) (redis.UniversalClient, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("app: REDIS_URL: %w", err)
	}
	opt.DialTimeout = 2 * time.Second
	opt.ReadTimeout = time.Second
	opt.WriteTimeout = time.Second
	opt.MaxRetries = 1
	return redis.NewClient(opt), nil
}

// OpenShop builds the stores the configuration names, with the keys it
// keeps in Redis under redisPrefix; carts read their products and
// cooperatives from products (the shelf, which keeps them in memory). It
// does not fail when Redis is down: the cart and logins answer 503 until it
// is back.
func OpenShop(ctx context.Context, cfg *config.Config, log *slog.Logger, d *db.DB, cat *catalog.Store, products cart.Catalog,
	users *account.Store, redisPrefix string) (*Shop, error) {
	s := &Shop{Addresses: account.NewAddressBook(d, cat), log: log, Limits: account.DefaultLimits()}
	var storage fiber.Storage
	var store cart.Store
	if cfg.RedisURL != "" {
		rdb, err := NewRedis(cfg.RedisURL)
		if err != nil {
			return nil, err
		}
		if err := rdb.Ping(ctx).Err(); err != nil {
			log.Warn("redis unavailable at start: cart and login answer 503 until it is back", "err", err)
		}
		s.Redis = rdb
		storage = session.NewRedisStorage(rdb, redisPrefix+"sess:")
		store = rediscart.New(rdb, redisPrefix+"cart:", time.Now)
		s.Limiter = ratelimit.NewRedis(rdb, redisPrefix+"rl:")
	} else {
		sqlSessions := session.NewSQLStorage(d, time.Now)
		sqlCarts := sqlcart.New(d, time.Now)
		sqlLimits := ratelimit.NewSQL(d, time.Now)
		storage, store, s.Limiter = sqlSessions, sqlCarts, sqlLimits
		s.sweep = map[string]session.SweepFunc{"sessions": sqlSessions.GC, "carts": sqlCarts.Cleanup, "rate_limits": sqlLimits.Cleanup}
	}
	s.Sessions = session.New(storage, users, session.Config{MaxAge: cfg.SessionMaxAge, Secure: cfg.SecureCookies()})
	s.Carts = cart.NewService(store, products)
	if cfg.SMTPURL != "" {
		m, err := mail.NewSMTP(cfg.SMTPURL, cfg.SMTPFrom)
		if err != nil {
			return nil, fmt.Errorf("app: %w", err)
		}
		s.Mail = m
	} else {
		s.Mail = mail.NewLog(log)
	}
	return s, nil
}

// Sweep deletes expired sessions, carts and counters of the SQL stores
// every hour until ctx ends (Redis expires its keys itself).
func (s *Shop) Sweep(ctx context.Context) {
	if len(s.sweep) == 0 {
		return
	}
	sw := session.NewSweeper(s.log, time.Hour, s.sweep)
	sw.Start()
	<-ctx.Done()
	sw.Close()
}

// Ping reports whether the cart and session store answers.
func (s *Shop) Ping(ctx context.Context) error {
	return s.Carts.Store().Ping(ctx)
}

// Close closes the Redis client.
func (s *Shop) Close() error {
	if s == nil || s.Redis == nil {
		return nil
	}
	if err := s.Redis.Close(); err != nil && !errors.Is(err, redis.ErrClosed) {
		return fmt.Errorf("app: close redis: %w", err)
	}
	return nil
}
