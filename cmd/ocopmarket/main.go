// Command ocopmarket runs the OCOP Market marketplace: the storefront, the
// cooperative and staff panels and the JSON API, from one binary.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/config"
)

const usage = `ocopmarket: the marketplace of Vietnamese OCOP cooperatives.

Usage:
  ocopmarket serve              serve the storefront, panels and API on ADDR
  ocopmarket migrate            bring the database schema up to date
  ocopmarket seed               load the demo data set (once; does nothing if present)
  ocopmarket seed --synthetic N add N generated products, for benchmarks
  ocopmarket reindex            rebuild the search index from the database (readers
                                keep the old index until the new one is complete)
  ocopmarket jobs               count the background jobs by state and list the dead ones
  ocopmarket jobs retry ID…     give dead jobs a fresh set of attempts
  ocopmarket help               show this text

Every subcommand reads the same environment variables:
  ADDR                listen address (default :8080)
  METRICS_ADDR        listen address of the Prometheus metrics at /metrics and the Go
                      profiles at /debug/pprof/, e.g. :9090; keep it off the public
                      proxy (default: neither served)
  DATA_DIR            folder of the SQLite database and the search index (default ./data)
  DATABASE_URL        postgres://… to use PostgreSQL instead of SQLite
  REDIS_URL           redis://… for cart, sessions and rate limits (default: the database)
  SEARCH_URL          Meilisearch address (default: Bleve index in DATA_DIR)
  SEARCH_API_KEY      Meilisearch API key
  BASE_URL            public address, e.g. https://ocop.example.vn (default http://localhost:8080)
  LOG_LEVEL           debug, info, warn or error (default info)
  LOG_FORMAT          text or json (default text)
  AUTO_MIGRATE        1 to migrate at start instead of refusing an old schema
  SEED_DEMO           1 to load the demo data at start when the database is empty
  OCOP_DEMO_PASSWORD  password of the demo accounts (default ocop-demo-2025)
  REQUEST_TIMEOUT     longest a request may take (default 30s)
  SHUTDOWN_TIMEOUT    grace period for requests in flight at shutdown (default 15s)
  SHUTDOWN_DRAIN      how long a stopping instance still answers, unready, before it stops listening (default 2s)
  SMTP_URL            smtp://user:password@host:587 (STARTTLS) or smtps://… for password
                      reset emails (default: the emails are only written to the log)
  SMTP_FROM           sender of the emails (default OCOP Market <no-reply@localhost>)
  SESSION_MAX_AGE     how long a login lasts (default 336h, 14 days)
  TRUSTED_PROXIES     load balancers (IPs or CIDRs, comma-separated) whose X-Forwarded-For
                      gives the shopper's address (default: none, the connection's address)
  COMMISSION_PERCENT  the marketplace's share of each order's items, 0-100 (default 5)
  BANK_TRANSFER_TTL   how long an unpaid bank transfer or card order keeps its stock
                      before it is cancelled (default 24h)
  STRIPE_SECRET_KEY   sk_… to take card payments (default: cards off)
  STRIPE_PUBLISHABLE_KEY  pk_… for the card form of the checkout page
  STRIPE_WEBHOOK_SECRET   whsec_… of the endpoint /api/v1/payments/stripe/webhook
  STRIPE_API_URL      another Stripe API address (stripe-mock in tests)
  PAGE_CACHE_MB       megabytes of rendered pages the page cache keeps (default 32)
  GOGC                the Go collector's target (default 40 here, where Go's is 100)
  GOMEMLIMIT          a soft memory limit for the Go runtime, e.g. 256MiB (default none)
`

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ocopmarket:", err)
		os.Exit(1)
	}
}

