package order_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/cod"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr/vietqrtest"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fakeCard is a card method without a processor, recording cancellations.
type fakeCard struct {
	mu      sync.Mutex
	begun   int
	cancels []payment.Cancellation
}

func (f *fakeCard) Name() string { return payment.MethodCard }
func (f *fakeCard) Check(g payment.Group) error {
	if g.TotalVND > 99_999_999 {
		return &payment.RejectedError{Code: "amount_too_large"}
	}
	return nil
}
func (f *fakeCard) Instructions(payment.Order) (*payment.Instructions, error) {
	return &payment.Instructions{}, nil
}
func (f *fakeCard) Begin(_ context.Context, g payment.Group) (*payment.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.begun++
	return &payment.Session{Ref: "pi_" + g.Code, ClientSecret: "pi_" + g.Code + "_secret"}, nil
}
func (f *fakeCard) Cancel(_ context.Context, c payment.Cancellation) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancels = append(f.cancels, c)
	return nil
}

// fixture is two cooperatives with products and an order service.
type fixture struct {
	d       *db.DB
	cat     *catalog.Store
	svc     *order.Service
	clock   *clock
	card    *fakeCard
	coops   map[string]int64
	product map[string]int64
}

func newFixture(t testing.TB, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	cat := catalog.New(d, clk.Now)
	f := &fixture{d: d, cat: cat, clock: clk, card: &fakeCard{}, coops: map[string]int64{}, product: map[string]int64{}}
	for _, c := range []struct {
		slug, name, province, bin, acct string
		fee, freeOver                   int64
	}{
		{"htx-bich-thao", "HTX cà phê Bích Thao", "son-la", "970436", "1017595600", 30000, 500000},
		{"htx-ho-quynh", "HTX thủy sản Hồ Quỳnh", "dong-thap", "970415", "113366668888", 25000, 0},
		{"htx-khong-ngan-hang", "HTX chưa có tài khoản", "ha-noi", "", "", 20000, 0},
	} {
		co := &catalog.Cooperative{Slug: c.slug, Name: c.name, Province: catalog.NamedSlug{Slug: c.province}, Status: catalog.CoopActive,
			BankBIN: c.bin, BankAccountNo: c.acct, BankAccountName: "HTX " + c.slug, ShippingFeeVND: c.fee, FreeShippingOverVND: c.freeOver,
			Email: c.slug + "@ocop.local"}
		if err := cat.CreateCooperative(ctx, d, co); err != nil {
			t.Fatal(err)
		}
		f.coops[c.slug] = co.ID
	}
	for _, p := range []struct {
		slug, coop string
		price      int64
		stock      int
		published  bool
	}{
		{"ca-phe-bot", "htx-bich-thao", 180000, 20, true},
		{"tra-cascara", "htx-bich-thao", 120000, 50, true},
		{"cha-ca-lang", "htx-ho-quynh", 95000, 10, true},
		{"ca-an", "htx-ho-quynh", 1000, 10, false},
		{"rau", "htx-khong-ngan-hang", 40000, 10, true},
		{"may-cay", "htx-ho-quynh", 60_000_000, 5, true},
	} {
		id, err := cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: f.coops[p.coop], CategorySlug: "ca-phe", Slug: p.slug,
			Name: "Sản phẩm " + p.slug, PriceVND: p.price, Unit: "gói", Stock: p.stock, Published: p.published, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		f.product[p.slug] = id
	}
	f.svc = order.New(order.Config{DB: d, Catalog: cat, Ledger: ledger.New(d, clk.Now, 5), Now: clk.Now, PaymentTTL: 2 * time.Hour,
		Methods: payment.Methods{payment.MethodCOD: cod.Method{}, payment.MethodBankTransfer: vietqr.Method{}, payment.MethodCard: f.card}})
	return f
}

func (f *fixture) input(method string, lines ...order.Line) order.CheckoutInput {
	return order.CheckoutInput{Name: "Nguyễn Thị Lan", Phone: "0912 345 678", Email: "lan@example.com",
		Address:       order.AddressInput{Line: "12 Lê Lợi", Ward: "Phường Tô Hiệu", Province: "Sơn La"},
		PaymentMethod: method, Lines: lines}
}

func (f *fixture) line(slug string, qty int) order.Line {
	return order.Line{ProductID: f.product[slug], Quantity: qty}
}

