package bench

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/seed"
)

// catalogSize is how many products the catalog benchmarks browse.
const catalogSize = 10_000

// openApp opens the whole app on env (a fresh DATA_DIR, migrated), closed
// when the benchmark ends.
func openApp(b *testing.B, env map[string]string) *app.App {
	b.Helper()
	ctx := context.Background()
	env["DATA_DIR"] = b.TempDir()
	env["AUTO_MIGRATE"] = "1"
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		b.Fatal(err)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	if err := a.CheckSchema(ctx); err != nil {
		b.Fatal(err)
	}
	return a
}

// serveCatalog starts the whole app on a loopback port over a database of
// catalogSize synthetic products, indexed, and returns its address.
func serveCatalog(b *testing.B, env map[string]string) string {
	b.Helper()
	ctx := context.Background()
	a := openApp(b, env)
	start := time.Now()
	if err := seed.Synthetic(ctx, seed.Deps{DB: a.DB, Catalog: a.Catalog, Now: time.Now}, catalogSize); err != nil {
		b.Fatal(err)
	}
	if err := a.Indexer.Reindex(ctx, nil); err != nil {
		b.Fatal(err)
	}
	// The background keeps the shelf, which answers the listings, as a
	// serving process does.
	bg, stop := context.WithCancel(ctx)
	wait := a.Background(bg)
	b.Cleanup(func() { stop(); wait() })
	for deadline := time.Now().Add(time.Minute); !a.Shelf.Ready(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatal("the shelf did not load within a minute")
		}
	}
	b.Logf("%s: %d products seeded, indexed and shelved in %s", a.DB.Dialect, catalogSize, time.Since(start).Round(time.Millisecond))
	f, err := a.Fiber()
	if err != nil {
		b.Fatal(err)
	}
	return listen(b, f)
}

// load sends b.N GET requests to each path in turn from workers goroutines
// and reports requests per second and the p50 and p99 latency.
func load(b *testing.B, base string, paths []string, workers int) {
	b.Helper()
	loadWith(b, base, paths, workers, nil)
}

// loadWith is load sending header with every request (a session cookie).
func loadWith(b *testing.B, base string, paths []string, workers int, header http.Header) {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}, Timeout: 30 * time.Second}
	// Idle keep-alive connections would hold the server's shutdown.
	defer client.CloseIdleConnections()
	get := func(p string) error {
		req, err := http.NewRequest(http.MethodGet, base+p, nil)
		if err != nil {
			return err
		}
		maps.Copy(req.Header, header)
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if _, err := io.Copy(io.Discard, res.Body); err != nil {
			return err
		}
		if res.StatusCode != http.StatusOK {
			b.Errorf("GET %s: %d", p, res.StatusCode)
		}
		return nil
	}
	for _, p := range paths { // warm up caches and connections
		if err := get(p); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	lat := make([]time.Duration, b.N)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t := time.Now()
				if err := get(paths[int(i)%len(paths)]); err != nil {
					b.Error(err)
					return
				}
				lat[i] = time.Since(t)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[b.N/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(lat[b.N*99/100].Microseconds())/1000, "p99_ms")
}

// listen serves f on a free loopback port until the benchmark ends and
// returns its address.
func listen(b *testing.B, f *fiber.App) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go f.Listener(ln)
	b.Cleanup(func() { f.Shutdown() })
	return "http://" + ln.Addr().String()
}

// serveFixed starts a bare Fiber app whose one handler answers a fixed
// string: the most this stack answers on this machine, measured beside the
// real pages in the same run so their figures read as a share of it.
func serveFixed(b *testing.B) string {
	b.Helper()
	f := fiber.New(fiber.Config{DisableStartupMessage: true, IdleTimeout: time.Minute})
	f.Get("/", func(c *fiber.Ctx) error { return c.SendString("OCOP Market") })
	return listen(b, f)
}

// database is a database the benchmarks run on: the environment that
// points the app at it.
type database struct {
	name string
	env  func(b *testing.B) map[string]string
}

// databases are the embedded default (SQLite) and a fresh PostgreSQL
// database.
func databases() []database {
	return []database{
		{"sqlite", func(*testing.B) map[string]string { return map[string]string{} }},
		{"postgres", func(b *testing.B) map[string]string {
			return map[string]string{"DATABASE_URL": dbtest.NewPostgresDatabase(b)}
		}},
	}
}

// BenchmarkCatalog browses 10,000 products through the product listing
// page and the products API, on SQLite and on PostgreSQL, beside the
// fixed-string ceiling.
func BenchmarkCatalog(b *testing.B) {
	fixed := serveFixed(b)
	b.Run("fixed_string", func(b *testing.B) { load(b, fixed, []string{"/"}, 8) })
	cases := []struct {
		name  string
		paths []string
	}{
		{"listing_page", []string{"/san-pham", "/san-pham?page=7", "/san-pham?sort=price_asc&page=3"}},
		{"listing_page_filtered", []string{"/san-pham?province=son-la", "/san-pham?stars=4&category=thuc-pham", "/san-pham?q=ca+phe+son+la"}},
		{"products_api", []string{"/api/v1/products", "/api/v1/products?page=12&per_page=48", "/api/v1/products?sort=stars"}},
		{"products_api_search", []string{"/api/v1/products?q=ca+phe", "/api/v1/products?q=mat+ong&province=lang-son", "/api/v1/products?q=che+shan+tuyet&stars=3"}},
	}
	for _, be := range databases() {
		b.Run(be.name, func(b *testing.B) {
			base := serveCatalog(b, be.env(b))
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) { load(b, base, c.paths, 8) })
			}
		})
	}
}
