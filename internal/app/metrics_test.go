package app_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/notify"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

// scrape fetches path from the metrics handler as Prometheus would.
func scrape(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// samples maps each sample line of a text exposition ("name{labels}") to
// its value as written.
func samples(body string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(body, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		out[line[:i]] = line[i+1:]
	}
	return out
}

// After a few requests and with jobs in the outbox, /metrics counts the
// requests by route pattern, method and status class, times them, and
// reports the jobs waiting and dead by kind as they are in the database.
func TestMetrics(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{})
		ctx := context.Background()
		if got, err := a.Outbox.Backlogs(ctx); err != nil || len(got) != 0 {
			t.Fatalf("a fresh app has jobs: %+v, %v", got, err)
		}
		f := a.Fiber()
		for _, r := range []struct {
			path   string
			status int
		}{
			{"/healthz", 200}, {"/healthz", 200}, {"/healthz", 200},
			{"/san-pham/khong-co-1", 404}, {"/san-pham/khong-co-2", 404},
			{"/khong-co-trang-nay", 404},
		} {
			if got := get(t, f, r.path); got.Status != r.status {
				t.Fatalf("GET %s = %d, want %d", r.path, got.Status, r.status)
			}
		}
		for range 2 {
			if err := a.Outbox.Enqueue(ctx, a.DB, catalog.JobIndexProducts, []int64{1}); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.Outbox.Enqueue(ctx, a.DB, notify.JobWebhook, "broken"); err != nil {
			t.Fatal(err)
		}
		// The webhook dies at its first attempt, as a payload no retry
		// mends does.
		w := a.Outbox.NewWorker(a.Log, map[string]outbox.Kind{notify.JobWebhook: {Handle: func(context.Context, []outbox.Job) error {
			return outbox.Permanent(errors.New("payload does not decode"))
		}}})
		if n, err := w.RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("RunOnce = %d, %v; want the webhook run", n, err)
		}

		status, body := scrape(t, a.MetricsHandler(), "/metrics")
		if status != 200 {
			t.Fatalf("/metrics %d: %s", status, body)
		}
		got := samples(body)
		for series, want := range map[string]int{
			`ocopmarket_http_requests_total{method="GET",route="/healthz",status="2xx"}`:               3,
			`ocopmarket_http_requests_total{method="GET",route="/san-pham/:slug",status="4xx"}`:        2,
			`ocopmarket_http_requests_total{method="GET",route="/*",status="4xx"}`:                     1,
			`ocopmarket_http_request_duration_seconds_count{method="GET",route="/healthz"}`:            3,
			`ocopmarket_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"}`: 3,
			`ocopmarket_http_request_duration_seconds_count{method="GET",route="/san-pham/:slug"}`:     2,
			`ocopmarket_outbox_pending_jobs{kind="` + catalog.JobIndexProducts + `"}`:                  2,
			`ocopmarket_outbox_dead_jobs{kind="` + catalog.JobIndexProducts + `"}`:                     0,
			`ocopmarket_outbox_pending_jobs{kind="` + notify.JobWebhook + `"}`:                         0,
			`ocopmarket_outbox_dead_jobs{kind="` + notify.JobWebhook + `"}`:                            1,
			`ocopmarket_outbox_pending_jobs{kind="` + account.JobResetEmail + `"}`:                     0,
			`ocopmarket_outbox_dead_jobs{kind="` + account.JobResetEmail + `"}`:                        0,
			// Without the background nothing watches the change feed, so
			// the page cache keeps nothing.
			`ocopmarket_pagecache_entries`: 0,
			`ocopmarket_pagecache_bytes`:   0,
		} {
			if v, ok := got[series]; !ok || v != strconv.Itoa(want) {
				t.Errorf("%s = %q (present %v), want %d", series, v, ok, want)
			}
		}
		for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "process_start_time_seconds"} {
			if _, ok := got[name]; !ok {
				t.Errorf("no %s: the Go and process collectors are missing", name)
			}
		}
		if strings.Contains(body, "khong-co") {
			t.Errorf("a raw path became a label:\n%s", body)
		}
		if status, _ := scrape(t, a.MetricsHandler(), "/healthz"); status != 404 {
			t.Errorf("the metrics listener answers /healthz with %d, want 404: it serves /metrics alone", status)
		}
		if r := get(t, f, "/metrics"); r.Status != 404 {
			t.Errorf("the public app answers /metrics with %d, want 404: metrics are on METRICS_ADDR only", r.Status)
		}
	})
}