func (f *fixture) stock(t testing.TB, slug string) int {
	t.Helper()
	n, err := f.cat.Stock(context.Background(), f.d, f.product[slug])
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) count(t testing.TB, table string) int {
	t.Helper()
	var n int
	if err := f.d.Get(&n, "SELECT COUNT(*) FROM "+table); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) jobs(t testing.TB, kind string) int {
	t.Helper()
	var n int
	if err := f.d.Get(&n, f.d.Rebind("SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?"), kind); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCheckoutSplitsPerCooperative(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		in := f.input(payment.MethodBankTransfer, f.line("ca-phe-bot", 2), f.line("cha-ca-lang", 3), f.line("tra-cascara", 1))
		in.Address.Province = "Bình Dương" // an old name, now TP Hồ Chí Minh
		g, replayed, err := f.svc.Checkout(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if replayed || len(g.Orders) != 2 {
			t.Fatalf("replayed %v, %d orders, want a new group of 2", replayed, len(g.Orders))
		}
		if len(g.Code) != 9 || g.Orders[0].Code != g.Code+"-1" || g.Orders[1].Code != g.Code+"-2" {
			t.Fatalf("codes %s, %s, %s", g.Code, g.Orders[0].Code, g.Orders[1].Code)
		}
		if g.Contact.Address.Province.Slug != "ho-chi-minh" || g.Contact.Phone != "0912345678" {
			t.Errorf("contact %+v", g.Contact)
		}
		coffee, fish := g.Orders[0], g.Orders[1]
		// 2×180000 + 120000 = 480000 < 500000: shipping 30000; fish 3×95000 + 25000.
		for _, tc := range []struct {
			o                         order.Order
			subtotal, shipping, total int64
			items                     int
		}{
			{coffee, 480000, 30000, 510000, 2},
			{fish, 285000, 25000, 310000, 1},
		} {
			if tc.o.SubtotalVND != tc.subtotal || tc.o.ShippingVND != tc.shipping || tc.o.TotalVND != tc.total || len(tc.o.Items) != tc.items {
				t.Errorf("order %s: %d + %d = %d with %d items, want %d + %d = %d with %d", tc.o.Code, tc.o.SubtotalVND,
					tc.o.ShippingVND, tc.o.TotalVND, len(tc.o.Items), tc.subtotal, tc.shipping, tc.total, tc.items)
			}
			if tc.o.Payment.VietQR == nil || tc.o.Payment.VietQR.AmountVND != tc.total || tc.o.Payment.VietQR.Purpose != tc.o.Code {
				t.Errorf("order %s: VietQR %+v", tc.o.Code, tc.o.Payment.VietQR)
			}
			back, err := vietqrtest.Parse(tc.o.Payment.VietQR.Payload)
			if err != nil || back.AmountVND != tc.total {
				t.Errorf("order %s: payload parses to %+v, %v", tc.o.Code, back, err)
			}
		}
		if g.TotalVND != coffee.TotalVND+fish.TotalVND {
			t.Errorf("group total %d, orders %d + %d", g.TotalVND, coffee.TotalVND, fish.TotalVND)
		}
		if got := []int{f.stock(t, "ca-phe-bot"), f.stock(t, "tra-cascara"), f.stock(t, "cha-ca-lang")}; got[0] != 18 || got[1] != 49 || got[2] != 7 {
			t.Errorf("stock %v, want [18 49 7]", got)
		}
		if n := f.jobs(t, order.JobPlaced); n != 2 {
			t.Errorf("%d placed jobs, want 2", n)
		}
		if n := f.jobs(t, catalog.JobIndexProducts); n < 1 {
			t.Errorf("no index job for the stock change")
		}

		// Each cooperative sees its own order only.
		coopOrders, total, err := f.svc.CooperativeOrders(ctx, f.coops["htx-ho-quynh"], "", order.Page{})
		if err != nil || total != 1 || coopOrders[0].Code != fish.Code || coopOrders[0].Customer == nil {
			t.Fatalf("fish cooperative's orders: %+v (%d), %v", coopOrders, total, err)
		}
		if _, err := f.svc.CooperativeOrder(ctx, f.coops["htx-ho-quynh"], coffee.Code); !errors.Is(err, order.ErrNotFound) {
			t.Errorf("another cooperative's order: %v, want ErrNotFound", err)
		}
		if _, err := f.svc.Transition(ctx, order.TransitionInput{Code: coffee.Code, CooperativeID: f.coops["htx-ho-quynh"],
			To: order.StatusConfirmed}); !errors.Is(err, order.ErrNotFound) {
			t.Errorf("transition of another cooperative's order: %v, want ErrNotFound", err)
		}

		// Prices are kept as they were when the product's price changes.
		if _, err := d.Exec(d.Rebind("UPDATE products SET price_vnd = 1 WHERE id = ?"), f.product["ca-phe-bot"]); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Lookup(ctx, g.Code, order.Access{Phone: "+84 912 345 678"})
		if err != nil {
			t.Fatal(err)
		}
		if got.TotalVND != g.TotalVND || got.Orders[0].Items[0].PriceVND != 180000 {
			t.Errorf("looked up group total %d, first price %d", got.TotalVND, got.Orders[0].Items[0].PriceVND)
		}
	})
}

