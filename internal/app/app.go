// Package app wires the process together: it opens the database and the
// other backends named by the configuration and builds the fiber app.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/admin"
	"github.com/ocopmarket/ocopmarket/docs"
	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/blob"
	"github.com/ocopmarket/ocopmarket/internal/blob/s3blob"
	"github.com/ocopmarket/ocopmarket/internal/blob/sqlblob"
	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/coopmedia"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/indexer"
	"github.com/ocopmarket/ocopmarket/internal/listing"
	"github.com/ocopmarket/ocopmarket/internal/metrics"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/payout"
	"github.com/ocopmarket/ocopmarket/internal/report"
	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/bleve"
	"github.com/ocopmarket/ocopmarket/internal/search/meili"
	"github.com/ocopmarket/ocopmarket/internal/settings"
	"github.com/ocopmarket/ocopmarket/internal/shelf"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/trace"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/pagecache"
	"github.com/ocopmarket/ocopmarket/storefront"
)

// ErrSchemaBehind means the database needs `ocopmarket migrate` first.
var ErrSchemaBehind = errors.New("the database schema is behind this version: run `ocopmarket migrate` (or start with AUTO_MIGRATE=1)")

// App is everything a running process holds.
type App struct {
	Config   *config.Config
	Log      *slog.Logger
	DB       *db.DB
	Catalog  *catalog.Store
	Blobs    blob.Store // photos and scans
	Accounts *account.Store
	Outbox   *outbox.Queue
	Audit    *audit.Log // every change made in the panels
	Settings *settings.Settings
	Search   search.Index
	Indexer  *indexer.Indexer
	// Shelf is the in-memory read model of the catalog that answers
	// listings; its Version tells the page cache when pages change.
	Shelf   *shelf.Shelf
	Browser *browse.Browser
	Shop    *Shop   // sessions, carts, rate limits, addresses, mail
	Orders  *Orders // checkout, payments, ledger, order notifications

	// Trace keeps the traceability batches and answers their public
	// records (trace).
	Trace *trace.Service
	// fairs
	Showcases *showcase.Store // trade fairs, their booths and results
	// Metrics is the process's Prometheus registry, served on METRICS_ADDR.
	Metrics *metrics.Metrics
	// Pages keeps the storefront's pages for anonymous visitors while the
	// shelf's version lasts: any change shoppers can see drops them.
	Pages *pagecache.Cache

	watching atomic.Bool // Background runs: /readyz waits for the shelf
	draining atomic.Bool // shutting down: see Drain
}

// Drain starts the instance's shutdown: /healthz and /readyz answer 503,
// so that load balancers send nothing more, and every answer closes its
// connection, so that no client sends a next request on a connection
// about to be closed under it.
func (a *App) Drain() { a.draining.Store(true) }

// closeWhileDraining closes each connection after its answer once Drain
// was called.
func (a *App) closeWhileDraining(c *fiber.Ctx) error {
	if a.draining.Load() {
		c.Context().SetConnectionClose()
	}
	return c.Next()
}

// shelfPoll is how often the shelf reads the change feed: a change shows
// on every instance within about this long.
const shelfPoll = 500 * time.Millisecond

