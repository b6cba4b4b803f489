package admin_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

func TestCooperativeOrderAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		ctx := context.Background()
		a := apptest.New(t, b, apptest.Options{})
		d, cat := a.DB, a.Catalog
		coops := map[string]int64{}
		products := map[string]int64{}
		for _, slug := range []string{"htx-bich-thao", "htx-ho-quynh"} {
			co := &catalog.Cooperative{Slug: slug, Name: slug, Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive,
				BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX", ShippingFeeVND: 30000}
			if err := cat.CreateCooperative(ctx, d, co); err != nil {
				t.Fatal(err)
			}
			coops[slug] = co.ID
			id, err := cat.CreateProduct(ctx, d, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: "p-" + slug,
				Name: "Sản phẩm " + slug, PriceVND: 100000, Unit: "gói", Stock: 10, Published: true, ProvinceSlug: "son-la"})
			if err != nil {
				t.Fatal(err)
			}
			products[slug] = id
		}
		g, _, err := a.Orders.Service.Checkout(ctx, order.CheckoutInput{Name: "Lan", Phone: "0912345678",
			Address:       order.AddressInput{Line: "1 Lê Lợi", Ward: "Tô Hiệu", Province: "son-la"},
			PaymentMethod: payment.MethodBankTransfer,
			Lines:         []order.Line{{ProductID: products["htx-bich-thao"], Quantity: 1}, {ProductID: products["htx-ho-quynh"], Quantity: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		mine, theirs := g.Orders[0].Code, g.Orders[1].Code
		staffCoop := coops["htx-bich-thao"]
		clients := map[string]*apptest.Client{
			"":        a.Client(),
			"staff":   a.LoggedIn(&account.User{Email: "staff@htx.example.vn", Name: "Thao", Roles: []string{account.RoleCoopStaff}, CooperativeID: &staffCoop}),
			"shopper": a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}}),
		}

		for _, tc := range []struct {
			name, user, method, path, body string
			status                         int
			contains                       string
		}{
			{"not logged in", "", "GET", "/api/v1/coop/orders", "", 401, "not_logged_in"},
			{"shopper", "shopper", "GET", "/api/v1/coop/orders", "", 403, "forbidden"},
			{"own orders only", "staff", "GET", "/api/v1/coop/orders", "", 200, `"total":1`},
			{"bad status filter", "staff", "GET", "/api/v1/coop/orders?status=lost", "", 400, "status"},
			{"a page past the index's 10,000", "staff", "GET", "/api/v1/coop/orders?page=500", "", 200, `"page":500`},
			{"a page past a million", "staff", "GET", "/api/v1/coop/orders?page=50000", "", 400, "page"},
			{"own order", "staff", "GET", "/api/v1/coop/orders/" + mine, "", 200, `"customer"`},
			{"another cooperative's order", "staff", "GET", "/api/v1/coop/orders/" + theirs, "", 404, "not_found"},
			{"move another's order", "staff", "POST", "/api/v1/coop/orders/" + theirs + "/transitions", `{"to":"confirmed"}`, 404, "not_found"},
			{"impossible transition", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"delivered"}`, 409, "invalid_transition"},
			{"unknown status", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"lost"}`, 400, `"to"`},
			{"bad JSON", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{`, 400, "invalid_json"},
			{"transfer received", "staff", "POST", "/api/v1/coop/orders/" + mine + "/payment", `{"status":"paid"}`, 200, `"status":"paid"`},
			{"transfer received twice", "staff", "POST", "/api/v1/coop/orders/" + mine + "/payment", `{"status":"paid"}`, 409, "invalid_transition"},
			{"NUL in the reason", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"cancelled","reason":"a\u0000b"}`, 400, `"reason"`},
			{"status of the wrong type", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":5}`, 400, "invalid_json"},
			{"cancel another's order", "staff", "POST", "/api/v1/coop/orders/" + theirs + "/transitions", `{"to":"cancelled","reason":"Hết hàng"}`, 404, "not_found"},
			{"mark another's transfer", "staff", "POST", "/api/v1/coop/orders/" + theirs + "/payment", `{"status":"paid"}`, 404, "not_found"},
			{"unknown order", "staff", "GET", "/api/v1/coop/orders/OC-ZZZZZZ-9", "", 404, "not_found"},
			{"confirm", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"confirmed"}`, 200, `"status":"confirmed"`},
			{"pack", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"packed"}`, 200, `"status":"packed"`},
			{"ship without tracking", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"shipped"}`, 400, "tracking_no"},
			{"NUL in the tracking number", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"shipped","tracking_no":"VNP\u0000"}`, 400, "tracking_no"},
			{"ship", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"shipped","tracking_no":"VNP1"}`, 200, `"tracking_no":"VNP1"`},
			{"filter by status", "staff", "GET", "/api/v1/coop/orders?status=shipped", "", 200, mine},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := clients[tc.user].Do(tc.method, tc.path, tc.body, "Content-Type", "application/json")
				if r.Status != tc.status || !strings.Contains(r.Raw, tc.contains) {
					t.Fatalf("%s %s: %d %s; want %d containing %s", tc.method, tc.path, r.Status, r.Raw, tc.status, tc.contains)
				}
			})
		}
	})
}
