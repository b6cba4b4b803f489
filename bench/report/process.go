package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/PID/stat:
// 100 on every Linux architecture Go supports.
const clockTicks = 100

// process is a server the report measures, started as a child process so
// that its CPU time and memory are its own.
type process struct {
	name string
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT
	done chan error
}

// usage is what /proc says of a process at one instant.
type usage struct {
	cpu    time.Duration // user + system time since its start
	rssKB  int64         // VmRSS
	peakKB int64         // VmHWM, the peak resident set since its start
	anonKB int64         // RssAnon: the resident set less the mapped files (binary, search index)
}

// freePort returns a loopback port no socket uses at the moment.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// startApp execs bin serve with env on a free port, its output appended
// to logPath, and waits until /readyz answers 200. It returns the process
// and the time from exec to that answer.
func startApp(bin string, env []string, logPath string, timeout time.Duration) (*process, time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return nil, 0, err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	env = append(env, fmt.Sprintf("ADDR=127.0.0.1:%d", port), "BASE_URL="+base)
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, 0, fmt.Errorf("app log: %w", err)
	}
	defer log.Close()
	cmd := exec.Command(bin, "serve")
	cmd.SysProcAttr = orphanless()
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = log, log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &process{name: "app", cmd: cmd, base: base, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	ready, err := p.waitReady(timeout)
	if err != nil {
		p.stop()
		return nil, 0, fmt.Errorf("%w (see %s)", err, logPath)
	}
	return p, ready.Sub(start), nil
}

// waitReady polls /readyz every 5 ms until it answers 200 and returns when.
func (p *process) waitReady(timeout time.Duration) (time.Time, error) {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			p.done <- err
			return time.Time{}, fmt.Errorf("%s exited before it was ready: %v", p.name, err)
		default:
		}
		res, err := client.Get(p.base + "/readyz")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return time.Now(), nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Time{}, fmt.Errorf("%s not ready within %s", p.name, timeout)
}

// orphanless has a server terminated when the report dies, however it
// dies, so that no server outlives a run.
func orphanless() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM} }

// startFixed starts this program's fixed-string server (see serveFixed)
// as a child process and returns it once it listens.
func startFixed() (*process, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("fixed-string server: %w", err)
	}
	cmd := exec.Command(self, "-serve-fixed")
	cmd.SysProcAttr = orphanless()
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("fixed-string server: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("fixed-string server: %w", err)
	}
	p := &process{name: "fixed-string server", cmd: cmd, done: make(chan error, 1)}
	addr, err := bufio.NewReader(out).ReadString('\n')
	go func() { io.Copy(io.Discard, out); p.done <- cmd.Wait() }()
	if err != nil {
		p.stop()
		return nil, fmt.Errorf("fixed-string server: no address: %w", err)
	}
	p.base = "http://" + strings.TrimSpace(addr)
	return p, nil
}

// stop sends SIGTERM and waits up to 30 s for the process to exit, then
// kills it.
func (p *process) stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// usage reads the process's CPU time and memory from /proc.
func (p *process) usage() (usage, error) {
	pid := p.cmd.Process.Pid
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return usage{}, fmt.Errorf("%s: %w", p.name, err)
	}
	// The command name may hold spaces and parentheses: fields are counted
	// after its last ')'; utime and stime are fields 14 and 15.
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return usage{}, fmt.Errorf("%s: short /proc stat %q", p.name, s)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return usage{}, fmt.Errorf("%s: /proc stat: %w", p.name, err)
	}
	u := usage{cpu: time.Duration(utime+stime) * time.Second / clockTicks}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return usage{}, fmt.Errorf("%s: %w", p.name, err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			u.rssKB = kb
		case "VmHWM":
			u.peakKB = kb
		case "RssAnon":
			u.anonKB = kb
		}
	}
	return u, nil
}

// runTool runs bin with args and env, returning its standard output; its
// error output goes to the log.
func runTool(ctx context.Context, bin string, env []string, logPath string, args ...string) (string, error) {
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return "", err
	}
	defer log.Close()
	var out strings.Builder
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = io.MultiWriter(&out, log), log
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s: %w (see %s)", bin, strings.Join(args, " "), err, logPath)
	}
	return out.String(), nil
}
