package session

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// SweepFunc deletes expired rows of one table and returns how many.
type SweepFunc func(ctx context.Context) (int64, error)

// Sweeper runs clean-up functions (expired sessions, carts, rate-limit
// counters of the embedded default) at an interval until Close.
type Sweeper struct {
	log      *slog.Logger
	interval time.Duration
	jobs     map[string]SweepFunc
	stop     chan struct{}
	wg       sync.WaitGroup
	once     sync.Once
}

// NewSweeper returns a Sweeper; Start runs it.
func NewSweeper(log *slog.Logger, interval time.Duration, jobs map[string]SweepFunc) *Sweeper {
	return &Sweeper{log: log, interval: interval, jobs: jobs, stop: make(chan struct{})}
}

// Start sweeps once now and then every interval, in the background.
func (s *Sweeper) Start() {
	s.wg.Go(func() {
		t := time.NewTicker(s.interval)
		defer t.Stop()
		for {
			s.SweepOnce(context.Background())
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	})
}

// SweepOnce runs every job once, logging failures.
func (s *Sweeper) SweepOnce(ctx context.Context) {
	for name, job := range s.jobs {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		n, err := job(ctx)
		cancel()
		if err != nil {
			s.log.Warn("sweep failed", "table", name, "err", err)
		} else if n > 0 {
			s.log.Debug("swept expired rows", "table", name, "rows", n)
		}
	}
}

// Close stops the sweeper and waits for a sweep in progress.
func (s *Sweeper) Close() {
	s.once.Do(func() { close(s.stop) })
	s.wg.Wait()
}