func TestLookupAccess(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		uid := int64(0)
		if err := d.Get(&uid, `INSERT INTO users (email, password_hash, name) VALUES ('lan@example.com', 'x', 'Lan') RETURNING id`); err != nil {
			t.Fatal(err)
		}
		in := f.input(payment.MethodCOD, f.line("ca-phe-bot", 1))
		in.UserID = &uid
		g, _, err := f.svc.Checkout(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		other := uid + 1
		for _, tc := range []struct {
			name, code string
			access     order.Access
			ok         bool
		}{
			{"owner", g.Code, order.Access{UserID: &uid}, true},
			{"guest with phone", g.Code, order.Access{Phone: "0912345678"}, true},
			{"one order with phone", g.Orders[0].Code, order.Access{Phone: "0912.345.678"}, true},
			{"lower-case code", "oc-" + g.Code[3:], order.Access{UserID: &uid}, true},
			{"another user", g.Code, order.Access{UserID: &other}, false},
			{"wrong phone", g.Code, order.Access{Phone: "0987654321"}, false},
			{"no proof", g.Code, order.Access{}, false},
			{"unknown code", "OC-ZZZZZZ", order.Access{Phone: "0912345678"}, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := f.svc.Lookup(ctx, tc.code, tc.access)
				if tc.ok && (err != nil || got.Code != g.Code) {
					t.Fatalf("got %v, %v", got, err)
				}
				if !tc.ok && !errors.Is(err, order.ErrNotFound) {
					t.Fatalf("err = %v, want ErrNotFound", err)
				}
			})
		}
		gs, total, err := f.svc.UserGroups(ctx, uid, order.Page{})
		if err != nil || total != 1 || gs[0].Code != g.Code {
			t.Fatalf("user groups %+v %d %v", gs, total, err)
		}
	})
}

func TestCheckoutRejectsBadInput(t *testing.T) {
	dbtest.Run(t, testCheckoutRejectsBadInput)
}

