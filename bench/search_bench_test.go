// Package bench holds the project's benchmarks (make bench).
package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/bleve"
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

// BenchmarkBleveIndex measures indexing throughput (documents per second).
func BenchmarkBleveIndex(b *testing.B) {
	docs := benchDocs(10_000)
	for b.Loop() {
		idx := bleve.New(b.TempDir())
		if err := idx.Init(context.Background()); err != nil {
			b.Fatal(err)
		}
		if err := idx.Index(context.Background(), docs...); err != nil {
			b.Fatal(err)
		}
		_ = idx.Close()
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkBleveSearch measures typical queries (text, text with filters,
// filters only) and reports p50/p95/p99 latency. Set BENCH_SEARCH_LARGE=1
// to add the 100,000-product index.
func BenchmarkBleveSearch(b *testing.B) {
	for _, n := range benchSizes() {
		idx := bleve.New(b.TempDir())
		ctx := context.Background()
		if err := idx.Init(ctx); err != nil {
			b.Fatal(err)
		}
		if err := idx.Index(ctx, benchDocs(n)...); err != nil {
			b.Fatal(err)
		}
		queries := []struct {
			name string
			q    func(i int) search.Query
		}{
			{"text", func(i int) search.Query { return search.Query{Text: benchQueries[i%len(benchQueries)]} }},
			{"text+filters", func(i int) search.Query {
				return search.Query{Text: benchQueries[i%len(benchQueries)], MinStars: 4, Provinces: []string{"son-la", "dong-thap"}}
			}},
			{"typo", func(i int) search.Query { return search.Query{Text: "thuong hang arabixa"} }},
			{"filters", func(i int) search.Query {
				return search.Query{Certifications: []string{"organic"}, MaxPrice: 200000, Sort: search.SortPriceAsc}
			}},
		}
		for _, qc := range queries {
			b.Run(fmt.Sprintf("n=%d/%s", n, qc.name), func(b *testing.B) {
				var lat []time.Duration
				i := 0
				for b.Loop() {
					start := time.Now()
					if _, err := idx.Search(ctx, qc.q(i)); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
					i++
				}
				slices.Sort(lat)
				pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
				b.ReportMetric(pct(0.50), "p50-ms")
				b.ReportMetric(pct(0.95), "p95-ms")
				b.ReportMetric(pct(0.99), "p99-ms")
			})
		}
		_ = idx.Close()
	}
}
