package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/seed"
)

// demoPassword is the password the demo accounts are seeded with.
const demoPassword = "ocop-demo-bench"

// configuration is one way of running the shop.
type configuration struct {
	key, title string
	redis      bool // the cart and sessions live in Redis
	postgres   bool
}

var allConfigurations = []configuration{
	{key: "embedded", title: "Embedded (SQLite + Bleve)"},
	{key: "postgres", title: "PostgreSQL + Redis (+ Bleve: Meilisearch has no binary here)", redis: true, postgres: true},
}

// row is one measured page.
type row struct {
	key, label string
	f          figures
	err        error
}

// unseenRow is one kind of URL asked once each.
type unseenRow struct {
	label string
	f     unseenFigures
	err   error
}

// checkoutCheck is the zero-oversell check of the checkout run.
type checkoutCheck struct {
	orders, soldOut, sold int64
	products              int
	problems              []string
	err                   error
}

// table is what one configuration measured at one catalog size.
type table struct {
	config   configuration
	products int // synthetic products; the demo set comes on top
	visible  int // products the API lists
	seedTime time.Duration
	measured time.Duration // how long measuring took, set-up included
	ceiling  figures
	rows     []row
	unseen   []unseenRow
	checkout checkoutCheck
}

// start is one start of the app at the largest size.
type start struct {
	config  configuration
	kind    string
	ready   time.Duration
	rssKB   int64
	anonKB  int64 // of rssKB, the anonymous memory (the rest is mapped files)
	err     error
	catalog int
}

// result is everything the report shows.
type result struct {
	opts    options
	args    []string
	began   time.Time
	elapsed time.Duration
	tables  []table
	starts  []start
	machine machine
}

// env is the environment of one configuration's app processes.
type env struct {
	vars        []string
	databaseURL string
	sqlitePath  string
	cleanup     func()
}

func run(ctx context.Context, o options, args []string) error {
	if _, err := exec.LookPath("wrk"); err != nil {
		return errors.New("wrk not found: run under `SERVICES_WRK=1 bash .ci/services.sh` (make bench-report does), or apt-get install wrk")
	}
	res := &result{opts: o, args: args, began: time.Now(), machine: describeMachine()}
	work, err := os.MkdirTemp("", "ocop-bench-report-")
	if err != nil {
		return err
	}
	if o.keep {
		say("work folder: %s (kept)", work)
	} else {
		defer os.RemoveAll(work)
	}
	bin := filepath.Join(work, "ocopmarket")
	say("building %s", bin)
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/ocopmarket")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/ocopmarket (run from the module root): %w", err)
	}
	fixed, err := startFixed()
	if err != nil {
		return err
	}
	defer fixed.stop()
	for _, key := range o.configs {
		i := slices.IndexFunc(allConfigurations, func(c configuration) bool { return c.key == key })
		if i < 0 {
			return fmt.Errorf("-configs: unknown configuration %q (embedded, postgres)", key)
		}
		if err := measureConfig(ctx, res, allConfigurations[i], bin, work, fixed); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
	}
	res.elapsed = time.Since(res.began)
	if err := os.WriteFile(o.out, []byte(res.markdown()), 0o644); err != nil {
		return err
	}
	say("wrote %s after %s", o.out, res.elapsed.Round(time.Second))
	return nil
}

// newEnv prepares an empty data folder, and for PostgreSQL a fresh
// database on TEST_POSTGRES_URL, dropped by cleanup.
func newEnv(ctx context.Context, c configuration, dir string) (env, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return env{}, err
	}
	e := env{cleanup: func() {}}
	e.vars = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "DATA_DIR=" + dir,
		"LOG_LEVEL=warn", "OCOP_DEMO_PASSWORD=" + demoPassword, "SHUTDOWN_TIMEOUT=5s"}
	if !c.postgres {
		e.sqlitePath = filepath.Join(dir, "ocopmarket.db")
		return e, nil
	}
	admin, redis := os.Getenv("TEST_POSTGRES_URL"), os.Getenv("TEST_REDIS_URL")
	if admin == "" || redis == "" {
		return env{}, errors.New("TEST_POSTGRES_URL and TEST_REDIS_URL are not set: run under .ci/services.sh (make bench-report does)")
	}
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return env{}, err
	}
	name := "ocop_bench_" + hex.EncodeToString(b)
	adm, err := db.Open(ctx, admin, "")
	if err != nil {
		return env{}, err
	}
	defer adm.Close()
	if _, err := adm.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return env{}, fmt.Errorf("create database: %w", err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		return env{}, err
	}
	u.Path = "/" + name
	e.databaseURL = u.String()
	e.vars = append(e.vars, "DATABASE_URL="+e.databaseURL, "REDIS_URL="+redis)
	e.cleanup = func() {
		adm, err := db.Open(context.Background(), admin, "")
		if err != nil {
			return
		}
		defer adm.Close()
		adm.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	return e, nil
}

