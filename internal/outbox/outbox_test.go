package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestJobsFollowTheirTransaction(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		q := outbox.New(d, clk.now)
		boom := errors.New("boom")
		err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			if err := q.Enqueue(ctx, tx, "index", map[string]int{"id": 1}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n, _ := q.Pending(ctx); n != 0 {
			t.Fatalf("rolled-back job kept: %d", n)
		}
		if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return q.Enqueue(ctx, tx, "index", map[string]int{"id": 2}) }); err != nil {
			t.Fatal(err)
		}
		if n, _ := q.Pending(ctx); n != 1 {
			t.Fatalf("pending %d, want 1", n)
		}
	})
}

func TestWorkerRetriesWithBackoff(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		q := outbox.New(d, clk.now)
		for i := range 3 {
			if err := q.Enqueue(ctx, d, "index", map[string]int{"id": i}); err != nil {
				t.Fatal(err)
			}
		}
		if err := q.Enqueue(ctx, d, "mail", "hello"); err != nil {
			t.Fatal(err)
		}
		down := true
		var got []int
		w := q.NewWorker(quiet, map[string]outbox.Handler{
			"index": func(ctx context.Context, ps []json.RawMessage) error {
				if down {
					return errors.New("search is down")
				}
				for _, p := range ps {
					var v struct{ ID int }
					if err := json.Unmarshal(p, &v); err != nil {
						return err
					}
					got = append(got, v.ID)
				}
				return nil
			},
			"mail": func(context.Context, []json.RawMessage) error { return nil },
		})
		if n, err := w.RunOnce(ctx); err != nil || n != 4 {
			t.Fatalf("first run: %d %v", n, err)
		}
		if n, _ := q.Pending(ctx); n != 3 {
			t.Fatalf("after a failed batch %d jobs pending, want the 3 index jobs", n)
		}
		if n, _ := w.RunOnce(ctx); n != 0 {
			t.Fatalf("a failed job ran again before its backoff: %d", n)
		}
		down = false
		clk.add(outbox.Backoff(1) + time.Second)
		if n, err := w.RunOnce(ctx); err != nil || n != 3 {
			t.Fatalf("retry: %d %v", n, err)
		}
		if len(got) != 3 || got[0] != 0 || got[2] != 2 {
			t.Errorf("handled %v", got)
		}
		if n, _ := q.Pending(ctx); n != 0 {
			t.Errorf("pending %d after success", n)
		}
	})
}

func TestConcurrentWorkersRunEachJobOnce(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := outbox.New(d, time.Now)
		const jobs = 200
		for i := range jobs {
			if err := q.Enqueue(ctx, d, "count", i); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		seen := map[string]int{}
		handler := func(ctx context.Context, ps []json.RawMessage) error {
			mu.Lock()
			defer mu.Unlock()
			for _, p := range ps {
				seen[string(p)]++
			}
			return nil
		}
		var wg sync.WaitGroup
		for range 4 {
			w := q.NewWorker(quiet, map[string]outbox.Handler{"count": handler})
			w.Batch = 17
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n, err := w.RunOnce(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if n == 0 {
						if p, _ := q.Pending(ctx); p == 0 {
							return
						}
					}
				}
			}()
		}
		wg.Wait()
		if len(seen) != jobs {
			t.Fatalf("ran %d distinct jobs, want %d", len(seen), jobs)
		}
		for k, n := range seen {
			if n != 1 {
				t.Errorf("job %s ran %d times", k, n)
			}
		}
	})
}

func TestBackoff(t *testing.T) {
	cases := map[int]time.Duration{1: 2 * time.Second, 2: 4 * time.Second, 10: 1024 * time.Second, 12: time.Hour, 50: time.Hour}
	for n, want := range cases {
		if got := outbox.Backoff(n); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, want)
		}
	}
}
