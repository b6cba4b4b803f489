package faults

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// tally counts the answers clients got, by status, and keeps the first
// answers of a 5xx, to tell which 5xx a fault allows.
type tally struct {
	mu       sync.Mutex
	statuses map[int]int
	samples  map[int]string
}

func newTally() *tally { return &tally{statuses: map[int]int{}, samples: map[int]string{}} }

func (c *tally) add(status int, what string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statuses[status]++
	if _, ok := c.samples[status]; !ok && status >= 500 {
		c.samples[status] = what
	}
}

// count is how many answers had status.
func (c *tally) count(status int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.statuses[status]
}

// only fails the test when an answer of 5xx had a status other than
// allowed.
func (c *tally) only(t *testing.T, allowed ...int) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	ok := map[int]bool{}
	for _, s := range allowed {
		ok[s] = true
	}
	for status, n := range c.statuses {
		if status >= 500 && !ok[status] {
			t.Errorf("%d answers of status %d (allowed 5xx: %v), e.g. %s", n, status, allowed, c.samples[status])
		}
	}
}

func (c *tally) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]int, 0, len(c.statuses))
	for k := range c.statuses {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d×%d", k, c.statuses[k])
	}
	return strings.Join(parts, " ")
}

// client is a shopper's browser: it keeps cookies and sends JSON.
type client struct {
	srv   *server
	http  *http.Client
	tally *tally
}

func newClient(t *testing.T, srv *server, tl *tally) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{srv: srv, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}, tally: tl}
}

// answer is a response: its status, its body and the body decoded as JSON
// (nil when it is not a JSON object).
type answer struct {
	Status int
	Raw    string
	JSON   map[string]any
}

// code is the error code of an error answer.
func (a answer) code() string {
	e, _ := a.JSON["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// do sends a request with a JSON body (nil for none) and headers in name,
// value pairs. err is a failure to get an answer at all.
func (c *client) do(method, path string, body any, headers ...string) (answer, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return answer{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.srv.url(path), rd)
	if err != nil {
		return answer{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return answer{}, err
	}
	a := answer{Status: res.StatusCode, Raw: string(raw)}
	_ = json.Unmarshal(raw, &a.JSON)
	if c.tally != nil {
		c.tally.add(a.Status, method+" "+path+": "+truncate(a.Raw, 300))
	}
	return a, nil
}

// must sends a request that must get status want.
func (c *client) must(t *testing.T, want int, method, path string, body any, headers ...string) answer {
	t.Helper()
	a, err := c.do(method, path, body, headers...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if a.Status != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, a.Status, truncate(a.Raw, 500), want)
	}
	return a
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// newKey returns a fresh Idempotency-Key.
func newKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// guest is the checkout body of a guest paying cash on delivery.
func guest(i int) map[string]any {
	return map[string]any{
		"name": fmt.Sprintf("Khách %d", i), "phone": fmt.Sprintf("09%08d", 12345000+i),
		"address":        map[string]any{"line": "12 Lê Lợi", "ward": "Phường Chiềng Lề", "province": "son-la"},
		"payment_method": "cod",
	}
}