func testCheckoutRejectsBadInput(t *testing.T, d *db.DB) {
	f := newFixture(t, d)
	ok := func(mod func(*order.CheckoutInput)) order.CheckoutInput {
		in := f.input(payment.MethodCOD, f.line("ca-phe-bot", 1))
		mod(&in)
		return in
	}
	for _, tc := range []struct {
		name  string
		in    order.CheckoutInput
		want  error
		field string
	}{
		{"missing name", ok(func(in *order.CheckoutInput) { in.Name = " " }), order.ErrInvalid, "name"},
		{"missing phone", ok(func(in *order.CheckoutInput) { in.Phone = "" }), order.ErrInvalid, "phone"},
		{"phone of letters", ok(func(in *order.CheckoutInput) { in.Phone = "không có số" }), order.ErrInvalid, "phone"},
		{"phone too short", ok(func(in *order.CheckoutInput) { in.Phone = "091234" }), order.ErrInvalid, "phone"},
		{"bad email", ok(func(in *order.CheckoutInput) { in.Email = "lan at example" }), order.ErrInvalid, "email"},
		{"missing address", ok(func(in *order.CheckoutInput) { in.Address.Line = "" }), order.ErrInvalid, "address.line"},
		{"missing ward", ok(func(in *order.CheckoutInput) { in.Address.Ward = "" }), order.ErrInvalid, "address.ward"},
		{"unknown province", ok(func(in *order.CheckoutInput) { in.Address.Province = "Atlantis" }), order.ErrInvalid, "address.province"},
		{"unknown payment method", ok(func(in *order.CheckoutInput) { in.PaymentMethod = "bitcoin" }), order.ErrInvalid, "payment_method"},
		{"no payment method", ok(func(in *order.CheckoutInput) { in.PaymentMethod = "" }), order.ErrInvalid, "payment_method"},
		{"zero quantity", ok(func(in *order.CheckoutInput) { in.Lines[0].Quantity = 0 }), order.ErrInvalid, "items"},
		{"empty cart", ok(func(in *order.CheckoutInput) { in.Lines = nil }), order.ErrEmptyCart, ""},
		{"unpublished product", ok(func(in *order.CheckoutInput) { in.Lines = []order.Line{f.line("ca-an", 1)} }), order.ErrNotForSale, ""},
		{"unknown product", ok(func(in *order.CheckoutInput) { in.Lines = []order.Line{{ProductID: 9999, Quantity: 1}} }), order.ErrNotForSale, ""},
		{"more than the stock", ok(func(in *order.CheckoutInput) { in.Lines = []order.Line{f.line("cha-ca-lang", 11)} }), catalog.ErrInsufficientStock, ""},
		{"price changed since review", ok(func(in *order.CheckoutInput) { in.ExpectedTotalVND = 1000 }), order.ErrPriceChanged, ""},
		// PostgreSQL refuses NUL in text and invalid UTF-8 anywhere: both
		// are the shopper's to fix (400), never a failed query (500).
		{"NUL in name", ok(func(in *order.CheckoutInput) { in.Name = "Lan\x00" }), order.ErrInvalid, "name"},
		{"NUL in address", ok(func(in *order.CheckoutInput) { in.Address.Line = "12\x00 Lê Lợi" }), order.ErrInvalid, "address.line"},
		{"NUL in ward", ok(func(in *order.CheckoutInput) { in.Address.Ward = "\x00" }), order.ErrInvalid, "address.ward"},
		{"NUL in province", ok(func(in *order.CheckoutInput) { in.Address.Province = "Sơn\x00La" }), order.ErrInvalid, "address.province"},
		{"NUL in note", ok(func(in *order.CheckoutInput) { in.Note = "gọi trước\x00" }), order.ErrInvalid, "note"},
		{"escape in note", ok(func(in *order.CheckoutInput) { in.Note = "\x1b[31m" }), order.ErrInvalid, "note"},
		{"line break in name", ok(func(in *order.CheckoutInput) { in.Name = "Lan\nBcc: x@example.com" }), order.ErrInvalid, "name"},
		{"note too long", ok(func(in *order.CheckoutInput) { in.Note = strings.Repeat("ă", 501) }), order.ErrInvalid, "note"},
		{"key of invalid UTF-8", ok(func(in *order.CheckoutInput) { in.IdempotencyKey = "k\xff\xfe" }), order.ErrInvalid, "idempotency_key"},
		{"key with NUL", ok(func(in *order.CheckoutInput) { in.IdempotencyKey = "k\x00k" }), order.ErrInvalid, "idempotency_key"},
		{"key too long", ok(func(in *order.CheckoutInput) { in.IdempotencyKey = strings.Repeat("k", 201) }), order.ErrInvalid, "idempotency_key"},
		{"card over Stripe's limit", ok(func(in *order.CheckoutInput) {
			in.PaymentMethod, in.Lines = payment.MethodCard, []order.Line{f.line("may-cay", 2)}
		}), payment.ErrRejected, ""},
		{"bank transfer without account", ok(func(in *order.CheckoutInput) {
			in.PaymentMethod, in.Lines = payment.MethodBankTransfer, []order.Line{f.line("rau", 1)}
		}), payment.ErrRejected, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := f.svc.Checkout(context.Background(), tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if fe, ok := fault.As(err); tc.field != "" && (!ok || fe.FieldCodes()[tc.field] == "") {
				t.Fatalf("err = %v, want a message for field %s", err, tc.field)
			}
		})
	}
	if n := f.count(t, "orders"); n != 0 {
		t.Errorf("%d orders after rejected checkouts", n)
	}
	if got := f.stock(t, "cha-ca-lang"); got != 10 {
		t.Errorf("stock %d after rejected checkouts, want 10", got)
	}
}

