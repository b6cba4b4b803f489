// Package ratelimit counts attempts per key in fixed windows (login
// attempts per account and per client address), in Redis or in the SQL
// database. An attempt is counted before it is made, so that concurrent
// attempts cannot pass the limit together, and taken back with Undo when
// it turns out not to count (a login that succeeds).
package ratelimit

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// ErrUnavailable means the counter store does not answer; logging in
// waits for it.
var ErrUnavailable = fault.New(fault.Unavailable, "session_unavailable").After(30 * time.Second)

// ErrTooMany is the refusal of an attempt over its limit; its RetryAfter
// says when the window ends, and its count param in how many minutes.
var ErrTooMany = fault.New(fault.TooMany, "too_many_attempts")

// Limiter counts attempts per key. Both stores (Redis, SQL) pass the same
// suite.
type Limiter interface {
	// Allow counts a hit on key and says whether it is within limit hits
	// per window; when it is not, retryAfter tells when the window ends.
	Allow(ctx context.Context, key string, limit int, window time.Duration) (ok bool, retryAfter time.Duration, err error)
	// Undo takes back one hit on key, for an attempt that turned out not
	// to count; a key without hits stays at none.
	Undo(ctx context.Context, key string) error
	// Reset forgets every hit on keys.
	Reset(ctx context.Context, keys ...string) error
}

// Rule is a limit per window.
type Rule struct {
	Limit  int
	Window time.Duration
}

// maxAddrLen bounds the client address in a key.
const maxAddrLen = 64

// AddressKey is a client address as a part of a key: anything but a short
// printable ASCII text (an address the web layer could not read) shares
// one key rather than reach a store.
func AddressKey(addr string) string {
	if addr == "" || len(addr) > maxAddrLen {
		return "?"
	}
	for i := 0; i < len(addr); i++ {
		if addr[i] <= ' ' || addr[i] > '~' {
			return "?"
		}
	}
	return addr
}

// Check counts a hit on key under r and returns nil, or ErrTooMany with
// the time to wait when the limit is spent.
func Check(ctx context.Context, l Limiter, key string, r Rule) error {
	ok, retry, err := l.Allow(ctx, key, r.Limit, r.Window)
	if err != nil {
		return err
	}
	if !ok {
		minutes := max(int((retry+time.Minute-1)/time.Minute), 1)
		return ErrTooMany.After(retry).With(fault.Params{"count": minutes})
	}
	return nil
}

// Redis counts in Redis with INCR and a PEXPIRE set on the first hit.
type Redis struct {
	rdb    redis.UniversalClient
	prefix string
}

var _ Limiter = (*Redis)(nil)

// NewRedis returns a Limiter keeping counters under prefix.
func NewRedis(rdb redis.UniversalClient, prefix string) *Redis {
	return &Redis{rdb: rdb, prefix: prefix}
}

var hitScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return {n, redis.call('PTTL', KEYS[1])}
`)

// Allow implements Limiter.
func (r *Redis) Allow(ctx context.Context, key string, limit int, window time.Duration) (bool, time.Duration, error) {
	res, err := hitScript.Run(ctx, r.rdb, []string{r.prefix + key}, window.Milliseconds()).Int64Slice()
	if err != nil || len(res) != 2 {
		return false, 0, fmt.Errorf("ratelimit: %s: %w: %w", key, ErrUnavailable, err)
	}
	if res[0] > int64(limit) {
		return false, time.Duration(max(res[1], 1000)) * time.Millisecond, nil
	}
	return true, 0, nil
}

var undoScript = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then
  redis.call('DECR', KEYS[1])
end
return 0
`)

// Undo implements Limiter.
func (r *Redis) Undo(ctx context.Context, key string) error {
	if err := undoScript.Run(ctx, r.rdb, []string{r.prefix + key}).Err(); err != nil {
		return fmt.Errorf("ratelimit: undo %s: %w: %w", key, ErrUnavailable, err)
	}
	return nil
}

// Reset implements Limiter.
func (r *Redis) Reset(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = r.prefix + k
	}
	if err := r.rdb.Del(ctx, full...).Err(); err != nil {
		return fmt.Errorf("ratelimit: reset: %w: %w", ErrUnavailable, err)
	}
	return nil
}

// SQL counts in the rate_limits table with one upsert per hit.
type SQL struct {
	db  *db.DB
	now func() time.Time
}

var _ Limiter = (*SQL)(nil)

// NewSQL returns a Limiter over d; now is the clock.
func NewSQL(d *db.DB, now func() time.Time) *SQL { return &SQL{db: d, now: now} }

// Allow implements Limiter.
func (s *SQL) Allow(ctx context.Context, key string, limit int, window time.Duration) (bool, time.Duration, error) {
	now := s.now().UnixMilli()
	var r struct {
		Hits      int   `db:"hits"`
		ExpiresAt int64 `db:"expires_at"`
	}
	err := s.db.GetContext(ctx, &r, s.db.Rebind(`INSERT INTO rate_limits (key, hits, expires_at) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.expires_at <= ? THEN 1 ELSE rate_limits.hits + 1 END,
			expires_at = CASE WHEN rate_limits.expires_at <= ? THEN excluded.expires_at ELSE rate_limits.expires_at END
		RETURNING hits, expires_at`), key, now+window.Milliseconds(), now, now)
	if err != nil {
		return false, 0, fmt.Errorf("ratelimit: %s: %w: %w", key, ErrUnavailable, err)
	}
	if r.Hits > limit {
		return false, time.Duration(max(r.ExpiresAt-now, 1000)) * time.Millisecond, nil
	}
	return true, 0, nil
}

// Undo implements Limiter.
func (s *SQL) Undo(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE rate_limits SET hits = hits - 1 WHERE key = ? AND hits > 0 AND expires_at > ?`),
		key, s.now().UnixMilli()); err != nil {
		return fmt.Errorf("ratelimit: undo %s: %w: %w", key, ErrUnavailable, err)
	}
	return nil
}

// Reset implements Limiter.
func (s *SQL) Reset(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM rate_limits WHERE key = ?`), k); err != nil {
			return fmt.Errorf("ratelimit: reset %s: %w: %w", k, ErrUnavailable, err)
		}
	}
	return nil
}

// Cleanup deletes counters whose window has ended.
func (s *SQL) Cleanup(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM rate_limits WHERE expires_at <= ?`), s.now().UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("ratelimit: cleanup: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("ratelimit: cleanup: %w", err)
	}
	return n, nil
}
