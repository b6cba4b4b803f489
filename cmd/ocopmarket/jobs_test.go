package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

func TestJobsCommand(t *testing.T) {
	env := envOf(map[string]string{"DATA_DIR": t.TempDir(), "LOG_LEVEL": "error"})
	var out bytes.Buffer
	if err := run([]string{"migrate"}, env, &out); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(env)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, "", cfg.SQLitePath())
	if err != nil {
		t.Fatal(err)
	}
	q := outbox.New(d, time.Now)
	if err := q.Enqueue(ctx, d, "notify.webhook", "{}"); err != nil {
		t.Fatal(err)
	}
	w := q.NewWorker(slog.New(slog.DiscardHandler), map[string]outbox.Kind{"notify.webhook": {MaxAttempts: 1,
		Handle: func(context.Context, []outbox.Job) error { return errors.New("receiver answered 410") }}})
	if _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	dead, err := q.Dead(ctx, 10)
	d.Close()
	if err != nil || len(dead) != 1 {
		t.Fatalf("dead %+v, %v", dead, err)
	}
	id := strconv.FormatInt(dead[0].ID, 10)

	for _, c := range []struct {
		args    []string
		wantOut []string
		wantErr string
	}{
		{[]string{"jobs"}, []string{"0 waiting, 0 running, 1 dead", id + "  ", "notify.webhook", "receiver answered 410"}, ""},
		{[]string{"jobs", "retry"}, nil, "ids of dead jobs"},
		{[]string{"jobs", "retry", "abc"}, nil, `"abc" is not a job id`},
		{[]string{"jobs", "retry", id, "999"}, []string{"1 of 2 job(s) were dead"}, ""},
		{[]string{"jobs"}, []string{"1 waiting, 0 running, 0 dead"}, ""},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			var out bytes.Buffer
			err := run(c.args, env, &out)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}
