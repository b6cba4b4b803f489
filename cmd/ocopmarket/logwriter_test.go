package main

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the flusher and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLogWriterFlushes(t *testing.T) {
	var out syncBuffer
	w := newLogWriter(&out)
	if _, err := w.Write([]byte("one\n")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(out.String(), "one\n"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("a buffered line was never written out")
		}
	}
	if _, err := w.Write([]byte("two\n")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "one\ntwo\n" {
		t.Fatalf("after Close: %q, want both lines", got)
	}
}

func TestWarningsAreWrittenAtOnce(t *testing.T) {
	var out syncBuffer
	w := newLogWriter(&out)
	defer w.Close()
	log := slog.New(urgent{Handler: slog.NewTextHandler(w, nil), out: w}).With("request_id", "r1")
	log.Info("request")
	log.Warn("disk full")
	// Written by the warning itself, before any tick: no waiting here.
	if got := out.String(); !strings.Contains(got, "msg=request") || !strings.Contains(got, `msg="disk full" request_id=r1`) {
		t.Fatalf("right after a warning the log holds %q, want both lines", got)
	}
}
