// Package metrics keeps the process's Prometheus metrics in a registry of
// its own: the HTTP requests by route pattern, method and status class,
// their latency, the outbox's backlog and dead jobs by kind (counted in the
// database at each scrape), and the Go runtime and process collectors.
package metrics

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes the name of every metric of the app's own.
const Namespace = "ocopmarket"

// Metrics is the registry of one process and the metrics it updates.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New returns a registry holding the HTTP metrics and the Go runtime and
// process collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace,
			Name:      "http_requests_total",
			Help:      "HTTP requests answered, by route pattern, method and status class (2xx, 3xx, 4xx, 5xx).",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace,
			Name:      "http_request_duration_seconds",
			Help:      "Time from a request's arrival to its answer, by route pattern and method.",
			Buckets:   []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method"}),
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests,
		m.duration,
	)
	return m
}

// Register adds a collector of the app's (such as Outbox) to the registry.
func (m *Metrics) Register(c prometheus.Collector) error {
	if err := m.registry.Register(c); err != nil {
		return fmt.Errorf("metrics: register: %w", err)
	}
	return nil
}

// Gauge adds a gauge named ocopmarket_<name> whose value fn reads at each
// scrape (the page cache's size, say), so that nothing polls it between.
func (m *Metrics) Gauge(name, help string, fn func() float64) error {
	return m.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: Namespace, Name: name, Help: help}, fn))
}

// ObserveRequest counts one answered request. route must be the pattern
// the request matched (/san-pham/:slug), never its path, so that the
// number of series stays bounded whatever addresses clients ask for.
func (m *Metrics) ObserveRequest(route, method string, status int, took time.Duration) {
	m.requests.WithLabelValues(route, method, StatusClass(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(took.Seconds())
}

// StatusClass is the class of an HTTP status: "2xx" for 204.
func StatusClass(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}

// Handler serves the registry in the Prometheus exposition format at
// /metrics (and nothing else). A collector that fails (the database does
// not answer) is logged and left out of the scrape; the others are served.
func (m *Metrics) Handler(log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ErrorHandling: promhttp.ContinueOnError,
	}))
	return mux
}