func TestConcurrentCheckoutsNeverOversell(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		if _, err := d.Exec(d.Rebind("UPDATE products SET stock = 50 WHERE id = ?"), f.product["cha-ca-lang"]); err != nil {
			t.Fatal(err)
		}
		var ok, short, other atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				in := f.input(payment.MethodCOD, f.line("cha-ca-lang", 1))
				in.IdempotencyKey = fmt.Sprintf("race-%d", i)
				_, _, err := f.svc.Checkout(ctx, in)
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, catalog.ErrInsufficientStock):
					short.Add(1)
				default:
					other.Add(1)
					t.Errorf("checkout %d: %v", i, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if ok.Load() != 50 || short.Load() != 150 || other.Load() != 0 {
			t.Fatalf("%d succeeded, %d short of stock, %d other errors; want 50, 150, 0", ok.Load(), short.Load(), other.Load())
		}
		if s := f.stock(t, "cha-ca-lang"); s != 0 {
			t.Fatalf("stock %d, want 0", s)
		}
		if n := f.count(t, "orders"); n != 50 {
			t.Fatalf("%d orders, want 50", n)
		}
	})
}

func TestFailureInsideCheckoutLosesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		boom := errors.New("power cut")
		for _, stage := range []string{"after_stock", "before_commit"} {
			t.Run(stage, func(t *testing.T) {
				order.SetFailpoint(f.svc, func(s string) error {
					if s == stage {
						return boom
					}
					return nil
				})
				in := f.input(payment.MethodCOD, f.line("ca-phe-bot", 2), f.line("cha-ca-lang", 1))
				in.IdempotencyKey = "crash-" + stage
				jobsBefore := f.count(t, "outbox_jobs")
				if _, _, err := f.svc.Checkout(ctx, in); !errors.Is(err, boom) {
					t.Fatalf("err = %v, want the injected failure", err)
				}
				if a, b := f.stock(t, "ca-phe-bot"), f.stock(t, "cha-ca-lang"); a != 20 || b != 10 {
					t.Fatalf("stock %d, %d after a failed checkout, want 20, 10", a, b)
				}
				for _, table := range []string{"order_groups", "orders", "order_items", "order_events", "idempotency_keys"} {
					if n := f.count(t, table); n != 0 {
						t.Fatalf("%d rows in %s after a failed checkout", n, table)
					}
				}
				if n := f.count(t, "outbox_jobs"); n != jobsBefore {
					t.Fatalf("outbox jobs %d → %d after a failed checkout", jobsBefore, n)
				}
				// The retry with the same key sells once.
				order.SetFailpoint(f.svc, nil)
				g1, _, err := f.svc.Checkout(ctx, in)
				if err != nil {
					t.Fatal(err)
				}
				g2, replayed, err := f.svc.Checkout(ctx, in)
				if err != nil || !replayed || g2.Code != g1.Code {
					t.Fatalf("repeat: %v replayed=%v code %s vs %s", err, replayed, g2.Code, g1.Code)
				}
				if a := f.stock(t, "ca-phe-bot"); a != 18 {
					t.Fatalf("stock %d after one sale of 2, want 18", a)
				}
				// Put the stock back for the next stage.
				for _, o := range g1.Orders {
					if _, err := f.svc.Transition(ctx, order.TransitionInput{Code: o.Code, CooperativeID: o.Cooperative.ID,
						To: order.StatusCancelled, Reason: "Thử lại"}); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := d.Exec("DELETE FROM idempotency_keys"); err != nil {
					t.Fatal(err)
				}
				for _, table := range []string{"order_events", "order_items", "ledger_entries", "orders", "order_groups"} {
					if _, err := d.Exec("DELETE FROM " + table); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
	})
}

func TestIdempotencyKey(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		in := f.input(payment.MethodCOD, f.line("ca-phe-bot", 1), f.line("cha-ca-lang", 1))
		in.IdempotencyKey = "0d9c6f9e-2a4b-4f8e-9a77-5e1f3c2b1a00"
		first, replayed, err := f.svc.Checkout(ctx, in)
		if err != nil || replayed {
			t.Fatal(err, replayed)
		}
		// Concurrent repeats all get the first answer.
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				g, replayed, err := f.svc.Checkout(ctx, in)
				if err != nil || !replayed || g.Code != first.Code || g.TotalVND != first.TotalVND || len(g.Orders) != 2 {
					t.Errorf("repeat: %v, replayed %v, %+v", err, replayed, g)
				}
			}()
		}
		wg.Wait()
		if n := f.count(t, "order_groups"); n != 1 {
			t.Fatalf("%d groups, want 1", n)
		}
		if s := f.stock(t, "ca-phe-bot"); s != 19 {
			t.Fatalf("stock %d, want 19", s)
		}
		// A repeat finds the cart emptied: it still gets the first answer.
		again := in
		again.Lines = nil
		if g, replayed, err := f.svc.Checkout(ctx, again); err != nil || !replayed || g.Code != first.Code {
			t.Fatalf("repeat after the cart was emptied: %v, replayed %v", err, replayed)
		}
		other := in
		other.Name = "Người khác"
		if _, _, err := f.svc.Checkout(ctx, other); !errors.Is(err, order.ErrIdempotencyReused) {
			t.Fatalf("key reused for another cart: %v", err)
		}
	})
}

