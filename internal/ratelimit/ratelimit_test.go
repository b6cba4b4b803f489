package ratelimit_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/redistest"
)

// suite checks a limiter; advance moves its clock (Redis: waits).
func suite(t *testing.T, l ratelimit.Limiter, advance func(time.Duration)) {
	ctx := context.Background()
	window := 300 * time.Millisecond
	tests := []struct {
		name   string
		hits   int
		limit  int
		wantOK int
	}{
		{"under", 3, 5, 3},
		{"at", 5, 5, 5},
		{"over", 8, 5, 5},
		{"one", 3, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok := 0
			for range tt.hits {
				allowed, retry, err := l.Allow(ctx, "k:"+tt.name, tt.limit, window)
				if err != nil {
					t.Fatal(err)
				}
				if allowed {
					ok++
				} else if retry <= 0 || retry > time.Second {
					t.Errorf("retryAfter = %v", retry)
				}
			}
			if ok != tt.wantOK {
				t.Fatalf("%d allowed, want %d", ok, tt.wantOK)
			}
		})
	}
	t.Run("window ends", func(t *testing.T) {
		for range 2 {
			l.Allow(ctx, "k:window", 1, window)
		}
		advance(window + 50*time.Millisecond)
		if ok, _, err := l.Allow(ctx, "k:window", 1, window); err != nil || !ok {
			t.Fatalf("after the window: %v, %v", ok, err)
		}
	})
	t.Run("undo and reset", func(t *testing.T) {
		tests := []struct {
			name     string
			hits     int
			undos    int
			reset    bool
			wantLeft int // hits still allowed under a limit of 3
		}{
			{"full", 3, 0, false, 0},
			{"one undone", 3, 1, false, 1},
			{"undo below zero stays at zero", 0, 5, false, 3},
			{"over the limit, reset", 5, 0, true, 3},
		}
		for _, tt := range tests {
			key := "k:undo:" + tt.name
			for range tt.hits {
				if _, _, err := l.Allow(ctx, key, 3, time.Minute); err != nil {
					t.Fatal(err)
				}
			}
			for range tt.undos {
				if err := l.Undo(ctx, key); err != nil {
					t.Fatal(err)
				}
			}
			if tt.reset {
				if err := l.Reset(ctx, key, "k:undo:absent"); err != nil {
					t.Fatal(err)
				}
			}
			left := 0
			for range 5 {
				if ok, _, err := l.Allow(ctx, key, 3, time.Minute); err != nil {
					t.Fatal(err)
				} else if ok {
					left++
				}
			}
			if left != tt.wantLeft {
				t.Errorf("%s: %d hits left, want %d", tt.name, left, tt.wantLeft)
			}
		}
	})
	t.Run("check", func(t *testing.T) {
		r := ratelimit.Rule{Limit: 1, Window: time.Minute}
		if err := ratelimit.Check(ctx, l, "k:check", r); err != nil {
			t.Fatal(err)
		}
		err := ratelimit.Check(ctx, l, "k:check", r)
		fe, ok := fault.As(err)
		if !errors.Is(err, ratelimit.ErrTooMany) || !ok || fe.RetryAfter <= 0 || fe.RetryAfter > time.Minute || fe.Params["count"] != 1 {
			t.Fatalf("second hit: %v (%+v)", err, fe)
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		var wg sync.WaitGroup
		var ok atomic.Int64
		for range 30 {
			wg.Go(func() {
				if allowed, _, err := l.Allow(ctx, "k:concurrent", 10, time.Minute); err != nil {
					t.Error(err)
				} else if allowed {
					ok.Add(1)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 10 {
			t.Fatalf("%d allowed of 30 concurrent hits, want 10", ok.Load())
		}
	})
}

func TestSQL(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		var mu sync.Mutex
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		l := ratelimit.NewSQL(d, clock)
		suite(t, l, func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() })
		mu.Lock()
		now = now.Add(time.Hour)
		mu.Unlock()
		if n, err := l.Cleanup(context.Background()); err != nil || n == 0 {
			t.Fatalf("Cleanup = %d, %v", n, err)
		}
	})
}

func TestRedis(t *testing.T) {
	rdb, prefix := redistest.Client(t)
	suite(t, ratelimit.NewRedis(rdb, prefix), time.Sleep)
}
