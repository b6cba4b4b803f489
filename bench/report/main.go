// Command report regenerates bench/README.md, the speed report of issue 11:
// it builds the real binary, seeds synthetic catalogs, serves them on the
// embedded configuration (SQLite + Bleve) and on PostgreSQL + Redis (+
// Bleve), measures every page with wrk beside a fixed-string Fiber server
// started in the same run, and writes the tables with the thresholds the
// shop must hold.
//
// It is a program rather than a benchmark test because it measures a
// separate process (CPU time and memory from /proc are the server's
// alone, never the load generator's), runs for many minutes, takes flags
// and writes a file of the tree: none of which a test should do.
//
// Usage (from the module root, under .ci/services.sh for PostgreSQL and
// Redis; `make bench-report` does both):
//
//	go run ./bench/report [-quick] [-out bench/README.md] [-sizes 10000,100000] [-duration 5s] …
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// options are the report's flags.
type options struct {
	out            string
	sizes          []int
	duration       time.Duration
	warmup         time.Duration
	threads, conns int
	slugs          int
	listings       int
	searches       int
	unseen         int
	configs        []string
	quick          bool
	keep           bool
}

func main() {
	serve := flag.Bool("serve-fixed", false, "serve the fixed-string ceiling on a free loopback port (used by the report itself)")
	var o options
	sizes := flag.String("sizes", "10000,100000", "synthetic catalog `sizes`, comma-separated, ascending (each adds to the last)")
	configs := flag.String("configs", "embedded,postgres", "configurations to measure: embedded (SQLite + Bleve), postgres (PostgreSQL + Redis + Bleve)")
	flag.StringVar(&o.out, "out", "bench/README.md", "report `file` to write")
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "how long each measurement runs, whole seconds")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "warm-up before each measurement, not counted, whole seconds (0: none)")
	flag.IntVar(&o.threads, "threads", 2, "wrk threads")
	flag.IntVar(&o.conns, "conns", 32, "wrk connections")
	flag.IntVar(&o.slugs, "slugs", 1000, "product slugs in the product mixes")
	flag.IntVar(&o.listings, "listings", 500, "listing URLs in the listing mixes")
	flag.IntVar(&o.searches, "searches", 500, "search queries in the search mix")
	flag.IntVar(&o.unseen, "unseen", 200, "URLs of each kind asked once, one client at a time")
	flag.BoolVar(&o.quick, "quick", false, "smoke run: 2,000 products, 2 s a measurement, 50 unseen URLs (unless those flags are given)")
	flag.BoolVar(&o.keep, "keep", false, "keep the work folder (binary, databases, logs, URL lists)")
	flag.Parse()
	if *serve {
		if err := serveFixed(); err != nil {
			fmt.Fprintln(os.Stderr, "report:", err)
			os.Exit(1)
		}
		return
	}
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if o.quick {
		if !set["sizes"] {
			*sizes = "2000"
		}
		if !set["duration"] {
			o.duration = 2 * time.Second
		}
		if !set["unseen"] {
			o.unseen = 50
		}
	}
	if o.duration < time.Second || o.duration%time.Second != 0 || o.warmup < 0 || o.warmup%time.Second != 0 {
		fmt.Fprintln(os.Stderr, "report: -duration and -warmup are whole seconds (wrk counts in seconds), -duration at least 1s")
		os.Exit(2)
	}
	var err error
	if o.sizes, err = parseSizes(*sizes); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
	o.configs = strings.Split(*configs, ",")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// parseSizes reads "10000,100000": positive and ascending.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-sizes: %q is not a positive number", f)
		}
		if len(out) > 0 && n <= out[len(out)-1] {
			return nil, errors.New("-sizes: sizes must ascend (each run adds products to the last)")
		}
		out = append(out, n)
	}
	return out, nil
}

// say prints progress on standard error.
func say(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[report %s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