func TestLifecycle(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		g, _, err := f.svc.Checkout(ctx, f.input(payment.MethodCOD, f.line("cha-ca-lang", 2)))
		if err != nil {
			t.Fatal(err)
		}
		o := g.Orders[0]
		coop := o.Cooperative.ID
		staff := int64(0)
		if err := d.Get(&staff, `INSERT INTO users (email, password_hash, name) VALUES ('staff@ocop.local', 'x', 'Staff') RETURNING id`); err != nil {
			t.Fatal(err)
		}
		actor := order.Actor{Name: "coop_staff", UserID: &staff}
		steps := []struct {
			to, tracking, reason string
			want                 error
		}{
			{order.StatusDelivered, "", "", order.ErrTransition},
			{order.StatusConfirmed, "", "", nil},
			{order.StatusConfirmed, "", "", order.ErrTransition},
			{order.StatusPacked, "", "", nil},
			{order.StatusShipped, "", "", order.ErrInvalid},
			{order.StatusShipped, "VNP123456789", "", nil},
			{order.StatusCancelled, "", "", order.ErrInvalid}, // no reason
			{order.StatusCancelled, "", "Hết hàng", order.ErrTransition},
			{"lost", "", "", order.ErrInvalid},
			{order.StatusDelivered, "", "", nil},
			{order.StatusCancelled, "", "Hết hàng", order.ErrTransition},
		}
		for i, st := range steps {
			got, err := f.svc.Transition(ctx, order.TransitionInput{Code: o.Code, CooperativeID: coop, To: st.to, TrackingNo: st.tracking,
				Reason: st.reason, Actor: actor})
			if !errors.Is(err, st.want) {
				t.Fatalf("step %d (→ %s): err = %v, want %v", i, st.to, err, st.want)
			}
			if err == nil && got.Status != st.to {
				t.Fatalf("step %d: status %s", i, got.Status)
			}
		}
		got, err := f.svc.CooperativeOrder(ctx, coop, o.Code)
		if err != nil {
			t.Fatal(err)
		}
		if got.Payment.Status != payment.StatusPaid || got.TrackingNo != "VNP123456789" {
			t.Errorf("delivered COD order: payment %s, tracking %q", got.Payment.Status, got.TrackingNo)
		}
		var statuses []string
		for _, e := range got.History {
			if e.Kind == "status" {
				statuses = append(statuses, e.To)
				if e.To != order.StatusPending && e.Actor != "coop_staff" {
					t.Errorf("event %+v without its actor", e)
				}
			}
		}
		if fmt.Sprint(statuses) != "[pending confirmed packed shipped delivered]" {
			t.Errorf("history %v", statuses)
		}
		var entries struct {
			N       int   `db:"n"`
			Balance int64 `db:"balance"`
		}
		if err := d.GetContext(ctx, &entries, d.Rebind(`SELECT COUNT(*) AS n, COALESCE(SUM(amount_vnd), 0) AS balance
			FROM ledger_entries WHERE cooperative_id = ?`), coop); err != nil {
			t.Fatal(err)
		}
		// 2 × 95000 = 190000 + 25000 shipping; 5 % of 190000 = 9500.
		if entries.N != 2 || entries.Balance != 215000-9500 {
			t.Errorf("ledger of %d entries, balance %d, want 2 entries and %d", entries.N, entries.Balance, 215000-9500)
		}
	})
}

