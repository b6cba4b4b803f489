package trace_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/trace"
)

// A batch and its audit record are written together: when the record
// cannot be written (its actor names no user), the batch and the
// product's trace code stay as they were.
func TestWritesRollBackWithTheirRecord(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC) }
		cat := catalog.New(d, now)
		co := &catalog.Cooperative{Slug: "htx-a", Name: "HTX A", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
		if err := cat.CreateCooperative(ctx, d, co); err != nil {
			t.Fatal(err)
		}
		pid, err := cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "che", Slug: "che-a", Name: "Chè A",
			PriceVND: 90000, Unit: "gói", Published: true, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		base, _ := url.Parse("https://ocop.example.vn/")
		svc := trace.New(d, audit.New(d, now), now, base)
		in := trace.Input{ProductID: pid, HarvestedOn: "2026-11-30", PackedOn: "2026-12-01"}
		state := func() (batches, records int, code string) {
			t.Helper()
			if err := d.GetContext(ctx, &batches, `SELECT COUNT(*) FROM product_batches`); err != nil {
				t.Fatal(err)
			}
			if err := d.GetContext(ctx, &records, `SELECT COUNT(*) FROM audit_log`); err != nil {
				t.Fatal(err)
			}
			if err := d.GetContext(ctx, &code, d.Rebind(`SELECT trace_code FROM products WHERE id = ?`), pid); err != nil {
				t.Fatal(err)
			}
			return batches, records, code
		}
		ghost := trace.Actor{ID: 987654, Email: "ghost@ocop.local"}
		if _, err := svc.Create(ctx, ghost, co.ID, in); err == nil {
			t.Fatal("a create whose record fails succeeded")
		}
		if b, r, code := state(); b != 0 || r != 0 || code != "" {
			t.Fatalf("after a failed create: %d batches, %d records, code %q", b, r, code)
		}
		b, err := svc.Create(ctx, trace.Actor{Email: "thao@ocop.local"}, co.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if b.TraceURL != "https://ocop.example.vn/truy-xuat/"+b.TraceCode || b.BatchNo != "20261201-1" {
			t.Errorf("batch = %+v", b)
		}
		in.Notes = "changed"
		if _, err := svc.Update(ctx, ghost, co.ID, b.ID, in); err == nil {
			t.Fatal("an update whose record fails succeeded")
		}
		if err := svc.Delete(ctx, ghost, co.ID, b.ID); err == nil {
			t.Fatal("a delete whose record fails succeeded")
		}
		got, err := svc.Get(ctx, co.ID, b.ID)
		if err != nil || got.Notes != "" {
			t.Fatalf("after a failed update and delete: %+v %v", got, err)
		}
		if n, r, code := state(); n != 1 || r != 1 || code != b.TraceCode {
			t.Fatalf("after a failed update and delete: %d batches, %d records, code %q", n, r, code)
		}
		rec, err := svc.Trace(ctx, b.TraceCode)
		if err != nil || rec.Product.Name != "Chè A" || rec.Cooperative.Name != "HTX A" || !rec.Product.ForSale || rec.OCOP != nil {
			t.Fatalf("trace = %+v %v", rec, err)
		}
	})
}
