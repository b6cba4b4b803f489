package main

import (
	"bufio"
	"context"
	"embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

//go:embed lua/*.lua
var luaFiles embed.FS

// load is how wrk is run: the same for every row of the report.
type load struct {
	threads, conns   int
	warmup, duration time.Duration
	dir              string // where the scripts and URL lists are written
}

// figures are what one wrk run measured.
type figures struct {
	requests      int64
	elapsed       time.Duration
	p50, p95, p99 time.Duration
	socketErrors  int64 // connect, read, write and timeout errors
	statusErrors  int64 // answers with a status of 400 or more
	counters      map[string]int64
	cpu           time.Duration // the server's CPU time during the run
	rssKB, peakKB int64         // the server's VmRSS after the run and its VmHWM
	anonKB        int64         // the server's RssAnon after the run
}

// rate is requests per second.
func (f figures) rate() float64 {
	if f.elapsed <= 0 {
		return 0
	}
	return float64(f.requests) / f.elapsed.Seconds()
}

// script writes lua/common.lua followed by lua/NAME.lua into the load's
// folder and returns its path.
func (l load) script(name string) (string, error) {
	common, err := luaFiles.ReadFile("lua/common.lua")
	if err != nil {
		return "", err
	}
	own, err := luaFiles.ReadFile("lua/" + name + ".lua")
	if err != nil {
		return "", err
	}
	path := filepath.Join(l.dir, name+".lua")
	return path, os.WriteFile(path, append(append(common, '\n'), own...), 0o644)
}

// writeList writes lines to a file of the load's folder, one a line, and
// returns its path.
func (l load) writeList(name string, lines []string) (string, error) {
	path := filepath.Join(l.dir, name+".txt")
	return path, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}

// run warms p up with the script for l.warmup, then runs it for
// l.duration and returns wrk's figures with p's CPU time and memory.
func (l load) run(ctx context.Context, p *process, script string, args ...string) (figures, error) {
	path, err := l.script(script)
	if err != nil {
		return figures{}, err
	}
	if l.warmup > 0 {
		if _, err := l.wrk(ctx, p.base, path, l.warmup, args); err != nil {
			return figures{}, fmt.Errorf("warm-up: %w", err)
		}
	}
	before, err := p.usage()
	if err != nil {
		return figures{}, err
	}
	f, err := l.wrk(ctx, p.base, path, l.duration, args)
	if err != nil {
		return figures{}, err
	}
	after, err := p.usage()
	if err != nil {
		return figures{}, err
	}
	f.cpu = after.cpu - before.cpu
	f.rssKB, f.peakKB, f.anonKB = after.rssKB, after.peakKB, after.anonKB
	return f, nil
}

// wrk runs wrk once against base with the script and its arguments and
// parses the "@@ key value" lines of lua/common.lua's done.
func (l load) wrk(ctx context.Context, base, script string, d time.Duration, args []string) (figures, error) {
	// wrk takes whole seconds (main checks the flags are).
	cmdArgs := []string{"-t", strconv.Itoa(l.threads), "-c", strconv.Itoa(l.conns), "-d", fmt.Sprintf("%ds", int(d.Seconds())),
		"--timeout", "10s", "-s", script, base}
	if len(args) > 0 {
		cmdArgs = append(append(cmdArgs, "--"), args...)
	}
	out, err := exec.CommandContext(ctx, "wrk", cmdArgs...).CombinedOutput()
	if err != nil {
		return figures{}, fmt.Errorf("wrk %s: %w\n%s", strings.Join(cmdArgs, " "), err, out)
	}
	f := figures{counters: map[string]int64{}}
	seen := 0
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 || fields[0] != "@@" {
			continue
		}
		v, err := strconv.ParseInt(fields[2], 10, 64)
		if err != nil {
			return figures{}, fmt.Errorf("wrk: %q: %w", sc.Text(), err)
		}
		seen++
		switch fields[1] {
		case "requests":
			f.requests = v
		case "duration_us":
			f.elapsed = time.Duration(v) * time.Microsecond
		case "p50_us":
			f.p50 = time.Duration(v) * time.Microsecond
		case "p95_us":
			f.p95 = time.Duration(v) * time.Microsecond
		case "p99_us":
			f.p99 = time.Duration(v) * time.Microsecond
		case "errors_socket":
			f.socketErrors = v
		case "errors_status":
			f.statusErrors = v
		default:
			f.counters[fields[1]] = v
		}
	}
	if seen < 7 {
		return figures{}, fmt.Errorf("wrk printed no figures:\n%s", out)
	}
	return f, nil
}
