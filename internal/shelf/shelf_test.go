package shelf_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/seed"
	"github.com/ocopmarket/ocopmarket/internal/shelf"
)

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// world is a shelf over the demo catalog, watching it in the background.
type world struct {
	d     *db.DB
	cat   *catalog.Store
	shelf *shelf.Shelf
	clock *clock
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	c := &clock{t: time.Now()}
	cat := catalog.New(d, c.Now)
	if err := seed.Synthetic(context.Background(), seed.Deps{DB: d, Catalog: cat, Now: c.Now}, 300); err != nil {
		t.Fatal(err)
	}
	s := shelf.New(cat, slog.New(slog.DiscardHandler), c.Now)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { s.Run(ctx, 10*time.Millisecond) })
	t.Cleanup(func() { stop(); wg.Wait() })
	w := &world{d: d, cat: cat, shelf: s, clock: c}
	w.eventually(t, "loaded", func() bool { return s.Ready() })
	return w
}

// eventually polls ok for up to fifteen seconds. What these tests prove
// is that a change arrives at all (a late commit, a gap, a lapse); the
// promise to shoppers, five seconds from a write to another instance's
// pages, is internal/app's TestChangesReachTheOtherInstance, and a shelf
// polling every 10 ms that needs more than a second here is starved of
// CPU by the rest of `make test`, not slow.
func (w *world) eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 15 s", what)
		}
	}
}

