package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	env := envOf(map[string]string{"DATA_DIR": dir, "OCOP_DEMO_PASSWORD": "demo-pass-123", "LOG_LEVEL": "error"})
	cases := []struct {
		name    string
		args    []string
		env     func(string) string
		wantOut []string
		wantErr string
	}{
		{"help", []string{"--help"}, env, []string{"serve", "migrate", "seed --synthetic N", "reindex", "DATABASE_URL"}, ""},
		{"no command", nil, env, []string{"Usage:"}, ""},
		{"bad config", []string{"migrate"}, envOf(map[string]string{"DATABASE_URL": "mysql://x", "LOG_LEVEL": "loud"}), nil, "DATABASE_URL"},
		{"unknown", []string{"dance"}, env, nil, `unknown command "dance"`},
		{"seed before migrate", []string{"seed"}, env, nil, "ocopmarket migrate"},
		{"migrate", []string{"migrate"}, env, []string{"migrated"}, ""},
		{"migrate again", []string{"migrate"}, env, []string{"0 migration(s) applied"}, ""},
		{"seed", []string{"seed"}, env, []string{"Demo data loaded", "admin@ocop.local", "xuctien@ocop.local", "khach@ocop.local", "demo-pass-123"}, ""},
		{"seed again", []string{"seed"}, env, []string{"already present", "admin@ocop.local"}, ""},
		{"synthetic", []string{"seed", "--synthetic", "50"}, env, []string{"added 50 synthetic products", "reindexed"}, ""},
		{"synthetic negative", []string{"seed", "--synthetic", "-3"}, env, nil, "positive"},
		{"reindex", []string{"reindex"}, env, []string{"reindexing", "reindexed in"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(c.args, c.env, &out)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			for _, w := range c.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// TestTuneGC sets the collector's target to defaultGOGC, unless GOGC names
// one, which the runtime then reads itself.
func TestTuneGC(t *testing.T) {
	was := debug.SetGCPercent(100)
	defer debug.SetGCPercent(was)
	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != defaultGOGC {
		t.Errorf("without GOGC the target is %d, want %d", got, defaultGOGC)
	}
	tuneGC(func(k string) string {
		if k == "GOGC" {
			return "200"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC=200 tuneGC changed the target to %d", got)
	}
}
