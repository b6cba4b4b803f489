// Package rediscart is the production cart store: one Redis hash per cart,
// a field per product holding "quantity:price:added", changed atomically by
// Lua scripts, with a TTL of 30 days pushed back on every use.
package rediscart

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ocopmarket/ocopmarket/internal/cart"
)

var _ cart.Store = (*Store)(nil)

// Store keeps carts in Redis under keys prefix+cartID.
type Store struct {
	rdb    redis.UniversalClient
	prefix string
	now    func() time.Time
}

// New returns a Store over a go-redis client (single, Sentinel or Cluster);
// prefix namespaces its keys, e.g. "ocop:cart:".
func New(rdb redis.UniversalClient, prefix string, now func() time.Time) *Store {
	return &Store{rdb: rdb, prefix: prefix, now: now}
}

func (s *Store) key(cartID string) string { return s.prefix + cartID }

// unavailable wraps a Redis failure so that handlers answer 503.
func unavailable(op, cartID string, err error) error {
	return fmt.Errorf("rediscart: %s %s: %w: %w", op, cartID, cart.ErrUnavailable, err)
}

// addScript adds ARGV[2] to the quantity of product ARGV[1] unless the sum
// passes ARGV[5]; it keeps the first time the product was added.
// ARGV: product, qty, price, now (ns), limit, ttl (ms). Returns the cart's
// fields and values, as HGETALL does, or -1.
var addScript = redis.NewScript(`
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local q, added = 0, ARGV[4]
if cur then
  local a, _, c = string.match(cur, '^(%d+):(%-?%d+):(%d+)$')
  q = tonumber(a)
  added = c
end
local n = q + tonumber(ARGV[2])
if n > tonumber(ARGV[5]) then
  return -1
end
redis.call('HSET', KEYS[1], ARGV[1], n .. ':' .. ARGV[3] .. ':' .. added)
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return redis.call('HGETALL', KEYS[1])
`)

// setScript sets the quantity and price of product ARGV[1].
// ARGV: product, qty, price, now (ns), ttl (ms).
var setScript = redis.NewScript(`
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local added = ARGV[4]
if cur then
  local _, _, c = string.match(cur, '^(%d+):(%-?%d+):(%d+)$')
  added = c
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3] .. ':' .. added)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`)

// mergeScript adds a guest item to a user's cart, capping at ARGV[5].
// ARGV: product, qty, price, added (ns), max, ttl (ms).
var mergeScript = redis.NewScript(`
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local q, added = 0, ARGV[4]
if cur then
  local a, _, c = string.match(cur, '^(%d+):(%-?%d+):(%d+)$')
  q = tonumber(a)
  added = c
end
local n = math.min(q + tonumber(ARGV[2]), tonumber(ARGV[5]))
redis.call('HSET', KEYS[1], ARGV[1], n .. ':' .. ARGV[3] .. ':' .. added)
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return n
`)

func ttlMillis() int64 { return cart.TTL.Milliseconds() }

// parseItem reads one field of a cart's hash: the product id, and
// "quantity:price:added".
func parseItem(field, v string) (cart.Item, error) {
	pid, err := strconv.ParseInt(field, 10, 64)
	if err != nil {
		return cart.Item{}, fmt.Errorf("bad product field %q", field)
	}
	qs, rest, ok1 := strings.Cut(v, ":")
	ps, as, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 || strings.Contains(as, ":") {
		return cart.Item{}, fmt.Errorf("bad item value %q", v)
	}
	q, err1 := strconv.Atoi(qs)
	price, err2 := strconv.ParseInt(ps, 10, 64)
	added, err3 := strconv.ParseInt(as, 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return cart.Item{}, fmt.Errorf("bad item value %q: %w", v, err)
	}
	return cart.Item{ProductID: pid, Quantity: q, PriceVND: price, AddedAt: time.Unix(0, added).UTC()}, nil
}

