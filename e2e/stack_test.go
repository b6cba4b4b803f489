package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
)

// DemoPassword is the password of every demo account of the stacks.
const DemoPassword = "e2e-demo-pass"

// Stack is the real binary serving on a free loopback port, on a database
// of its own that the demo data fills at start (SEED_DEMO=1, AUTO_MIGRATE=1).
// Every journey of a `go test` run shares the two stacks, so a journey must
// use products and shoppers of its own (see forEachStack).
type Stack struct {
	// Name is "postgres" (PostgreSQL, Redis, S3 object storage) or
	// "embedded" (SQLite and Bleve in a temporary DATA_DIR).
	Name string
	// BaseURL is the address the stack serves and links to, http://127.0.0.1:PORT.
	BaseURL string
	// DB is the stack's own database, for assertions a page cannot show.
	DB *db.DB

	cmd     *exec.Cmd
	done    chan struct{} // closed when the process has exited
	exitErr error         // the process's exit, once done is closed
	logPath string
	dataDir string
	dropDB  func() error // drops the PostgreSQL database; nil for SQLite
}

// URL is the stack's absolute address of path (which starts with "/").
func (s *Stack) URL(path string) string { return s.BaseURL + path }

// Log is what the binary has printed so far: its demo logins, its request
// log, and every email, which it logs in full (no SMTP_URL is set).
func (s *Stack) Log(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		t.Fatalf("e2e: read the %s server log: %v", s.Name, err)
	}
	return string(b)
}

// Int runs a query of one integer (one text for both dialects, ? placeholders).
func (s *Stack) Int(t testing.TB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := s.DB.GetContext(context.Background(), &n, s.DB.Rebind(query), args...); err != nil {
		t.Fatalf("e2e: %s: %s: %v", s.Name, query, err)
	}
	return n
}

// String runs a query of one text value.
func (s *Stack) String(t testing.TB, query string, args ...any) string {
	t.Helper()
	var v string
	if err := s.DB.GetContext(context.Background(), &v, s.DB.Rebind(query), args...); err != nil {
		t.Fatalf("e2e: %s: %s: %v", s.Name, query, err)
	}
	return v
}

// stacks holds the two stacks of the run: started by the first journey
// that asks (so a run of only the compose tests starts none) and stopped
// by TestMain when every test is done.
var stacks struct {
	once    sync.Once
	started []*Stack
	err     error
}

// TestMain stops the stacks, the browser and the server logs' tail once
// every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := stopAll(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: stopping:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

func stopAll() error {
	var errs []error
	stopBrowser()
	for _, s := range stacks.started {
		errs = append(errs, s.stop())
	}
	if runDir != "" {
		errs = append(errs, os.RemoveAll(runDir))
	}
	return errors.Join(errs...)
}

// runDir is the temporary folder of the run: the binary, the stacks'
// DATA_DIRs, the browser profile.
var runDir string

// forEachStack runs fn as one subtest per stack, "postgres" and
// "embedded" side by side, each stack started once per `go test` run and
// shared by all journeys. It fails (never skips) when a stack cannot start, e.g. without
// TEST_POSTGRES_URL, TEST_REDIS_URL and TEST_S3_URL (see .ci/services.sh).
func forEachStack(t *testing.T, fn func(t *testing.T, s *Stack)) {
	t.Helper()
	stacks.once.Do(func() { stacks.started, stacks.err = startStacks() })
	if stacks.err != nil {
		t.Fatalf("e2e: %v", stacks.err)
	}
	for _, s := range stacks.started {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel() // the two stacks are apart: while one waits, the other works
			s.checkAlive(t)
			fn(t, s)
			s.checkAlive(t)
		})
	}
}

func (s *Stack) checkAlive(t *testing.T) {
	t.Helper()
	select {
	case <-s.done:
		t.Fatalf("e2e: the %s server has exited (%v); its log is %s", s.Name, s.exitErr, s.logPath)
	default:
	}
}

// startStacks builds the binary once and starts both stacks side by side.
func startStacks() ([]*Stack, error) {
	pgAdmin, redisURL, s3URL := os.Getenv(dbtest.PostgresEnv), os.Getenv("TEST_REDIS_URL"), os.Getenv("TEST_S3_URL")
	if pgAdmin == "" || redisURL == "" || s3URL == "" {
		return nil, errors.New("TEST_POSTGRES_URL, TEST_REDIS_URL and TEST_S3_URL must be set: run through `make test` " +
			"or `bash .ci/services.sh go test ./e2e/`, which start throwaway servers")
	}
	dir, err := os.MkdirTemp("", "ocop-e2e-")
	if err != nil {
		return nil, err
	}
	runDir = dir
	bin := filepath.Join(dir, "ocopmarket")
	t0 := time.Now()
	build := exec.Command("go", "build", "-o", bin, "./cmd/ocopmarket")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/ocopmarket: %v\n%s", err, out)
	}
	fmt.Printf("e2e: built the binary in %s\n", time.Since(t0).Round(time.Millisecond))

	pgURL, dropDB, err := newPostgresDatabase(pgAdmin)
	if err != nil {
		return nil, err
	}
	pg := &Stack{Name: "postgres", dropDB: dropDB}
	pgEnv := map[string]string{
		"DATABASE_URL": pgURL,
		// Database 1: the package tests keep to Redis's database 0.
		"REDIS_URL": withPath(redisURL, "/1"),
		// A bucket of its own: the blob tests use TEST_S3_URL's.
		"BLOB_URL": withPath(s3URL, "/ocop-e2e-"+randomHex(4)),
	}
	embedded := &Stack{Name: "embedded"}
	all := []*Stack{pg, embedded}
	envs := []map[string]string{pgEnv, {}}
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	for i, s := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.start(bin, envs[i])
		}()
	}
	wg.Wait()
	stacks.started = all // stopped by TestMain whatever happened
	if err := errors.Join(errs...); err != nil {
		return all, err
	}
	return all, nil
}

