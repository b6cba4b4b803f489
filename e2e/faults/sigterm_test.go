package faults

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/notify"
	"github.com/ocopmarket/ocopmarket/internal/order"
)

// TestSigtermUnderLoad stops the server with SIGTERM while shoppers check
// out and one checkout is still being sent: that checkout is answered,
// the server exits cleanly, and new connections are only refused until it
// is started again. Webhook deliveries queued before the stop (their
// receiver was down) go out after the restart; every checkout answered is
// stored once and the database is consistent.
func TestSigtermUnderLoad(t *testing.T) {
	t.Parallel()
	start := time.Now()
	srv := newServer(t)
	srv.start()
	d := database{sqlitePath: srv.dir + "/ocopmarket.db"}
	hooks := newReceiver(t)
	hooks.hook(t, d)
	base := snapshot(t, d)
	products := stocked(t, srv, 6)

	tl := newTally()
	l := startLoad(t, srv, tl, products, 8, true)
	waitFor(t, 30*time.Second, "checkouts before the stop", func() bool { return l.placed.Load() >= 30 })

	// A checkout whose body is half sent when the signal comes.
	slow := newClient(t, srv, tl)
	slow.must(t, http.StatusOK, http.MethodPost, "/api/v1/cart/items", map[string]any{"product_id": products[0], "quantity": 1})
	body, err := json.Marshal(guest(0))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := fmt.Sprintf("POST /api/v1/checkout HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept: application/json\r\n"+
		"Idempotency-Key: %s\r\nCookie: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", srv.addr, newKey(), cookies(slow, srv), len(body))
	if _, err := io.WriteString(conn, head+string(body[:len(body)/2])); err != nil {
		t.Fatal(err)
	}

	if err := srv.signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the server begins its shutdown", func() bool { return strings.Contains(srv.logText(), `msg="shutting down"`) })
	if _, err := conn.Write(body[len(body)/2:]); err != nil {
		t.Fatalf("the rest of a request in flight: %v", err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight at SIGTERM got no answer: %v", err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("the request in flight at SIGTERM: %d %s", res.StatusCode, raw)
	}
	var placed struct {
		Code string `json:"code"`
	}
	if err := json.Unmarshal(raw, &placed); err != nil || placed.Code == "" {
		t.Fatalf("the request in flight at SIGTERM: %s", raw)
	}
	if err := srv.wait(30 * time.Second); err != nil {
		t.Fatalf("after SIGTERM: %v", err)
	}
	waiting := pendingWebhooks(t, d)
	if waiting == 0 {
		t.Fatal("no webhook delivery was waiting at the stop: the restart proves nothing")
	}
	t.Logf("%d webhook deliveries waiting at the stop", waiting)

	before := l.placed.Load()
	srv.start()
	hooks.open.Store(true)
	waitFor(t, 60*time.Second, "checkouts after the restart", func() bool { return l.placed.Load() >= before+20 })
	answered := l.stop()
	answered[placed.Code] = "in flight"
	orders := ordersSince(t, d, base.lastOrder)
	waitFor(t, 90*time.Second, "every order's webhook delivered", func() bool {
		for _, id := range orders {
			if !hooks.received(fmt.Sprintf("placed:%d:webhook", id)) {
				return false
			}
		}
		return true
	})

	t.Logf("answers: %s", tl)
	tl.only(t, 503)
	base.samePlaced(t, answered)
	base.check(t)
	t.Logf("fault run took %s", time.Since(start).Round(time.Millisecond))
}

// cookies is the Cookie header c sends to srv.
func cookies(c *client, srv *server) string {
	u, _ := url.Parse(srv.url("/"))
	var parts []string
	for _, k := range c.http.Jar.Cookies(u) {
		parts = append(parts, k.Name+"="+k.Value)
	}
	return strings.Join(parts, "; ")
}

// pendingWebhooks counts the webhook deliveries still in the outbox: as
// their own job, or not yet queued by the job of their order.
func pendingWebhooks(t *testing.T, d database) int {
	t.Helper()
	x := d.open(t)
	defer x.Close()
	var n int
	if err := x.GetContext(context.Background(), &n, x.Rebind(`SELECT COUNT(*) FROM outbox_jobs WHERE kind IN (?, ?) AND state = 'pending'`),
		notify.JobWebhook, order.JobPlaced); err != nil {
		t.Fatal(err)
	}
	return n
}

// ordersSince lists the ids of the orders after id.
func ordersSince(t *testing.T, d database, id int64) []int64 {
	t.Helper()
	x := d.open(t)
	defer x.Close()
	var ids []int64
	if err := x.SelectContext(context.Background(), &ids, x.Rebind(`SELECT id FROM orders WHERE id > ? ORDER BY id`), id); err != nil {
		t.Fatal(err)
	}
	return ids
}
