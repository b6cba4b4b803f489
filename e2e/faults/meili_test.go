package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// meili stands in for Meilisearch on a fixed loopback port, started only
// when the test brings the search backend back: until then nothing
// listens there and the app's calls are refused. It answers what the app
// sends (the index and its settings, document writes, task polls,
// searches with no hits) and records the ids of the documents written.
type meili struct {
	t    *testing.T
	addr string
	srv  *http.Server

	mu       sync.Mutex
	nextTask int
	indexed  map[int64]bool
}

func newMeili(t *testing.T) *meili {
	m := &meili{t: t, addr: fmt.Sprintf("127.0.0.1:%d", freePort(t)), indexed: map[int64]bool{}}
	t.Cleanup(func() {
		if m.srv != nil {
			_ = m.srv.Close()
		}
	})
	return m
}

func (m *meili) url() string { return "http://" + m.addr }

// start begins listening on the port.
func (m *meili) start() {
	m.t.Helper()
	l, err := net.Listen("tcp", m.addr)
	if err != nil {
		m.t.Fatalf("stand-in Meilisearch: %v", err)
	}
	m.srv = &http.Server{Handler: m, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = m.srv.Serve(l) }()
}

// has reports whether the document of product id was written.
func (m *meili) has(id int64) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.indexed[id]
}

func (m *meili) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	m.mu.Lock()
	defer m.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	path := r.URL.Path
	switch {
	case r.Method == http.MethodGet && path == "/health":
		fmt.Fprint(w, `{"status":"available"}`)
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/tasks/"):
		fmt.Fprintf(w, `{"uid":%s,"indexUid":"products","status":"succeeded","type":"documentAdditionOrUpdate","error":null,`+
			`"enqueuedAt":"2026-03-01T00:00:00Z","startedAt":"2026-03-01T00:00:00Z","finishedAt":"2026-03-01T00:00:01Z"}`,
			strings.TrimPrefix(path, "/tasks/"))
	case r.Method == http.MethodPost && path == "/multi-search":
		empty := `{"indexUid":"products","hits":[],"query":"","processingTimeMs":1,"totalHits":0,"page":1,"hitsPerPage":24,"totalPages":0,"facetDistribution":{}}`
		var q struct {
			Queries []json.RawMessage `json:"queries"`
		}
		_ = json.Unmarshal(body, &q)
		results := make([]string, len(q.Queries))
		for i := range results {
			results[i] = empty
		}
		fmt.Fprintf(w, `{"results":[%s]}`, strings.Join(results, ","))
	case r.Method == http.MethodPost && strings.HasSuffix(path, "/search"):
		fmt.Fprint(w, `{"hits":[],"query":"","processingTimeMs":1,"totalHits":0,"page":1,"hitsPerPage":0,"totalPages":0}`)
	case r.Method == http.MethodGet:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"not found","code":"index_not_found","type":"invalid_request","link":""}`)
	default:
		if (r.Method == http.MethodPost || r.Method == http.MethodPut) && strings.HasSuffix(path, "/documents") {
			var docs []struct {
				ID int64 `json:"id"`
			}
			if err := json.Unmarshal(body, &docs); err != nil {
				m.t.Errorf("stand-in Meilisearch: documents %s: %v", body, err)
			}
			for _, d := range docs {
				m.indexed[d.ID] = true
			}
		}
		m.nextTask++
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, `{"taskUid":%d,"indexUid":"products","status":"enqueued","type":"x","enqueuedAt":"2026-03-01T00:00:00Z"}`, m.nextTask)
	}
}

// pendingJobs counts the jobs of kind still in the outbox and, of them,
// those that have failed at least once.
func pendingJobs(t *testing.T, d database, kind string) (pending, failed int) {
	t.Helper()
	x := d.open(t)
	defer x.Close()
	err := x.QueryRowxContext(context.Background(), x.Rebind(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN last_error <> '' THEN 1 ELSE 0 END), 0)
		FROM outbox_jobs WHERE kind = ? AND state = 'pending'`), kind).Scan(&pending, &failed)
	if err != nil {
		t.Fatal(err)
	}
	return pending, failed
}
