package bench

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// coopSize is how many products the one cooperative of the panel
// benchmarks holds.
const coopSize = 5_000

// serveCoop starts the whole app on a loopback port with one cooperative
// of coopSize products, and returns its address and the Cookie header of
// its staff member's session.
func serveCoop(b *testing.B, env map[string]string) (string, http.Header) {
	b.Helper()
	ctx := context.Background()
	a := openApp(b, env)
	a.Accounts = account.New(a.DB, bcrypt.MinCost)
	start := time.Now()
	co := &catalog.Cooperative{Slug: "htx-ca-phe", Name: "HTX Cà phê", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
	if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
		b.Fatal(err)
	}
	if err := a.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		for i := range coopSize {
			if _, err := a.Catalog.CreateProduct(ctx, tx, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe",
				Slug: fmt.Sprintf("ca-phe-%d", i), Name: fmt.Sprintf("Cà phê rang xay số %d", i), PriceVND: int64(50000 + i),
				Unit: "gói", Stock: i % 40, Published: i%3 != 0, ProvinceSlug: "son-la"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	u := &account.User{Email: "staff@htx.example.vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &co.ID}
	if err := a.Accounts.Create(ctx, u, coopPassword); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d products of one cooperative seeded in %s", a.DB.Dialect, coopSize, time.Since(start).Round(time.Millisecond))
	f, err := a.Fiber()
	if err != nil {
		b.Fatal(err)
	}
	base := listen(b, f)
	return base, login(b, base, u.Email)
}

// BenchmarkCoopProducts pages through the 5,000 products of one
// cooperative in its panel, by the list page and the API, on SQLite and
// PostgreSQL, beside the fixed-string ceiling.
func BenchmarkCoopProducts(b *testing.B) {
	const workers = 8
	fixed := serveFixed(b)
	b.Run("fixed_string", func(b *testing.B) { load(b, fixed, []string{"/"}, workers) })
	cases := []struct {
		name  string
		paths []string
	}{
		{"list_page", []string{"/quan-ly/san-pham", "/quan-ly/san-pham?page=40", "/quan-ly/san-pham?status=draft&q=rang+xay"}},
		{"products_api", []string{"/api/v1/coop/products", "/api/v1/coop/products?page=50&per_page=48", "/api/v1/coop/products?status=published&q=ca+phe"}},
	}
	for _, be := range databases() {
		b.Run(be.name, func(b *testing.B) {
			base, cookie := serveCoop(b, be.env(b))
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) { loadWith(b, base, c.paths, workers, cookie) })
			}
		})
	}
}
