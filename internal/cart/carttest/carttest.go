// Package carttest is the test suite every cart.Store backend passes.
package carttest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/cart"
)

// Run runs the suite. open returns a new Store over the same backend each
// time it is called, as a restarted server would get: what one store wrote,
// the next must read.
func Run(t *testing.T, open func() cart.Store) {
	t.Helper()
	var n atomic.Int64
	id := func(name string) string { return fmt.Sprintf("g:%s-%d", name, n.Add(1)) }
	ctx := context.Background()

	t.Run("empty", func(t *testing.T) {
		items, err := open().Items(ctx, id("empty"))
		if err != nil || len(items) != 0 {
			t.Fatalf("Items of unknown cart = %v, %v; want none", items, err)
		}
	})

	t.Run("add", func(t *testing.T) {
		tests := []struct {
			name    string
			adds    []int // quantities added in turn
			limit   int
			want    int
			wantErr error // of the last add
		}{
			{"one", []int{1}, 999, 1, nil},
			{"sums", []int{2, 3}, 999, 5, nil},
			{"up to the limit", []int{4, 1}, 5, 5, nil},
			{"over the limit", []int{4, 2}, 5, 4, cart.ErrLimit},
			{"first over the limit", []int{6}, 5, 0, cart.ErrLimit},
			{"zero stock", []int{1}, 0, 0, cart.ErrLimit},
			{"max", []int{999}, 999, 999, nil},
			{"past max", []int{999, 1}, 999, 999, cart.ErrLimit},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				s, c := open(), id("add")
				var err error
				for _, q := range tt.adds {
					_, err = s.Add(ctx, c, 7, q, 1000, tt.limit)
				}
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("last Add error = %v, want %v", err, tt.wantErr)
				}
				if got := quantity(t, s, c, 7); got != tt.want {
					t.Fatalf("quantity = %d, want %d", got, tt.want)
				}
			})
		}
	})

	t.Run("add returns the cart's items and keeps the latest price", func(t *testing.T) {
		s, c := open(), id("price")
		if items, err := s.Add(ctx, c, 1, 2, 100, 999); err != nil || len(items) != 1 || items[0].Quantity != 2 {
			t.Fatalf("Add = %+v, %v", items, err)
		}
		if _, err := s.Add(ctx, c, 2, 1, 70, 999); err != nil {
			t.Fatal(err)
		}
		added, err := s.Add(ctx, c, 1, 3, 150, 999)
		if err != nil {
			t.Fatal(err)
		}
		items := mustItems(t, s, c)
		byID := func(items []cart.Item) map[int64]cart.Item {
			m := map[int64]cart.Item{}
			for _, it := range items {
				m[it.ProductID] = it
			}
			return m
		}
		if got, want := byID(added), byID(items); !maps.Equal(got, want) {
			t.Fatalf("Add returned %+v, Items %+v", added, items)
		}
		if p := byID(items)[1]; len(items) != 2 || p.PriceVND != 150 || p.Quantity != 5 || p.AddedAt.IsZero() {
			t.Fatalf("items = %+v", items)
		}
		if _, err := s.Add(ctx, c, 1, 995, 150, 999); !errors.Is(err, cart.ErrLimit) {
			t.Fatalf("Add past the limit = %v, want ErrLimit", err)
		}
	})

	t.Run("set and remove", func(t *testing.T) {
		s, c := open(), id("set")
		mustAdd(t, s, c, 1, 2)
		mustAdd(t, s, c, 2, 1)
		if err := s.Set(ctx, c, 1, 7, 500); err != nil {
			t.Fatal(err)
		}
		if err := s.Set(ctx, c, 3, 4, 500); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []int{0, -1, cart.MaxQuantity + 1} {
			if err := s.Set(ctx, c, 1, bad, 500); !errors.Is(err, cart.ErrInvalid) {
				t.Errorf("Set(%d) error = %v, want ErrInvalid", bad, err)
			}
		}
		if err := s.Remove(ctx, c, 2); err != nil {
			t.Fatal(err)
		}
		if err := s.Remove(ctx, c, 99); err != nil {
			t.Fatalf("removing an absent product: %v", err)
		}
		got := map[int64]int{}
		for _, it := range mustItems(t, s, c) {
			got[it.ProductID] = it.Quantity
		}
		if len(got) != 2 || got[1] != 7 || got[3] != 4 {
			t.Fatalf("items = %v, want 1→7, 3→4", got)
		}
	})

	t.Run("merge adds up and caps", func(t *testing.T) {
		s, guest, user := open(), id("guest"), "u:"+id("user")
		mustAdd(t, s, guest, 1, 2)
		mustAdd(t, s, guest, 2, 500)
		mustAdd(t, s, guest, 3, 1)
		mustAdd(t, s, user, 1, 3)
		mustAdd(t, s, user, 2, 600)
		if err := s.Merge(ctx, guest, user); err != nil {
			t.Fatal(err)
		}
		got := map[int64]int{}
		for _, it := range mustItems(t, s, user) {
			got[it.ProductID] = it.Quantity
		}
		want := map[int64]int{1: 5, 2: cart.MaxQuantity, 3: 1}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("merged = %v, want %v", got, want)
		}
		if items := mustItems(t, s, guest); len(items) != 0 {
			t.Fatalf("guest cart after merge = %v, want empty", items)
		}
		if err := s.Merge(ctx, id("nothing"), user); err != nil {
			t.Fatalf("merging an empty cart: %v", err)
		}
		if err := s.Merge(ctx, user, user); err != nil || len(mustItems(t, s, user)) != 3 {
			t.Fatalf("merging a cart into itself: %v", err)
		}
	})

	t.Run("clear", func(t *testing.T) {
		s, c := open(), id("clear")
		mustAdd(t, s, c, 1, 1)
		if err := s.Clear(ctx, c); err != nil {
			t.Fatal(err)
		}
		if items := mustItems(t, s, c); len(items) != 0 {
			t.Fatalf("after Clear: %v", items)
		}
	})

	t.Run("carts are separate", func(t *testing.T) {
		s, a, b := open(), id("a"), id("b")
		mustAdd(t, s, a, 1, 1)
		if items := mustItems(t, s, b); len(items) != 0 {
			t.Fatalf("cart b sees %v", items)
		}
	})

	t.Run("survives a restart", func(t *testing.T) {
		c := id("restart")
		mustAdd(t, open(), c, 5, 3)
		if got := quantity(t, open(), c, 5); got != 3 {
			t.Fatalf("after reopening: quantity %d, want 3", got)
		}
	})

	t.Run("50 concurrent adds", func(t *testing.T) {
		s, c := open(), id("concurrent")
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for range 50 {
			wg.Go(func() {
				if _, err := s.Add(ctx, c, 9, 1, 1000, cart.MaxQuantity); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if got := quantity(t, s, c, 9); got != 50 {
			t.Fatalf("quantity after 50 concurrent adds = %d, want 50", got)
		}
	})

	t.Run("concurrent adds never pass the limit", func(t *testing.T) {
		s, c := open(), id("limit")
		var wg sync.WaitGroup
		var ok atomic.Int64
		for range 20 {
			wg.Go(func() {
				if _, err := s.Add(ctx, c, 9, 1, 1000, 10); err == nil {
					ok.Add(1)
				} else if !errors.Is(err, cart.ErrLimit) {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if got := quantity(t, s, c, 9); got != 10 || ok.Load() != 10 {
			t.Fatalf("quantity %d after %d successful adds, want 10 and 10", got, ok.Load())
		}
	})

	t.Run("ping", func(t *testing.T) {
		if err := open().Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func mustAdd(t *testing.T, s cart.Store, c string, product int64, qty int) {
	t.Helper()
	if _, err := s.Add(context.Background(), c, product, qty, 1000, cart.MaxQuantity); err != nil {
		t.Fatal(err)
	}
}

func mustItems(t *testing.T, s cart.Store, c string) []cart.Item {
	t.Helper()
	items, err := s.Items(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func quantity(t *testing.T, s cart.Store, c string, product int64) int {
	t.Helper()
	for _, it := range mustItems(t, s, c) {
		if it.ProductID == product {
			return it.Quantity
		}
	}
	return 0
}