// Open connects to the backends of cfg. It does not touch the schema.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*App, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL, cfg.SQLitePath())
	if err != nil {
		return nil, err
	}
	blobs, err := openBlobs(ctx, cfg, d, log)
	if err != nil {
		return nil, errors.Join(err, d.Close())
	}
	cat := catalog.New(d, time.Now).WithBlobs(blobs)
	idx, err := openSearch(cfg, cat.Texts)
	if err != nil {
		return nil, errors.Join(err, d.Close())
	}
	if err := idx.Init(ctx); err != nil {
		// A search backend that is down must not stop the shop: listings
		// fall back to SQL and the outbox keeps the changes until it is back.
		log.Warn("search index unavailable at start", "err", err)
	}
	ix := indexer.New(cat, idx, log)
	sh := shelf.New(cat, log, time.Now)
	if cfg.SearchURL == "" {
		// Each instance keeps its own Bleve index: the feed that keeps the
		// shelf current keeps the index current too, whichever instance's
		// outbox worker ran the change's job.
		sh.OnChange(ix.Refresh)
	}
	a := &App{
		Config:   cfg,
		Log:      log,
		DB:       d,
		Catalog:  cat,
		Blobs:    blobs,
		Accounts: account.New(d, bcrypt.DefaultCost),
		Outbox:   outbox.New(d, time.Now),
		Audit:    audit.New(d, time.Now),
		Search:   idx,
		Indexer:  ix,
		Shelf:    sh,
		Browser:  browse.New(cat, idx, log).WhenReady(ix.Ready).WithShelf(sh),
	}
	a.Settings = settings.New(d, a.Audit, cfg.CommissionPercent, cfg.PaymentTTL)
	a.Trace = trace.New(d, a.Audit, time.Now, cfg.BaseURL) // trace
	if a.Shop, err = OpenShop(ctx, cfg, log, d, cat, sh, a.Accounts, RedisPrefix); err != nil {
		return nil, errors.Join(err, idx.Close(), d.Close())
	}
	a.Orders = OpenOrders(cfg, log, d, cat, a.Audit, a.Settings, a.Shop.Mail, cfg.BaseURL)
	a.Showcases = showcase.New(d, cat, blobs, a.Audit, time.Now) // fairs
	a.Metrics = metrics.New()
	kinds := slices.Sorted(maps.Keys(a.jobKinds()))
	a.Pages = pagecache.New(pagecache.Config{Version: a.pagesVersion, MaxBytes: cfg.PageCacheMB << 20})
	if err := errors.Join(
		a.Metrics.Register(metrics.NewOutbox(a.Outbox.Backlogs, kinds, 2*time.Second)),
		a.Metrics.Gauge("pagecache_entries", "Answers the page cache keeps, stale ones included until evicted.",
			func() float64 { return float64(a.Pages.Stats().Entries) }),
		a.Metrics.Gauge("pagecache_bytes", "Bytes the page cache keeps, compressed forms included.",
			func() float64 { return float64(a.Pages.Stats().Bytes) }),
	); err != nil {
		return nil, errors.Join(err, a.Close())
	}
	return a, nil
}

// MetricsHandler serves /metrics, for the listener of METRICS_ADDR.
func (a *App) MetricsHandler() http.Handler { return a.Metrics.Handler(a.Log) }

// openSearch picks the search backend: Meilisearch when SEARCH_URL is set,
// otherwise the Bleve index in the data folder, which reads the texts of
// its highlights and suggestions from texts.
func openSearch(cfg *config.Config, texts search.Texts) (search.Index, error) {
	switch {
	case cfg.SearchURL != "":
		idx, err := meili.New(meili.Config{URL: cfg.SearchURL, APIKey: cfg.SearchAPIKey})
		if err != nil {
			return nil, fmt.Errorf("app: search: %w", err)
		}
		return idx, nil
	default:
		return bleve.New(cfg.SearchDir(), texts), nil
	}
}

// openBlobs picks the blob store: the S3 bucket of BLOB_URL when it is
// set, otherwise the blobs table of the database.
func openBlobs(ctx context.Context, cfg *config.Config, d *db.DB, log *slog.Logger) (blob.Store, error) {
	switch {
	case cfg.S3 != nil:
		s, err := s3blob.New(*cfg.S3)
		if err != nil {
			return nil, fmt.Errorf("app: blobs: %w", err)
		}
		if err := s.Init(ctx); err != nil {
			// As with search: the shop runs, /readyz says the blobs are
			// down, and a restart makes the bucket once it answers.
			log.Warn("blob storage unavailable at start", "err", err)
		}
		return s, nil
	default:
		return sqlblob.New(d), nil
	}
}

// Close releases the backends.
func (a *App) Close() error {
	return errors.Join(a.Shop.Close(), a.Search.Close(), a.DB.Close())
}

// Background starts the work a server does besides answering requests,
// until ctx ends: the outbox worker (emails, webhooks, payment calls,
// search index updates), the expiry of unpaid orders, the search index
// upkeep, the sweep of the SQL stores and the OCOP expiry reminders. The function it returns waits for
// them to stop, so that the backends are closed only after: a job the
// worker was running when ctx ended is handed back for the next start.
func (a *App) Background(ctx context.Context) (wait func()) {
	worker := a.Outbox.NewWorker(a.Log, a.jobKinds())
	var wg sync.WaitGroup
	wg.Go(func() { worker.Run(ctx) })
	wg.Go(func() { a.Orders.Expire(ctx, time.Minute) })
	wg.Go(func() { a.Indexer.Maintain(ctx, time.Hour) })
	wg.Go(func() { a.analyze(ctx, 6*time.Hour) })
	a.watching.Store(true)
	wg.Go(func() { a.Shelf.Run(ctx, shelfPoll) })
	wg.Go(func() { a.Shop.Sweep(ctx) })
	// media: OCOP certificates expiring in 60 days, checked daily
	wg.Go(func() { a.remindExpiring(ctx, 24*time.Hour) })
	return wg.Wait
}