// ids lists the products q finds, every page of them.
func (w *world) ids(t *testing.T, q search.Query) []int64 {
	t.Helper()
	q.Today, q.PerPage = w.cat.Today().String(), search.MaxPerPage
	q, err := q.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for ; ; q.Page++ {
		res, ok := w.shelf.Search(q)
		if !ok {
			t.Fatal("shelf not ready")
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(ids) >= res.Total {
			return ids
		}
	}
}

// TestStarsLapseAtMidnight moves the clock past a certificate's last day:
// the shelf loads anew and the product leaves the stars filter.
func TestStarsLapseAtMidnight(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		var cert struct {
			Product int64   `db:"product_id"`
			Stars   int     `db:"stars"`
			Expires db.Date `db:"expires_on"`
		}
		// A product shoppers see, whose one verified certificate is the
		// only source of its stars.
		if err := d.GetContext(context.Background(), &cert, `SELECT c.product_id, c.stars, c.expires_on FROM ocop_certificates c
			JOIN products p ON p.id = c.product_id JOIN cooperatives co ON co.id = p.cooperative_id
			WHERE c.status = 'verified' AND p.published = TRUE AND co.status = 'active'
			AND (SELECT COUNT(*) FROM ocop_certificates o WHERE o.product_id = c.product_id AND o.status = 'verified') = 1
			ORDER BY c.expires_on, c.product_id LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		// The day before the last valid day, then the day after, in Vietnam.
		last := time.Date(cert.Expires.Year(), cert.Expires.Month(), cert.Expires.Day(), 12, 0, 0, 0, format.Vietnam())
		w.clock.set(last)
		w.eventually(t, "shown on its last day", func() bool {
			return slices.Contains(w.ids(t, search.Query{MinStars: cert.Stars}), cert.Product)
		})
		before := w.shelf.Version()
		w.clock.set(last.Add(24 * time.Hour))
		w.eventually(t, "gone the day after", func() bool {
			return !slices.Contains(w.ids(t, search.Query{MinStars: cert.Stars}), cert.Product) && w.shelf.Version() != before
		})
	})
}

// TestLateCommit is PostgreSQL's case: a change that took its number
// first commits last, after the shelf read a later one. It must not be
// skipped.
func TestLateCommit(t *testing.T) {
	d := dbtest.Postgres(t)
	w := newWorld(t, d)
	ctx := context.Background()
	var ids []int64
	// Two products shoppers see: the synthetic catalog leaves one in forty
	// unpublished, at random.
	if err := d.SelectContext(ctx, &ids, `SELECT p.id FROM products p JOIN cooperatives co ON co.id = p.cooperative_id
		WHERE p.published = TRUE AND co.status = 'active' ORDER BY p.id LIMIT 2`); err != nil {
		t.Fatal(err)
	}
	reprice := func(tx *sqlx.Tx, id, price int64) {
		t.Helper()
		if _, err := tx.ExecContext(ctx, `UPDATE products SET price_vnd = $1 WHERE id = $2`, price, id); err != nil {
			t.Fatal(err)
		}
		if err := w.cat.EnqueueIndex(ctx, tx, catalog.IndexJob{ProductIDs: []int64{id}}); err != nil {
			t.Fatal(err)
		}
	}
	priced := func(price int64) []int64 { return w.ids(t, search.Query{MinPrice: price, MaxPrice: price}) }
	late, err := d.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer late.Rollback()
	reprice(late, ids[0], 111_111) // takes the lower number, commits last
	early, err := d.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	reprice(early, ids[1], 222_222)
	if err := early.Commit(); err != nil {
		t.Fatal(err)
	}
	w.eventually(t, "the early commit", func() bool { return slices.Equal(priced(222_222), ids[1:2]) })
	if err := late.Commit(); err != nil {
		t.Fatal(err)
	}
	w.eventually(t, "the late commit", func() bool { return slices.Equal(priced(111_111), ids[:1]) })
}

// TestKeptSummaries reads products and a cooperative through the shelf,
// so that it keeps them, then changes them in the database the way the
// panels do (in a transaction that records the change): the shelf's next
// reads show the changes, a suspended cooperative's products are no
// longer for sale, and what it answers is always what the catalog answers.
func TestKeptSummaries(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := context.Background()
		var p struct {
			ID   int64  `db:"id"`
			Coop int64  `db:"cooperative_id"`
			Slug string `db:"slug"`
		}
		if err := d.GetContext(ctx, &p, `SELECT p.id, p.cooperative_id, co.slug FROM products p
			JOIN cooperatives co ON co.id = p.cooperative_id
			WHERE p.published = TRUE AND co.status = 'active' ORDER BY p.id LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		same := func() bool {
			t.Helper()
			want, err := w.cat.ProductsByIDs(ctx, []int64{p.ID, p.ID + 1})
			if err != nil {
				t.Fatal(err)
			}
			got, err := w.shelf.ProductsByIDs(ctx, []int64{p.ID, p.ID + 1})
			if err != nil {
				t.Fatal(err)
			}
			return slices.EqualFunc(got, want, func(a, b catalog.Summary) bool {
				return a.ID == b.ID && a.PriceVND == b.PriceVND && a.Stock == b.Stock && a.Name == b.Name
			})
		}
		fee := func() int64 {
			t.Helper()
			co, err := w.shelf.CooperativeBySlug(ctx, p.Slug)
			if err != nil {
				t.Fatal(err)
			}
			return co.ShippingFeeVND
		}
		change := func(job catalog.IndexJob, query string, args ...any) {
			t.Helper()
			err := d.Tx(ctx, func(tx *sqlx.Tx) error {
				if _, err := tx.ExecContext(ctx, tx.Rebind(query), args...); err != nil {
					return err
				}
				return w.cat.EnqueueIndex(ctx, tx, job)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if !same() {
			t.Fatal("the shelf's summaries differ from the catalog's")
		}
		fee() // kept from now on

		change(catalog.IndexJob{ProductIDs: []int64{p.ID}}, `UPDATE products SET price_vnd = 123456, stock = 77 WHERE id = ?`, p.ID)
		w.eventually(t, "the new price and stock", func() bool {
			ps, err := w.shelf.ProductsByIDs(ctx, []int64{p.ID})
			return err == nil && len(ps) == 1 && ps[0].PriceVND == 123456 && ps[0].Stock == 77
		})
		change(catalog.IndexJob{CooperativeID: p.Coop}, `UPDATE cooperatives SET shipping_fee_vnd = 45678 WHERE id = ?`, p.Coop)
		w.eventually(t, "the new shipping fee", func() bool { return fee() == 45678 })
		change(catalog.IndexJob{CooperativeID: p.Coop}, `UPDATE cooperatives SET status = 'suspended' WHERE id = ?`, p.Coop)
		w.eventually(t, "the suspension", func() bool {
			ps, err := w.shelf.ProductsByIDs(ctx, []int64{p.ID})
			return err == nil && len(ps) == 0
		})
		if _, err := w.shelf.CooperativeBySlug(ctx, p.Slug); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("a suspended cooperative: %v, want not found", err)
		}
		if !same() {
			t.Fatal("the shelf's summaries differ from the catalog's")
		}
	})
}
