package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

// Backlogs counts the outbox jobs that are not done, by kind
// (outbox.Queue.Backlogs).
type Backlogs func(ctx context.Context) ([]outbox.Backlog, error)

// Outbox is a collector of the outbox's pending and dead jobs by kind,
// counted in the database when Prometheus scrapes, so that the numbers are
// those of that moment and nothing polls between scrapes. Every instance
// reports the same numbers (they are the shared table's): aggregate them
// with max, not sum.
type Outbox struct {
	count   Backlogs
	kinds   []string
	timeout time.Duration
	pending *prometheus.Desc
	dead    *prometheus.Desc
}

// NewOutbox returns the collector of count. kinds are the job kinds the
// workers know, reported as 0 when they have no such jobs, so that a series
// does not vanish when its backlog is cleared; timeout bounds the query, so
// that a slow database makes a scrape lose these numbers, not hang.
func NewOutbox(count Backlogs, kinds []string, timeout time.Duration) *Outbox {
	return &Outbox{
		count:   count,
		kinds:   kinds,
		timeout: timeout,
		pending: prometheus.NewDesc(prometheus.BuildFQName(Namespace, "outbox", "pending_jobs"),
			"Outbox jobs waiting for their first run or a retry, or running, by kind.", []string{"kind"}, nil),
		dead: prometheus.NewDesc(prometheus.BuildFQName(Namespace, "outbox", "dead_jobs"),
			"Outbox jobs that failed their last allowed attempt, by kind (see `ocopmarket jobs`).", []string{"kind"}, nil),
	}
}

// Describe sends the descriptions of the two gauges.
func (o *Outbox) Describe(ch chan<- *prometheus.Desc) {
	ch <- o.pending
	ch <- o.dead
}

// Collect counts the jobs now. When the database does not answer in time
// it sends an invalid metric, which fails these series alone.
func (o *Outbox) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	backlogs, err := o.count(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(o.pending, err)
		return
	}
	byKind := make(map[string]outbox.Backlog, len(o.kinds)+len(backlogs))
	for _, k := range o.kinds {
		byKind[k] = outbox.Backlog{Kind: k}
	}
	for _, b := range backlogs {
		byKind[b.Kind] = b
	}
	for kind, b := range byKind {
		ch <- prometheus.MustNewConstMetric(o.pending, prometheus.GaugeValue, float64(b.Pending), kind)
		ch <- prometheus.MustNewConstMetric(o.dead, prometheus.GaugeValue, float64(b.Dead), kind)
	}
}
