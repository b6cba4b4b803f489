// Package mailtest runs a real SMTP server process for tests: Python's
// aiosmtpd (Debian package python3-aiosmtpd, which `make test` installs
// through .ci/services.sh) on a free loopback port, delivering into a
// Maildir the test reads back.
package mailtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Server is a running SMTP server.
type Server struct {
	// URL is the SMTP_URL of the server (plain SMTP on loopback).
	URL  string
	dir  string
	seen map[string]bool
}

// python returns a Python interpreter that has aiosmtpd.
func python() (string, error) {
	var tried []string
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		path, err := exec.LookPath(p)
		if err != nil {
			continue
		}
		tried = append(tried, path)
		if exec.Command(path, "-c", "import aiosmtpd").Run() == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("no python3 with the aiosmtpd module (tried %v): run the tests with `make test`, "+
		"whose .ci/services.sh installs it, or `apt-get install python3-aiosmtpd`", tried)
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Start starts the server, stopped when the test ends; the test fails with
// instructions when aiosmtpd is missing.
func Start(t testing.TB) *Server {
	t.Helper()
	py, err := python()
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "maildir")
	for try := 0; try < 3; try++ {
		port, err := freePort()
		if err != nil {
			t.Fatalf("mailtest: %v", err)
		}
		addr := "127.0.0.1:" + strconv.Itoa(port)
		ctx, cancel := context.WithCancel(context.Background())
		cmd := exec.CommandContext(ctx, py, "-m", "aiosmtpd", "-n", "-l", addr, "-c", "aiosmtpd.handlers.Mailbox", dir)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			cancel()
			t.Fatalf("mailtest: start aiosmtpd: %v", err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		stop := func() { cancel(); <-exited }
		deadline := time.Now().Add(15 * time.Second)
		for time.Now().Before(deadline) {
			select {
			case <-exited:
				deadline = time.Time{}
				continue
			default:
			}
			if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
				c.Close()
				t.Cleanup(stop)
				return &Server{URL: "smtp://" + addr + "?tls=none", dir: dir, seen: map[string]bool{}}
			}
			time.Sleep(50 * time.Millisecond)
		}
		stop()
		t.Logf("mailtest: aiosmtpd on %s did not start (try %d): %s", addr, try+1, out.String())
	}
	t.Fatalf("mailtest: aiosmtpd did not start")
	return nil
}

// Next waits up to timeout for a message not returned before and parses it.
func (s *Server) Next(t testing.TB, timeout time.Duration) *mail.Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		entries, _ := os.ReadDir(filepath.Join(s.dir, "new"))
		for _, e := range entries {
			if s.seen[e.Name()] {
				continue
			}
			s.seen[e.Name()] = true
			raw, err := os.ReadFile(filepath.Join(s.dir, "new", e.Name()))
			if err != nil {
				t.Fatalf("mailtest: %v", err)
			}
			m, err := mail.ReadMessage(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("mailtest: parse %s: %v", e.Name(), err)
			}
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailtest: no message arrived within %v", timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Body returns the decoded text of a plain-text message (quoted-printable
// or 7/8-bit), for finding links in it.
func Body(t testing.TB, m *mail.Message) string {
	t.Helper()
	return decode(t, m)
}
