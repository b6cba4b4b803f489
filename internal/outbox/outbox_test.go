package outbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
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

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func stats(t *testing.T, q *outbox.Queue) outbox.Stats {
	t.Helper()
	s, err := q.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func enqueue(t *testing.T, d *db.DB, q *outbox.Queue, kind string, payloads ...any) {
	t.Helper()
	for _, p := range payloads {
		if err := q.Enqueue(context.Background(), d, kind, p); err != nil {
			t.Fatal(err)
		}
	}
}

func runOnce(t *testing.T, w *outbox.Worker, want int) {
	t.Helper()
	if n, err := w.RunOnce(context.Background()); err != nil || n != want {
		t.Fatalf("RunOnce = %d, %v; want %d jobs", n, err, want)
	}
}

func TestJobsFollowTheirTransaction(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := outbox.New(d, newClock().now)
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
		if s := stats(t, q); s != (outbox.Stats{}) {
			t.Fatalf("rolled-back job kept: %+v", s)
		}
		if err := d.Tx(ctx, func(tx *sqlx.Tx) error { return q.Enqueue(ctx, tx, "index", map[string]int{"id": 2}) }); err != nil {
			t.Fatal(err)
		}
		if s := stats(t, q); s != (outbox.Stats{Waiting: 1}) {
			t.Fatalf("stats %+v, want one waiting job", s)
		}
	})
}

func TestWorkerRetriesWithBackoff(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		clk := newClock()
		q := outbox.New(d, clk.now)
		enqueue(t, d, q, "index", map[string]int{"id": 0}, map[string]int{"id": 1}, map[string]int{"id": 2})
		enqueue(t, d, q, "mail", "hello")
		enqueue(t, d, q, "unknown", "left for a worker that knows it")
		down := true
		var got []int
		w := q.NewWorker(quiet, map[string]outbox.Kind{
			"index": {Handle: outbox.Payloads(func(ctx context.Context, ps []json.RawMessage) error {
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
			})},
			"mail": {Handle: outbox.Payloads(func(context.Context, []json.RawMessage) error { return nil })},
		})
		runOnce(t, w, 4)
		if s := stats(t, q); s != (outbox.Stats{Waiting: 4}) {
			t.Fatalf("after a failed batch %+v, want the 3 index jobs and the unknown one waiting", s)
		}
		runOnce(t, w, 0)
		down = false
		clk.add(outbox.Backoff(1) + time.Second)
		runOnce(t, w, 3)
		if len(got) != 3 || got[0] != 0 || got[2] != 2 {
			t.Errorf("handled %v", got)
		}
		if s := stats(t, q); s != (outbox.Stats{Waiting: 1}) {
			t.Errorf("stats %+v after success, want only the unknown job", s)
		}
	})
}

// A handler that names the jobs that failed fails only those.
func TestFailedJobsFailAlone(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		clk := newClock()
		q := outbox.New(d, clk.now)
		enqueue(t, d, q, "mail", "a@example.vn", "bad address", "b@example.vn")
		var sent []string
		w := q.NewWorker(quiet, map[string]outbox.Kind{"mail": {Handle: outbox.Each(func(_ context.Context, j outbox.Job) error {
			var to string
			if err := json.Unmarshal(j.Payload, &to); err != nil {
				return err
			}
			if to == "bad address" {
				return fmt.Errorf("refused %q", to)
			}
			sent = append(sent, to)
			return nil
		})}})
		runOnce(t, w, 3)
		if len(sent) != 2 || stats(t, q) != (outbox.Stats{Waiting: 1}) {
			t.Fatalf("sent %v, stats %+v: want the two good ones done and the bad one waiting", sent, stats(t, q))
		}
		clk.add(time.Hour)
		runOnce(t, w, 1)
		if len(sent) != 2 {
			t.Errorf("a done job ran again: %v", sent)
		}
	})
}

