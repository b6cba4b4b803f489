package admin_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// Staff read and move the orders of their scope's cooperatives, a
// suspended one's included; another province's are a 404.
func TestStaffOrders(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		ctx := context.Background()
		a := apptest.New(t, b, apptest.Options{})
		codes, coops := map[string]string{}, map[string]int64{}
		for _, c := range []struct{ slug, province string }{{"htx-son-la", "son-la"}, {"htx-ha-noi", "ha-noi"}} {
			co := &catalog.Cooperative{Slug: c.slug, Name: c.slug, Province: catalog.NamedSlug{Slug: c.province}, Status: catalog.CoopActive,
				BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX", ShippingFeeVND: 30000}
			if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
				t.Fatal(err)
			}
			id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe",
				Slug: "p-" + c.slug, Name: "Sản phẩm", PriceVND: 100000, Unit: "gói", Stock: 10, Published: true, ProvinceSlug: c.province})
			if err != nil {
				t.Fatal(err)
			}
			g, _, err := a.Orders.Service.Checkout(ctx, order.CheckoutInput{Name: "Lan", Phone: "0912345678",
				Address:       order.AddressInput{Line: "1 Lê Lợi", Ward: "Tô Hiệu", Province: "son-la"},
				PaymentMethod: payment.MethodCOD, Lines: []order.Line{{ProductID: id, Quantity: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			codes[c.slug], coops[c.slug] = g.Orders[0].Code, co.ID
		}
		a.Exec(`UPDATE cooperatives SET status = 'suspended' WHERE id = ?`, coops["htx-son-la"])
		sonLa := "son-la"
		national := a.LoggedIn(&account.User{Email: "xt@ocop.local", Name: "Xuân", Roles: []string{account.RolePromotionStaff}})
		local := a.LoggedIn(&account.User{Email: "xt-sl@ocop.local", Name: "Hưng", Roles: []string{account.RolePromotionStaff}, StaffProvince: &sonLa})
		coopID := coops["htx-ha-noi"]
		coopStaff := a.LoggedIn(&account.User{Email: "htx@example.vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &coopID})
		list := func(slug string) string { return fmt.Sprintf("/api/v1/staff/cooperatives/%d/orders", coops[slug]) }
		move := func(slug string) string { return "/api/v1/staff/orders/" + codes[slug] + "/transitions" }
		json := "application/json"

		apptest.Expect(t, "anonymous", a.Client().Get(list("htx-son-la")), 401)
		// Staff act on orders, never on a cooperative's products.
		apptest.Expect(t, "staff edits a product", national.Do("PUT", "/api/v1/coop/products/1", `{"name":"x"}`, "Content-Type", json), 403)
		apptest.Expect(t, "staff lists products", national.Get("/api/v1/coop/products"), 403)
		apptest.Expect(t, "coop staff", coopStaff.Get(list("htx-ha-noi")), 403)
		apptest.Expect(t, "coop staff moves", coopStaff.Do("POST", move("htx-ha-noi"), `{"to":"confirmed"}`, "Content-Type", json), 403)
		apptest.Expect(t, "another province's list", local.Get(list("htx-ha-noi")), 404)
		apptest.Expect(t, "another province's order", local.Do("POST", move("htx-ha-noi"), `{"to":"confirmed"}`, "Content-Type", json), 404)
		apptest.Expect(t, "unknown cooperative", national.Get("/api/v1/staff/cooperatives/999999/orders"), 404)
		apptest.Expect(t, "unknown order", national.Do("POST", "/api/v1/staff/orders/OC-ZZZZZZ-9/transitions", `{"to":"confirmed"}`, "Content-Type", json), 404)
		apptest.Expect(t, "bad status", national.Get(list("htx-son-la")+"?status=lost"), 400)
		apptest.Expect(t, "bad JSON", local.Do("POST", move("htx-son-la"), `{"to":`, "Content-Type", json), 400, "invalid_json")
		apptest.Expect(t, "impossible", local.Do("POST", move("htx-son-la"), `{"to":"delivered"}`, "Content-Type", json), 409)
		if n := auditCount(t, a, "order.confirmed"); n != 0 {
			t.Fatalf("refused moves left %d records", n)
		}

		r := local.Get(list("htx-son-la"))
		apptest.Expect(t, "the suspended cooperative's orders", r, 200)
		apptest.Contains(t, "list", r.Raw, codes["htx-son-la"], `"total":1`)
		apptest.Contains(t, "national", national.Get(list("htx-ha-noi")).Raw, codes["htx-ha-noi"])
		r = local.Do("POST", move("htx-son-la"), `{"to":"confirmed"}`, "Content-Type", json)
		apptest.Expect(t, "staff confirm", r, 200)
		apptest.Contains(t, "confirmed", r.Raw, `"status":"confirmed"`)
		r = national.Do("POST", move("htx-ha-noi"), `{"to":"cancelled","reason":"Hợp tác xã ngừng bán"}`, "Content-Type", json)
		apptest.Expect(t, "staff cancel", r, 200)
		if c, x := auditCount(t, a, "order.confirmed"), auditCount(t, a, "order.cancelled"); c != 1 || x != 1 {
			t.Fatalf("%d confirm and %d cancel records, want 1 and 1", c, x)
		}
	})
}
