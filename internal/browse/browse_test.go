package browse_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/indexer"
	"github.com/ocopmarket/ocopmarket/internal/search/bleve"
)

func TestFind(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		now := func() time.Time { return time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC) }
		cat := catalog.New(d, now)
		co := &catalog.Cooperative{Slug: "htx-bich-thao", Name: "HTX cà phê Bích Thao", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
		if err := cat.CreateCooperative(ctx, d, co); err != nil {
			t.Fatal(err)
		}
		for i, name := range []string{"Cà phê bột Bích Thao", "Trà hoa cà phê", "Mật ong hoa cà phê"} {
			id, err := cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: catalog.Slugify(name),
				Name: name, PriceVND: int64(100000 + i), Unit: "gói", Stock: 3, Published: true, ProvinceSlug: "son-la"})
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				issued, _ := db.ParseDate("2025-06-26")
				if err := cat.AddCertificate(ctx, d, &catalog.Certificate{ProductID: id, Stars: 5, DecisionNo: "1/QĐ", IssuedBy: "Bộ",
					IssuedOn: issued, Status: catalog.CertVerified}); err != nil {
					t.Fatal(err)
				}
			}
		}
		idx := bleve.New(t.TempDir(), cat.Texts)
		if err := idx.Init(ctx); err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		if err := indexer.New(cat, idx, log).Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		ready := true
		b := browse.New(cat, idx, log).WhenReady(func() bool { return ready })

		res, err := b.Find(ctx, catalog.Filter{Query: "ca phe", PerPage: 24})
		if err != nil || res.Total != 3 || res.Degraded || res.Items[0].Highlights["name"] == "" {
			t.Fatalf("index search: %+v %v", res, err)
		}
		if res.Facets.Stars["5"] != 1 || res.Facets.Stars["none"] != 2 {
			t.Errorf("stars facet %v must sum to the total with none", res.Facets.Stars)
		}
		res, err = b.Find(ctx, catalog.Filter{Query: "mat ong zzzqqq", PerPage: 24})
		if err != nil || !res.Relaxed || res.Total != 1 {
			t.Errorf("relaxed: %+v %v", res, err)
		}
		res, err = b.Find(ctx, catalog.Filter{Query: "zzzqqq", PerPage: 24})
		if err != nil || res.Total != 0 || res.Relaxed {
			t.Errorf("nothing: %+v %v", res, err)
		}
		if _, err := b.Find(ctx, catalog.Filter{Sort: "cheapest", PerPage: 24}); err == nil {
			t.Error("an unknown sort must be a bad query")
		}

		// While the index is rebuilt at start, SQL answers, and says so.
		ready = false
		res, err = b.Find(ctx, catalog.Filter{Query: "ca phe", PerPage: 24})
		if err != nil || !res.Degraded || res.Total != 3 {
			t.Errorf("not ready: %+v %v", res, err)
		}
		ready = true
		// With the index gone, too.
		idx.Close()
		res, err = b.Find(ctx, catalog.Filter{Query: "ca phe", PerPage: 24})
		if err != nil || !res.Degraded || res.Total != 3 {
			t.Errorf("index down: %+v %v", res, err)
		}
		if names, err := b.Suggest(ctx, "ca ph", 5); err == nil && len(names) > 0 {
			t.Errorf("suggest with the index down: %v", names)
		}
	})
}