func TestJobDiesAfterMaxAttempts(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		clk := newClock()
		q := outbox.New(d, clk.now)
		enqueue(t, d, q, "webhook", 1)
		enqueue(t, d, q, "index", 2)
		enqueue(t, d, q, "garbled", 3)
		var attempts []int
		fail := outbox.Each(func(_ context.Context, j outbox.Job) error {
			attempts = append(attempts, j.Attempt)
			return fmt.Errorf("receiver answered 500 (attempt %d)", j.Attempt)
		})
		w := q.NewWorker(quiet, map[string]outbox.Kind{"webhook": {Handle: fail, MaxAttempts: 3}, "index": {Handle: fail},
			"garbled": {Handle: func(context.Context, []outbox.Job) error {
				return outbox.Permanent(errors.New("payload does not decode"))
			}}})
		for range 5 {
			if _, err := w.RunOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
			clk.add(time.Hour)
		}
		if s := stats(t, q); s != (outbox.Stats{Waiting: 1, Dead: 2}) {
			t.Fatalf("stats %+v, want the webhook and the garbled job dead and the index job (default attempts) waiting", s)
		}
		dead, err := q.Dead(context.Background(), 10)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		if len(dead) != 2 || dead[0].Kind != "webhook" || dead[0].Attempts != 3 || dead[0].LastError != "receiver answered 500 (attempt 3)" ||
			!dead[0].DeadAt.Equal(start.Add(2*time.Hour)) || dead[1].Kind != "garbled" || dead[1].Attempts != 1 || !dead[1].DeadAt.Equal(start) {
			t.Errorf("dead jobs %+v", dead)
		}
		before := len(attempts)
		clk.add(48 * time.Hour)
		runOnce(t, w, 1)
		if len(attempts) != before+1 {
			t.Errorf("a dead job ran again: attempts %v", attempts)
		}
		if n, err := q.Revive(context.Background(), dead[0].ID, 12345); err != nil || n != 1 {
			t.Fatalf("Revive = %d, %v; want the webhook back", n, err)
		}
		clk.add(time.Hour)
		runOnce(t, w, 2)
		if got := attempts[len(attempts)-2]; got != 1 {
			t.Errorf("the revived job ran as attempt %d, want a fresh count", got)
		}
		if s := stats(t, q); s != (outbox.Stats{Waiting: 2, Dead: 1}) {
			t.Errorf("stats %+v after the revived job failed again", s)
		}
	})
}

// Backlogs counts what is left to do of each kind, dead jobs apart.
func TestBacklogs(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		q := outbox.New(d, newClock().now)
		if b, err := q.Backlogs(context.Background()); err != nil || len(b) != 0 {
			t.Fatalf("Backlogs of an empty queue = %+v, %v", b, err)
		}
		enqueue(t, d, q, "email", 1, 2)
		enqueue(t, d, q, "index", 3)
		enqueue(t, d, q, "garbled", 4, 5)
		w := q.NewWorker(quiet, map[string]outbox.Kind{"garbled": {Handle: func(context.Context, []outbox.Job) error {
			return outbox.Permanent(errors.New("payload does not decode"))
		}}})
		runOnce(t, w, 2)
		got, err := q.Backlogs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		want := []outbox.Backlog{{Kind: "email", Pending: 2}, {Kind: "garbled", Dead: 2}, {Kind: "index", Pending: 1}}
		if !slices.Equal(got, want) {
			t.Errorf("Backlogs = %+v, want %+v", got, want)
		}
	})
}

func TestAttemptsWithin(t *testing.T) {
	// 2+4+…+1024 s is 34 minutes; one more wait (2048 s) passes the hour.
	for d, want := range map[time.Duration]int{time.Second: 1, 2 * time.Second: 2, time.Hour: 11, 0: 1} {
		if got := outbox.AttemptsWithin(d); got != want {
			t.Errorf("AttemptsWithin(%v) = %d, want %d", d, got, want)
		}
	}
}

