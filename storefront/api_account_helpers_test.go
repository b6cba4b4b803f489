package storefront_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/cart/rediscart"
	"github.com/ocopmarket/ocopmarket/internal/cart/sqlcart"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/redistest"
	"github.com/ocopmarket/ocopmarket/internal/search/bleve"
	"github.com/ocopmarket/ocopmarket/internal/session"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront"
)

// world is a catalog in a database plus the backend of sessions and carts
// ("sql" or "redis"); app() builds a server over it, as often as a test
// wants to restart one.
type world struct {
	t        *testing.T
	d        *db.DB
	cat      *catalog.Store
	users    *account.Store
	backend  string
	redisURL string // where the Redis backend connects (a test may point it elsewhere)
	prefix   string
	mail     mail.Sender
	ids      map[string]int64
	limits   ratelimit.Rule
}

// eachBackend runs fn for SQLite and PostgreSQL, each with sessions and
// carts in the database and in Redis.
func eachBackend(t *testing.T, fn func(t *testing.T, w *world)) {
	for _, backend := range []string{"sql", "redis"} {
		t.Run(backend, func(t *testing.T) {
			dbtest.Run(t, func(t *testing.T, d *db.DB) { fn(t, newWorld(t, d, backend)) })
		})
	}
}

func newWorld(t *testing.T, d *db.DB, backend string) *world {
	t.Helper()
	w := &world{t: t, d: d, cat: catalog.New(d, time.Now), users: account.New(d, bcrypt.MinCost), backend: backend, ids: map[string]int64{}}
	if backend == "redis" {
		_, w.prefix = redistest.Client(t)
		w.redisURL = redistest.URL(t)
	}
	w.seed()
	return w
}

