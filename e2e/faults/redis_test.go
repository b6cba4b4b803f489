package faults

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisServer is a throwaway redis-server of the test's own, with the
// append-only file on (fsync at every write): what a shop needs so that a
// restart keeps its shoppers logged in and their carts full.
type redisServer struct {
	t    *testing.T
	dir  string
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

func newRedis(t *testing.T) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server not found (.ci/services.sh installs it): %v", err)
	}
	r := &redisServer{t: t, dir: t.TempDir(), port: freePort(t)}
	t.Cleanup(r.stopNow)
	r.start(bin)
	return r
}

func (r *redisServer) url() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.port) }

func (r *redisServer) start(bin string) {
	r.t.Helper()
	r.cmd = exec.Command(bin, "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--dir", r.dir,
		"--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--logfile", "redis.log")
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := r.cmd.Start(); err != nil {
		r.t.Fatalf("redis-server: %v", err)
	}
	done := make(chan struct{})
	r.done = done
	go func(cmd *exec.Cmd) { _ = cmd.Wait(); close(done) }(r.cmd)
	rdb := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", r.port), DialTimeout: time.Second})
	defer rdb.Close()
	waitFor(r.t, 30*time.Second, "redis answers", func() bool {
		select {
		case <-done:
			b, _ := os.ReadFile(filepath.Join(r.dir, "redis.log"))
			r.t.Fatalf("redis-server exited during start:\n%s", b)
		default:
		}
		return rdb.Ping(context.Background()).Err() == nil
	})
}

// restart stops the server (SIGTERM), checks with up that clients see
// it down, and starts it again on the same port and files.
func (r *redisServer) restart(down func()) {
	r.t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		r.t.Fatal(err)
	}
	select {
	case <-r.done:
	case <-time.After(30 * time.Second):
		r.t.Fatal("redis-server did not stop within 30 s")
	}
	down()
	r.start(r.cmd.Path)
}

func (r *redisServer) stopNow() {
	if r.cmd == nil {
		return
	}
	select {
	case <-r.done:
	default:
		_ = r.cmd.Process.Kill()
		<-r.done
	}
}
