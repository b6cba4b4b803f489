package faults

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// freePort returns a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// server is the ocopmarket binary serving on a loopback port. It is
// started with AUTO_MIGRATE and SEED_DEMO, so its first start loads the
// demo catalog; a restart keeps the port, the environment and the data.
type server struct {
	t    *testing.T
	addr string
	env  []string
	dir  string // DATA_DIR, also the folder of the log

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	err  error // the exit of cmd, once done is closed
	log  *os.File
	// limit, when set, runs on the started process (before it is waited
	// for), as the disk-full fault sets its file size limit.
	limit func(pid int) error
}

// newServer prepares a server with env (NAME=value) added to the
// defaults; start runs it.
func newServer(t *testing.T, env ...string) *server {
	t.Helper()
	s := &server{t: t, addr: fmt.Sprintf("127.0.0.1:%d", freePort(t)), dir: t.TempDir()}
	s.env = append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"ADDR=" + s.addr, "DATA_DIR=" + s.dir, "AUTO_MIGRATE=1", "SEED_DEMO=1",
		"SHUTDOWN_TIMEOUT=20s", "REQUEST_TIMEOUT=20s", "LOG_LEVEL=info",
	}, env...)
	t.Cleanup(func() {
		s.kill()
		if t.Failed() {
			s.dumpLog()
		}
	})
	return s
}

// url is the address of path on the server.
func (s *server) url(path string) string { return "http://" + s.addr + path }

// start runs the binary and waits until /healthz answers.
func (s *server) start() {
	s.t.Helper()
	f, err := os.OpenFile(filepath.Join(s.dir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	cmd := exec.Command(binary, "serve")
	cmd.Env = s.env
	// Through a pipe, not the file itself: the limits set on the server
	// (the disk-full fault's) must not reach its log.
	out := struct{ io.Writer }{f}
	cmd.Stdout, cmd.Stderr = out, out
	// The server dies with the test binary, whatever ends it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		f.Close()
		s.t.Fatalf("start %s: %v", binary, err)
	}
	done := make(chan struct{})
	s.mu.Lock()
	s.cmd, s.done, s.log = cmd, done, f
	s.mu.Unlock()
	go func() {
		err := cmd.Wait()
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
		close(done)
	}()
	if s.limit != nil {
		if err := s.limit(cmd.Process.Pid); err != nil {
			s.t.Fatalf("limit the server: %v", err)
		}
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case <-done:
			s.t.Fatalf("the server exited during start: %v", s.exitErr())
		default:
		}
		if res, err := http.Get(s.url("/healthz")); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the server did not answer /healthz within 90 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *server) exitErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// pid is the process id of the running server.
func (s *server) pid() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd.Process.Pid
}

// signal sends sig to the running server.
func (s *server) signal(sig os.Signal) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cmd.Process.Signal(sig)
}

// wait waits for the server to exit, at most within, and returns how it
// exited.
func (s *server) wait(within time.Duration) error {
	s.mu.Lock()
	done := s.done
	s.mu.Unlock()
	select {
	case <-done:
		s.log.Close()
		return s.exitErr()
	case <-time.After(within):
		return fmt.Errorf("still running after %s", within)
	}
}

// kill ends a server still running, at the end of a test.
func (s *server) kill() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	select {
	case <-done:
	default:
		_ = cmd.Process.Kill()
		<-done
	}
	s.log.Close()
}

// logText is what the server has written to its log so far.
func (s *server) logText() string {
	s.t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dir, "server.log"))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}

// dumpLog shows the end of the log of a failed test.
func (s *server) dumpLog() {
	b, err := os.ReadFile(filepath.Join(s.dir, "server.log"))
	if err != nil {
		return
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) > 80 {
		lines = lines[len(lines)-80:]
	}
	s.t.Logf("last lines of the server log:\n%s", strings.Join(lines, "\n"))
}

// waitFor polls cond every 100 ms until it holds, failing the test with
// what after within.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("%s: not within %s", what, within)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