// analyze refreshes the database's planner statistics at start and every
// interval, as the catalog grows.
func (a *App) analyze(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := a.DB.Analyze(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("analyze the database", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// jobKinds are the outbox job kinds the worker runs, with their handlers.
func (a *App) jobKinds() map[string]outbox.Kind {
	kinds := a.Orders.Handlers()
	kinds[catalog.JobIndexProducts] = outbox.Kind{Handle: outbox.Payloads(a.Indexer.HandleJobs)}
	// apply
	kinds[onboard.JobInviteEmail] = a.Orders.Notifier.InviteEmails()
	// review: the staff's decisions, emailed to the cooperative's team
	kinds[onboard.JobReviewEmail] = a.Orders.Notifier.ReviewEmails()
	return kinds
}

// CheckSchema migrates when AUTO_MIGRATE is set and otherwise refuses a
// schema older than the binary.
func (a *App) CheckSchema(ctx context.Context) error {
	if a.Config.AutoMigrate {
		n, err := a.DB.Migrate(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			a.Log.Info("migrated the database", "migrations", n)
		}
		return nil
	}
	current, latest, err := a.DB.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if current < latest {
		return fmt.Errorf("app: schema version %d, want %d: %w", current, latest, ErrSchemaBehind)
	}
	return nil
}

// Fiber builds the HTTP application: middleware, the storefront, the
// panels, the API and the health checks. It fails when a template, asset or
// message does not load, so a broken build does not start.
func (a *App) Fiber() (*fiber.App, error) {
	stripe, stripeKey := a.Orders.cards()
	shop, err := storefront.New(storefront.Config{
		Catalog: a.Catalog, Browser: a.Browser, Users: a.Accounts, Addresses: a.Shop.Addresses,
		Sessions: a.Shop.Sessions, Carts: a.Shop.Carts, Orders: a.Orders.Service, Limiter: a.Shop.Limiter,
		BaseURL: a.Config.BaseURL, Limits: a.Shop.Limits,
		Trace:  a.Trace, // trace
		Stripe: stripe, StripePublishableKey: stripeKey, Log: a.Log,
		Showcases: a.Showcases, // fairs
		Pages:     a.Pages,
	})
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	f := fiber.New(fiber.Config{
		AppName:      "OCOP Market",
		ErrorHandler: web.ErrorHandler(a.Log, shop.Messages(), shop.RenderError),
		ReadTimeout:  a.Config.RequestTimeout,
		WriteTimeout: a.Config.RequestTimeout,
		IdleTimeout:  2 * time.Minute,
		BodyLimit:    6 << 20,
		// A multipart body is parsed when a handler asks for it, so that a
		// malformed one gets the error shape of its route (the server's own
		// parse forgets the request, and /api/ would get an HTML page).
		DisablePreParseMultipartForm: true,
		// Long enough for a 10,000-character search to reach validation
		// and get a 400 that says what to fix.
		ReadBufferSize: 16 << 10,
		// X-Forwarded-Host and -Proto are believed only from the proxies
		// configured; the shopper's address is web.ClientIP's.
		EnableTrustedProxyCheck: len(a.Config.TrustedProxies) > 0,
		TrustedProxies:          prefixes(a.Config.TrustedProxies),
		DisableStartupMessage:   true,
		// Every JSON answer: goccy/go-json writes what encoding/json writes
		// (HTML-safe escapes, sorted map keys) in a third of the time and
		// allocations, which a cart answer spent a tenth of its CPU on.
		JSONEncoder: gojson.Marshal,
	})
	web.Common(f, a.Log, web.CommonConfig{
		Timeout:        a.Config.RequestTimeout,
		HTTPS:          a.Config.SecureCookies(),
		TrustedProxies: a.Config.TrustedProxies,
		Observe:        a.Metrics.ObserveRequest,
	})
	f.Use(a.closeWhileDraining)
	f.Get("/healthz", func(c *fiber.Ctx) error {
		if a.draining.Load() {
			return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "draining"})
		}
		return c.JSON(fiber.Map{"status": "ok"})
	})
	f.Get("/readyz", a.ready)
	shop.Assets.Routes(f)
	storefront.Routes(f, shop)
	panels, err := admin.New(admin.Config{
		Catalog:  a.Catalog,
		Orders:   a.Orders.Service,
		Audit:    a.Audit,
		Users:    account.NewDirectory(a.DB, a.Audit, a.Catalog, time.Now),
		Settings: a.Settings,
		Payouts:  payout.New(a.DB, a.Orders.Ledger, a.Catalog, a.Audit, time.Now),
		Reports:  report.New(a.DB, time.Now),
		Onboard: onboard.New(onboard.Config{DB: a.DB, Catalog: a.Catalog, Audit: a.Audit, Limiter: a.Shop.Limiter,
			Limits: onboard.DefaultLimits()}),
		Trace:     a.Trace, // trace
		Listings:  listing.New(a.DB, a.Catalog, a.Audit, time.Now),
		Media:     coopmedia.New(a.DB, a.Catalog, a.Audit),
		Showcases: a.Showcases, FairPages: shop.FairPages(), BaseURL: a.Config.BaseURL, // fairs
		Sessions: a.Shop.Sessions,
		Assets:   shop.Assets,
		Messages: shop.Messages(),
		Log:      a.Log,
	})
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	f.Use(a.syncShelf) // the panels' writes, registered after it
	admin.Routes(f, panels)
	f.Get("/api/v1/openapi.yaml", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, "application/yaml; charset=utf-8")
		return c.Send(docs.OpenAPI)
	})
	// A route rather than a middleware, so that the metrics name what it
	// answered "/*" and not "/", the home page's pattern.
	f.All("/*", func(c *fiber.Ctx) error { return web.NotFound("page") })
	return f, nil
}

