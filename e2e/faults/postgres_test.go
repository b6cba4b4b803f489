package faults

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to tell when the cluster answers
)

// pgBinEnv names the folder of the PostgreSQL server binaries, which
// .ci/services.sh exports.
const pgBinEnv = "TEST_PG_BINDIR"

// postgres is a throwaway PostgreSQL cluster of the test's own, which it
// may stop and start: never the machine's, nor the one .ci/services.sh
// shares between tests. The server is run directly rather than through
// pg_ctl, which would detach it: as the test's child it dies with the test
// however the test ends.
type postgres struct {
	t    *testing.T
	bin  string
	dir  string
	port int
	cred *syscall.Credential // the postgres user's, when the tests run as root
	cmd  *exec.Cmd
	done chan struct{}
}

// newPostgres makes a cluster (initdb) and starts it on a free port.
func newPostgres(t *testing.T) *postgres {
	t.Helper()
	bin := os.Getenv(pgBinEnv)
	if bin == "" {
		t.Fatalf("%s is not set: run the tests through .ci/services.sh (make test or make faults), which finds the "+
			"PostgreSQL server binaries, or set it to their folder (e.g. /usr/lib/postgresql/17/bin)", pgBinEnv)
	}
	// Under /tmp, not t.TempDir: the postgres user must reach it.
	dir, err := os.MkdirTemp("", "ocop-faults-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	p := &postgres{t: t, bin: bin, dir: dir, port: freePort(t)}
	if os.Getuid() == 0 {
		// PostgreSQL refuses to run as root.
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root, but no postgres user to run the cluster as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		p.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	initdb := p.command("initdb", "-D", p.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	t.Cleanup(p.stopNow)
	p.start()
	return p
}

func (p *postgres) data() string { return filepath.Join(p.dir, "data") }

// url is the address the app and the checker use.
func (p *postgres) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

func (p *postgres) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(p.bin, name), args...)
	cmd.Dir = p.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred, Pdeathsig: syscall.SIGKILL}
	return cmd
}

// start runs the server on its port and waits until it answers.
func (p *postgres) start() {
	p.t.Helper()
	log, err := os.OpenFile(filepath.Join(p.dir, "postgres.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		p.t.Fatal(err)
	}
	defer log.Close()
	p.cmd = p.command("postgres", "-D", p.data(), "-p", strconv.Itoa(p.port), "-k", p.dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
		"-c", "max_connections=100", "-c", "logging_collector=off")
	p.cmd.Stdout, p.cmd.Stderr = log, log
	if err := p.cmd.Start(); err != nil {
		p.t.Fatalf("postgres: %v", err)
	}
	done := make(chan struct{})
	p.done = done
	go func(cmd *exec.Cmd) { _ = cmd.Wait(); close(done) }(p.cmd)
	x, err := sql.Open("pgx", p.url())
	if err != nil {
		p.t.Fatal(err)
	}
	defer x.Close()
	waitFor(p.t, 60*time.Second, "postgres answers", func() bool {
		select {
		case <-done:
			b, _ := os.ReadFile(filepath.Join(p.dir, "postgres.log"))
			p.t.Fatalf("postgres exited during start:\n%s", b)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		return x.PingContext(ctx) == nil
	})
}

// crash stops the server at once (SIGQUIT, PostgreSQL's immediate
// shutdown: every connection is cut, and the next start recovers from the
// write-ahead log) and waits for it to be gone.
func (p *postgres) crash() {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGQUIT); err != nil {
		p.t.Fatalf("stop postgres: %v", err)
	}
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.t.Fatal("postgres did not stop within 30 s")
	}
}

// stopNow ends a server still running, at the end of the test.
func (p *postgres) stopNow() {
	if p.cmd == nil {
		return
	}
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	}
}
