// Package bench holds the project's benchmarks (make bench).
package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/bleve"
	"github.com/ocopmarket/ocopmarket/internal/search/searchtest"
)

// Vocabulary for synthetic products: realistic Vietnamese words so that
// folding merges some of them as it does in real data.
var (
	benchProducts  = []string{"Cà phê", "Trà", "Chè Shan tuyết", "Xoài cát", "Bưởi đỏ", "Cam đường canh", "Na", "Bơ sáp", "Thịt bò khô", "Mật ong", "Nước mắm", "Sen sấy", "Cá lăng", "Chả cá", "Ruốc cá", "Gạo ST25", "Miến dong", "Thổ cẩm", "Rượu ngô", "Hạt điều"}
	benchQualities = []string{"rang xay", "hữu cơ", "đặc biệt", "thượng hạng", "sấy dẻo", "truyền thống", "nguyên chất", "loại 1", "túi lọc", "đóng hộp"}
	benchProvinces = [][2]string{{"son-la", "Sơn La"}, {"dong-thap", "Đồng Tháp"}, {"dak-lak", "Đắk Lắk"}, {"lang-son", "Lạng Sơn"}, {"an-giang", "An Giang"}, {"ha-noi", "Hà Nội"}, {"cao-bang", "Cao Bằng"}, {"lam-dong", "Lâm Đồng"}}
	benchCerts     = []string{"vietgap", "globalgap", "organic", "haccp"}
	benchQueries   = []string{"ca phe son la", "Cà phê Sơn La", "tra shan", "xoai dong thap", "mat ong", "nuoc mam", "bo sap", "ca lang", "gao st25", "huu co"}
)