// start runs the binary with env and waits for /readyz to answer 200.
func (s *Stack) start(bin string, env map[string]string) error {
	t0 := time.Now()
	port, err := freePort()
	if err != nil {
		return err
	}
	s.BaseURL = fmt.Sprintf("http://127.0.0.1:%d", port)
	s.dataDir = filepath.Join(runDir, s.Name)
	out := filepath.Join(artifactsDir(), s.Name)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	s.logPath = filepath.Join(out, "server.log")
	logFile, err := os.Create(s.logPath)
	if err != nil {
		return err
	}
	defer logFile.Close()

	s.cmd = exec.Command(bin, "serve")
	// Only what the stack needs: nothing of the test's own environment
	// (a DATABASE_URL, a SMTP_URL) leaks into it.
	s.cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + os.TempDir(),
		"ADDR=127.0.0.1:" + fmt.Sprint(port), "BASE_URL=" + s.BaseURL, "DATA_DIR=" + s.dataDir,
		"SEED_DEMO=1", "AUTO_MIGRATE=1", "OCOP_DEMO_PASSWORD=" + DemoPassword, "LOG_LEVEL=info"}
	for k, v := range env {
		s.cmd.Env = append(s.cmd.Env, k+"="+v)
	}
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("%s: start the binary: %w", s.Name, err)
	}
	s.done = make(chan struct{})
	go func() {
		s.exitErr = s.cmd.Wait()
		close(s.done)
	}()
	if err := s.waitReady(90 * time.Second); err != nil {
		return fmt.Errorf("%s: %w; its log (%s):\n%s", s.Name, err, s.logPath, tail(s.logPath))
	}
	dsn, sqlitePath := env["DATABASE_URL"], ""
	if dsn == "" {
		sqlitePath = filepath.Join(s.dataDir, "ocopmarket.db")
	}
	if s.DB, err = db.Open(context.Background(), dsn, sqlitePath); err != nil {
		return fmt.Errorf("%s: open its database: %w", s.Name, err)
	}
	fmt.Printf("e2e: %s stack ready at %s in %s (log %s)\n", s.Name, s.BaseURL, time.Since(t0).Round(time.Millisecond), s.logPath)
	return nil
}

// waitReady polls /readyz until it answers 200, the process exits or the
// deadline passes.
func (s *Stack) waitReady(within time.Duration) error {
	deadline := time.Now().Add(within)
	client := &http.Client{Timeout: 2 * time.Second}
	last := "no answer"
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("the binary exited during start-up: %v", s.exitErr)
		default:
		}
		resp, err := client.Get(s.URL("/readyz"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("/readyz not 200 within %s (last: %s)", within, last)
}

// stop sends SIGTERM, waits for the graceful stop, then drops the database.
func (s *Stack) stop() error {
	var errs []error
	if s.DB != nil {
		errs = append(errs, s.DB.Close())
	}
	if s.cmd != nil && s.cmd.Process != nil && s.done != nil {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-s.done:
			case <-time.After(20 * time.Second):
				_ = s.cmd.Process.Kill()
				<-s.done
				errs = append(errs, fmt.Errorf("%s: the binary did not stop within 20 s of SIGTERM", s.Name))
			}
		}
	}
	if s.dropDB != nil {
		errs = append(errs, s.dropDB())
	}
	return errors.Join(errs...)
}

// newPostgresDatabase creates an empty database on the test server and
// returns its URL and how to drop it (dbtest's helpers are tied to one test;
// the stacks live for the whole run).
func newPostgresDatabase(adminURL string) (string, func() error, error) {
	ctx := context.Background()
	admin, err := db.Open(ctx, adminURL, "")
	if err != nil {
		return "", nil, fmt.Errorf("postgres: %w", err)
	}
	defer admin.Close()
	name := "ocop_e2e_" + randomHex(6)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("postgres: create database: %w", err)
	}
	drop := func() error {
		admin, err := db.Open(ctx, adminURL, "")
		if err != nil {
			return fmt.Errorf("postgres: %w", err)
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return fmt.Errorf("postgres: drop database %s: %w", name, err)
		}
		return nil
	}
	return withPath(adminURL, "/"+name), drop, nil
}

// withPath is raw with its path replaced.
func withPath(raw, path string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// The variables come from .ci/services.sh; the stack's start
		// reports what is wrong with them.
		return raw
	}
	u.Path = path
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return hex.EncodeToString(b)
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail is the last lines of a log, for a start that failed.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > 40 {
		lines = lines[len(lines)-40:]
	}
	return "    " + strings.ReplaceAll(string(bytes.Join(lines, []byte("\n"))), "\n", "\n    ")
}
