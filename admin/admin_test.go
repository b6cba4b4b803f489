package admin_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin"
	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/cod"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/session"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// users logs a request in as the user named by its X-Test-User header.
type users map[string]*account.User

func (u users) User(c *fiber.Ctx) (*account.User, error) {
	if x, ok := u[c.Get("X-Test-User")]; ok {
		return x, nil
	}
	return nil, session.ErrNotLoggedIn
}

func TestCooperativeOrderAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
		cat := catalog.New(d, now)
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
		svc := order.New(order.Config{DB: d, Catalog: cat, Ledger: ledger.New(d, now, 5), Now: now,
			Methods: payment.Methods{payment.MethodCOD: cod.Method{}, payment.MethodBankTransfer: vietqr.Method{}}})
		g, _, err := svc.Checkout(ctx, order.CheckoutInput{Name: "Lan", Phone: "0912345678",
			Address:       order.AddressInput{Line: "1 Lê Lợi", Ward: "Tô Hiệu", Province: "son-la"},
			PaymentMethod: payment.MethodBankTransfer,
			Lines:         []order.Line{{ProductID: products["htx-bich-thao"], Quantity: 1}, {ProductID: products["htx-ho-quynh"], Quantity: 2}}})
		if err != nil {
			t.Fatal(err)
		}
		mine, theirs := g.Orders[0].Code, g.Orders[1].Code
		staffCoop := coops["htx-bich-thao"]
		msgs, err := i18n.New()
		if err != nil {
			t.Fatal(err)
		}
		app := fiber.New(fiber.Config{ErrorHandler: web.ErrorHandler(slog.New(slog.DiscardHandler), msgs, nil)})
		admin.New(admin.Config{Orders: svc, Users: users{
			"staff":   {ID: 1, Roles: []string{account.RoleCoopStaff}, CooperativeID: &staffCoop},
			"shopper": {ID: 2, Roles: []string{account.RoleShopper}},
		}}).Routes(app)

		for _, tc := range []struct {
			name, user, method, path, body string
			status                         int
			contains                       string
		}{
			{"not logged in", "", "GET", "/api/v1/coop/orders", "", 401, "not_logged_in"},
			{"shopper", "shopper", "GET", "/api/v1/coop/orders", "", 403, "forbidden"},
			{"own orders only", "staff", "GET", "/api/v1/coop/orders", "", 200, `"total":1`},
			{"bad status filter", "staff", "GET", "/api/v1/coop/orders?status=lost", "", 400, "status"},
			{"own order", "staff", "GET", "/api/v1/coop/orders/" + mine, "", 200, `"customer"`},
			{"another cooperative's order", "staff", "GET", "/api/v1/coop/orders/" + theirs, "", 404, "not_found"},
			{"move another's order", "staff", "POST", "/api/v1/coop/orders/" + theirs + "/transitions", `{"to":"confirmed"}`, 404, "not_found"},
			{"impossible transition", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"delivered"}`, 409, "invalid_transition"},
			{"unknown status", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"lost"}`, 400, `"to"`},
			{"bad JSON", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{`, 400, "bad_json"},
			{"transfer received", "staff", "POST", "/api/v1/coop/orders/" + mine + "/payment", `{"status":"paid"}`, 200, `"status":"paid"`},
			{"transfer received twice", "staff", "POST", "/api/v1/coop/orders/" + mine + "/payment", `{"status":"paid"}`, 409, "invalid_transition"},
			{"NUL in the reason", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":"cancelled","reason":"a\u0000b"}`, 400, `"reason"`},
			{"status of the wrong type", "staff", "POST", "/api/v1/coop/orders/" + mine + "/transitions", `{"to":5}`, 400, "bad_json"},
			{"cancel another's order", "staff", "POST", "/api/v1/coop/orders/" + theirs + "/transitions", `{"to":"cancelled"}`, 404, "not_found"},
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
				req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Test-User", tc.user)
				resp, err := app.Test(req, -1)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.contains) {
					t.Fatalf("%s %s: %d %s; want %d containing %s", tc.method, tc.path, resp.StatusCode, body, tc.status, tc.contains)
				}
				if tc.status >= 400 {
					var e struct {
						Error web.Error `json:"error"`
					}
					if json.Unmarshal(body, &e) != nil || e.Error.Code == "" || e.Error.Message == "" {
						t.Fatalf("error body %s", body)
					}
				}
			})
		}
	})
}
