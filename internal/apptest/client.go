package apptest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/openapitest"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// Client is a browser for tests: it keeps the cookies the app sets and
// sends them back, and checks every answer of the JSON API.
type Client struct {
	t       testing.TB
	mu      sync.Mutex
	f       *fiber.App
	cookies map[string]*http.Cookie
}

// Client returns a new client of the app, without cookies.
func (a *App) Client() *Client { return NewClient(a.t, a.Fiber()) }

// NewClient returns a client of f (from App.Fiber or App.Restart), without
// cookies.
func NewClient(t testing.TB, f *fiber.App) *Client {
	return &Client{t: t, f: f, cookies: map[string]*http.Cookie{}}
}

// Use sends the client's next requests to f (another process of the app,
// from Restart), keeping its cookies.
func (c *Client) Use(f *fiber.App) { c.f = f }

// Response is an answer of the app.
type Response struct {
	Status int
	Header http.Header
	// Body is the answer decoded as a JSON object, nil when it is not one.
	Body map[string]any
	Raw  string
}

// ErrCode is the code of an error answer of the API.
func (r Response) ErrCode() string {
	e, _ := r.Body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// Field is what an error answer of the API says about one field.
func (r Response) Field(name string) string {
	e, _ := r.Body["error"].(map[string]any)
	f, _ := e["fields"].(map[string]any)
	s, _ := f[name].(string)
	return s
}

// FieldCode is the code an error answer of the API gives one field.
func (r Response) FieldCode(name string) string {
	e, _ := r.Body["error"].(map[string]any)
	f, _ := e["field_codes"].(map[string]any)
	s, _ := f[name].(string)
	return s
}

// Do sends a request. A body that is not a string is sent as JSON with
// Content-Type: application/json; headers are name, value pairs.
func (c *Client) Do(method, target string, body any, headers ...string) Response {
	c.t.Helper()
	var raw []byte
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		raw, ctype = j, fiber.MIMEApplicationJSON
	}
	req := httptest.NewRequest(method, target, bytes.NewReader(raw))
	// The API check reads the body again, after the app has read it.
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil }
	if ctype != "" {
		req.Header.Set(fiber.HeaderContentType, ctype)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	c.mu.Lock()
	for _, ck := range c.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	f := c.f
	c.mu.Unlock()
	res, err := f.Test(req, 30_000)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer res.Body.Close()
	c.mu.Lock()
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || (!ck.Expires.IsZero() && ck.Expires.Before(time.Now())) || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	c.mu.Unlock()
	answer, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if strings.HasPrefix(req.URL.Path, "/api/v1/") {
		c.checkAPI(req, res, answer)
	}
	out := Response{Status: res.StatusCode, Header: res.Header, Raw: string(answer)}
	_ = json.Unmarshal(answer, &out.Body)
	return out
}

// checkAPI is where every answer of /api/v1 passes: the request and its
// answer must be ones docs/openapi.yaml allows, errors included.
func (c *Client) checkAPI(req *http.Request, res *http.Response, body []byte) {
	c.t.Helper()
	openapitest.New(c.t).Check(c.t, req, res.StatusCode, res.Header, body)
}

// Get sends a GET request; headers are name, value pairs.
func (c *Client) Get(target string, headers ...string) Response {
	c.t.Helper()
	return c.Do(http.MethodGet, target, nil, headers...)
}

// PostForm sends a form the way a browser does.
func (c *Client) PostForm(target string, form url.Values) Response {
	c.t.Helper()
	return c.Do(http.MethodPost, target, form.Encode(), fiber.HeaderContentType, fiber.MIMEApplicationForm)
}

// Page GETs a page, fails the test unless it answers status, and returns
// its HTML.
func (c *Client) Page(target string, status int) string {
	c.t.Helper()
	r := c.Get(target)
	if r.Status != status {
		c.t.Fatalf("GET %s: %d, want %d: %.500s", target, r.Status, status, r.Raw)
	}
	return r.Raw
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// CSRF returns the CSRF token of the forms of page, failing the test when
// it has none.
func CSRF(t testing.TB, page string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token in the page: %.400s", page)
	}
	return m[1]
}

// FetchCSRF opens the login page and returns the token its forms carry,
// which every form of this client may send.
func (c *Client) FetchCSRF() string {
	c.t.Helper()
	return CSRF(c.t, c.Page(paths.Login, http.StatusOK))
}

// Cookie returns the value of one of the client's cookies, "" without it.
func (c *Client) Cookie(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ck := c.cookies[name]; ck != nil {
		return ck.Value
	}
	return ""
}

// SetCookie gives the client a cookie, as if the app had set it; an empty
// value removes it.
func (c *Client) SetCookie(name, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if value == "" {
		delete(c.cookies, name)
		return
	}
	c.cookies[name] = &http.Cookie{Name: name, Value: value}
}

// Expect fails the test unless r has the status (and the error code, when
// one is given).
func Expect(t testing.TB, what string, r Response, status int, code ...string) {
	t.Helper()
	if r.Status != status || (len(code) > 0 && r.ErrCode() != code[0]) {
		t.Fatalf("%s: %d %s, want %d %v", what, r.Status, r.Raw, status, code)
	}
}

// Contains reports an error for each of wants that page lacks.
func Contains(t testing.TB, what, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("%s: no %q in the page", what, w)
		}
	}
}
