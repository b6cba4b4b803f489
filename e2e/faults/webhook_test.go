package faults

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/notify"
)

// receiver is a cooperative's webhook endpoint: it refuses deliveries
// (503) until opened, then records them by their delivery id.
type receiver struct {
	srv  *httptest.Server
	open atomic.Bool
	mu   sync.Mutex
	got  map[string]bool
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{got: map[string]bool{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !r.open.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		r.mu.Lock()
		r.got[req.Header.Get(notify.DeliveryHeader)] = true
		r.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) received(key string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.got[key]
}

// hook makes every cooperative post its order events to r.
func (r *receiver) hook(t *testing.T, d database) {
	t.Helper()
	x := d.open(t)
	defer x.Close()
	if _, err := x.ExecContext(context.Background(), x.Rebind(`INSERT INTO cooperative_integrations (cooperative_id, webhook_url, webhook_secret)
		SELECT id, ?, 'faults-secret' FROM cooperatives`), r.srv.URL+"/hook"); err != nil {
		t.Fatalf("webhooks: %v", err)
	}
}
