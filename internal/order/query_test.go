package order_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// TestReadsCostFixedQueries pins the number of queries the order pages
// cost: a group of four cooperative orders is read with as many as a group
// of one, each order with its items and history.
func TestReadsCostFixedQueries(t *testing.T) {
	dbtest.RunCounted(t, func(t *testing.T, d *db.DB, c *dbtest.Counter) {
		ctx := context.Background()
		f := newFixture(t, d)
		coop := &catalog.Cooperative{Slug: "htx-thu-tu", Name: "HTX thứ tư", Province: catalog.NamedSlug{Slug: "hue"},
			Status: catalog.CoopActive, ShippingFeeVND: 15000, Email: "htx-thu-tu@ocop.local"}
		if err := f.cat.CreateCooperative(ctx, d, coop); err != nil {
			t.Fatal(err)
		}
		id, err := f.cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: coop.ID, CategorySlug: "ca-phe", Slug: "mam-ruoc",
			Name: "Mắm ruốc", PriceVND: 70000, Unit: "hũ", Stock: 10, Published: true, ProvinceSlug: "hue"})
		if err != nil {
			t.Fatal(err)
		}
		f.product["mam-ruoc"] = id
		u := &account.User{Email: "lan@example.com", Name: "Lan", Roles: []string{"shopper"}}
		if err := account.New(d, 4).Create(ctx, u, "mat-khau-dai"); err != nil {
			t.Fatal(err)
		}
		guest := order.Access{Phone: "0912345678"}

		costs := map[int]map[string]int{}
		for _, lines := range [][]order.Line{
			{f.line("ca-phe-bot", 1)},
			{f.line("ca-phe-bot", 1), f.line("cha-ca-lang", 1), f.line("rau", 1), f.line("mam-ruoc", 1)},
		} {
			in := f.input(payment.MethodCOD, lines...)
			in.UserID = &u.ID
			g, _, err := f.svc.Checkout(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			n := len(g.Orders)
			if n != len(lines) {
				t.Fatalf("%d lines of as many cooperatives gave %d orders", len(lines), n)
			}
			// Each order gets history beyond its creation.
			for _, o := range g.Orders {
				if _, err := f.svc.Transition(ctx, order.TransitionInput{Code: o.Code, CooperativeID: o.Cooperative.ID,
					To: order.StatusConfirmed, Actor: order.Actor{Name: "coop_staff"}}); err != nil {
					t.Fatal(err)
				}
			}
			costs[n] = map[string]int{}
			measure := func(name string, read func() error) {
				t.Helper()
				before := c.Count()
				if err := read(); err != nil {
					t.Fatalf("%s of a group of %d: %v", name, n, err)
				}
				costs[n][name] = c.Count() - before
			}
			measure("lookup of the group", func() error {
				got, err := f.svc.Lookup(ctx, g.Code, guest)
				if err != nil {
					return err
				}
				if len(got.Orders) != n {
					return fmt.Errorf("%d orders, want %d", len(got.Orders), n)
				}
				for _, o := range got.Orders {
					if len(o.Items) != 1 || len(o.History) == 0 || o.History[len(o.History)-1].To != order.StatusConfirmed {
						return fmt.Errorf("order %s: %d items, history %+v", o.Code, len(o.Items), o.History)
					}
				}
				return nil
			})
			measure("lookup of one order", func() error {
				got, err := f.svc.Lookup(ctx, g.Orders[n-1].Code, guest)
				if err == nil && (len(got.Orders) != 1 || len(got.Orders[0].History) == 0) {
					err = fmt.Errorf("%d orders, want one with its history", len(got.Orders))
				}
				return err
			})
			measure("the shopper's groups", func() error {
				gs, total, err := f.svc.UserGroups(ctx, u.ID, order.Page{Page: 1, PerPage: 10})
				if err == nil && (len(gs) != total || len(gs[0].Orders) != n || gs[0].Code != g.Code) {
					err = fmt.Errorf("%d of %d groups, the newest with %d orders", len(gs), total, len(gs[0].Orders))
				}
				return err
			})
			measure("a cooperative's order", func() error {
				_, err := f.svc.CooperativeOrder(ctx, f.coops["htx-bich-thao"], g.Orders[0].Code)
				return err
			})
			measure("a cooperative's orders", func() error {
				_, _, err := f.svc.CooperativeOrders(ctx, f.coops["htx-bich-thao"], "", order.Page{Page: 1, PerPage: 10})
				return err
			})
		}
		// A cooperative's orders: the count, the page's ids, the orders and
		// their items.
		want := map[string]int{"lookup of the group": 3, "lookup of one order": 3, "the shopper's groups": 4,
			"a cooperative's order": 3, "a cooperative's orders": 4}
		for _, n := range []int{1, 4} {
			for name, q := range want {
				if costs[n][name] != q {
					t.Errorf("%s with %d cooperative orders: %d queries, want %d", name, n, costs[n][name], q)
				}
			}
		}
	})
}
