package faults

import (
	"testing"
	"time"
)

// TestPostgresRestart crashes PostgreSQL (immediate shutdown) while
// shoppers check out and starts it again: meanwhile they get 503s, never
// another 5xx, and once it is back their repeated checkouts succeed; every
// checkout answered is stored once, none is stored half, no stock is lost.
func TestPostgresRestart(t *testing.T) {
	t.Parallel()
	start := time.Now()
	pg := newPostgres(t)
	srv := newServer(t, "DATABASE_URL="+pg.url())
	srv.start()
	base := snapshot(t, database{url: pg.url()})
	products := stocked(t, srv, 6)

	tl := newTally()
	l := startLoad(t, srv, tl, products, 8, false)
	waitFor(t, 30*time.Second, "checkouts before the fault", func() bool { return l.placed.Load() >= 20 })
	pg.crash()
	waitFor(t, 30*time.Second, "503 answers while PostgreSQL is down", func() bool { return tl.count(503) >= 10 })
	before := l.placed.Load()
	pg.start()
	waitFor(t, 60*time.Second, "checkouts after PostgreSQL is back", func() bool { return l.placed.Load() >= before+20 })
	answered := l.stop()

	t.Logf("answers: %s", tl)
	tl.only(t, 503)
	base.samePlaced(t, answered)
	base.check(t)
	t.Logf("fault run took %s", time.Since(start).Round(time.Millisecond))
}