// measureConfig migrates and seeds one configuration, then measures it at
// every size, adding products between sizes, and its starts at the last.
func measureConfig(ctx context.Context, res *result, c configuration, bin, work string, fixed *process) error {
	e, err := newEnv(ctx, c, filepath.Join(work, c.key))
	if err != nil {
		return err
	}
	defer e.cleanup()
	logPath := filepath.Join(work, c.key+".log")
	say("%s: migrating and seeding the demo data", c.key)
	if _, err := runTool(ctx, bin, e.vars, logPath, "migrate"); err != nil {
		return err
	}
	out, err := runTool(ctx, bin, e.vars, logPath, "seed")
	if err != nil {
		return err
	}
	coopStaff, err := firstCoopStaff(out)
	if err != nil {
		return err
	}
	seeded := 0
	for i, size := range res.opts.sizes {
		t := table{config: c, products: size}
		say("%s: adding %d synthetic products (to %d)", c.key, size-seeded, size)
		t0 := time.Now()
		if _, err := runTool(ctx, bin, e.vars, logPath, "seed", "--synthetic", fmt.Sprint(size-seeded)); err != nil {
			return err
		}
		t.seedTime, seeded = time.Since(t0), size
		p, _, err := startApp(bin, e.vars, logPath, 5*time.Minute)
		if err != nil {
			return err
		}
		t0 = time.Now()
		err = measureTable(ctx, res.opts, &t, p, fixed, e, filepath.Join(work, fmt.Sprintf("%s-%d", c.key, size)), coopStaff)
		t.measured = time.Since(t0)
		res.tables = append(res.tables, t)
		if err != nil {
			p.stop()
			return err
		}
		if i == len(res.opts.sizes)-1 {
			res.starts = append(res.starts, restarts(c, size, p, bin, e, logPath)...)
		} else {
			p.stop()
		}
	}
	return nil
}

// restarts stops p and starts the app twice, measuring the time from exec
// to /readyz 200 and the RSS then: cold is the first start after the load
// (a fresh process, the OS file cache as the run left it), warm the start
// after it.
func restarts(c configuration, size int, p *process, bin string, e env, logPath string) []start {
	var out []start
	for _, kind := range []string{"cold (first restart)", "warm (second restart)"} {
		p.stop()
		s := start{config: c, kind: kind, catalog: size}
		say("%s: restart, %s", c.key, kind)
		var err error
		p, s.ready, err = startApp(bin, e.vars, logPath, 5*time.Minute)
		if err != nil {
			s.err = err
			out = append(out, s)
			return out
		}
		if u, err := p.usage(); err != nil {
			s.err = err
		} else {
			s.rssKB, s.anonKB = u.rssKB, u.anonKB
		}
		out = append(out, s)
	}
	p.stop()
	return out
}

// firstCoopStaff finds the first cooperative staff login in the output
// of `ocopmarket seed`.
func firstCoopStaff(seedOutput string) (string, error) {
	sc := bufio.NewScanner(strings.NewReader(seedOutput))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[1] == "coop_staff" {
			return f[0], nil
		}
	}
	return "", errors.New("seed printed no coop_staff login")
}

