package faults

import (
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// setFileLimit sets the largest file the process pid may write (its soft
// RLIMIT_FSIZE), a full disk as that process sees it: a write past the
// limit fails with EFBIG, as on a full disk it fails with ENOSPC (the
// runtime ignores the SIGXFSZ that comes with it). Unlike a small tmpfs it
// needs no root nor mount, and unlike SQLite's max_page_count it reaches
// the running binary from outside, unchanged, and is lifted the same way:
// the space returns.
func setFileLimit(t *testing.T, pid int, limit uint64) {
	t.Helper()
	lim := unix.Rlimit{Cur: limit, Max: unix.RLIM_INFINITY}
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &lim, nil); err != nil {
		t.Fatalf("prlimit(%d, RLIMIT_FSIZE, %d): %v", pid, limit, err)
	}
}

// TestDiskFull fills the disk under the embedded default (SQLite in
// DATA_DIR) as shoppers check out their carts: a checkout that does not
// fit is a 507 storage_full with a message, logged, and leaves nothing
// behind; the shop still shows its pages; once there is room again the
// same checkouts (same Idempotency-Keys) go through, and the database
// passes SQLite's integrity check and the consistency check, before and
// after a restart.
func TestDiskFull(t *testing.T) {
	t.Parallel()
	start := time.Now()
	srv := newServer(t)
	srv.start()
	d := database{sqlitePath: srv.dir + "/ocopmarket.db"}
	base := snapshot(t, d)
	products := stocked(t, srv, 6)
	tl := newTally()
	type shopper struct {
		c   *client
		key string
	}
	shoppers := make([]shopper, 12)
	for i := range shoppers {
		shoppers[i] = shopper{newClient(t, srv, tl), newKey()}
		shoppers[i].c.must(t, http.StatusOK, http.MethodPost, "/api/v1/cart/items", map[string]any{"product_id": products[i%len(products)], "quantity": 1})
	}

	setFileLimit(t, srv.pid(), 64<<10)
	placed, refused := 0, 0
	for i, s := range shoppers {
		a, err := s.c.do(http.MethodPost, "/api/v1/checkout", guest(i), "Idempotency-Key", s.key)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case a.Status == http.StatusCreated:
			placed++
		case a.Status == http.StatusInsufficientStorage && a.code() == "storage_full" && a.JSON["error"].(map[string]any)["message"] != "":
			refused++
		default:
			t.Fatalf("checkout on a full disk: %d %s", a.Status, truncate(a.Raw, 300))
		}
	}
	t.Logf("on a full disk: %d checkouts placed, %d refused", placed, refused)
	if refused == 0 {
		t.Fatal("no checkout was refused: the disk did not fill")
	}
	c := newClient(t, srv, tl)
	for _, path := range []string{"/", "/san-pham", "/api/v1/products?q=ca+phe"} {
		c.must(t, http.StatusOK, http.MethodGet, path, nil)
	}
	log := srv.logText()
	if !strings.Contains(log, `msg="request failed"`) || !strings.Contains(log, "status=507") {
		t.Errorf("the refused writes are not in the log")
	}
	base.check(t)

	setFileLimit(t, srv.pid(), unix.RLIM_INFINITY)
	answered := map[string]string{}
	for i, s := range shoppers {
		a := s.c.must(t, http.StatusCreated, http.MethodPost, "/api/v1/checkout", guest(i), "Idempotency-Key", s.key)
		code, _ := a.JSON["code"].(string)
		answered[code] = s.key
	}
	t.Logf("answers: %s", tl)
	tl.only(t, http.StatusInsufficientStorage)
	base.samePlaced(t, answered)
	base.check(t)

	if err := srv.signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.wait(30 * time.Second); err != nil {
		t.Fatalf("after SIGTERM: %v", err)
	}
	base.check(t)
	srv.start()
	newClient(t, srv, tl).must(t, http.StatusOK, http.MethodGet, "/api/v1/products", nil)
	t.Logf("fault run took %s", time.Since(start).Round(time.Millisecond))
}
