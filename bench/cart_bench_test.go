package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/cart/rediscart"
	"github.com/ocopmarket/ocopmarket/internal/cart/sqlcart"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/redistest"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// cartProducts is how many products the cart benchmarks pick from.
const cartProducts = 50

// latencies collects the duration of each operation for a percentile.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// report sets ops/s and p99_ms on b from the operations timed since start.
func (l *latencies) report(b *testing.B, start time.Time) {
	elapsed := time.Since(start)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return
	}
	slices.Sort(l.d)
	p99 := l.d[min(len(l.d)-1, len(l.d)*99/100)]
	b.ReportMetric(float64(len(l.d))/elapsed.Seconds(), "ops/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99_ms")
}

// cartCatalog is a SQLite catalog of cartProducts products in two
// cooperatives, as the cart Service checks them.
func cartCatalog(b *testing.B) (*db.DB, *catalog.Store, []int64) {
	b.Helper()
	ctx := context.Background()
	d := dbtest.SQLite(b)
	cat := catalog.New(d, time.Now)
	var coops []int64
	for i := range 2 {
		co := &catalog.Cooperative{Slug: fmt.Sprintf("htx-%d", i), Name: fmt.Sprintf("HTX %d", i),
			Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive, ShippingFeeVND: 30000, FreeShippingOverVND: 500000}
		if err := cat.CreateCooperative(ctx, d, co); err != nil {
			b.Fatal(err)
		}
		coops = append(coops, co.ID)
	}
	ids := make([]int64, cartProducts)
	for i := range ids {
		id, err := cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: coops[i%2], CategorySlug: "ca-phe",
			Slug: fmt.Sprintf("sp-%d", i), Name: fmt.Sprintf("Sản phẩm %d", i), PriceVND: int64(10000 + i*1000), Unit: "gói",
			Stock: 1_000_000, Published: true, ProvinceSlug: "son-la"})
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = id
	}
	return d, cat, ids
}

// cartStores are the backends: Redis, and the embedded SQLite store (the
// same database file as the catalog, as `make run` has it).
func cartStores(b *testing.B, d *db.DB) map[string]cart.Store {
	rdb, prefix := redistest.Client(b)
	return map[string]cart.Store{
		"redis":  rediscart.New(rdb, prefix+"cart:", time.Now),
		"sqlite": sqlcart.New(d, time.Now),
	}
}

// BenchmarkCart measures the cart Service (catalog checks included) over
// each backend: adding, setting quantities and reading the grouped view,
// from parallel shoppers each with their own cart of about ten items.
func BenchmarkCart(b *testing.B) {
	d, cat, ids := cartCatalog(b)
	for _, backend := range []string{"redis", "sqlite"} {
		store := cartStores(b, d)[backend]
		svc := cart.NewService(store, cat)
		var shopper atomic.Int64
		ops := map[string]func(ctx context.Context, cartID string, i int) error{
			"add": func(ctx context.Context, cartID string, i int) error {
				_, err := svc.Add(ctx, cartID, ids[i%10], 1)
				return err
			},
			"update": func(ctx context.Context, cartID string, i int) error {
				return svc.Set(ctx, cartID, ids[i%10], 1+i%5)
			},
			"read": func(ctx context.Context, cartID string, i int) error {
				_, err := svc.View(ctx, cartID)
				return err
			},
		}
		for _, name := range []string{"add", "update", "read"} {
			op := ops[name]
			b.Run(backend+"/"+name, func(b *testing.B) {
				var lat latencies
				b.ResetTimer()
				start := time.Now()
				b.RunParallel(func(pb *testing.PB) {
					ctx := context.Background()
					cartID := fmt.Sprintf("g:bench-%s-%d", backend, shopper.Add(1))
					for i := range 10 { // every cart holds ten products
						if err := svc.Set(ctx, cartID, ids[i], 1); err != nil {
							b.Error(err)
							return
						}
					}
					i := 0
					for pb.Next() {
						t0 := time.Now()
						if err := op(ctx, cartID, i); err != nil {
							b.Error(err)
							return
						}
						lat.add(time.Since(t0))
						i++
					}
				})
				lat.report(b, start)
			})
		}
	}
}

// BenchmarkLogin measures what a login does besides HTTP: two rate-limit
// hits, the bcrypt check at the production cost and saving the session,
// with Redis and with the embedded SQLite stores.
func BenchmarkLogin(b *testing.B) {
	ctx := context.Background()
	d := dbtest.SQLite(b)
	users := account.New(d, bcrypt.DefaultCost)
	const accounts = 20
	for i := range accounts {
		u := &account.User{Email: fmt.Sprintf("khach%d@ocop.local", i), Name: "Khách", Roles: []string{account.RoleShopper}}
		if err := users.Create(ctx, u, "ocop-demo-2025"); err != nil {
			b.Fatal(err)
		}
	}
	rdb, prefix := redistest.Client(b)
	backends := map[string]struct {
		limiter ratelimit.Limiter
		storage interface {
			Set(string, []byte, time.Duration) error
		}
	}{
		"redis":  {ratelimit.NewRedis(rdb, prefix+"rl:"), session.NewRedisStorage(rdb, prefix+"sess:")},
		"sqlite": {ratelimit.NewSQL(d, time.Now), session.NewSQLStorage(d, time.Now)},
	}
	for _, name := range []string{"redis", "sqlite"} {
		be := backends[name]
		b.Run(name, func(b *testing.B) {
			var lat latencies
			var n atomic.Int64
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					email := fmt.Sprintf("khach%d@ocop.local", i%accounts)
					t0 := time.Now()
					for _, key := range []string{"ip:bench", "account:" + email} {
						if _, _, err := be.limiter.Allow(ctx, "login:"+key, 1<<30, time.Hour); err != nil {
							b.Error(err)
							return
						}
					}
					u, err := users.Authenticate(ctx, email, "ocop-demo-2025")
					if err != nil {
						b.Error(err)
						return
					}
					if err := be.storage.Set(fmt.Sprintf("bench-%d", i), []byte(session.Stamp(u)), time.Hour); err != nil {
						b.Error(err)
						return
					}
					lat.add(time.Since(t0))
				}
			})
			lat.report(b, start)
		})
	}
}