// measureTable measures every page of one configuration at one size.
func measureTable(ctx context.Context, o options, t *table, p, fixed *process, e env, dir, coopStaff string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	l := load{threads: o.threads, conns: o.conns, warmup: o.warmup, duration: o.duration, dir: dir}
	// Enough products for the slugs, the search terms and the cart.
	d, err := fetchCatalog(ctx, p.base, max(o.slugs, 2000))
	if err != nil {
		return err
	}
	t.visible = d.visible
	m, err := buildMixes(d, min(o.slugs, len(d.products)), o.listings, o.searches, o.unseen)
	if err != nil {
		return err
	}
	database, err := db.Open(ctx, e.databaseURL, e.sqlitePath)
	if err != nil {
		return err
	}
	defer database.Close()
	stocked, err := mostStocked(ctx, database, m.productIDs, 50)
	if err != nil {
		return err
	}
	s := newShopper(p.base)
	lists := map[string][]string{
		"fixed": {"/"}, "healthz": {"/healthz"}, "home": {"/"},
		"product_api": m.productAPI, "product_page": m.productPage,
		"listing_api": m.listingAPI, "listing_page": m.listingPage, "search_api": m.searchAPI,
		"coop_orders": coopOrderPaths(), "coop_products": coopProductPaths(),
		"staff_coops": staffCoopPaths(), "staff_ocop": staffOCOPPaths(),
	}
	files := map[string]string{}
	for name, paths := range lists {
		if files[name], err = l.writeList(name, paths); err != nil {
			return err
		}
	}
	ids := make([]string, len(stocked))
	for i, id := range stocked {
		ids[i] = fmt.Sprint(id)
	}
	if files["stocked"], err = l.writeList("stocked", ids); err != nil {
		return err
	}
	say("%s %d: fixed-string ceiling", t.config.key, t.products)
	if t.ceiling, err = l.run(ctx, fixed, "mix", files["fixed"]); err != nil {
		return fmt.Errorf("ceiling: %w", err)
	}
	measure := func(key, label, script string, args ...string) {
		if ctx.Err() != nil {
			return
		}
		say("%s %d: %s", t.config.key, t.products, label)
		f, err := l.run(ctx, p, script, args...)
		t.rows = append(t.rows, row{key: key, label: label, f: f, err: err})
	}
	// A mix's every URL is asked once, one at a time, before its warm-up:
	// the table measures the shop once its cache holds the mix, as it does
	// after the first visitors of the day; what a URL costs the first time
	// is the unseen table's, measured on URLs of their own.
	prime := func(key, label string) bool {
		if ctx.Err() != nil {
			return false
		}
		if _, err := askOnce(ctx, p.base, lists[key]); err != nil {
			t.rows = append(t.rows, row{key: key, label: label, err: fmt.Errorf("priming: %w", err)})
			return false
		}
		return true
	}
	for _, pg := range []struct{ key, label string }{
		{"healthz", "`/healthz`"},
		{"product_api", fmt.Sprintf("product API `/api/v1/products/{slug}` (%d slugs)", len(m.productAPI))},
		{"product_page", fmt.Sprintf("product page `/san-pham/{slug}` (%d slugs)", len(m.productPage))},
		{"home", "home `/`"},
		{"listing_api", fmt.Sprintf("listing API `/api/v1/products?per_page=24&…` (%d URLs)", len(m.listingAPI))},
		{"listing_page", fmt.Sprintf("listing page `/san-pham?…` (%d URLs)", len(m.listingPage))},
		{"search_api", fmt.Sprintf("search API `/api/v1/products?q=…` (%d queries)", len(m.searchAPI))},
	} {
		if prime(pg.key, pg.label) {
			measure(pg.key, pg.label, "mix", files[pg.key])
		}
	}
	carted, err := mostStocked(ctx, database, m.productIDs, cartLines*l.conns)
	if err != nil {
		return err
	}
	if err := measureCart(ctx, s, l, carted, measure); err != nil {
		return err
	}
	before, err := settledStock(ctx, database, stocked)
	if err != nil {
		return err
	}
	measure("checkout", "checkout `POST /api/v1/checkout` (guest, COD, one item)", "checkout", files["stocked"])
	after, err := settledStock(ctx, database, stocked)
	if err != nil {
		t.checkout.err = err
	} else {
		t.checkout.sold, t.checkout.problems = oversell(before, after)
		f := t.rows[len(t.rows)-1].f
		t.checkout.orders, t.checkout.soldOut, t.checkout.products = f.counters["orders"], f.counters["sold_out"], len(stocked)
	}
	coop, err := s.login(ctx, coopStaff, demoPassword)
	if err != nil {
		return err
	}
	staff, err := s.login(ctx, seed.PromotionEmail, demoPassword)
	if err != nil {
		return err
	}
	measure("coop_orders", fmt.Sprintf("cooperative panel: orders `/quan-ly/don-hang` (%s)", coopStaff), "mix", files["coop_orders"], coop)
	measure("coop_products", "cooperative panel: products `/quan-ly/san-pham`", "mix", files["coop_products"], coop)
	measure("staff_coops", fmt.Sprintf("staff panel: cooperatives `/xuc-tien/hop-tac-xa` (%s)", seed.PromotionEmail), "mix", files["staff_coops"], staff)
	measure("staff_ocop", "staff panel: OCOP claims `/xuc-tien/ocop`", "mix", files["staff_ocop"], staff)
	for _, u := range []struct {
		label string
		paths []string
	}{
		{"product page", m.unseenProductPage}, {"listing API", m.unseenListingAPI}, {"listing page", m.unseenListingPage},
		{"search API", m.unseenSearchAPI},
	} {
		say("%s %d: unseen %s", t.config.key, t.products, u.label)
		f, err := askOnce(ctx, p.base, u.paths)
		t.unseen = append(t.unseen, unseenRow{label: u.label, f: f, err: err})
	}
	return ctx.Err()
}