func TestCancelReturnsStockAndVoidsPayment(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		g, _, err := f.svc.Checkout(ctx, f.input(payment.MethodCard, f.line("ca-phe-bot", 3), f.line("cha-ca-lang", 2)))
		if err != nil {
			t.Fatal(err)
		}
		if g.ClientSecret == "" || g.PaymentRef == "" {
			t.Fatalf("card group without a session: %+v", g)
		}
		o := g.Orders[1]
		got, err := f.svc.Transition(ctx, order.TransitionInput{Code: o.Code, CooperativeID: o.Cooperative.ID, To: order.StatusCancelled,
			Reason: "hết hàng", Actor: order.Actor{Name: "coop_staff"}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Payment.Status != payment.StatusVoided || got.CancelReason != "hết hàng" {
			t.Errorf("cancelled order: payment %s, reason %q", got.Payment.Status, got.CancelReason)
		}
		if s := f.stock(t, "cha-ca-lang"); s != 10 {
			t.Errorf("stock %d after cancel, want 10", s)
		}
		if n := f.jobs(t, order.JobPaymentCancel); n != 1 {
			t.Fatalf("%d payment cancel jobs, want 1", n)
		}
		if err := f.svc.HandlePaymentCancel(ctx, jobPayloads(t, d, order.JobPaymentCancel)); err != nil {
			t.Fatal(err)
		}
		if len(f.card.cancels) != 1 || f.card.cancels[0].RemainingVND != g.Orders[0].TotalVND || f.card.cancels[0].Paid {
			t.Fatalf("processor asked %+v", f.card.cancels)
		}
	})
}

func TestCardPaymentAppliedOnce(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		g, _, err := f.svc.Checkout(ctx, f.input(payment.MethodCard, f.line("ca-phe-bot", 1), f.line("cha-ca-lang", 1)))
		if err != nil {
			t.Fatal(err)
		}
		p := order.CardPayment{EventID: "evt_1", EventType: "payment_intent.succeeded", Ref: g.PaymentRef, AmountVND: g.TotalVND, Currency: "vnd"}
		for i, want := range []bool{true, false} {
			applied, err := f.svc.ApplyCardPayment(ctx, p)
			if err != nil || applied != want {
				t.Fatalf("delivery %d: applied %v, %v; want %v", i, applied, err, want)
			}
		}
		got, err := f.svc.Lookup(ctx, g.Code, order.Access{Phone: "0912345678"})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range got.Orders {
			if o.Payment.Status != payment.StatusPaid {
				t.Errorf("order %s payment %s", o.Code, o.Payment.Status)
			}
		}
		if n := f.count(t, "ledger_entries"); n != 4 {
			t.Errorf("%d ledger entries, want 4", n)
		}
		for _, tc := range []order.CardPayment{
			{EventID: "evt_2", Ref: "pi_unknown", AmountVND: 1, Currency: "vnd"},
			{EventID: "evt_3", Ref: g.PaymentRef, AmountVND: 1, Currency: "usd"},
		} {
			if _, err := f.svc.ApplyCardPayment(ctx, tc); !errors.Is(err, order.ErrUnknownPayment) {
				t.Errorf("%+v: err = %v, want ErrUnknownPayment", tc, err)
			}
		}
	})
}

