package seed

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

const testPassword = "ocop-demo-2025"

func testNow() time.Time { return time.Date(2026, 3, 1, 2, 30, 0, 0, time.UTC) }

func newDeps(d *db.DB) Deps {
	return Deps{
		DB:       d,
		Catalog:  catalog.New(d, testNow),
		Accounts: account.New(d, bcrypt.MinCost),
		Now:      testNow,
	}
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.GetContext(context.Background(), &n, d.Rebind(query), args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// tableCounts returns the number of rows of every table Demo writes.
func tableCounts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"cooperatives", "products", "product_images", "product_certifications",
		"ocop_certificates", "geographical_indications", "users", "user_roles"} {
		out[table] = count(t, d, "SELECT COUNT(*) FROM "+table)
	}
	return out
}

func parseXML(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestDemo(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		deps := newDeps(d)
		start := time.Now()
		sum, err := Demo(ctx, deps, testPassword)
		if err != nil {
			t.Fatalf("Demo: %v", err)
		}
		t.Logf("Demo took %v: %+v", time.Since(start), Summary{Cooperatives: sum.Cooperatives, Products: sum.Products, Images: sum.Images, Certificates: sum.Certificates})
		if sum.AlreadySeeded {
			t.Fatal("first Demo reported AlreadySeeded")
		}
		today := db.NewDate(testNow().In(format.Vietnam())).String()

		t.Run("counts", func(t *testing.T) {
			for _, c := range []struct {
				what  string
				query string
				min   int
			}{
				{"active cooperatives", `SELECT COUNT(*) FROM cooperatives WHERE status = 'active'`, 20},
				{"provinces with active cooperatives", `SELECT COUNT(DISTINCT province_slug) FROM cooperatives WHERE status = 'active'`, 8},
				{"pending cooperatives", `SELECT COUNT(*) FROM cooperatives WHERE status = 'pending'`, 1},
				{"suspended cooperatives", `SELECT COUNT(*) FROM cooperatives WHERE status = 'suspended'`, 1},
				{"products", `SELECT COUNT(*) FROM products`, 150},
				{"published products of active cooperatives", `SELECT COUNT(*) FROM products p JOIN cooperatives c ON c.id = p.cooperative_id
					WHERE c.status = 'active' AND p.published = TRUE`, 140},
				{"unpublished products", `SELECT COUNT(*) FROM products WHERE published = FALSE`, 1},
				{"out of stock products", `SELECT COUNT(*) FROM products WHERE stock = 0`, 3},
				{"products with an indication", `SELECT COUNT(*) FROM products WHERE gi_id IS NOT NULL`, 20},
				{"products with a certification", `SELECT COUNT(DISTINCT product_id) FROM product_certifications`, 20},
				{"products without a certificate", `SELECT COUNT(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM ocop_certificates o WHERE o.product_id = p.id)`, 20},
				{"distinct creation days", `SELECT COUNT(DISTINCT substr(CAST(created_at AS TEXT), 1, 10)) FROM products`, 60},
			} {
				if got := count(t, d, c.query); got < c.min {
					t.Errorf("%s: %d, want ≥ %d", c.what, got, c.min)
				}
			}
			if got := count(t, d, `SELECT COUNT(*) FROM products`); got != sum.Products {
				t.Errorf("Summary.Products = %d, database has %d", sum.Products, got)
			}
			if got := count(t, d, `SELECT COUNT(*) FROM cooperatives`); got != sum.Cooperatives {
				t.Errorf("Summary.Cooperatives = %d, database has %d", sum.Cooperatives, got)
			}
		})

		t.Run("certificates", func(t *testing.T) {
			for _, c := range []struct {
				what  string
				where string
			}{
				{"verified valid 3★", `status = 'verified' AND stars = 3 AND issued_on <= ? AND expires_on >= ?`},
				{"verified valid 4★", `status = 'verified' AND stars = 4 AND issued_on <= ? AND expires_on >= ?`},
				{"verified valid 5★", `status = 'verified' AND stars = 5 AND issued_on <= ? AND expires_on >= ?`},
				{"verified expired", `status = 'verified' AND issued_on <= ? AND expires_on < ?`},
				{"pending", `status = 'pending' AND issued_on <= ? AND expires_on >= ?`},
				{"rejected with a reason", `status = 'rejected' AND reject_reason <> '' AND issued_on <= ? AND expires_on >= ?`},
			} {
				if got := count(t, d, `SELECT COUNT(*) FROM ocop_certificates WHERE `+c.where, today, today); got < 1 {
					t.Errorf("no %s certificate", c.what)
				}
			}
			var certs []catalog.Certificate
			if err := d.SelectContext(ctx, &certs, `SELECT id, product_id, stars, score, decision_no, issued_by, issued_on, expires_on,
				status, reject_reason, reviewed_at, created_at FROM ocop_certificates`); err != nil {
				t.Fatal(err)
			}
			for _, c := range certs {
				if want := catalog.ExpiryOf(c.IssuedOn); c.ExpiresOn != want {
					t.Errorf("certificate %d: expires %s, want %s", c.ID, c.ExpiresOn, want)
				}
				if c.Score == nil {
					t.Errorf("certificate %d: no score", c.ID)
				} else if stars := starsForScore(*c.Score); stars != c.Stars {
					t.Errorf("certificate %d: score %d does not give %d★", c.ID, *c.Score, c.Stars)
				}
				switch {
				case c.Stars == 5 && !strings.HasPrefix(c.IssuedBy, "Bộ Nông nghiệp"):
					t.Errorf("certificate %d: 5★ issued by %q, want the ministry", c.ID, c.IssuedBy)
				case c.Stars < 5 && !strings.HasPrefix(c.IssuedBy, "UBND "):
					t.Errorf("certificate %d: %d★ issued by %q, want a people's committee", c.ID, c.Stars, c.IssuedBy)
				}
				if !regexp.MustCompile(`^\d+/QĐ-`).MatchString(c.DecisionNo) {
					t.Errorf("certificate %d: decision number %q", c.ID, c.DecisionNo)
				}
				if (c.Status == catalog.CertPending) != (c.ReviewedAt == nil) {
					t.Errorf("certificate %d: status %s with reviewed_at %v", c.ID, c.Status, c.ReviewedAt)
				}
			}
		})

		t.Run("slugs", func(t *testing.T) {
			var slugs []string
			if err := d.SelectContext(ctx, &slugs, `SELECT slug FROM products UNION ALL SELECT slug FROM cooperatives`); err != nil {
				t.Fatal(err)
			}
			valid := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
			seen := map[string]bool{}
			for _, s := range slugs {
				if !valid.MatchString(s) {
					t.Errorf("invalid slug %q", s)
				}
				if seen[s] {
					t.Errorf("duplicate slug %q", s)
				}
				seen[s] = true
			}
		})

		t.Run("images", func(t *testing.T) {
			if n := count(t, d, `SELECT COUNT(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM product_images i WHERE i.product_id = p.id)`); n > 0 {
				t.Errorf("%d products without an image", n)
			}
			if n := count(t, d, `SELECT COUNT(*) FROM product_images WHERE content_type <> 'image/svg+xml'`); n > 0 {
				t.Errorf("%d images are not SVG", n)
			}
			var images []struct {
				ID   int64  `db:"id"`
				Alt  string `db:"alt"`
				Data []byte `db:"data"`
			}
			if err := d.SelectContext(ctx, &images, `SELECT i.id, i.alt, b.data FROM product_images i JOIN blobs b ON b.key = i.digest`); err != nil {
				t.Fatal(err)
			}
			if len(images) != sum.Images {
				t.Errorf("Summary.Images = %d, database has %d", sum.Images, len(images))
			}
			for _, im := range images {
				if err := parseXML(im.Data); err != nil {
					t.Errorf("image %d (%s) is not XML: %v", im.ID, im.Alt, err)
				}
				if len(im.Data) >= 4096 {
					t.Errorf("image %d (%s) is %d bytes, want < 4 KB", im.ID, im.Alt, len(im.Data))
				}
				if im.Alt == "" {
					t.Errorf("image %d has no alt text", im.ID)
				}
			}
		})

		t.Run("logins", func(t *testing.T) {
			coops := map[string]int64{}
			var rows []struct {
				ID   int64  `db:"id"`
				Slug string `db:"slug"`
			}
			if err := d.SelectContext(ctx, &rows, `SELECT id, slug FROM cooperatives`); err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				coops[r.Slug] = r.ID
			}
			want := map[string]string{AdminEmail: account.RoleAdmin, PromotionEmail: account.RolePromotionStaff,
				SonLaStaffEmail: account.RolePromotionStaff, ShopperEmail: account.RoleShopper}
			for slug := range coops {
				want[slug+"@ocop.local"] = account.RoleCoopStaff
			}
			if len(sum.Logins) != len(want) {
				t.Errorf("%d logins, want %d", len(sum.Logins), len(want))
			}
			for _, l := range sum.Logins {
				if want[l.Email] != l.Role {
					t.Errorf("login %s has role %s, want %q", l.Email, l.Role, want[l.Email])
				}
				u, err := deps.Accounts.Authenticate(ctx, l.Email, testPassword)
				if err != nil {
					t.Errorf("%s cannot log in: %v", l.Email, err)
					continue
				}
				if !u.HasRole(l.Role) || len(u.Roles) != 1 {
					t.Errorf("%s has roles %v, want [%s]", l.Email, u.Roles, l.Role)
				}
				switch {
				case l.Role == account.RoleCoopStaff:
					if u.CooperativeID == nil || *u.CooperativeID != coops[l.Cooperative] || l.Email != l.Cooperative+"@ocop.local" {
						t.Errorf("%s is bound to cooperative %v, want %s (%d)", l.Email, u.CooperativeID, l.Cooperative, coops[l.Cooperative])
					}
				case u.CooperativeID != nil:
					t.Errorf("%s is bound to cooperative %d", l.Email, *u.CooperativeID)
				}
				if province := u.StaffProvince; (l.Email == SonLaStaffEmail) != (province != nil && *province == "son-la") {
					t.Errorf("%s acts on province %v", l.Email, province)
				}
			}
			if _, err := deps.Accounts.Authenticate(ctx, AdminEmail, "wrong"); !errors.Is(err, account.ErrBadCredentials) {
				t.Errorf("wrong password: %v, want ErrBadCredentials", err)
			}
		})

		t.Run("second call changes nothing", func(t *testing.T) {
			before := tableCounts(t, d)
			again, err := Demo(ctx, deps, testPassword)
			if err != nil {
				t.Fatalf("second Demo: %v", err)
			}
			if !again.AlreadySeeded || again.Products != 0 || again.Cooperatives != 0 {
				t.Errorf("second Demo = %+v, want AlreadySeeded and nothing created", again)
			}
			if len(again.Logins) != len(sum.Logins) {
				t.Errorf("second Demo lists %d logins, want %d", len(again.Logins), len(sum.Logins))
			}
			after := tableCounts(t, d)
			for table, n := range before {
				if after[table] != n {
					t.Errorf("%s: %d rows before, %d after", table, n, after[table])
				}
			}
		})
	})
}