func benchDocs(n int) []search.Document {
	r := rand.New(rand.NewPCG(1, 2))
	docs := make([]search.Document, n)
	for i := range docs {
		p := benchProducts[r.IntN(len(benchProducts))]
		pr := benchProvinces[r.IntN(len(benchProvinces))]
		stars := []int{0, 0, 3, 4, 5}[r.IntN(5)]
		exp := ""
		if stars > 0 {
			exp = time.Date(2025+r.IntN(4), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		}
		coop := r.IntN(n/20 + 1)
		docs[i] = search.Document{
			ID: int64(i + 1), Slug: "p-" + strconv.Itoa(i),
			Name:          fmt.Sprintf("%s %s %s", p, benchQualities[r.IntN(len(benchQualities))], pr[1]),
			Description:   fmt.Sprintf("%s của hợp tác xã, %s, vùng %s.", p, benchQualities[r.IntN(len(benchQualities))], pr[1]),
			CooperativeID: int64(coop), CooperativeSlug: "htx-" + strconv.Itoa(coop), CooperativeName: "HTX " + pr[1] + " " + strconv.Itoa(coop),
			ProvinceSlug: pr[0], ProvinceName: pr[1],
			CategorySlug: "cat-" + strconv.Itoa(r.IntN(20)), CategoryName: p, GroupSlug: "g-" + strconv.Itoa(r.IntN(6)),
			Stars: stars, StarsExpiresOn: exp, Certifications: []string{benchCerts[r.IntN(len(benchCerts))]},
			PriceVND: int64(20+r.IntN(500)) * 1000, InStock: r.IntN(10) > 0, Published: r.IntN(20) > 0,
			CreatedAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		}
	}
	return docs
}

func benchSizes() []int {
	if os.Getenv("BENCH_SEARCH_LARGE") != "" {
		return []int{10_000, 100_000}
	}
	return []int{10_000}
}

// cpuTime is the CPU time (user and system) the process has used so far, so
// that a benchmark can report CPU per request besides wall-clock latency.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBleveIndex measures indexing throughput (documents per second),
// through Index (incremental batches) and Rebuild (a bulk fill aside).
func BenchmarkBleveIndex(b *testing.B) {
	for _, n := range benchSizes() {
		docs := benchDocs(n)
		b.Run(fmt.Sprintf("n=%d/index", n), func(b *testing.B) {
			for b.Loop() {
				idx := bleve.New(b.TempDir(), searchtest.Texts(docs))
				if err := idx.Init(context.Background()); err != nil {
					b.Fatal(err)
				}
				if err := idx.Index(context.Background(), docs...); err != nil {
					b.Fatal(err)
				}
				_ = idx.Close()
			}
			b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
		})
		b.Run(fmt.Sprintf("n=%d/rebuild", n), func(b *testing.B) {
			for b.Loop() {
				idx := bleve.New(b.TempDir(), searchtest.Texts(docs))
				if err := idx.Init(context.Background()); err != nil {
					b.Fatal(err)
				}
				if err := idx.Rebuild(context.Background(), searchtest.Source(docs)); err != nil {
					b.Fatal(err)
				}
				_ = idx.Close()
			}
			b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// twoWordQueries are typical shopper queries of two words.
var twoWordQueries = []string{"ca phe", "mat ong", "nuoc mam", "bo sap", "tra shan", "huu co", "Cà phê", "gao st25"}

// BenchmarkBleveSearch measures typical queries (text, text with filters,
// filters only, the whole catalog) and reports p50/p95/p99 latency and CPU
// per request. Set BENCH_SEARCH_LARGE=1 to add the 100,000-product index.
func BenchmarkBleveSearch(b *testing.B) {
	for _, n := range benchSizes() {
		docs := benchDocs(n)
		idx := bleve.New(b.TempDir(), searchtest.Texts(docs))
		ctx := context.Background()
		if err := idx.Init(ctx); err != nil {
			b.Fatal(err)
		}
		if err := idx.Rebuild(ctx, searchtest.Source(docs)); err != nil {
			b.Fatal(err)
		}
		// Each query runs on another day unless marked warm: the day is part
		// of the facet cache key, so these measure a search whose facets are
		// counted afresh, as after a write or for a new search.
		queries := []struct {
			name string
			warm bool
			q    func(i int) search.Query
		}{
			{"two-words", false, func(i int) search.Query { return search.Query{Text: twoWordQueries[i%len(twoWordQueries)]} }},
			{"text", false, func(i int) search.Query { return search.Query{Text: benchQueries[i%len(benchQueries)]} }},
			{"text+filters", false, func(i int) search.Query {
				return search.Query{Text: benchQueries[i%len(benchQueries)], MinStars: 4, Provinces: []string{"son-la", "dong-thap"}}
			}},
			{"typo", false, func(i int) search.Query { return search.Query{Text: "thuong hang arabixa"} }},
			{"filters", false, func(i int) search.Query {
				return search.Query{Certifications: []string{"organic"}, MaxPrice: 200000, Sort: search.SortPriceAsc}
			}},
			// The storefront's listing page: no text, every document, newest
			// first, all five facets.
			{"catalog", false, func(i int) search.Query { return search.Query{} }},
			// Repeating a search, paging through and re-sorting it: facets
			// come from the cache.
			{"two-words-warm", true, func(i int) search.Query { return search.Query{Text: twoWordQueries[i%len(twoWordQueries)]} }},
			{"catalog-pages-warm", true, func(i int) search.Query {
				return search.Query{Page: 1 + i%5, Sort: []string{search.SortNewest, search.SortPriceAsc}[i/5%2]}
			}},
		}
		day0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, qc := range queries {
			b.Run(fmt.Sprintf("n=%d/%s", n, qc.name), func(b *testing.B) {
				var lat []time.Duration
				i := 0
				cpu0 := cpuTime()
				for b.Loop() {
					start := time.Now()
					q := qc.q(i)
					if !qc.warm {
						q.Today = day0.AddDate(0, 0, i%3650).Format(time.DateOnly)
					}
					if _, err := idx.Search(ctx, q); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
					i++
				}
				cpu := cpuTime() - cpu0
				slices.Sort(lat)
				pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
				b.ReportMetric(pct(0.50), "p50-ms")
				b.ReportMetric(pct(0.95), "p95-ms")
				b.ReportMetric(pct(0.99), "p99-ms")
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
			})
		}
		// Throughput of the listing page with every core busy (warm: the
		// same listing for every shopper).
		b.Run(fmt.Sprintf("n=%d/catalog-parallel", n), func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := idx.Search(ctx, search.Query{}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
		_ = idx.Close()
	}
}