func run(args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	tuneGC(getenv)
	out := newLogWriter(os.Stderr)
	defer out.Close()
	log := newLogger(cfg, out)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()

	switch args[0] {
	case "serve":
		return serve(ctx, a, stdout)
	case "migrate":
		n, err := a.DB.Migrate(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "migrated: %d migration(s) applied\n", n)
		return nil
	case "seed":
		return seedCommand(ctx, a, args[1:], stdout)
	case "reindex":
		return reindex(ctx, a, stdout)
	case "jobs":
		return jobs(ctx, a, args[1:], stdout)
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// defaultGOGC is the collector's target when GOGC is not set: collect once
// the heap has grown by 40 % of what it keeps, not doubled as Go's 100
// lets it. Most of the shop's heap is bytes without pointers (the page
// cache's pages, the shelf's arrays), which a collection does not scan:
// collecting two and a half times as often cost the shopper pages no CPU
// per request beyond the run-to-run noise (a checkout, which allocates
// most, up to a fifth more). At 100,000 products, 50 instead of 100 took
// the shopper pages' peak RSS from 193 to 170 MB, and 40 instead of 50
// the whole benchmark's from 197 to 189 MB.
const defaultGOGC = 40

// tuneGC sets the collector's target to defaultGOGC unless GOGC sets it.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGOGC)
	}
}

func newLogger(cfg *config.Config, w *logWriter) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(urgent{Handler: h, out: w})
}

func serve(ctx context.Context, a *app.App, stdout io.Writer) error {
	if err := a.CheckSchema(ctx); err != nil {
		return err
	}
	if a.Config.SeedDemo {
		if err := seedDemo(ctx, a, stdout); err != nil {
			return err
		}
	}
	f, err := a.Fiber()
	if err != nil {
		return err
	}
	errc := make(chan error, 2)
	if a.Config.MetricsAddr != "" {
		stopMetrics, err := serveMetrics(a, errc)
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	// The background outlives the signal until the requests in flight are
	// answered (the jobs they write may still go out from here), and stops
	// before the deferred a.Close, having handed back what it was running.
	bg, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	wait := a.Background(bg)
	defer func() { stopBackground(); wait() }()
	go func() { errc <- f.Listen(a.Config.Addr) }()
	a.Log.Info("serving", "addr", a.Config.Addr, "url", a.Config.BaseURL.String(), "database", a.DB.Dialect)
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.Log.Info("shutting down", "drain", a.Config.ShutdownDrain, "grace", a.Config.ShutdownTimeout)
	// Keep listening a moment, unready and closing each connection after
	// its answer: the proxy stops sending here, and the connections already
	// queued (by the kernel, by clients mid-request) are answered rather
	// than reset when the listener closes.
	a.Drain()
	time.Sleep(a.Config.ShutdownDrain)
	if err := f.ShutdownWithTimeout(a.Config.ShutdownTimeout); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// serveMetrics serves /metrics and the profiles of /debug/pprof/ on
// METRICS_ADDR, an address of its own that the public proxy does not
// forward to, where Prometheus scrapes each instance. A failure of the listener after the start is sent to errc.
func serveMetrics(a *app.App, errc chan<- error) (stop func(), err error) {
	ln, err := net.Listen("tcp", a.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("serve: metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", a.MetricsHandler())
	// The profiles of the running process, for an operator to see where
	// its time and memory go (`go tool pprof http://HOST:9090/debug/pprof/profile`).
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	// A CPU profile runs for its ?seconds= (30 by default) before it answers.
	m := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 2 * time.Minute}
	go func() {
		if err := m.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("metrics: %w", err)
		}
	}()
	a.Log.Info("serving metrics", "addr", ln.Addr().String(), "path", "/metrics")
	return func() { _ = m.Close() }, nil
}

func seedCommand(ctx context.Context, a *app.App, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	synthetic := fs.Int("synthetic", 0, "add `N` generated products for benchmarks")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := a.CheckSchema(ctx); err != nil {
		return err
	}
	if *synthetic < 0 {
		return errors.New("seed: --synthetic wants a positive number")
	}
	if *synthetic > 0 {
		return seedSynthetic(ctx, a, *synthetic, stdout)
	}
	return seedDemo(ctx, a, stdout)
}

func reindex(ctx context.Context, a *app.App, stdout io.Writer) error {
	if err := a.CheckSchema(ctx); err != nil {
		return err
	}
	total, err := a.Catalog.CountVisible(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reindexing (%d products visible to shoppers)\n", total)
	start := time.Now()
	err = a.Indexer.Reindex(ctx, func(done int) {
		fmt.Fprintf(stdout, "  %d products read\n", done)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reindexed in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}
