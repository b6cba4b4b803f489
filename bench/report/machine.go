package main

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// machine is what the report says of the machine it ran on.
type machine struct {
	cpu, kernel, goVersion, wrk, load string
	cores                             int
}

func describeMachine() machine {
	m := machine{cores: runtime.NumCPU(), goVersion: runtime.Version(), cpu: "unknown CPU"}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	// wrk -v prints its version and exits with status 1.
	out, _ := exec.Command("wrk", "-v").CombinedOutput()
	m.wrk, _, _ = strings.Cut(strings.TrimSpace(string(out)), " Copyright")
	return m
}
