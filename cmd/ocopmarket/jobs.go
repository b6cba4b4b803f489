package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/ocopmarket/ocopmarket/internal/app"
)

// jobs prints the background jobs by state and the dead ones, or, with
// "retry ID…", gives dead jobs a fresh set of attempts.
func jobs(ctx context.Context, a *app.App, args []string, stdout io.Writer) error {
	if err := a.CheckSchema(ctx); err != nil {
		return err
	}
	if len(args) > 0 {
		if args[0] != "retry" || len(args) == 1 {
			return errors.New("jobs: want no argument, or retry and the ids of dead jobs")
		}
		ids := make([]int64, len(args)-1)
		for i, s := range args[1:] {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				return fmt.Errorf("jobs: retry: %q is not a job id", s)
			}
			ids[i] = id
		}
		n, err := a.Outbox.Revive(ctx, ids...)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d of %d job(s) were dead and will run again\n", n, len(ids))
		return nil
	}
	s, err := a.Outbox.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "jobs: %d waiting, %d running, %d dead\n", s.Waiting, s.Running, s.Dead)
	dead, err := a.Outbox.Dead(ctx, 100)
	if err != nil || len(dead) == 0 {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tATTEMPTS\tDIED\tLAST ERROR")
	for _, j := range dead {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\n", j.ID, j.Kind, j.Attempts, j.DeadAt.UTC().Format("2006-01-02 15:04:05Z"), j.LastError)
	}
	return tw.Flush()
}
