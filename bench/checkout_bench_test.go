package bench

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/cod"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
)

// checkoutDatabases opens a fresh SQLite and PostgreSQL database.
func checkoutDatabases(b *testing.B) map[string]func() *db.DB {
	return map[string]func() *db.DB{
		"sqlite":   func() *db.DB { return dbtest.SQLite(b) },
		"postgres": func() *db.DB { return dbtest.Postgres(b) },
	}
}

// checkoutWorld is three cooperatives with two products each.
func checkoutWorld(b *testing.B, d *db.DB, stock int) (*order.Service, [][]int64) {
	b.Helper()
	ctx := context.Background()
	cat := catalog.New(d, time.Now)
	products := make([][]int64, 3)
	for i := range products {
		co := &catalog.Cooperative{Slug: fmt.Sprintf("htx-%d", i), Name: fmt.Sprintf("HTX %d", i), Province: catalog.NamedSlug{Slug: "son-la"},
			Status: catalog.CoopActive, BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX", ShippingFeeVND: 30000}
		if err := cat.CreateCooperative(ctx, d, co); err != nil {
			b.Fatal(err)
		}
		for j := range 2 {
			id, err := cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe",
				Slug: fmt.Sprintf("p-%d-%d", i, j), Name: "Cà phê", PriceVND: 120000, Unit: "gói", Stock: stock, Published: true,
				ProvinceSlug: "son-la"})
			if err != nil {
				b.Fatal(err)
			}
			products[i] = append(products[i], id)
		}
	}
	svc := order.New(order.Config{DB: d, Catalog: cat, Ledger: ledger.New(d, time.Now, 5),
		Methods: payment.Methods{payment.MethodCOD: cod.Method{}, payment.MethodBankTransfer: vietqr.Method{}}})
	return svc, products
}

func checkoutInput(key string, lines []order.Line) order.CheckoutInput {
	return order.CheckoutInput{Name: "Nguyễn Thị Lan", Phone: "0912345678", Email: "lan@example.com",
		Address:       order.AddressInput{Line: "12 Lê Lợi", Ward: "Tô Hiệu", Province: "Sơn La"},
		PaymentMethod: payment.MethodBankTransfer, Lines: lines, IdempotencyKey: key}
}

// BenchmarkCheckout measures checkouts per second and their p50/p99
// latency with 8 shoppers at once, for carts of 1, 2 and 3 cooperatives
// (two products each), on SQLite and PostgreSQL.
func BenchmarkCheckout(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		open := checkoutDatabases(b)[name]
		for _, coops := range []int{1, 2, 3} {
			b.Run(fmt.Sprintf("%s/coops=%d", name, coops), func(b *testing.B) {
				svc, products := checkoutWorld(b, open(), 1_000_000_000)
				var lines []order.Line
				for _, ps := range products[:coops] {
					for _, p := range ps {
						lines = append(lines, order.Line{ProductID: p, Quantity: 1})
					}
				}
				var mu sync.Mutex
				var lat []time.Duration
				var n atomic.Int64
				b.SetParallelism(4) // 4 × GOMAXPROCS shoppers
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					var mine []time.Duration
					for pb.Next() {
						start := time.Now()
						if _, _, err := svc.Checkout(context.Background(), checkoutInput(fmt.Sprintf("b-%d", n.Add(1)), lines)); err != nil {
							b.Error(err)
							return
						}
						mine = append(mine, time.Since(start))
					}
					mu.Lock()
					lat = append(lat, mine...)
					mu.Unlock()
				})
				b.StopTimer()
				reportLatency(b, lat)
				b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "checkouts/s")
			})
		}
	}
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(q float64) float64 {
		return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkCheckoutRace has 200 shoppers race for the last 50 units of a
// product: exactly 50 must get an order and 150 insufficient stock, with
// the stock at 0, on SQLite and PostgreSQL. It reports how long the race
// took and its p99.
func BenchmarkCheckoutRace(b *testing.B) {
	for _, name := range []string{"sqlite", "postgres"} {
		open := checkoutDatabases(b)[name]
		b.Run(name, func(b *testing.B) {
			d := open()
			svc, products := checkoutWorld(b, d, 50)
			round := 0
			for b.Loop() {
				b.StopTimer()
				round++
				if _, err := d.Exec(d.Rebind(`UPDATE products SET stock = 50 WHERE id = ?`), products[0][0]); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				var ok, short atomic.Int32
				lat := make([]time.Duration, 200)
				var wg sync.WaitGroup
				gate := make(chan struct{})
				start := time.Now()
				for i := range 200 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-gate
						t := time.Now()
						_, _, err := svc.Checkout(context.Background(), checkoutInput(fmt.Sprintf("r-%d-%d", round, i),
							[]order.Line{{ProductID: products[0][0], Quantity: 1}}))
						lat[i] = time.Since(t)
						switch {
						case err == nil:
							ok.Add(1)
						case errors.Is(err, catalog.ErrInsufficientStock):
							short.Add(1)
						default:
							b.Error(err)
						}
					}()
				}
				close(gate)
				wg.Wait()
				wall := time.Since(start)
				b.StopTimer()
				var stock int
				if err := d.Get(&stock, d.Rebind(`SELECT stock FROM products WHERE id = ?`), products[0][0]); err != nil {
					b.Fatal(err)
				}
				if ok.Load() != 50 || short.Load() != 150 || stock != 0 {
					b.Fatalf("%d orders, %d insufficient stock, stock %d; want 50, 150, 0", ok.Load(), short.Load(), stock)
				}
				reportLatency(b, lat)
				b.ReportMetric(float64(wall.Milliseconds()), "race-ms")
				b.ReportMetric(float64(ok.Load()), "sold")
				b.StartTimer()
			}
		})
	}
}
