// Package outbox keeps durable background jobs: a job is written in the same
// transaction as the change that needs it, and workers run it later with
// retries and backoff, so a backend that is down delays work but loses none.
//
// A worker leases the jobs it claims in one atomic statement, so two workers
// (in one process or in many instances) never run a job at once; a handler's
// context ends before the lease does, and a worker that died leaves its jobs
// to be claimed again once their lease is over. A job that fails its last
// allowed attempt is kept, dead, with its last error: Stats counts it, Dead
// lists it and Revive runs it again.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// States of a job.
const (
	StatePending = "pending" // waiting for its first run or a retry, or running
	StateDead    = "dead"    // failed its last allowed attempt
)

// Queue writes jobs, counts them and makes workers.
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

// Stats counts the jobs by state.
type Stats struct {
	// Waiting jobs are due now or after a backoff.
	Waiting int `json:"waiting"`
	// Running jobs are leased by a worker.
	Running int `json:"running"`
	// Dead jobs failed their last allowed attempt.
	Dead int `json:"dead"`
}

// Stats counts the jobs of the queue by state.
func (q *Queue) Stats(ctx context.Context) (Stats, error) {
	var rows []struct {
		State  string `db:"state"`
		Leased bool   `db:"leased"`
		N      int    `db:"n"`
	}
	if err := q.db.SelectContext(ctx, &rows, q.db.Rebind(`SELECT state,
		CASE WHEN locked_until IS NOT NULL AND locked_until >= ? THEN TRUE ELSE FALSE END AS leased, COUNT(*) AS n
		FROM outbox_jobs GROUP BY state, leased`), q.now().UTC()); err != nil {
		return Stats{}, fmt.Errorf("outbox: stats: %w", err)
	}
	var s Stats
	for _, r := range rows {
		switch {
		case r.State == StateDead:
			s.Dead += r.N
		case r.Leased:
			s.Running += r.N
		default:
			s.Waiting += r.N
		}
	}
	return s, nil
}

// Backlog counts the jobs of one kind that are not done.
type Backlog struct {
	Kind string `db:"kind"`
	// Pending jobs wait for their first run or a retry, or are running.
	Pending int `db:"pending"`
	// Dead jobs failed their last allowed attempt.
	Dead int `db:"dead"`
}

// Backlogs counts the jobs that are not done by kind, in the order of the
// kinds' names; a kind without such jobs is absent.
func (q *Queue) Backlogs(ctx context.Context) ([]Backlog, error) {
	out := []Backlog{}
	if err := q.db.SelectContext(ctx, &out, q.db.Rebind(`SELECT kind,
		SUM(CASE WHEN state = ? THEN 1 ELSE 0 END) AS pending,
		SUM(CASE WHEN state = ? THEN 1 ELSE 0 END) AS dead
		FROM outbox_jobs GROUP BY kind ORDER BY kind`), StatePending, StateDead); err != nil {
		return nil, fmt.Errorf("outbox: backlogs: %w", err)
	}
	return out, nil
}

// DeadJob is a job that failed its last allowed attempt.
type DeadJob struct {
	ID        int64     `db:"id"`
	Kind      string    `db:"kind"`
	Attempts  int       `db:"attempts"`
	LastError string    `db:"last_error"`
	CreatedAt time.Time `db:"created_at"`
	DeadAt    time.Time `db:"dead_at"`
}

// Dead lists the dead jobs, the most recent first, at most limit.
func (q *Queue) Dead(ctx context.Context, limit int) ([]DeadJob, error) {
	jobs := []DeadJob{}
	if err := q.db.SelectContext(ctx, &jobs, q.db.Rebind(`SELECT id, kind, attempts, last_error, created_at, dead_at
		FROM outbox_jobs WHERE state = ? ORDER BY dead_at DESC, id DESC LIMIT ?`), StateDead, limit); err != nil {
		return nil, fmt.Errorf("outbox: dead jobs: %w", err)
	}
	return jobs, nil
}

