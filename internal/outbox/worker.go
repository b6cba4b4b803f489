package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// Worker claims due jobs of the kinds it knows and runs them.
type Worker struct {
	q     *Queue
	log   *slog.Logger
	kinds map[string]Kind
	names []string
	// Batch is how many jobs one claim takes.
	Batch int
	// Poll is how long the worker waits when no job is due.
	Poll time.Duration
	// Lease is how long claimed jobs stay hidden from other workers.
	// Handlers get four fifths of it: the rest is kept for recording the
	// outcome and for clocks of instances that differ a little.
	Lease time.Duration
	id    string
	seq   atomic.Uint64
}

// NewWorker returns a worker running the jobs of kinds, keyed by job kind;
// jobs of other kinds are left to workers that know them.
func (q *Queue) NewWorker(log *slog.Logger, kinds map[string]Kind) *Worker {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	return &Worker{q: q, log: log, kinds: kinds, names: names, Batch: 500, Poll: time.Second, Lease: 5 * time.Minute,
		id: hex.EncodeToString(b)}
}

// Run works jobs until ctx ends. Jobs running when it ends are handed back
// at once, without counting the interrupted attempt, for the next worker.
func (w *Worker) Run(ctx context.Context) {
	if s, err := w.q.Stats(ctx); err != nil {
		w.log.Error("outbox: stats", "err", err)
	} else {
		level := slog.LevelInfo
		if s.Dead > 0 {
			level = slog.LevelWarn
		}
		w.log.Log(ctx, level, "outbox: worker started", "waiting", s.Waiting, "running", s.Running, "dead", s.Dead)
	}
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

// timeout is how long the handlers of one claim may run.
func (w *Worker) timeout() time.Duration { return w.Lease * 4 / 5 }

// RunOnce claims the due jobs (up to Batch), runs them by kind, records
// their outcomes and returns how many it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	if len(w.names) == 0 {
		return 0, nil
	}
	token := w.id + "-" + strconv.FormatUint(w.seq.Add(1), 10)
	jobs, err := w.claim(ctx, token)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	var order []string
	byKind := map[string][]Job{}
	for _, j := range jobs {
		if _, ok := byKind[j.Kind]; !ok {
			order = append(order, j.Kind)
		}
		byKind[j.Kind] = append(byKind[j.Kind], j)
	}
	// The handlers of one claim share its lease, and so its deadline.
	run, cancel := context.WithTimeout(ctx, w.timeout())
	defer cancel()
	// Outcomes are recorded even when ctx ends meanwhile.
	rec, cancelRec := context.WithTimeout(context.WithoutCancel(ctx), w.Lease)
	defer cancelRec()
	r := &recorder{w: w, token: token}
	for _, kind := range order {
		k, batch := w.kinds[kind], byKind[kind]
		if ctx.Err() != nil || run.Err() != nil {
			r.release(rec, batch)
			continue
		}
		var due []Job
		for _, j := range batch {
			if j.Attempt > k.maxAttempts() {
				// Its last allowed run never reported back.
				r.dead(rec, j, fmt.Errorf("its last allowed run (attempt %d) never finished: its worker stopped or overran the lease", j.Attempt-1))
				continue
			}
			due = append(due, j)
		}
		if len(due) == 0 {
			continue
		}
		failed := outcomes(due, k.Handle(run, due))
		var done, back []Job
		for _, j := range due {
			cause, ok := failed[j.ID]
			switch {
			case !ok:
				done = append(done, j)
			case ctx.Err() != nil, errors.Is(cause, errNotStarted):
				back = append(back, j)
			case j.Attempt >= k.maxAttempts() || isPermanent(cause):
				r.dead(rec, j, cause)
			default:
				r.retry(rec, j, cause)
			}
		}
		r.done(rec, done)
		r.release(rec, back)
	}
	return len(jobs), r.err
}

// outcomes maps what a handler returned to the cause of each failed job.
func outcomes(jobs []Job, err error) Failed {
	if err == nil {
		return Failed{}
	}
	var f Failed
	if errors.As(err, &f) {
		return f
	}
	all := make(Failed, len(jobs))
	for _, j := range jobs {
		all[j.ID] = err
	}
	return all
}

type claimed struct {
	ID       int64  `db:"id"`
	Kind     string `db:"kind"`
	Payload  string `db:"payload"`
	Attempts int    `db:"attempts"`
}

