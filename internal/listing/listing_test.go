package listing

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

func TestReadCSV(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		err        error
		errs       []string // the error of each row, "" for a valid one
	}{
		{"byte order mark and spaces", "\uFEFFid, price_vnd, stock\n1, 100, 2\n", nil, []string{""}},
		{"export header", "id,price_vnd,stock,slug,name\n1,100,2,ca-phe,Cà phê\n", nil, []string{""}},
		{"empty cells change nothing", "id,price_vnd,stock\n1,,\n", nil, []string{""}},
		{"CRLF", "id,price_vnd,stock\r\n1,5,6\r\n", nil, []string{""}},
		{"row errors", "id,price_vnd,stock\nx,1,1\n0,1,1\n2,1.5,1\n3,1,-1\n4,0,1\n5,1000000001,1\n6,1,1000001\n7,1\n8,1,1\n8,2,2\n", nil,
			[]string{"invalid_id", "invalid_id", "not_whole_number", "negative_stock", "price_out_of_range", "price_out_of_range",
				"stock_out_of_range", "wrong_column_count", "", "duplicate_id"}},
		{"wrong header", "sku,price,qty\n1,2,3\n", ErrCSVHeader, nil},
		{"empty file", "", ErrNotCSV, nil},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00", ErrNotCSV, nil},
		{"bad quote", "id,price_vnd,stock\n\"1,2,3\n", ErrNotCSV, nil},
		{"too many rows", "id,price_vnd,stock\n" + strings.Repeat("1,1,1\n", MaxImportRows+1), ErrCSVTooLong, nil},
		{"too large", "id,price_vnd,stock\n" + strings.Repeat(" ", MaxImportBytes), ErrCSVTooLarge, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := readCSV(strings.NewReader(tc.file))
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(tc.errs) {
				t.Fatalf("%d rows, want %d", len(rows), len(tc.errs))
			}
			for i, r := range rows {
				if r.Error != tc.errs[i] {
					t.Errorf("row %d (line %d): %q, want %q", i, r.Line, r.Error, tc.errs[i])
				}
				if r.Line != i+2 {
					t.Errorf("row %d: line %d", i, r.Line)
				}
			}
		})
	}
}

func TestNoFormula(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-1": "'-1", "@x": "'@x", "Cà phê": "Cà phê", "": ""} {
		if got := noFormula(in); got != want {
			t.Errorf("noFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

func newService(t *testing.T, d *db.DB) (*Service, int64) {
	t.Helper()
	now := func() time.Time { return time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC) }
	cat := catalog.New(d, now)
	co := &catalog.Cooperative{Slug: "htx-a", Name: "HTX A", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
	if err := cat.CreateCooperative(context.Background(), d, co); err != nil {
		t.Fatal(err)
	}
	return New(d, cat, audit.New(d, now), now), co.ID
}

func input(name string) Input {
	return Input{Name: name, Description: "Dòng một\nDòng hai", Category: "ca-phe", PriceVND: 120000, Unit: "gói", Stock: 5,
		Origin: Origin{Province: "son-la", Ward: "Chiềng Ban"}, Certifications: []string{"vietgap", "vietgap", "organic"}}
}

func TestService(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, coop := newService(t, d)
		actor := audit.Actor{Email: "thao@htx.example.vn"}
		count := func(q string, args ...any) int {
			var n int
			if err := d.GetContext(ctx, &n, d.Rebind(q), args...); err != nil {
				t.Fatal(err)
			}
			return n
		}
		a, err := s.Create(ctx, actor, coop, input("Cà phê Sơn La"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Create(ctx, actor, coop, input("Cà phê  Sơn   La"))
		if err != nil {
			t.Fatal(err)
		}
		if a.Slug != "ca-phe-son-la" || b.Slug != "ca-phe-son-la-2" || b.Name != "Cà phê Sơn La" {
			t.Errorf("slugs %q %q, name %q", a.Slug, b.Slug, b.Name)
		}
		if a.Description != "Dòng một\nDòng hai" || strings.Join(a.Certifications, ",") != "organic,vietgap" || a.Status != StatusDraft {
			t.Errorf("created %+v", a.State)
		}
		// An update keeps the slug and the code of a certification held.
		if _, err := d.ExecContext(ctx, d.Rebind(`UPDATE product_certifications SET code = 'VietGAP-TT-1' WHERE product_id = ? AND certification_slug = 'vietgap'`), a.ID); err != nil {
			t.Fatal(err)
		}
		in := input("Cà phê rang xay")
		in.Certifications = []string{"vietgap"}
		in.Published = true
		u, err := s.Update(ctx, actor, coop, a.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if u.Slug != a.Slug || u.Status != StatusPublished || count(`SELECT COUNT(*) FROM product_certifications WHERE product_id = ? AND code = 'VietGAP-TT-1'`, a.ID) != 1 ||
			count(`SELECT COUNT(*) FROM product_certifications WHERE product_id = ?`, a.ID) != 1 {
			t.Errorf("updated %+v", u.State)
		}
		cp, err := s.Duplicate(ctx, actor, coop, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cp.Slug != "ca-phe-son-la-3" || cp.Status != StatusDraft || cp.Name != "Cà phê rang xay" || count(`SELECT COUNT(*) FROM product_certifications WHERE product_id = ? AND code = 'VietGAP-TT-1'`, cp.ID) != 1 {
			t.Errorf("copy %+v", cp.State)
		}
		l, err := s.List(ctx, coop, Filter{Query: "ca phe rang"})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 2 || l.Counts[StatusPublished] != 1 || l.Counts[StatusDraft] != 1 || l.Items[0].ID != cp.ID {
			t.Errorf("list: total %d, counts %v", l.Total, l.Counts)
		}
		records := count(`SELECT COUNT(*) FROM audit_log`)
		jobs := count(`SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?`, catalog.JobIndexProducts)
		bad := input("")
		bad.PriceVND, bad.Stock, bad.Category = -1, -1, "x"
		bad.Invalid.Add("unit", "not_whole_number", nil)
		_, err = s.Update(ctx, actor, coop, a.ID, bad)
		fe, ok := fault.As(err)
		if !ok || strings.Join(fe.FieldNames(), ",") != "category,name,price_vnd,stock,unit" {
			t.Fatalf("invalid update: %v", err)
		}
		if _, err := s.Update(ctx, actor, coop+1, a.ID, input("x")); !errors.Is(err, ErrNotFound) {
			t.Errorf("another cooperative's update: %v", err)
		}
		if count(`SELECT COUNT(*) FROM audit_log`) != records || count(`SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?`, catalog.JobIndexProducts) != jobs {
			t.Error("a refused write left a record or a job")
		}
		// A never-ordered product is removed with its certifications.
		del, err := s.Delete(ctx, actor, coop, b.ID)
		if err != nil || del.Archived || del.Product.ID != b.ID {
			t.Fatalf("delete: %+v, %v", del, err)
		}
		if count(`SELECT COUNT(*) FROM products WHERE id = ?`, b.ID) != 0 || count(`SELECT COUNT(*) FROM product_certifications WHERE product_id = ?`, b.ID) != 0 {
			t.Error("the deleted product is still there")
		}
		if _, err := s.Restore(ctx, actor, coop, a.ID); !errors.Is(err, ErrNotArchived) {
			t.Errorf("restore of a product on sale: %v", err)
		}
		if count(`SELECT COUNT(*) FROM audit_log`) != records+1 {
			t.Error("the delete left no record")
		}
	})
}
