package faults

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// load is shoppers checking out as guests, concurrently, one product at a
// time, until stopped: each adds a product to a fresh cart and checks out
// with cash on delivery, repeating a request that got a 503 (the checkout
// with the same Idempotency-Key) until it gets another answer.
type load struct {
	t        *testing.T
	srv      *server
	tally    *tally
	products []int64
	// refused, when true, lets a request fail to connect (the server is
	// not listening: stopped or restarting) and be repeated; any other
	// failure to get an answer, once connected, fails the test.
	refused bool

	placed  atomic.Int64 // checkouts answered 201
	stopped atomic.Bool
	wg      sync.WaitGroup
	mu      sync.Mutex
	codes   map[string]string // group code → Idempotency-Key
	errs    []error
}

// startLoad starts workers shoppers on srv.
func startLoad(t *testing.T, srv *server, tl *tally, products []int64, workers int, refused bool) *load {
	l := &load{t: t, srv: srv, tally: tl, products: products, refused: refused, codes: map[string]string{}}
	for w := range workers {
		l.wg.Go(func() {
			for i := 0; !l.stopped.Load(); i++ {
				if err := l.checkout(w*100000 + i); err != nil {
					l.fail(err)
					return
				}
			}
		})
	}
	return l
}

func (l *load) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, err)
}

// stop ends the load, waits for the shoppers and fails the test with what
// went wrong; it returns the group codes of the checkouts placed.
func (l *load) stop() map[string]string {
	l.t.Helper()
	l.stopped.Store(true)
	l.wg.Wait()
	for _, err := range l.errs {
		l.t.Error(err)
	}
	return l.codes
}

// checkout is one shopper's checkout; it fails for an answer it did not
// expect and for a request that got no answer.
func (l *load) checkout(i int) error {
	c := newClient(l.t, l.srv, l.tally)
	if l.refused {
		// A fresh connection per request: a request is either refused
		// before it is sent or answered, never cut.
		c.http.Transport = &http.Transport{DisableKeepAlives: true}
	}
	product := l.products[i%len(l.products)]
	add, err := l.retry(func() (answer, error) {
		return c.do(http.MethodPost, "/api/v1/cart/items", map[string]any{"product_id": product, "quantity": 1})
	})
	if err != nil || add.Status == 0 {
		return err
	}
	if add.Status == http.StatusConflict {
		return nil // out of stock: another shopper bought the last one
	}
	if add.Status != http.StatusOK && add.Status != http.StatusCreated {
		return fmt.Errorf("add product %d to the cart: %d %s", product, add.Status, truncate(add.Raw, 300))
	}
	key := newKey()
	res, err := l.retry(func() (answer, error) {
		return c.do(http.MethodPost, "/api/v1/checkout", guest(i), "Idempotency-Key", key)
	})
	if err != nil || res.Status == 0 {
		return err
	}
	switch res.Status {
	case http.StatusCreated, http.StatusOK:
		code, _ := res.JSON["code"].(string)
		if code == "" {
			return fmt.Errorf("checkout: no code in %s", truncate(res.Raw, 300))
		}
		l.mu.Lock()
		l.codes[code] = key
		l.mu.Unlock()
		l.placed.Add(1)
		return nil
	case http.StatusConflict:
		return nil // the stock ran out between the cart and the checkout
	}
	return fmt.Errorf("checkout: %d %s", res.Status, truncate(res.Raw, 300))
}

// retry sends a request until its answer is not a 503 (and, with refused,
// until it connects). A zero answer with a nil error means the load was
// stopped meanwhile.
func (l *load) retry(send func() (answer, error)) (answer, error) {
	for !l.stopped.Load() {
		a, err := send()
		switch {
		case err != nil && l.refused && (notConnected(err) || errors.Is(err, syscall.ECONNRESET)):
			// A reset on a fresh connection before any answer: the kernel
			// had queued it when the stopping server closed its listener.
			// The client sends the same request again, as a shop's client
			// does (a checkout carries its Idempotency-Key), and the
			// checks at the end prove nothing was done twice or by half.
		case err != nil:
			return a, fmt.Errorf("a request got no answer: %w", err)
		case a.Status != http.StatusServiceUnavailable:
			return a, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return answer{}, nil
}

// notConnected reports whether err is a failure to connect: refused, or
// reset during the handshake (a connection the kernel queued on a
// listener that closed before the server accepted it). Either way nothing
// of the request was sent.
func notConnected(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial" || errors.Is(err, syscall.ECONNREFUSED)
}

// stocked returns the ids of up to n published products with the most
// stock, from the API.
func stocked(t *testing.T, srv *server, n int) []int64 {
	t.Helper()
	c := newClient(t, srv, nil)
	res := c.must(t, http.StatusOK, http.MethodGet, "/api/v1/products?per_page=100", nil)
	items, _ := res.JSON["items"].([]any)
	type product struct {
		id    int64
		stock float64
	}
	var ps []product
	for _, it := range items {
		m, _ := it.(map[string]any)
		slug, _ := m["slug"].(string)
		if inStock, _ := m["in_stock"].(bool); !inStock || slug == "" {
			continue
		}
		d := c.must(t, http.StatusOK, http.MethodGet, "/api/v1/products/"+slug, nil)
		id, _ := d.JSON["id"].(float64)
		stock, _ := d.JSON["stock"].(float64)
		ps = append(ps, product{int64(id), stock})
		if len(ps) >= 4*n {
			break
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].stock > ps[j].stock })
	var out []int64
	for _, p := range ps[:min(n, len(ps))] {
		out = append(out, p.id)
	}
	if len(out) < n {
		t.Fatalf("only %d products in stock", len(out))
	}
	return out
}

// groups counts the checkouts in the database placed after the baseline.
func (b *baseline) groups(t *testing.T) map[string]bool {
	t.Helper()
	x := b.db.open(t)
	defer x.Close()
	var codes []string
	if err := x.Select(&codes, x.Rebind(`SELECT g.code FROM order_groups g WHERE EXISTS
		(SELECT 1 FROM orders o WHERE o.group_id = g.id AND o.id > ?)`), b.lastOrder); err != nil {
		t.Fatalf("checker: groups: %v", err)
	}
	out := map[string]bool{}
	for _, c := range codes {
		out[c] = true
	}
	return out
}

// samePlaced fails the test unless the checkouts in the database since
// the baseline are exactly those the shoppers were answered: none lost,
// none twice, none that a shopper was not told of.
func (b *baseline) samePlaced(t *testing.T, answered map[string]string) {
	t.Helper()
	stored := b.groups(t)
	for code := range answered {
		if !stored[code] {
			t.Errorf("checkout %s was answered but is not in the database", code)
		}
	}
	for code := range stored {
		if _, ok := answered[code]; !ok {
			t.Errorf("checkout %s is in the database but no shopper was answered it", code)
		}
	}
	t.Logf("%d checkouts placed and stored", len(stored))
}