// TestDemoRestoresMissingLogins covers a first run interrupted after the
// catalogue was committed but before every account was made.
func TestDemoRestoresMissingLogins(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		deps := newDeps(d)
		if _, err := Demo(ctx, deps, testPassword); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, d.Rebind(`DELETE FROM users WHERE email = ?`), ShopperEmail); err != nil {
			t.Fatal(err)
		}
		products := count(t, d, `SELECT COUNT(*) FROM products`)
		sum, err := Demo(ctx, deps, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		if !sum.AlreadySeeded {
			t.Error("AlreadySeeded = false")
		}
		if _, err := deps.Accounts.Authenticate(ctx, ShopperEmail, testPassword); err != nil {
			t.Errorf("shopper login not restored: %v", err)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM products`); got != products {
			t.Errorf("products: %d, want %d", got, products)
		}
	})
}

func TestDemoErrors(t *testing.T) {
	d := dbtest.SQLite(t)
	for _, c := range []struct {
		name     string
		deps     Deps
		password string
	}{
		{"empty password", newDeps(d), ""},
		{"no accounts store", Deps{DB: d, Catalog: catalog.New(d, testNow)}, testPassword},
		{"no database", Deps{}, testPassword},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Demo(context.Background(), c.deps, c.password); err == nil {
				t.Error("Demo succeeded")
			}
		})
	}
	if n := count(t, d, `SELECT COUNT(*) FROM cooperatives`); n != 0 {
		t.Errorf("%d cooperatives created by failing calls", n)
	}
}

func TestSynthetic(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		deps := newDeps(d)
		if _, err := Demo(ctx, deps, testPassword); err != nil {
			t.Fatal(err)
		}
		products := count(t, d, `SELECT COUNT(*) FROM products`)
		coops := count(t, d, `SELECT COUNT(*) FROM cooperatives`)
		images := count(t, d, `SELECT COUNT(*) FROM product_images`)
		start := time.Now()
		if err := Synthetic(ctx, deps, 2000); err != nil {
			t.Fatalf("Synthetic: %v", err)
		}
		t.Logf("Synthetic(2000) took %v", time.Since(start))
		if got := count(t, d, `SELECT COUNT(*) FROM products`); got != products+2000 {
			t.Errorf("products: %d, want %d", got, products+2000)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM cooperatives`); got != coops+40 {
			t.Errorf("cooperatives: %d, want %d", got, coops+40)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM product_images`); got != images+2000 {
			t.Errorf("images: %d, want %d", got, images+2000)
		}
		newCoops := `SELECT id FROM cooperatives ORDER BY id DESC LIMIT 40`
		if got := count(t, d, `SELECT COUNT(DISTINCT province_slug) FROM cooperatives WHERE id IN (`+newCoops+`)`); got != 34 {
			t.Errorf("synthetic cooperatives in %d provinces, want 34", got)
		}
		for _, c := range []struct {
			what  string
			query string
			min   int
		}{
			{"distinct names", `SELECT COUNT(DISTINCT name) FROM products`, 1000},
			{"categories", `SELECT COUNT(DISTINCT category_slug) FROM products`, 15},
			{"out of stock", `SELECT COUNT(*) FROM products WHERE stock = 0`, 20},
			{"verified", `SELECT COUNT(*) FROM ocop_certificates WHERE status = 'verified'`, 400},
			{"pending", `SELECT COUNT(*) FROM ocop_certificates WHERE status = 'pending'`, 50},
			{"rejected", `SELECT COUNT(*) FROM ocop_certificates WHERE status = 'rejected'`, 20},
			{"certifications", `SELECT COUNT(*) FROM product_certifications`, 200},
			{"searchable", `SELECT COUNT(*) FROM products WHERE search_text LIKE '%ca phe%'`, 10},
		} {
			if got := count(t, d, c.query); got < c.min {
				t.Errorf("%s: %d, want ≥ %d", c.what, got, c.min)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM ocop_certificates WHERE status = 'verified' AND expires_on < ?`, "2026-03-01"); n < 20 {
			t.Errorf("%d expired certificates, want ≥ 20", n)
		}
		// A second run must not collide with the first.
		if err := Synthetic(ctx, deps, 75); err != nil {
			t.Fatalf("second Synthetic: %v", err)
		}
		if got := count(t, d, `SELECT COUNT(*) FROM products`); got != products+2075 {
			t.Errorf("products after second run: %d, want %d", got, products+2075)
		}
		var slugs []string
		if err := d.SelectContext(ctx, &slugs, `SELECT slug FROM products`); err != nil {
			t.Fatal(err)
		}
		valid := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
		for _, s := range slugs {
			if !valid.MatchString(s) {
				t.Errorf("invalid slug %q", s)
			}
		}
	})
}

