package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/app"
	"github.com/ocopmarket/ocopmarket/internal/seed"
)

func seedDeps(a *app.App) seed.Deps {
	return seed.Deps{DB: a.DB, Catalog: a.Catalog, Accounts: a.Accounts, Now: time.Now}
}

// seedDemo loads the demo data set when the database has none and prints
// the demo logins either way.
func seedDemo(ctx context.Context, a *app.App, stdout io.Writer) error {
	sum, err := seed.Demo(ctx, seedDeps(a), a.Config.DemoPassword)
	if err != nil {
		return err
	}
	if sum.AlreadySeeded {
		fmt.Fprintln(stdout, "Demo data already present.")
	} else {
		fmt.Fprintf(stdout, "Demo data loaded: %d cooperatives, %d products, %d OCOP certificates.\n",
			sum.Cooperatives, sum.Products, sum.Certificates)
	}
	fmt.Fprintf(stdout, "\nDemo logins (password %q):\n", a.Config.DemoPassword)
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	shown := 0
	for _, l := range sum.Logins {
		if l.Role == "coop_staff" && shown >= 3 {
			continue
		}
		if l.Role == "coop_staff" {
			shown++
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Email, l.Role, l.Cooperative)
	}
	tw.Flush()
	if n := countRole(sum.Logins, "coop_staff"); n > shown {
		fmt.Fprintf(stdout, "  … and %d more cooperatives, each as <cooperative-slug>@%s\n", n-shown, seed.EmailDomain)
	}
	fmt.Fprintf(stdout, "\nOpen %s\n\n", a.Config.BaseURL)
	return nil
}

func countRole(ls []seed.Login, role string) int {
	n := 0
	for _, l := range ls {
		if l.Role == role {
			n++
		}
	}
	return n
}

// seedSynthetic adds n generated products and rebuilds the search index, so
// benchmarks and searches see them at once.
func seedSynthetic(ctx context.Context, a *app.App, n int, stdout io.Writer) error {
	start := time.Now()
	if err := seed.Synthetic(ctx, seedDeps(a), n); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %d synthetic products in %s\n", n, time.Since(start).Round(time.Millisecond))
	return reindex(ctx, a, stdout)
}
