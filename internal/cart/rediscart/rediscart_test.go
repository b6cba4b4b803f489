package rediscart_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/cart/carttest"
	"github.com/ocopmarket/ocopmarket/internal/cart/rediscart"
	"github.com/ocopmarket/ocopmarket/internal/redistest"
)

func TestSuite(t *testing.T) {
	_, prefix := redistest.Client(t)
	carttest.Run(t, func() cart.Store {
		// A new client each time, as a restarted server would have.
		c := redis.NewClient(redistest.Options(t, redistest.URL(t)))
		t.Cleanup(func() { c.Close() })
		return rediscart.New(c, prefix, time.Now)
	})
}

func TestTTL(t *testing.T) {
	ctx := context.Background()
	rdb, prefix := redistest.Client(t)
	s := rediscart.New(rdb, prefix, time.Now)
	if _, err := s.Add(ctx, "g:ttl", 1, 1, 1000, 999); err != nil {
		t.Fatal(err)
	}
	if err := rdb.PExpire(ctx, prefix+"g:ttl", time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Items(ctx, "g:ttl"); err != nil {
		t.Fatal(err)
	}
	ttl, err := rdb.PTTL(ctx, prefix+"g:ttl").Result()
	if err != nil {
		t.Fatal(err)
	}
	if ttl < cart.TTL-time.Minute || ttl > cart.TTL {
		t.Fatalf("TTL after a read = %v, want about %v", ttl, cart.TTL)
	}
}

// TestUnavailable points a store at a port where Redis is not running, then
// starts answering there: errors are ErrUnavailable, then it recovers by
// itself with the same client.
func TestUnavailable(t *testing.T) {
	ctx := context.Background()
	_, prefix := redistest.Client(t)
	target := redistest.Options(t, redistest.URL(t)).Addr

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now

	opt := redistest.Options(t, redistest.URL(t))
	opt.Addr = addr
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	s := rediscart.New(rdb, prefix, time.Now)

	if _, err := s.Items(ctx, "g:down"); !errors.Is(err, cart.ErrUnavailable) {
		t.Fatalf("Items with Redis down: %v, want ErrUnavailable", err)
	}
	if _, err := s.Add(ctx, "g:down", 1, 1, 1000, 999); !errors.Is(err, cart.ErrUnavailable) {
		t.Fatalf("Add with Redis down: %v, want ErrUnavailable", err)
	}

	// "Redis returns": a TCP proxy to the real server starts on the same port.
	stop := redistest.Proxy(t, addr, target)
	defer stop()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := s.Add(ctx, "g:down", 1, 1, 1000, 999)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("store did not recover after Redis came back: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	if _, err := s.Items(ctx, "g:down"); !errors.Is(err, cart.ErrUnavailable) {
		t.Fatalf("Items after Redis went away again: %v, want ErrUnavailable", err)
	}
}

// TestDamagedItem writes values no version of the store writes into a
// cart's hash: reading the cart and adding to it fail, and name the value,
// rather than showing a cart with a wrong line.
func TestDamagedItem(t *testing.T) {
	ctx := context.Background()
	rdb, prefix := redistest.Client(t)
	s := rediscart.New(rdb, prefix, time.Now)
	for _, v := range []string{"1:2", "1:2:3:4", "x:2:3", "1:2:", "1::3"} {
		if err := rdb.HSet(ctx, prefix+"g:damaged", "7", v).Err(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Items(ctx, "g:damaged"); err == nil || !strings.Contains(err.Error(), v) {
			t.Errorf("Items with %q: %v, want an error naming it", v, err)
		}
		if _, err := s.Add(ctx, "g:damaged", 8, 1, 1000, 999); err == nil || !strings.Contains(err.Error(), v) {
			t.Errorf("Add beside %q: %v, want an error naming it", v, err)
		}
	}
}