// syncShelf makes a panel's change show on this instance's next page: after
// a write that succeeded, the shelf takes in the change feed at once rather
// than at its next poll. It is mounted after the storefront's routes, so
// shoppers' writes (carts, checkouts) do not wait: the pages they open
// next are their own, never kept.
func (a *App) syncShelf(c *fiber.Ctx) error {
	err := c.Next()
	if m := c.Method(); err == nil && m != fiber.MethodGet && m != fiber.MethodHead && c.Response().StatusCode() < 400 &&
		a.watching.Load() {
		if err := a.Shelf.Sync(c.UserContext()); err != nil {
			a.Log.Warn("shelf: sync after a panel write", "err", err)
		}
	}
	return err
}

// pagesVersion is the version of the kept pages: the shelf's while its
// watcher runs, and otherwise pagecache.Off, so that a process that does
// not watch the change feed (a command, a test without the background)
// never keeps a page it could not know to drop.
func (a *App) pagesVersion() uint64 {
	if a.watching.Load() && a.Shelf.Ready() {
		return a.Shelf.Version()
	}
	return pagecache.Off
}

func prefixes(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// ready answers 200 only when every backend answers, with the count of
// background jobs by state.
func (a *App) ready(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := map[string]string{}
	status := fiber.StatusOK
	for name, ping := range map[string]func(context.Context) error{
		"database": a.DB.PingContext,
		"search":   a.Search.Ping,
		"cart":     a.Shop.Ping,
		"blobs":    a.Blobs.Ping,
	} {
		checks[name] = "ok"
		if err := ping(ctx); err != nil {
			checks[name] = "down"
			status = fiber.StatusServiceUnavailable
			a.Log.Warn("readiness: backend down", "backend", name, "err", err)
		}
	}
	if a.watching.Load() {
		checks["shelf"] = "ok"
		if !a.Shelf.Ready() {
			checks["shelf"] = "loading"
			status = fiber.StatusServiceUnavailable
		}
	}
	if a.draining.Load() {
		checks["instance"] = "draining"
		status = fiber.StatusServiceUnavailable
	}
	answer := fiber.Map{"checks": checks}
	// The jobs do not make an instance unready, but a dead one needs an
	// operator: `ocopmarket jobs` lists them with their last error.
	if jobs, err := a.Outbox.Stats(ctx); err == nil {
		answer["jobs"] = jobs
	}
	return c.Status(status).JSON(answer)
}
