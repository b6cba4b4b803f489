package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// logWriter buffers the log and writes it out every flushEvery, so that a
// busy server makes one write a tick instead of one per request (the
// access log writes a line for each). Warnings and errors are written out
// at once (see urgent). A line lost in a crash is at most flushEvery old;
// Close writes out the rest.
type logWriter struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

// flushEvery is how long a log line may wait in the buffer.
const flushEvery = 100 * time.Millisecond

func newLogWriter(w io.Writer) *logWriter {
	l := &logWriter{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go l.run()
	return l
}

// Write buffers p; a full buffer is written out at once.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logWriter) run() {
	defer close(l.done)
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.flush()
		}
	}
}

func (l *logWriter) flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Flush()
}

// Close stops the ticker and writes out what is buffered.
func (l *logWriter) Close() error {
	close(l.stop)
	<-l.done
	return l.flush()
}

// urgent writes the buffered log out after each record of Warn or above,
// so that an operator (or a test) reading the log of a failure sees it at
// once, not a tick later.
type urgent struct {
	slog.Handler
	out *logWriter
}

// Handle writes r, and the buffer out when r is a warning or an error.
func (u urgent) Handle(ctx context.Context, r slog.Record) error {
	err := u.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		if ferr := u.out.flush(); err == nil {
			err = ferr
		}
	}
	return err
}

// WithAttrs keeps the flushing in the derived handler.
func (u urgent) WithAttrs(attrs []slog.Attr) slog.Handler {
	return urgent{Handler: u.Handler.WithAttrs(attrs), out: u.out}
}

// WithGroup keeps the flushing in the derived handler.
func (u urgent) WithGroup(name string) slog.Handler {
	return urgent{Handler: u.Handler.WithGroup(name), out: u.out}
}