// claim leases due jobs to token in one statement: on PostgreSQL rows
// another worker is claiming are skipped, and SQLite runs one writer at a
// time, so a job is never leased twice.
func (w *Worker) claim(ctx context.Context, token string) ([]Job, error) {
	d := w.q.db
	now := w.q.now().UTC()
	lock := ""
	if d.Dialect == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	query, args, err := sqlx.In(`UPDATE outbox_jobs SET locked_until = ?, locked_by = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM outbox_jobs
			WHERE state = ? AND run_at <= ? AND (locked_until IS NULL OR locked_until < ?) AND kind IN (?)
			ORDER BY id LIMIT ?`+lock+`)
		RETURNING id, kind, payload, attempts`,
		now.Add(w.Lease), token, StatePending, now, now, w.names, w.Batch)
	if err != nil {
		return nil, fmt.Errorf("outbox: claim: %w", err)
	}
	var rows []claimed
	if err := d.Tx(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, tx.Rebind(query), args...)
	}); err != nil {
		return nil, fmt.Errorf("outbox: claim: %w", err)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	jobs := make([]Job, len(rows))
	for i, r := range rows {
		jobs[i] = Job{ID: r.ID, Kind: r.Kind, Attempt: r.Attempts, Payload: []byte(r.Payload)}
	}
	return jobs, nil
}

// recorder writes the outcomes of one claim, only for jobs it still
// leases, and keeps the first error.
type recorder struct {
	w     *Worker
	token string
	err   error
}

// exec runs stmt (a DELETE or an UPDATE without WHERE) on the jobs still
// leased to the claim.
func (r *recorder) exec(ctx context.Context, what string, jobs []Job, stmt string, args ...any) {
	if len(jobs) == 0 {
		return
	}
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	err := r.try(ctx, what, ids, stmt, args)
	if err == nil {
		return
	}
	r.w.log.Error("outbox: "+what, "ids", ids, "err", err)
	if r.err == nil {
		r.err = fmt.Errorf("outbox: %s %v: %w", what, ids, err)
	}
}

func (r *recorder) try(ctx context.Context, what string, ids []int64, stmt string, args []any) error {
	d := r.w.q.db
	q, a, err := sqlx.In(stmt+` WHERE id IN (?) AND locked_by = ?`, append(args, ids, r.token)...)
	if err != nil {
		return err
	}
	res, err := d.ExecContext(ctx, d.Rebind(q), a...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n < int64(len(ids)) {
		r.w.log.Warn("outbox: "+what, "ids", ids, "recorded", n, "err", errLeaseLost)
	}
	return nil
}

func (r *recorder) done(ctx context.Context, jobs []Job) {
	r.exec(ctx, "done", jobs, `DELETE FROM outbox_jobs`)
}

// release hands jobs back at once, not counting the attempt they were
// leased for: the worker is stopping.
func (r *recorder) release(ctx context.Context, jobs []Job) {
	r.exec(ctx, "release", jobs, `UPDATE outbox_jobs SET locked_until = NULL, locked_by = '', attempts = attempts - 1`)
}

func (r *recorder) retry(ctx context.Context, j Job, cause error) {
	wait := Backoff(j.Attempt)
	r.w.log.Warn("outbox: job failed, will retry", "kind", j.Kind, "id", j.ID, "attempt", j.Attempt, "in", wait, "err", cause)
	r.exec(ctx, "retry", []Job{j}, `UPDATE outbox_jobs SET run_at = ?, locked_until = NULL, locked_by = '', last_error = ?`,
		r.w.q.now().UTC().Add(wait), errorText(cause))
}

func (r *recorder) dead(ctx context.Context, j Job, cause error) {
	r.w.log.Error("outbox: job dead: no attempt left", "kind", j.Kind, "id", j.ID, "attempts", j.Attempt, "err", cause)
	r.exec(ctx, "dead", []Job{j}, `UPDATE outbox_jobs SET state = ?, dead_at = ?, locked_until = NULL, locked_by = '', last_error = ?`,
		StateDead, r.w.q.now().UTC(), errorText(cause))
}

func errorText(err error) string {
	msg := err.Error()
	if len(msg) > 1000 {
		msg = strings.ToValidUTF8(msg[:1000], "")
	}
	return msg
}