// seed makes two cooperatives with different shipping rules and products.
func (w *world) seed() {
	t, ctx := w.t, context.Background()
	var n int
	if err := w.d.GetContext(ctx, &n, `SELECT COUNT(*) FROM cooperatives`); err != nil || n > 0 {
		w.loadIDs()
		return
	}
	coops := []struct {
		slug, name    string
		fee, freeOver int64
	}{
		{"htx-bich-thao", "HTX Cà phê Bích Thao", 30000, 500000},
		{"htx-ho-quynh", "HTX Thủy sản Hồ Quỳnh", 25000, 0},
	}
	for _, c := range coops {
		co := &catalog.Cooperative{Slug: c.slug, Name: c.name, Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive,
			ShippingFeeVND: c.fee, FreeShippingOverVND: c.freeOver}
		if err := w.cat.CreateCooperative(ctx, w.d, co); err != nil {
			t.Fatal(err)
		}
		w.ids[c.slug] = co.ID
	}
	products := []struct {
		slug, coop string
		price      int64
		stock      int
		published  bool
	}{
		{"ca-phe-bot", "htx-bich-thao", 180000, 100, true},
		{"tra-hoa", "htx-bich-thao", 120000, 5, true},
		{"cha-ca", "htx-ho-quynh", 95000, 2000, true},
		{"ca-an", "htx-ho-quynh", 1000, 10, false},
	}
	for _, p := range products {
		id, err := w.cat.CreateProduct(ctx, w.d, catalog.NewProduct{CooperativeID: w.ids[p.coop], CategorySlug: "ca-phe", Slug: p.slug,
			Name: p.slug, PriceVND: p.price, Unit: "gói", Stock: p.stock, Published: p.published, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		w.ids[p.slug] = id
	}
}

func (w *world) loadIDs() {
	rows := []struct {
		Slug string `db:"slug"`
		ID   int64  `db:"id"`
	}{}
	if err := w.d.SelectContext(context.Background(), &rows, `SELECT slug, id FROM products`); err != nil {
		w.t.Fatal(err)
	}
	for _, r := range rows {
		w.ids[r.Slug] = r.ID
	}
}

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	if _, err := w.d.ExecContext(context.Background(), w.d.Rebind(q), args...); err != nil {
		w.t.Fatal(err)
	}
}

// app builds a server over the world, like app.Fiber does.
func (w *world) app() *fiber.App {
	t := w.t
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var storage fiber.Storage
	var store cart.Store
	var limiter ratelimit.Limiter
	switch w.backend {
	case "redis":
		opt := redistest.Options(t, w.redisURL)
		rdb := redis.NewClient(opt)
		t.Cleanup(func() { rdb.Close() })
		storage = session.NewRedisStorage(rdb, w.prefix+"sess:")
		store = rediscart.New(rdb, w.prefix+"cart:", time.Now)
		limiter = ratelimit.NewRedis(rdb, w.prefix+"rl:")
	default:
		storage = session.NewSQLStorage(w.d, time.Now)
		store = sqlcart.New(w.d, time.Now)
		limiter = ratelimit.NewSQL(w.d, time.Now)
	}
	idx := bleve.New(t.TempDir())
	if err := idx.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	h, err := storefront.New(w.cat, browse.New(w.cat, idx, log), log)
	if err != nil {
		t.Fatal(err)
	}
	sender := w.mail
	if sender == nil {
		sender = mail.NewLog(log)
	}
	base, _ := url.Parse("https://ocop.example.vn")
	h.WithAccounts(storefront.Accounts{
		Users: w.users, Addresses: account.NewAddressBook(w.d, w.cat),
		Sessions: session.New(storage, w.users, session.Config{Secure: true}),
		Carts:    cart.NewService(store, w.cat), Limiter: limiter, Mail: sender, BaseURL: base,
		Limits: w.accountLimits(),
	})
	t.Cleanup(h.WaitMail)
	f := fiber.New(fiber.Config{ErrorHandler: web.ErrorHandler(log, h.Messages(), nil)})
	web.Common(f, log, 10*time.Second)
	h.Routes(f)
	return f
}

// accountLimits are the production limits, with w.limits (when set) on
// the failed logins to one account from one address.
func (w *world) accountLimits() account.Limits {
	l := account.DefaultLimits()
	if w.limits.Limit > 0 {
		l.PerAccountAddress = w.limits
	}
	return l
}

// client is a browser: it keeps cookies between requests.
type client struct {
	t       *testing.T
	app     *fiber.App
	mu      sync.Mutex
	cookies map[string]*http.Cookie
}

func newClient(t *testing.T, app *fiber.App) *client {
	return &client{t: t, app: app, cookies: map[string]*http.Cookie{}}
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// errCode is the error code of an error answer.
func (r response) errCode() string {
	e, _ := r.Body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// fieldCode is the code of a field of a validation error.
func (r response) fieldCode(name string) string {
	e, _ := r.Body["error"].(map[string]any)
	f, _ := e["field_codes"].(map[string]any)
	code, _ := f[name].(string)
	return code
}

func (r response) field(name string) string {
	e, _ := r.Body["error"].(map[string]any)
	f, _ := e["fields"].(map[string]any)
	s, _ := f[name].(string)
	return s
}

// do sends a request; a body that is not a string is sent as JSON with
// Content-Type: application/json; headers are name, value pairs.
func (c *client) do(method, target string, body any, headers ...string) response {
	c.t.Helper()
	var r io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		r, ctype = bytes.NewReader(j), "application/json"
	}
	req := httptest.NewRequest(method, target, r)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	c.mu.Lock()
	for _, ck := range c.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	c.mu.Unlock()
	res, err := c.app.Test(req, 30_000)
	if err != nil {
		c.t.Fatal(err)
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
	raw, _ := io.ReadAll(res.Body)
	out := response{Status: res.StatusCode, Header: res.Header, Raw: string(raw)}
	_ = json.Unmarshal(raw, &out.Body)
	return out
}

func (c *client) cookie(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ck := c.cookies[name]; ck != nil {
		return ck.Value
	}
	return ""
}

// expect fails the test unless r has the status (and error code, if given).
func expect(t *testing.T, what string, r response, status int, code ...string) {
	t.Helper()
	if r.Status != status || (len(code) > 0 && r.errCode() != code[0]) {
		t.Fatalf("%s: %d %s, want %d %v", what, r.Status, r.Raw, status, code)
	}
}

// register signs a shopper up through the API.
func (c *client) register(email string) response {
	c.t.Helper()
	r := c.do("POST", "/api/v1/auth/register", map[string]any{"email": email, "password": "mat-khau-dai", "name": "Khách " + email})
	expect(c.t, "register "+email, r, 201)
	return r
}

// quantities returns product id → quantity of the client's cart.
func (c *client) quantities() map[int64]int {
	c.t.Helper()
	r := c.do("GET", "/api/v1/cart", nil)
	expect(c.t, "GET /cart", r, 200)
	out := map[int64]int{}
	groups, _ := r.Body["groups"].([]any)
	for _, g := range groups {
		for _, it := range g.(map[string]any)["items"].([]any) {
			m := it.(map[string]any)
			out[int64(m["product_id"].(float64))] = int(m["quantity"].(float64))
		}
	}
	return out
}

// dbtestSQLite is a fresh SQLite database.
func dbtestSQLite(t *testing.T) *db.DB { return dbtest.SQLite(t) }