// A handler's context ends before the lease, so no other worker can claim
// the job while it still runs; the overrun counts as a failed attempt.
func TestLeaseBoundsTheRun(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		q := outbox.New(d, time.Now)
		enqueue(t, d, q, "slow", 1)
		var left time.Duration
		w := q.NewWorker(quiet, map[string]outbox.Kind{"slow": {Handle: func(ctx context.Context, _ []outbox.Job) error {
			deadline, ok := ctx.Deadline()
			if !ok {
				return errors.New("no deadline")
			}
			left = time.Until(deadline)
			<-ctx.Done()
			return ctx.Err()
		}}})
		w.Lease = 2 * time.Second
		other := q.NewWorker(quiet, map[string]outbox.Kind{"slow": {Handle: func(context.Context, []outbox.Job) error {
			t.Error("a leased job ran on a second worker")
			return nil
		}}})
		var wg sync.WaitGroup
		wg.Go(func() { runOnce(t, w, 1) })
		time.Sleep(200 * time.Millisecond)
		runOnce(t, other, 0)
		start := time.Now()
		wg.Wait()
		if left <= 0 || left >= w.Lease-w.Lease/10 || time.Since(start) >= w.Lease {
			t.Fatalf("handler had %v of a %v lease and ran %v longer", left, w.Lease, time.Since(start))
		}
		var job struct {
			Attempts  int    `db:"attempts"`
			LastError string `db:"last_error"`
		}
		if err := d.Get(&job, `SELECT attempts, last_error FROM outbox_jobs`); err != nil {
			t.Fatal(err)
		}
		if job.Attempts != 1 || job.LastError != context.DeadlineExceeded.Error() {
			t.Errorf("after the overrun %+v, want one failed attempt", job)
		}
	})
}

// Jobs of a claim that the handler had no time left for go back without
// losing an attempt.
func TestJobsWithoutTimeLeftGoBack(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		q := outbox.New(d, time.Now)
		enqueue(t, d, q, "mail", "slow", "next")
		var ran []outbox.Job
		w := q.NewWorker(quiet, map[string]outbox.Kind{"mail": {Handle: outbox.Each(func(ctx context.Context, j outbox.Job) error {
			ran = append(ran, j)
			if string(j.Payload) == `"slow"` {
				<-ctx.Done()
				return ctx.Err()
			}
			return nil
		})}})
		w.Lease = time.Second
		runOnce(t, w, 2)
		runOnce(t, w, 1)
		if len(ran) != 2 || string(ran[1].Payload) != `"next"` || ran[1].Attempt != 1 {
			t.Errorf("ran %+v, want the slow job, then the next one on its first counted attempt", ran)
		}
	})
}

// A worker that dies mid-job leaves a lease; when it ends another worker
// runs the job, and a job whose last allowed run never finished is dead.
func TestCrashedWorkersJobsRunAgain(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		clk := newClock()
		q := outbox.New(d, clk.now)
		enqueue(t, d, q, "mail", 1)
		enqueue(t, d, q, "once", 2)
		crash := func(context.Context, []outbox.Job) error { panic("worker killed") }
		dying := q.NewWorker(quiet, map[string]outbox.Kind{"mail": {Handle: crash}, "once": {Handle: crash, MaxAttempts: 1}})
		for range 2 {
			func() {
				defer func() { _ = recover() }()
				_, _ = dying.RunOnce(context.Background())
			}()
		}
		var ran []outbox.Job
		record := func(_ context.Context, jobs []outbox.Job) error { ran = append(ran, jobs...); return nil }
		w := q.NewWorker(quiet, map[string]outbox.Kind{"mail": {Handle: record}, "once": {Handle: record, MaxAttempts: 1}})
		runOnce(t, w, 0)
		if s := stats(t, q); s != (outbox.Stats{Running: 2}) {
			t.Fatalf("stats %+v, want the two jobs leased by the dead worker", s)
		}
		clk.add(w.Lease + time.Second)
		runOnce(t, w, 2)
		if len(ran) != 1 || ran[0].Kind != "mail" || ran[0].Attempt != 2 {
			t.Errorf("ran %+v, want the mail job on its second attempt", ran)
		}
		if s := stats(t, q); s != (outbox.Stats{Dead: 1}) {
			t.Errorf("stats %+v, want the once job dead", s)
		}
	})
}

