package meili

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// request is one HTTP request the fake Meilisearch received.
type request struct {
	Method, Path, Query string
	Body                []byte
}

func (r request) String() string { return r.Method + " " + r.Path }

// fakeMeili stands in for Meilisearch: it records requests, answers writes
// with enqueued tasks, tasks with "succeeded" (or the failure set for them)
// and searches with canned JSON.
type fakeMeili struct {
	t  *testing.T
	mu sync.Mutex

	reqs     []request
	nextTask int64
	taskKind map[int64]string // task uid → path that created it
	// failTask, when set, may return an error code and message for the task
	// created by a request to path.
	failTask func(path string) (code, message string)
	// multiSearch and search answer POST /multi-search and /indexes/*/search.
	multiSearch string
	search      string
}

func newFake(t *testing.T) (*fakeMeili, *Index) {
	t.Helper()
	f := &fakeMeili{t: t, taskKind: map[int64]string{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	idx, err := New(Config{URL: srv.URL, APIKey: "test-key", PollInterval: 1})
	if err != nil {
		t.Fatal(err)
	}
	return f, idx
}

func (f *fakeMeili) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	if got := r.Header.Get("Authorization"); got != "Bearer test-key" {
		f.t.Errorf("%s %s: Authorization %q", r.Method, r.URL.Path, got)
	}
	f.reqs = append(f.reqs, request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: body})
	w.Header().Set("Content-Type", "application/json")

	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/health":
		fmt.Fprint(w, `{"status":"available"}`)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/tasks/"):
		var uid int64
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/tasks/"), "%d", &uid)
		status, errJSON := "succeeded", `null`
		if f.failTask != nil {
			if code, msg := f.failTask(f.taskKind[uid]); code != "" {
				status = "failed"
				errJSON = fmt.Sprintf(`{"message":%q,"code":%q,"type":"invalid_request","link":""}`, msg, code)
			}
		}
		fmt.Fprintf(w, `{"uid":%d,"indexUid":"products","status":%q,"type":"documentAdditionOrUpdate","error":%s,`+
			`"enqueuedAt":"2026-03-01T00:00:00Z","startedAt":"2026-03-01T00:00:00Z","finishedAt":"2026-03-01T00:00:01Z"}`, uid, status, errJSON)
	case r.Method == http.MethodPost && r.URL.Path == "/multi-search":
		fmt.Fprint(w, f.multiSearchOr())
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/search"):
		if f.search == "" {
			fmt.Fprint(w, `{"hits":[],"query":"","processingTimeMs":1,"totalHits":0,"page":1,"hitsPerPage":0,"totalPages":0}`)
		} else {
			fmt.Fprint(w, f.search)
		}
	case r.Method == http.MethodPost || r.Method == http.MethodPatch || r.Method == http.MethodDelete || r.Method == http.MethodPut:
		f.nextTask++
		f.taskKind[f.nextTask] = r.Method + " " + r.URL.Path
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, `{"taskUid":%d,"indexUid":"products","status":"enqueued","type":"x","enqueuedAt":"2026-03-01T00:00:00Z"}`, f.nextTask)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"not found","code":"not_found","type":"invalid_request","link":""}`)
	}
}

func (f *fakeMeili) multiSearchOr() string {
	if f.multiSearch != "" {
		return f.multiSearch
	}
	return `{"results":[` +
		`{"indexUid":"products","hits":[],"query":"","processingTimeMs":1,"totalHits":0,"page":1,"hitsPerPage":24,"totalPages":0,"facetDistribution":{}},` +
		`{"indexUid":"products","hits":[],"query":"","processingTimeMs":1,"totalHits":0,"page":1,"hitsPerPage":0,"totalPages":0,"facetDistribution":{}}]}`
}

// requests returns what was received and forgets it.
func (f *fakeMeili) requests() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.reqs
	f.reqs = nil
	return r
}

// writes returns the received requests other than task polls.
func (f *fakeMeili) writes() []request {
	var out []request
	for _, r := range f.requests() {
		if !strings.HasPrefix(r.Path, "/tasks/") {
			out = append(out, r)
		}
	}
	return out
}

// jsonEqual compares JSON documents by value.
func jsonEqual(t *testing.T, what string, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: got invalid JSON %s: %v", what, got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: want invalid JSON: %v", what, err)
	}
	if !reflect.DeepEqual(g, w) {
		gi, _ := json.MarshalIndent(g, "", "  ")
		wi, _ := json.MarshalIndent(w, "", "  ")
		t.Errorf("%s:\ngot  %s\nwant %s", what, gi, wi)
	}
}