// cartLines is how many products a cart of the cart measurements holds.
const cartLines = 10

// measureCart fills the guest carts and measures adding to and reading
// them. products holds cartLines products per connection: cart_add.lua
// adds product n mod len(products) to cart n mod conns, so each add cart
// gets one unit more of one of its own cartLines products, and stays as
// large as the read carts (with 50 products and 32 carts, the carts had
// grown to 25 lines, the answer with them). At 13,000 adds a second a line
// reaches the cart's 999 units after about 25 s: longer runs show 409s
// among the errors.
func measureCart(ctx context.Context, s *shopper, l load, products []int64, measure func(key, label, script string, args ...string)) error {
	adds, err := s.carts(ctx, l.conns, 1, products)
	if err != nil {
		return fmt.Errorf("carts: %w", err)
	}
	reads, err := s.carts(ctx, l.conns, cartLines, products)
	if err != nil {
		return fmt.Errorf("carts: %w", err)
	}
	addFile, err := l.writeList("cart_add", adds)
	if err != nil {
		return err
	}
	readFile, err := l.writeList("cart_read", reads)
	if err != nil {
		return err
	}
	ids := make([]string, len(products))
	for i, id := range products {
		ids[i] = fmt.Sprint(id)
	}
	productFile, err := l.writeList("cart_products", ids)
	if err != nil {
		return err
	}
	measure("cart_add", fmt.Sprintf("cart add `POST /api/v1/cart/items` (%d guest carts of %d items)", len(adds), cartLines), "cart_add", addFile, productFile)
	measure("cart_read", fmt.Sprintf("cart read `GET /api/v1/cart` (%d guest carts of %d items)", len(reads), cartLines), "cart_read", readFile)
	return nil
}

// mostStocked returns up to n of products with the most stock, so that
// neither the cart nor the checkout runs out during the run.
func mostStocked(ctx context.Context, d *db.DB, products []int64, n int) ([]int64, error) {
	if len(products) == 0 {
		return nil, errors.New("no product in stock")
	}
	s, err := readStock(ctx, d, products[:min(len(products), 2000)])
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(s.stock))
	for id := range s.stock {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int64) int { return int(s.stock[b] - s.stock[a]) })
	return ids[:min(n, len(ids))], nil
}

// coopOrderPaths are the order list of the cooperative panel: every
// status, a few pages.
func coopOrderPaths() []string {
	out := []string{"/quan-ly/don-hang", "/quan-ly/don-hang?page=2"}
	for _, s := range order.Statuses() {
		out = append(out, "/quan-ly/don-hang?status="+s)
	}
	return out
}

// coopProductPaths are the product list of the cooperative panel: pages
// and searches.
func coopProductPaths() []string {
	return []string{"/quan-ly/san-pham", "/quan-ly/san-pham?page=2", "/quan-ly/san-pham?q=ca+phe", "/quan-ly/san-pham?q=m%E1%BA%ADt+ong",
		"/quan-ly/san-pham?q=che"}
}

// staffCoopPaths are the cooperative list of the staff panel by status.
func staffCoopPaths() []string {
	out := []string{"/xuc-tien/hop-tac-xa", "/xuc-tien/hop-tac-xa?page=2"}
	for _, s := range []string{"pending", "active", "suspended"} {
		out = append(out, "/xuc-tien/hop-tac-xa?status="+s)
	}
	return out
}

// staffOCOPPaths are the OCOP claim list of the staff panel by status.
func staffOCOPPaths() []string {
	out := []string{"/xuc-tien/ocop", "/xuc-tien/ocop?page=2"}
	for _, s := range []string{"pending", "verified", "rejected", "expiring", "expired"} {
		out = append(out, "/xuc-tien/ocop?status="+s)
	}
	return out
}