func TestSyntheticArguments(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if err := Synthetic(ctx, newDeps(d), -1); err == nil {
		t.Error("Synthetic(-1) succeeded")
	}
	if err := Synthetic(ctx, newDeps(d), 0); err != nil {
		t.Errorf("Synthetic(0): %v", err)
	}
	if err := Synthetic(ctx, Deps{}, 10); err == nil {
		t.Error("Synthetic without a database succeeded")
	}
	if n := count(t, d, `SELECT COUNT(*) FROM products`); n != 0 {
		t.Errorf("%d products, want 0", n)
	}
}

func TestDemoData(t *testing.T) {
	specs := demoCooperatives()
	gis := map[string]bool{}
	for _, g := range indications() {
		gis[g.Slug] = true
	}
	bins := map[string]bool{"970436": true, "970415": true, "970418": true, "970405": true, "970407": true, "970422": true, "970416": true,
		"970432": true, "970423": true, "970403": true, "970437": true, "970441": true, "970443": true, "970426": true}
	ocop := regexp.MustCompile(`^[345][vxpr]$`)
	phone := regexp.MustCompile(`^0\d{3} \d{3} \d{3}$`)
	for _, c := range specs {
		if !bins[c.BankBIN] {
			t.Errorf("%s: unknown bank BIN %s", c.Slug, c.BankBIN)
		}
		if got := accountNoFor(c.Slug, c.BankBIN); len(got) < 10 || strings.Trim(got, "0123456789") != "" {
			t.Errorf("%s: account number %q", c.Slug, got)
		}
		if p := phoneFor(c.Slug); !phone.MatchString(p) {
			t.Errorf("%s: phone %q", c.Slug, p)
		}
		if n := strings.Count(c.Description, ". "); n < 1 {
			t.Errorf("%s: description has fewer than two sentences", c.Slug)
		}
		for _, p := range c.Products {
			if p.OCOP != "" && !ocop.MatchString(p.OCOP) {
				t.Errorf("%s: OCOP spec %q", p.Name, p.OCOP)
			}
			if p.GI != "" && !gis[p.GI] {
				t.Errorf("%s: unknown indication %s", p.Name, p.GI)
			}
			if p.Price <= 0 || p.Price%1000 != 0 {
				t.Errorf("%s: price %d", p.Name, p.Price)
			}
			if n := strings.Count(p.Desc, ". ") + 1; n < 2 || n > 4 {
				t.Errorf("%s: description has %d sentences, want 2–4", p.Name, n)
			}
		}
	}
}

// starsForScore is the OCOP rating of a score out of 100: 5★ from 90, 4★
// from 70, 3★ from 50, none below.
func starsForScore(score int) int {
	switch {
	case score >= 90 && score <= 100:
		return 5
	case score >= 70 && score < 90:
		return 4
	case score >= 50 && score < 70:
		return 3
	}
	return 0
}
