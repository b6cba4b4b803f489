package session

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	fredis "github.com/gofiber/storage/redis/v3"
	"github.com/redis/go-redis/v9"
)

var _ fiber.Storage = (*RedisStorage)(nil)

// RedisStorage is the production session storage: gofiber/storage/redis/v3
// over the app's go-redis client, with every key under a prefix so that
// sessions share a Redis with carts and rate limits. Reset deletes only
// its own keys, never the whole database. Close leaves the client, which
// the app owns, open.
type RedisStorage struct {
	s      *fredis.Storage
	rdb    redis.UniversalClient
	prefix string
}

// NewRedisStorage returns a storage keeping sessions under prefix (e.g.
// "ocop:sess:"). It does not contact Redis, so the app starts while Redis
// is down.
func NewRedisStorage(rdb redis.UniversalClient, prefix string) *RedisStorage {
	return &RedisStorage{s: fredis.NewFromConnection(rdb), rdb: rdb, prefix: prefix}
}

func ctx5() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 5*time.Second)
}

// Get implements fiber.Storage.
func (r *RedisStorage) Get(key string) ([]byte, error) {
	ctx, cancel := ctx5()
	defer cancel()
	v, err := r.s.GetWithContext(ctx, r.prefix+key)
	if err != nil {
		return nil, fmt.Errorf("session: redis get: %w", err)
	}
	return v, nil
}

// Set implements fiber.Storage.
func (r *RedisStorage) Set(key string, val []byte, exp time.Duration) error {
	ctx, cancel := ctx5()
	defer cancel()
	if err := r.s.SetWithContext(ctx, r.prefix+key, val, exp); err != nil {
		return fmt.Errorf("session: redis set: %w", err)
	}
	return nil
}

// Delete implements fiber.Storage.
func (r *RedisStorage) Delete(key string) error {
	ctx, cancel := ctx5()
	defer cancel()
	if err := r.s.DeleteWithContext(ctx, r.prefix+key); err != nil {
		return fmt.Errorf("session: redis delete: %w", err)
	}
	return nil
}

// Reset implements fiber.Storage: it deletes the keys under the prefix.
func (r *RedisStorage) Reset() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	iter := r.rdb.Scan(ctx, 0, r.prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		if err := r.rdb.Del(ctx, iter.Val()).Err(); err != nil {
			return fmt.Errorf("session: redis reset: %w", err)
		}
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("session: redis reset: %w", err)
	}
	return nil
}

// Close implements fiber.Storage; the client stays open for its owner.
func (r *RedisStorage) Close() error { return nil }
