// Package ratelimit counts attempts per key in fixed windows (login
// attempts per account and per IP), in Redis or in the SQL database.
package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// ErrUnavailable means the counter store does not answer.
var ErrUnavailable = errors.New("ratelimit: the counter store is unavailable")

// Limiter counts a hit on key and says whether it is within limit hits per
// window; when it is not, retryAfter tells when the window ends.
type Limiter interface {
	Allow(ctx context.Context, key string, limit int, window time.Duration) (ok bool, retryAfter time.Duration, err error)
}

// Rule is a limit per window.
type Rule struct {
	Limit  int
	Window time.Duration
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
