// Package outbox keeps durable background jobs: a job is written in the same
// transaction as the change that needs it, and a worker runs it later with
// retries and backoff, so a backend that is down delays work but loses none.
package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// Queue writes and claims jobs.
type Queue struct {
	db  *db.DB
	now func() time.Time
}

// New returns a Queue over d.
func New(d *db.DB, now func() time.Time) *Queue { return &Queue{db: d, now: now} }

// Enqueue adds a job of kind with payload (encoded as JSON) through x, a
// transaction of the caller's, so the job exists exactly when the change does.
func (q *Queue) Enqueue(ctx context.Context, x sqlx.ExecerContext, kind string, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("outbox: %s: encode payload: %w", kind, err)
	}
	now := q.now().UTC()
	if _, err := x.ExecContext(ctx, q.db.Rebind(`INSERT INTO outbox_jobs (kind, payload, run_at, created_at) VALUES (?, ?, ?, ?)`),
		kind, string(b), now, now); err != nil {
		return fmt.Errorf("outbox: enqueue %s: %w", kind, err)
	}
	return nil
}

// Pending counts the jobs not yet done.
func (q *Queue) Pending(ctx context.Context) (int, error) {
	var n int
	if err := q.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM outbox_jobs`); err != nil {
		return 0, fmt.Errorf("outbox: count: %w", err)
	}
	return n, nil
}

// Handler runs a batch of jobs of one kind, given their payloads; an error
// sends the whole batch back for a later retry.
type Handler func(ctx context.Context, payloads []json.RawMessage) error

// Worker claims due jobs and runs them through the handler of their kind.
type Worker struct {
	q        *Queue
	log      *slog.Logger
	handlers map[string]Handler
	// Batch is how many jobs one claim takes.
	Batch int
	// Poll is how long the worker waits when no job is due.
	Poll time.Duration
	// Lease is how long a claimed job stays hidden from other workers.
	Lease time.Duration
	id    string
}

// NewWorker returns a worker running handlers, keyed by job kind.
func (q *Queue) NewWorker(log *slog.Logger, handlers map[string]Handler) *Worker {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return &Worker{q: q, log: log, handlers: handlers, Batch: 500, Poll: time.Second, Lease: 5 * time.Minute, id: hex.EncodeToString(b)}
}

// Run works jobs until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	for {
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.log.Error("outbox: run", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(w.Poll):
		}
	}
}

type job struct {
	ID       int64  `db:"id"`
	Kind     string `db:"kind"`
	Payload  string `db:"payload"`
	Attempts int    `db:"attempts"`
}

// RunOnce claims the due jobs (up to Batch), runs them by kind and returns
// how many it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	jobs, err := w.claim(ctx)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	byKind := map[string][]job{}
	var order []string
	for _, j := range jobs {
		if _, ok := byKind[j.Kind]; !ok {
			order = append(order, j.Kind)
		}
		byKind[j.Kind] = append(byKind[j.Kind], j)
	}
	for _, kind := range order {
		batch := byKind[kind]
		h, ok := w.handlers[kind]
		if !ok {
			w.fail(ctx, batch, fmt.Errorf("no handler for job kind %q", kind))
			continue
		}
		payloads := make([]json.RawMessage, len(batch))
		for i, j := range batch {
			payloads[i] = json.RawMessage(j.Payload)
		}
		if err := h(ctx, payloads); err != nil {
			w.fail(ctx, batch, err)
			continue
		}
		if err := w.done(ctx, batch); err != nil {
			return len(jobs), err
		}
	}
	return len(jobs), nil
}

func ids(jobs []job) []int64 {
	out := make([]int64, len(jobs))
	for i, j := range jobs {
		out[i] = j.ID
	}
	return out
}

func (w *Worker) claim(ctx context.Context) ([]job, error) {
	d := w.q.db
	now := w.q.now().UTC()
	token := fmt.Sprintf("%s-%d", w.id, now.UnixNano())
	var due []int64
	if err := d.SelectContext(ctx, &due, d.Rebind(`SELECT id FROM outbox_jobs
		WHERE run_at <= ? AND (locked_until IS NULL OR locked_until < ?) ORDER BY id LIMIT ?`), now, now, w.Batch); err != nil {
		return nil, fmt.Errorf("outbox: find due jobs: %w", err)
	}
	if len(due) == 0 {
		return []job{}, nil
	}
	// Only rows still unlocked are taken: another worker may have won some.
	q, args, err := sqlx.In(`UPDATE outbox_jobs SET locked_until = ?, locked_by = ?, attempts = attempts + 1
		WHERE id IN (?) AND (locked_until IS NULL OR locked_until < ?)`, now.Add(w.Lease), token, due, now)
	if err != nil {
		return nil, fmt.Errorf("outbox: claim: %w", err)
	}
	if _, err := d.ExecContext(ctx, d.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("outbox: claim: %w", err)
	}
	var jobs []job
	if err := d.SelectContext(ctx, &jobs, d.Rebind(`SELECT id, kind, payload, attempts FROM outbox_jobs WHERE locked_by = ? ORDER BY id`), token); err != nil {
		return nil, fmt.Errorf("outbox: read claimed jobs: %w", err)
	}
	return jobs, nil
}

func (w *Worker) done(ctx context.Context, jobs []job) error {
	q, args, err := sqlx.In(`DELETE FROM outbox_jobs WHERE id IN (?)`, ids(jobs))
	if err != nil {
		return fmt.Errorf("outbox: done: %w", err)
	}
	if _, err := w.q.db.ExecContext(ctx, w.q.db.Rebind(q), args...); err != nil {
		return fmt.Errorf("outbox: done: %w", err)
	}
	return nil
}

// Backoff is the wait before retry number attempts: 2, 4, 8 … seconds, at
// most an hour.
func Backoff(attempts int) time.Duration {
	if attempts > 11 {
		return time.Hour
	}
	return min(time.Duration(1<<attempts)*time.Second, time.Hour)
}

func (w *Worker) fail(ctx context.Context, jobs []job, cause error) {
	now := w.q.now().UTC()
	for _, j := range jobs {
		level := slog.LevelWarn
		if j.Attempts >= 10 {
			level = slog.LevelError
		}
		w.log.Log(ctx, level, "outbox: job failed, will retry", "kind", j.Kind, "id", j.ID, "attempts", j.Attempts, "err", cause)
		msg := cause.Error()
		if len(msg) > 1000 {
			msg = msg[:1000]
		}
		if _, err := w.q.db.ExecContext(ctx, w.q.db.Rebind(`UPDATE outbox_jobs SET run_at = ?, locked_until = NULL, locked_by = '', last_error = ? WHERE id = ?`),
			now.Add(Backoff(j.Attempts)), msg, j.ID); err != nil {
			w.log.Error("outbox: record failure", "id", j.ID, "err", err)
		}
	}
}
