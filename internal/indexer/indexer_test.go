package indexer_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/indexer"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/bleve"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

type env struct {
	cat     *catalog.Store
	idx     search.Index
	x       *indexer.Indexer
	worker  *outbox.Worker
	clk     *clock
	certIDs map[string]int64
}

func setup(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	clk := &clock{t: time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)}
	cat := catalog.New(d, clk.now)
	idx := bleve.New(t.TempDir(), cat.Texts)
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	x := indexer.New(cat, idx, log)
	e := &env{cat: cat, idx: idx, x: x, clk: clk, certIDs: map[string]int64{},
		worker: outbox.New(d, clk.now).NewWorker(log, map[string]outbox.Kind{catalog.JobIndexProducts: {Handle: outbox.Payloads(x.HandleJobs)}})}
	co := &catalog.Cooperative{Slug: "htx-bich-thao", Name: "HTX cà phê Bích Thao", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
	if err := cat.CreateCooperative(ctx, d, co); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		slug, name string
		issued     string
	}{
		{"ca-phe-bot", "Cà phê bột Bích Thao", "2025-06-26"},
		{"tra-hoa-ca-phe", "Trà hoa cà phê", "2023-11-25"}, // valid through 2026-11-25
		{"ca-phe-hat", "Cà phê hạt rang mộc", ""},
	} {
		id, err := cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: p.slug,
			Name: p.name, PriceVND: 100000, Unit: "gói", Stock: 5, Published: true, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		if p.issued == "" {
			continue
		}
		issued, _ := db.ParseDate(p.issued)
		c := &catalog.Certificate{ProductID: id, Stars: 4, DecisionNo: "1/QĐ-UBND", IssuedBy: "UBND tỉnh Sơn La", IssuedOn: issued, Status: catalog.CertVerified}
		if err := cat.AddCertificate(ctx, d, c); err != nil {
			t.Fatal(err)
		}
		e.certIDs[p.slug] = c.ID
	}
	e.drain(t)
	return e
}

func (e *env) drain(t *testing.T) {
	t.Helper()
	for {
		n, err := e.worker.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (e *env) starred(t *testing.T, today string) map[string]int {
	t.Helper()
	res, err := e.idx.Search(context.Background(), search.Query{MinStars: 3, Today: today, PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := e.cat.IndexRecords(context.Background(), hitIDs(res))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range recs {
		out[r.Slug] = 1
	}
	return out
}

func hitIDs(r search.Result) []int64 {
	ids := make([]int64, len(r.Hits))
	for i, h := range r.Hits {
		ids[i] = h.ID
	}
	return ids
}

func TestOutboxKeepsIndexTrue(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		ctx := context.Background()
		res, err := e.idx.Search(ctx, search.Query{Text: "ca phe", Today: "2026-11-22"})
		if err != nil || res.Total != 3 {
			t.Fatalf("search after the outbox ran: %d hits, %v", res.Total, err)
		}
		if got := e.starred(t, "2026-11-22"); len(got) != 2 {
			t.Fatalf("starred before changes: %v", got)
		}

		// Staff revoke the coffee's certificate: the job written with the
		// change drops it from the stars filter, no rebuild needed.
		if _, err := e.cat.ReviewCertificate(ctx, e.certIDs["ca-phe-bot"], catalog.Review{Reason: "hồ sơ không hợp lệ"}); err != nil {
			t.Fatal(err)
		}
		e.drain(t)
		if got := e.starred(t, "2026-11-22"); got["ca-phe-bot"] != 0 || len(got) != 1 {
			t.Fatalf("starred after revocation: %v", got)
		}

		// Days pass: the tea's certificate lapses after 2026-11-25. Queries
		// ignore it at once; the sweep then fixes the stored document.
		e.clk.set(time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC))
		if got := e.starred(t, "2026-11-26"); len(got) != 0 {
			t.Fatalf("expired stars still match: %v", got)
		}
		if err := e.x.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		res, err = e.idx.Search(ctx, search.Query{Today: "2026-11-26"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Facets.Stars) != 0 {
			t.Errorf("stars facet after the sweep: %v", res.Facets.Stars)
		}
	})
}

func TestReindexAndStale(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := setup(t, d)
		ctx := context.Background()
		why, err := e.x.Stale(ctx)
		if err != nil || why == "" {
			t.Fatalf("a never-rebuilt index must be stale: %q %v", why, err)
		}
		var progress []int
		if err := e.x.Reindex(ctx, func(n int) { progress = append(progress, n) }); err != nil {
			t.Fatal(err)
		}
		if len(progress) == 0 || progress[len(progress)-1] != 3 {
			t.Errorf("progress %v", progress)
		}
		if why, err := e.x.Stale(ctx); err != nil || why != "" {
			t.Fatalf("fresh index reported stale: %q %v", why, err)
		}
		if err := e.idx.Delete(ctx, 1); err != nil {
			t.Fatal(err)
		}
		if why, _ := e.x.Stale(ctx); why == "" {
			t.Error("an index missing a product must be stale")
		}
	})
}