// A worker told to stop hands back the job it was running, without
// counting the attempt, and the next worker runs it.
func TestStoppedWorkerHandsJobsBack(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		clk := newClock()
		q := outbox.New(d, clk.now)
		enqueue(t, d, q, "mail", 1)
		ctx, stop := context.WithCancel(context.Background())
		w := q.NewWorker(quiet, map[string]outbox.Kind{"mail": {Handle: func(ctx context.Context, _ []outbox.Job) error {
			stop()
			<-ctx.Done()
			return ctx.Err()
		}}})
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		var ran []outbox.Job
		next := q.NewWorker(quiet, map[string]outbox.Kind{"mail": {Handle: func(_ context.Context, jobs []outbox.Job) error {
			ran = append(ran, jobs...)
			return nil
		}}})
		runOnce(t, next, 1)
		if len(ran) != 1 || ran[0].Attempt != 1 {
			t.Errorf("ran %+v, want the job on its first counted attempt", ran)
		}
	})
}

// instances opens the same fresh database twice, as two processes would.
func instances(t *testing.T) map[string][2]*db.DB {
	t.Helper()
	ctx := context.Background()
	open := func(url, path string) *db.DB {
		d, err := db.Open(ctx, url, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	path := filepath.Join(t.TempDir(), "ocop.db")
	pg := dbtest.NewPostgresDatabase(t)
	out := map[string][2]*db.DB{"sqlite": {open("", path), open("", path)}, "postgres": {open(pg, ""), open(pg, "")}}
	for _, pair := range out {
		if _, err := pair[0].Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// Workers of two instances race for the same jobs: each job runs once,
// and never on two workers at the same time.
func TestWorkersOfTwoInstancesRunEachJobOnce(t *testing.T) {
	for name, pair := range instances(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			const jobs = 120
			for i := range jobs {
				if err := outbox.New(pair[0], time.Now).Enqueue(ctx, pair[0], "count", i); err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			seen, running := map[int64]int{}, map[int64]bool{}
			handle := func(_ context.Context, j outbox.Job) error {
				mu.Lock()
				if running[j.ID] {
					t.Errorf("job %d runs on two workers at once", j.ID)
				}
				running[j.ID] = true
				seen[j.ID]++
				mu.Unlock()
				time.Sleep(time.Millisecond)
				mu.Lock()
				delete(running, j.ID)
				mu.Unlock()
				return nil
			}
			var wg sync.WaitGroup
			for i := range 4 {
				q := outbox.New(pair[i%2], time.Now)
				w := q.NewWorker(quiet, map[string]outbox.Kind{"count": {Handle: outbox.Each(handle)}})
				w.Batch = 7
				wg.Go(func() {
					for {
						n, err := w.RunOnce(ctx)
						if err != nil {
							t.Error(err)
							return
						}
						if n == 0 && stats(t, q) == (outbox.Stats{}) {
							return
						}
					}
				})
			}
			wg.Wait()
			if len(seen) != jobs {
				t.Fatalf("ran %d distinct jobs, want %d", len(seen), jobs)
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("job %d ran %d times", id, n)
				}
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	cases := map[int]time.Duration{1: 2 * time.Second, 2: 4 * time.Second, 10: 1024 * time.Second, 12: time.Hour, 50: time.Hour}
	for n, want := range cases {
		if got := outbox.Backoff(n); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, want)
		}
	}
}