func TestUnpaidBankTransfersExpire(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		unpaid, _, err := f.svc.Checkout(ctx, f.input(payment.MethodBankTransfer, f.line("cha-ca-lang", 4)))
		if err != nil {
			t.Fatal(err)
		}
		paid, _, err := f.svc.Checkout(ctx, f.input(payment.MethodBankTransfer, f.line("cha-ca-lang", 1)))
		if err != nil {
			t.Fatal(err)
		}
		cash, _, err := f.svc.Checkout(ctx, f.input(payment.MethodCOD, f.line("cha-ca-lang", 1)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.MarkTransferReceived(ctx, f.coops["htx-ho-quynh"], paid.Orders[0].Code, order.Actor{Name: "coop_staff"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.MarkTransferReceived(ctx, f.coops["htx-ho-quynh"], cash.Orders[0].Code, order.Actor{Name: "coop_staff"}); !errors.Is(err, order.ErrTransition) {
			t.Errorf("marking a cash order transferred: %v", err)
		}
		if n, err := f.svc.ExpireUnpaid(ctx); err != nil || n != 0 {
			t.Fatalf("expired %d, %v before the deadline", n, err)
		}
		f.clock.Add(2*time.Hour + time.Minute)
		if n, err := f.svc.ExpireUnpaid(ctx); err != nil || n != 1 {
			t.Fatalf("expired %d, %v; want 1", n, err)
		}
		if s := f.stock(t, "cha-ca-lang"); s != 8 {
			t.Errorf("stock %d, want 8 (10 − 1 paid − 1 cash)", s)
		}
		got, err := f.svc.Lookup(ctx, unpaid.Orders[0].Code, order.Access{Phone: "0912345678"})
		if err != nil {
			t.Fatal(err)
		}
		if o := got.Orders[0]; o.Status != order.StatusCancelled || o.Payment.Status != payment.StatusVoided {
			t.Errorf("expired order %s/%s", o.Status, o.Payment.Status)
		}
	})
}

func jobPayloads(t *testing.T, d *db.DB, kind string) (out []json.RawMessage) {
	t.Helper()
	var ps []string
	if err := d.Select(&ps, d.Rebind("SELECT payload FROM outbox_jobs WHERE kind = ? ORDER BY id"), kind); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		out = append(out, json.RawMessage(p))
	}
	return out
}

// TestTransitionRejectsControlCharacters checks that a tracking number or
// cancel reason PostgreSQL could not store is a validation error that
// changes nothing, and that a reason may still span lines.
func TestTransitionRejectsControlCharacters(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		g, _, err := f.svc.Checkout(ctx, f.input(payment.MethodCOD, f.line("cha-ca-lang", 2)))
		if err != nil {
			t.Fatal(err)
		}
		o := g.Orders[0]
		move := func(to, tracking, reason string) error {
			_, err := f.svc.Transition(ctx, order.TransitionInput{Code: o.Code, CooperativeID: o.Cooperative.ID, To: to,
				TrackingNo: tracking, Reason: reason, Actor: order.Actor{Name: "coop_staff"}})
			return err
		}
		for _, tc := range []struct {
			name, to, tracking, reason, field string
		}{
			{"NUL in reason", order.StatusCancelled, "", "hết\x00hàng", "reason"},
			{"invalid UTF-8 in reason", order.StatusCancelled, "", "hết\xffhàng", "reason"},
			{"NUL in tracking", order.StatusShipped, "VNP\x00123", "", "tracking_no"},
			{"line break in tracking", order.StatusShipped, "VNP\n123", "", "tracking_no"},
			{"invalid UTF-8 in tracking", order.StatusShipped, "VNP\xff", "", "tracking_no"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if err := move(tc.to, tc.tracking, tc.reason); !errors.Is(err, order.ErrInvalid) || fieldCode(err, tc.field) == "" {
					t.Fatalf("err = %v, want a message for %s", err, tc.field)
				}
			})
		}
		if s := f.stock(t, "cha-ca-lang"); s != 8 {
			t.Fatalf("stock %d after refused changes, want 8", s)
		}
		if err := move(order.StatusCancelled, "", "Hết hàng.\nXin lỗi quý khách."); err != nil {
			t.Fatalf("a reason of two lines: %v", err)
		}
		if s := f.stock(t, "cha-ca-lang"); s != 10 {
			t.Fatalf("stock %d after the cancel, want 10", s)
		}
	})
}

// TestConcurrentCancelsReturnStockOnce races cancellations of one order
// (the cooperative twice and the expiry job) and checks that exactly one
// wins: the stock comes back once and one cancel event is recorded.
func TestConcurrentCancelsReturnStockOnce(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		g, _, err := f.svc.Checkout(ctx, f.input(payment.MethodBankTransfer, f.line("cha-ca-lang", 3)))
		if err != nil {
			t.Fatal(err)
		}
		o := g.Orders[0]
		f.clock.Add(3 * time.Hour) // past the payment deadline: the expiry job races too
		var wg sync.WaitGroup
		var won, lost atomic.Int32
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.svc.Transition(ctx, order.TransitionInput{Code: o.Code, CooperativeID: o.Cooperative.ID,
					To: order.StatusCancelled, Reason: "Khách đổi ý", Actor: order.Actor{Name: "coop_staff"}})
				switch {
				case err == nil:
					won.Add(1)
				case errors.Is(err, order.ErrTransition):
					lost.Add(1)
				default:
					t.Errorf("cancel: %v", err)
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := f.svc.ExpireUnpaid(ctx)
			if err != nil {
				t.Errorf("expire: %v", err)
			}
			won.Add(int32(n))
		}()
		wg.Wait()
		if won.Load() != 1 {
			t.Fatalf("%d cancellations won, want 1", won.Load())
		}
		if s := f.stock(t, "cha-ca-lang"); s != 10 {
			t.Fatalf("stock %d after racing cancels, want 10", s)
		}
		var events int
		if err := d.Get(&events, d.Rebind(`SELECT COUNT(*) FROM order_events WHERE to_value = 'cancelled'`)); err != nil || events != 1 {
			t.Fatalf("%d cancel events (%v), want 1", events, err)
		}
	})
}

// fieldCode is the code of field in a validation error, or "".
func fieldCode(err error, field string) string {
	fe, ok := fault.As(err)
	if !ok {
		return ""
	}
	return fe.FieldCodes()[field]
}
