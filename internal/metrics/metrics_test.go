package metrics_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/metrics"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler(quiet).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics %d: %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

func hasLine(body, line string) bool {
	return strings.Contains("\n"+body, "\n"+line+"\n")
}

func TestStatusClass(t *testing.T) {
	for status, want := range map[int]string{200: "2xx", 204: "2xx", 302: "3xx", 404: "4xx", 429: "4xx", 500: "5xx", 503: "5xx", 0: "other", 600: "other"} {
		if got := metrics.StatusClass(status); got != want {
			t.Errorf("StatusClass(%d) = %q, want %q", status, got, want)
		}
	}
}

// The outbox gauges are the jobs in the database at the moment of the
// scrape, with the workers' kinds at 0 when they have none.
func TestOutboxGaugesCountTheDatabase(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := outbox.New(d, time.Now)
		m := metrics.New()
		if err := m.Register(metrics.NewOutbox(q.Backlogs, []string{"email", "index"}, time.Second)); err != nil {
			t.Fatal(err)
		}
		body := scrape(t, m)
		for _, line := range []string{`ocopmarket_outbox_pending_jobs{kind="email"} 0`, `ocopmarket_outbox_dead_jobs{kind="index"} 0`} {
			if !hasLine(body, line) {
				t.Errorf("empty queue: no line %q in\n%s", line, body)
			}
		}
		for _, kind := range []string{"email", "email", "email", "index", "garbled", "garbled"} {
			if err := q.Enqueue(ctx, d, kind, 1); err != nil {
				t.Fatal(err)
			}
		}
		w := q.NewWorker(quiet, map[string]outbox.Kind{
			"garbled": {Handle: func(context.Context, []outbox.Job) error { return outbox.Permanent(errors.New("bad payload")) }},
			"index":   {Handle: func(context.Context, []outbox.Job) error { return nil }},
		})
		for {
			n, err := w.RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
		body = scrape(t, m)
		for _, line := range []string{
			`ocopmarket_outbox_pending_jobs{kind="email"} 3`,
			`ocopmarket_outbox_dead_jobs{kind="email"} 0`,
			`ocopmarket_outbox_pending_jobs{kind="index"} 0`,
			`ocopmarket_outbox_dead_jobs{kind="index"} 0`,
			`ocopmarket_outbox_pending_jobs{kind="garbled"} 0`,
			`ocopmarket_outbox_dead_jobs{kind="garbled"} 2`,
		} {
			if !hasLine(body, line) {
				t.Errorf("no line %q in\n%s", line, body)
			}
		}
	})
}

// A database that does not answer costs the scrape the outbox gauges, not
// the request metrics.
func TestOutboxDownKeepsTheOtherMetrics(t *testing.T) {
	m := metrics.New()
	down := func(context.Context) ([]outbox.Backlog, error) { return nil, errors.New("connection refused") }
	if err := m.Register(metrics.NewOutbox(down, []string{"email"}, time.Second)); err != nil {
		t.Fatal(err)
	}
	m.ObserveRequest("/san-pham/:slug", "GET", 200, 30*time.Millisecond)
	m.ObserveRequest("/san-pham/:slug", "GET", 503, 2*time.Second)
	body := scrape(t, m)
	for _, line := range []string{
		`ocopmarket_http_requests_total{method="GET",route="/san-pham/:slug",status="2xx"} 1`,
		`ocopmarket_http_requests_total{method="GET",route="/san-pham/:slug",status="5xx"} 1`,
		`ocopmarket_http_request_duration_seconds_bucket{method="GET",route="/san-pham/:slug",le="0.05"} 1`,
		`ocopmarket_http_request_duration_seconds_bucket{method="GET",route="/san-pham/:slug",le="2.5"} 2`,
		`ocopmarket_http_request_duration_seconds_count{method="GET",route="/san-pham/:slug"} 2`,
	} {
		if !hasLine(body, line) {
			t.Errorf("no line %q in\n%s", line, body)
		}
	}
	if strings.Contains(body, "ocopmarket_outbox_") {
		t.Errorf("outbox gauges served without a database:\n%s", body)
	}
}

// The collector's query gets the timeout's deadline, so a database that
// hangs does not hang the scrape.
func TestOutboxQueryHasADeadline(t *testing.T) {
	m := metrics.New()
	hang := func(ctx context.Context) ([]outbox.Backlog, error) {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("the outbox query has no deadline")
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if err := m.Register(metrics.NewOutbox(hang, nil, 50*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if body := scrape(t, m); !strings.Contains(body, "go_goroutines") || strings.Contains(body, "ocopmarket_outbox_") {
		t.Errorf("scrape with a hanging database:\n%s", body)
	}
}
