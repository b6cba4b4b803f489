// Package faults injects faults into the real binary while it serves: it
// builds cmd/ocopmarket once, starts it on a free loopback port against
// backends the tests own (a PostgreSQL cluster, a redis-server, a stand-in
// Meilisearch, a SQLite folder), breaks one of them under load, and checks
// that clients saw only 503s (or a 507 for a full disk) meanwhile, that the
// shop recovered, and that the database is consistent afterwards
// (consistency_test.go).
package faults

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binary is the path of the ocopmarket binary built for the run.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ocop-faults-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "ocopmarket")
	build := exec.Command("go", "build", "-o", binary, "../../cmd/ocopmarket")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "faults: go build ./cmd/ocopmarket:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