// parseItems reads a cart's hash as HGETALL gives it.
func parseItems(m map[string]string) ([]cart.Item, error) {
	items := make([]cart.Item, 0, len(m))
	for field, v := range m {
		it, err := parseItem(field, v)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// parseFlat reads a cart's hash as a script's HGETALL gives it: fields
// and values in turn.
func parseFlat(flat []any) ([]cart.Item, error) {
	if len(flat)%2 != 0 {
		return nil, fmt.Errorf("%d values for fields and values", len(flat))
	}
	items := make([]cart.Item, 0, len(flat)/2)
	for i := 0; i < len(flat); i += 2 {
		field, ok1 := flat[i].(string)
		v, ok2 := flat[i+1].(string)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("a field %T and a value %T", flat[i], flat[i+1])
		}
		it, err := parseItem(field, v)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// Items implements cart.Store: HGETALL and a TTL refresh in one round trip.
func (s *Store) Items(ctx context.Context, cartID string) ([]cart.Item, error) {
	key := s.key(cartID)
	var all *redis.MapStringStringCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		all = p.HGetAll(ctx, key)
		p.PExpire(ctx, key, cart.TTL)
		return nil
	})
	if err != nil {
		return nil, unavailable("items of", cartID, err)
	}
	items, err := parseItems(all.Val())
	if err != nil {
		return nil, fmt.Errorf("rediscart: items of %s: %w", cartID, err)
	}
	return items, nil
}

// Add implements cart.Store.
func (s *Store) Add(ctx context.Context, cartID string, productID int64, qty int, priceVND int64, limit int) ([]cart.Item, error) {
	if qty < 1 {
		return nil, fmt.Errorf("rediscart: add %d to %s: %w", qty, cartID, cart.ErrInvalid)
	}
	res, err := addScript.Run(ctx, s.rdb, []string{s.key(cartID)},
		productID, qty, priceVND, s.now().UnixNano(), limit, ttlMillis()).Result()
	if err != nil {
		return nil, unavailable("add to", cartID, err)
	}
	if n, ok := res.(int64); ok && n < 0 {
		return nil, fmt.Errorf("rediscart: add %d of %d to %s: %w", qty, productID, cartID, cart.ErrLimit)
	}
	flat, ok := res.([]any)
	if !ok {
		return nil, fmt.Errorf("rediscart: add to %s: the script answered %T", cartID, res)
	}
	items, err := parseFlat(flat)
	if err != nil {
		return nil, fmt.Errorf("rediscart: add to %s: %w", cartID, err)
	}
	return items, nil
}

// Set implements cart.Store.
func (s *Store) Set(ctx context.Context, cartID string, productID int64, qty int, priceVND int64) error {
	if qty < 1 || qty > cart.MaxQuantity {
		return fmt.Errorf("rediscart: set %d of %d in %s: %w", qty, productID, cartID, cart.ErrInvalid)
	}
	err := setScript.Run(ctx, s.rdb, []string{s.key(cartID)}, productID, qty, priceVND, s.now().UnixNano(), ttlMillis()).Err()
	if err != nil {
		return unavailable("set in", cartID, err)
	}
	return nil
}

// Remove implements cart.Store.
func (s *Store) Remove(ctx context.Context, cartID string, productID int64) error {
	if err := s.rdb.HDel(ctx, s.key(cartID), strconv.FormatInt(productID, 10)).Err(); err != nil {
		return unavailable("remove from", cartID, err)
	}
	return nil
}

// Merge implements cart.Store. The two carts may live on different Cluster
// slots, so each item is added by its own atomic script and the guest cart
// is deleted last: a failure half-way leaves nothing lost.
func (s *Store) Merge(ctx context.Context, from, to string) error {
	if from == to {
		return nil
	}
	m, err := s.rdb.HGetAll(ctx, s.key(from)).Result()
	if err != nil {
		return unavailable("merge", from, err)
	}
	items, err := parseItems(m)
	if err != nil {
		return fmt.Errorf("rediscart: merge %s: %w", from, err)
	}
	for _, it := range items {
		if err := mergeScript.Run(ctx, s.rdb, []string{s.key(to)}, it.ProductID, it.Quantity, it.PriceVND,
			it.AddedAt.UnixNano(), cart.MaxQuantity, ttlMillis()).Err(); err != nil {
			return unavailable("merge into", to, err)
		}
		if err := s.rdb.HDel(ctx, s.key(from), strconv.FormatInt(it.ProductID, 10)).Err(); err != nil {
			return unavailable("merge", from, err)
		}
	}
	if err := s.rdb.Del(ctx, s.key(from)).Err(); err != nil {
		return unavailable("merge", from, err)
	}
	return nil
}

// Clear implements cart.Store.
func (s *Store) Clear(ctx context.Context, cartID string) error {
	if err := s.rdb.Del(ctx, s.key(cartID)).Err(); err != nil {
		return unavailable("clear", cartID, err)
	}
	return nil
}

// Ping implements cart.Store.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return unavailable("ping", "", err)
	}
	return nil
}
