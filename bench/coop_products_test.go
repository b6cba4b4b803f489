package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
)

// coopSize is how many products the one cooperative of the panel
// benchmarks holds.
const coopSize = 5_000

// serveCoop starts the whole app on a loopback port with one cooperative
// of coopSize products, and returns its address and an HTTP client logged
// in as its staff.
func serveCoop(b *testing.B, env map[string]string, workers int) (string, *http.Client) {
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
	a.Accounts = account.New(a.DB, bcrypt.MinCost)
	start := time.Now()
	co := &catalog.Cooperative{Slug: "htx-ca-phe", Name: "HTX Cà phê", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
	if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
		b.Fatal(err)
	}
	if err := a.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		for i := range coopSize {
			if _, err := a.Catalog.CreateProduct(ctx, tx, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe",
				Slug: fmt.Sprintf("ca-phe-%d", i), Name: fmt.Sprintf("Cà phê rang xay số %d", i), PriceVND: int64(50000 + i),
				Unit: "gói", Stock: i % 40, Published: i%3 != 0, ProvinceSlug: "son-la"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	u := &account.User{Email: "staff@htx.example.vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &co.ID}
	if err := a.Accounts.Create(ctx, u, "mat-khau-dai"); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d products of one cooperative seeded in %s", a.DB.Dialect, coopSize, time.Since(start).Round(time.Millisecond))
	f, err := a.Fiber()
	if err != nil {
		b.Fatal(err)
	}
	base := listen(b, f)
	jar, err := cookiejar.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	client := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: workers}, Timeout: 30 * time.Second}
	b.Cleanup(client.CloseIdleConnections)
	body, _ := json.Marshal(map[string]string{"email": u.Email, "password": "mat-khau-dai"})
	res, err := client.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("log in: %d", res.StatusCode)
	}
	return base, client
}

// loadAs is load with the given client (logged in): b.N GET requests to
// each path in turn from workers goroutines, reporting requests per second
// and the p50 and p99 latency.
func loadAs(b *testing.B, client *http.Client, base string, paths []string, workers int) {
	b.Helper()
	get := func(p string) error {
		res, err := client.Get(base + p)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if _, err := io.Copy(io.Discard, res.Body); err != nil {
			return err
		}
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %d", p, res.StatusCode)
		}
		return nil
	}
	for _, p := range paths {
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
		wg.Go(func() {
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
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(lat[b.N/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(lat[b.N*99/100].Microseconds())/1000, "p99_ms")
}

// BenchmarkCoopProducts pages through the 5,000 products of one
// cooperative in its panel, by the list page and the API, on SQLite and
// PostgreSQL, beside the fixed-string ceiling.
func BenchmarkCoopProducts(b *testing.B) {
	const workers = 8
	fixed := serveFixed(b)
	b.Run("fixed_string", func(b *testing.B) { load(b, fixed, []string{"/"}, workers) })
	backends := []struct {
		name string
		env  func(b *testing.B) map[string]string
	}{
		{"sqlite", func(*testing.B) map[string]string { return map[string]string{} }},
		{"postgres", func(b *testing.B) map[string]string {
			return map[string]string{"DATABASE_URL": dbtest.NewPostgresDatabase(b)}
		}},
	}
	cases := []struct {
		name  string
		paths []string
	}{
		{"list_page", []string{"/quan-ly/san-pham", "/quan-ly/san-pham?page=40", "/quan-ly/san-pham?status=draft&q=rang+xay"}},
		{"products_api", []string{"/api/v1/coop/products", "/api/v1/coop/products?page=50&per_page=48", "/api/v1/coop/products?status=published&q=ca+phe"}},
	}
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			base, client := serveCoop(b, be.env(b), workers)
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) { loadAs(b, client, base, c.paths, workers) })
			}
		})
	}
}