// Revive gives dead jobs a fresh set of attempts, due now (once what
// killed them is mended), and returns how many of ids were dead.
func (q *Queue) Revive(ctx context.Context, ids ...int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	query, args, err := sqlx.In(`UPDATE outbox_jobs SET state = ?, attempts = 0, run_at = ?, dead_at = NULL
		WHERE state = ? AND id IN (?)`, StatePending, q.now().UTC(), StateDead, ids)
	if err != nil {
		return 0, fmt.Errorf("outbox: revive %v: %w", ids, err)
	}
	res, err := q.db.ExecContext(ctx, q.db.Rebind(query), args...)
	if err != nil {
		return 0, fmt.Errorf("outbox: revive %v: %w", ids, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("outbox: revive %v: %w", ids, err)
	}
	return int(n), nil
}

// Job is one claimed job as its handler sees it.
type Job struct {
	// ID names the job for good: it is the same on every attempt, so what
	// the job sends can carry it for receivers to drop a repeat.
	ID   int64
	Kind string
	// Attempt is 1 on the first run.
	Attempt int
	Payload json.RawMessage
}

// Handler runs a batch of claimed jobs of one kind. Returning nil marks
// them all done; returning a Failed fails only the jobs it names (the
// others are done); any other error fails the whole batch. The context
// ends before the jobs' lease does, and a handler must stop by then.
type Handler func(ctx context.Context, jobs []Job) error

// Failed is the error of a batch whose jobs failed one by one: the cause
// of each failed job by its id.
type Failed map[int64]error

func (f Failed) Error() string {
	ids := make([]int64, 0, len(f))
	for id := range f {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("job %d: %v", id, f[id])
	}
	return strings.Join(parts, "; ")
}

// Each returns a Handler that runs jobs one at a time through fn, so that
// one job's failure does not fail the others; the jobs it has no time left
// for go back to the queue without losing an attempt.
func Each(fn func(ctx context.Context, j Job) error) Handler {
	return func(ctx context.Context, jobs []Job) error {
		failed := Failed{}
		for _, j := range jobs {
			if ctx.Err() != nil {
				failed[j.ID] = errNotStarted
				continue
			}
			if err := fn(ctx, j); err != nil {
				failed[j.ID] = err
			}
		}
		if len(failed) == 0 {
			return nil
		}
		return failed
	}
}

// Payloads returns a Handler that gives fn the payloads of a batch at once
// (one search index update for many products): the batch succeeds or fails
// as a whole.
func Payloads(fn func(ctx context.Context, payloads []json.RawMessage) error) Handler {
	return func(ctx context.Context, jobs []Job) error {
		ps := make([]json.RawMessage, len(jobs))
		for i, j := range jobs {
			ps[i] = j.Payload
		}
		return fn(ctx, ps)
	}
}

// Kind is how workers run the jobs of one kind.
type Kind struct {
	Handle Handler
	// MaxAttempts is how many runs a job gets before it is dead;
	// DefaultMaxAttempts when zero.
	MaxAttempts int
}

// DefaultMaxAttempts gives a job about nine hours of retries (see Backoff)
// before it is dead: a backend down for a night delays work, loses none.
const DefaultMaxAttempts = 20

func (k Kind) maxAttempts() int {
	if k.MaxAttempts > 0 {
		return k.MaxAttempts
	}
	return DefaultMaxAttempts
}

// Backoff is the wait before retry number attempts: 2, 4, 8 … seconds, at
// most an hour.
func Backoff(attempts int) time.Duration {
	if attempts > 11 {
		return time.Hour
	}
	return min(time.Duration(1<<attempts)*time.Second, time.Hour)
}

// AttemptsWithin is how many attempts fit in d when every failure waits
// Backoff before the next: the MaxAttempts of a job not worth doing later
// than d after it was written (a link that expires).
func AttemptsWithin(d time.Duration) int {
	n, waited := 1, time.Duration(0)
	for waited+Backoff(n) <= d {
		waited += Backoff(n)
		n++
	}
	return n
}

// Permanent marks err as a failure no retry can mend (a payload that does
// not decode): the job is dead at once instead of after its attempts.
func Permanent(err error) error { return permanentError{err} }

type permanentError struct{ err error }

func (p permanentError) Error() string { return p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

func isPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// errNotStarted fails a job its handler did not start because the time of
// the claim was up: the job goes back without the attempt counting.
var errNotStarted = errors.New("outbox: not started: the time of the claim was up")

// errLeaseLost means a job's lease ended before its outcome was recorded:
// another worker may run it again.
var errLeaseLost = errors.New("outbox: lease ended before the outcome was recorded")
