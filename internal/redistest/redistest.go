// Package redistest gives tests a real Redis: the server named by
// TEST_REDIS_URL, which `make test` starts for the run. Each test gets a key
// prefix of its own and its keys are deleted when it ends.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Env names the variable holding the URL of the test Redis server.
const Env = "TEST_REDIS_URL"

// URL returns the URL of the test Redis server, failing the test with
// instructions when it is not set.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		t.Fatalf("redistest: %s is not set: run the tests with `make test`, which starts a throwaway PostgreSQL and Redis, "+
			"or point %s at a Redis server the tests may write to (e.g. redis://127.0.0.1:6379/0)", Env, Env)
	}
	return u
}

// Options returns go-redis options for url with the short timeouts the app
// uses, so that a stopped server fails requests quickly.
func Options(t testing.TB, url string) *redis.Options {
	t.Helper()
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("redistest: %s: %v", url, err)
	}
	opt.DialTimeout = time.Second
	opt.ReadTimeout = time.Second
	opt.WriteTimeout = time.Second
	opt.MaxRetries = 1
	return opt
}

// Client returns a client of the test server and a key prefix unique to
// the test; every key under the prefix is deleted when the test ends.
func Client(t testing.TB) (redis.UniversalClient, string) {
	t.Helper()
	rdb := redis.NewClient(Options(t, URL(t)))
	ctx := context.Background()
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		t.Fatalf("redistest: %s=%s does not answer: %v", Env, os.Getenv(Env), err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	prefix := "test:" + hex.EncodeToString(b) + ":"
	t.Cleanup(func() {
		defer rdb.Close()
		if err := DeletePrefix(ctx, rdb, prefix); err != nil {
			t.Errorf("redistest: clean up %s*: %v", prefix, err)
		}
	})
	return rdb, prefix
}

// DeletePrefix deletes every key starting with prefix.
func DeletePrefix(ctx context.Context, rdb redis.UniversalClient, prefix string) error {
	iter := rdb.Scan(ctx, 0, prefix+"*", 500).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		return err
	}
	if len(keys) == 0 {
		return nil
	}
	return rdb.Del(ctx, keys...).Err()
}
