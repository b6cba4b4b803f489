package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/mail/mailtest"
	"github.com/ocopmarket/ocopmarket/internal/media"
	"github.com/ocopmarket/ocopmarket/internal/media/mediatest"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// reviewWorld is a pending and an active cooperative in Sơn La and in Hà
// Nội, a pending OCOP claim of each active one's product, and a client
// for each kind of visitor of the staff's review routes.
type reviewWorld struct {
	a        *apptest.App
	coops    map[string]int64 // by slug
	products map[string]int64 // by slug
	claims   map[string]int64 // by product slug
	clients  map[string]*apptest.Client
}

func newReviewWorld(t *testing.T, b apptest.Backend, env map[string]string) *reviewWorld {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, b, apptest.Options{Env: env})
	w := &reviewWorld{a: a, coops: map[string]int64{}, products: map[string]int64{}, claims: map[string]int64{},
		clients: map[string]*apptest.Client{}}
	for _, c := range []struct{ slug, province, status string }{
		{"htx-son-la-cho", "son-la", catalog.CoopPending},
		{"htx-son-la-mo", "son-la", catalog.CoopActive},
		{"htx-ha-noi-cho", "ha-noi", catalog.CoopPending},
		{"htx-ha-noi-mo", "ha-noi", catalog.CoopActive},
	} {
		co := &catalog.Cooperative{Slug: c.slug, Name: "HTX " + c.slug, Province: catalog.NamedSlug{Slug: c.province}, Status: c.status,
			Email: c.slug + "@htx.example.vn", Ward: "Chiềng Sinh", Address: "Tổ 5", Phone: "0912345678",
			BankBIN: "970436", BankAccountNo: "1017595600", BankAccountName: "HTX", ShippingFeeVND: 30000}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		w.coops[c.slug] = co.ID
	}
	for _, p := range []struct{ slug, name, coop, province, issuer string }{
		{"che-ta-xua", "Chè Tà Xùa", "htx-son-la-mo", "son-la", "UBND tỉnh Sơn La"},
		{"mien-dong-hn", "Miến dong Hà Nội", "htx-ha-noi-mo", "ha-noi", "UBND thành phố Hà Nội"},
	} {
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: w.coops[p.coop], CategorySlug: "ca-phe",
			Slug: p.slug, Name: p.name, PriceVND: 100000, Unit: "gói", Stock: 50, Published: true, ProvinceSlug: p.province})
		if err != nil {
			t.Fatal(err)
		}
		w.products[p.slug] = id
		cert := &catalog.Certificate{ProductID: id, Stars: 4, DecisionNo: "12/QĐ-UBND", IssuedBy: p.issuer,
			IssuedOn: db.Date{Time: a.Catalog.Today().AddDate(0, -2, 0)}}
		if err := a.Catalog.AddCertificate(ctx, a.DB, cert); err != nil {
			t.Fatal(err)
		}
		w.claims[p.slug] = cert.ID
	}
	sonLa, mine, applicant := "son-la", w.coops["htx-son-la-mo"], w.coops["htx-son-la-cho"]
	w.clients[""] = a.Client()
	w.clients["national"] = a.LoggedIn(&account.User{Email: "xuctien@ocop.local", Name: "Xúc tiến", Roles: []string{account.RolePromotionStaff}})
	w.clients["sonla"] = a.LoggedIn(&account.User{Email: "xuctien-son-la@ocop.local", Name: "Sơn La", Roles: []string{account.RolePromotionStaff},
		StaffProvince: &sonLa})
	w.clients["coop"] = a.LoggedIn(&account.User{Email: "mo@ocop.local", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &mine})
	w.clients["applicant"] = a.LoggedIn(&account.User{Email: "cho@ocop.local", Name: "Hoa", Roles: []string{account.RoleCoopStaff},
		CooperativeID: &applicant})
	w.clients["shopper"] = a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})
	return w
}

// reviewAudits counts the audit records of the staff's decisions.
func (w *reviewWorld) reviewAudits(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.a.DB.GetContext(context.Background(), &n, `SELECT COUNT(*) FROM audit_log
		WHERE action LIKE 'cooperative.%' OR action LIKE 'ocop.%'`); err != nil {
		t.Fatal(err)
	}
	return n
}

// jobs counts the outbox jobs of kind.
func (w *reviewWorld) jobs(t *testing.T, kind string) int {
	t.Helper()
	var n int
	if err := w.a.DB.GetContext(context.Background(), &n, w.a.DB.Rebind(`SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?`), kind); err != nil {
		t.Fatal(err)
	}
	return n
}

// expectField fails the test unless r is a 400 naming field.
func expectField(t *testing.T, what string, r apptest.Response, field string) {
	t.Helper()
	if r.Status != http.StatusBadRequest || r.FieldCode(field) == "" {
		t.Fatalf("%s: %d %s, want 400 on %s", what, r.Status, r.Raw, field)
	}
}

// waitFor polls target as c until its answer contains want (or, with
// absent, no longer does).
func waitFor(t *testing.T, c *apptest.Client, target, want string, absent bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		r := c.Get(target)
		if strings.Contains(r.Raw, want) != absent {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: want %q (absent %v): %d %.600s", target, want, absent, r.Status, r.Raw)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Who may call the review API, and on whose cooperatives and claims;
// nothing refused writes an audit record.
func TestReviewAccess(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newReviewWorld(t, b, nil)
		coop := func(slug, tail string) string {
			return fmt.Sprintf("/api/v1/staff/cooperatives/%d%s", w.coops[slug], tail)
		}
		claim := func(slug, tail string) string { return fmt.Sprintf("/api/v1/staff/ocop/%d%s", w.claims[slug], tail) }
		reason := map[string]any{"reason": "Thiếu giấy phép", "message": "Bổ sung giấy phép"}
		routes := []struct {
			method, sonla, hanoi string // the route on a Sơn La and a Hà Nội resource
		}{
			{"GET", coop("htx-son-la-cho", ""), coop("htx-ha-noi-cho", "")},
			{"POST", coop("htx-son-la-cho", "/approve"), coop("htx-ha-noi-cho", "/approve")},
			{"POST", coop("htx-son-la-cho", "/request-changes"), coop("htx-ha-noi-cho", "/request-changes")},
			{"POST", coop("htx-son-la-cho", "/reject"), coop("htx-ha-noi-cho", "/reject")},
			{"POST", coop("htx-son-la-mo", "/suspend"), coop("htx-ha-noi-mo", "/suspend")},
			{"POST", coop("htx-son-la-mo", "/reinstate"), coop("htx-ha-noi-mo", "/reinstate")},
			{"GET", claim("che-ta-xua", ""), claim("mien-dong-hn", "")},
			{"POST", claim("che-ta-xua", "/verify"), claim("mien-dong-hn", "/verify")},
			{"POST", claim("che-ta-xua", "/reject"), claim("mien-dong-hn", "/reject")},
		}
		before := w.reviewAudits(t)
		for _, r := range routes {
			var body any
			if r.method == "POST" {
				body = reason
			}
			apptest.Expect(t, "anonymous "+r.sonla, w.clients[""].Do(r.method, r.sonla, body), 401)
			apptest.Expect(t, "coop staff "+r.sonla, w.clients["coop"].Do(r.method, r.sonla, body), 403, "forbidden")
			apptest.Expect(t, "shopper "+r.sonla, w.clients["shopper"].Do(r.method, r.sonla, body), 403, "forbidden")
			apptest.Expect(t, "Sơn La staff on Hà Nội "+r.hanoi, w.clients["sonla"].Do(r.method, r.hanoi, body), 404, "not_found")
		}
		for _, target := range []string{"/api/v1/staff/cooperatives", "/api/v1/staff/ocop"} {
			apptest.Expect(t, "anonymous "+target, w.clients[""].Get(target), 401)
			apptest.Expect(t, "coop staff "+target, w.clients["coop"].Get(target), 403, "forbidden")
			apptest.Expect(t, "shopper "+target, w.clients["shopper"].Get(target), 403, "forbidden")
			apptest.Expect(t, "unknown status "+target, w.clients["national"].Get(target+"?status=lost"), 400)
		}
		apptest.Expect(t, "unknown cooperative", w.clients["national"].Get("/api/v1/staff/cooperatives/999999"), 404, "not_found")
		apptest.Expect(t, "bad id", w.clients["national"].Do("POST", "/api/v1/staff/cooperatives/abc/approve", nil), 404, "not_found")
		apptest.Expect(t, "unknown claim", w.clients["national"].Do("POST", "/api/v1/staff/ocop/999999/verify", nil), 404, "not_found")
		if after := w.reviewAudits(t); after != before {
			t.Errorf("refused calls wrote %d audit records", after-before)
		}

		// A province's staff list their province's only; national staff all.
		r := w.clients["sonla"].Get("/api/v1/staff/cooperatives?status=pending")
		if r.Body["total"] != float64(1) || !strings.Contains(r.Raw, "htx-son-la-cho") || strings.Contains(r.Raw, "htx-ha-noi") {
			t.Errorf("Sơn La's pending list: %s", r.Raw)
		}
		apptest.Contains(t, "applicant listed", r.Raw, `"email":"cho@ocop.local"`, `"tax_code"`, `"bank_name"`)
		if r := w.clients["national"].Get("/api/v1/staff/cooperatives"); r.Body["total"] != float64(2) {
			t.Errorf("national pending list: %s", r.Raw)
		}
		r = w.clients["sonla"].Get("/api/v1/staff/ocop?status=pending")
		if r.Body["total"] != float64(1) || strings.Contains(r.Raw, "mien-dong-hn") {
			t.Errorf("Sơn La's claims: %s", r.Raw)
		}
		apptest.Contains(t, "claim", r.Raw, `"product":{"id":`, `"slug":"che-ta-xua"`, `"province":{"slug":"son-la"`,
			`"expected_issuer":"UBND tỉnh Sơn La"`, `"issuer_mismatch":false`)
		if r := w.clients["national"].Get("/api/v1/staff/ocop"); r.Body["total"] != float64(2) {
			t.Errorf("national claims: %s", r.Raw)
		}

		// National staff take every decision on any province's, each with
		// one audit record.
		national, n := w.clients["national"], w.reviewAudits(t)
		for _, step := range []struct {
			method, target string
			body           any
			status         string
		}{
			{"GET", coop("htx-ha-noi-cho", ""), nil, "pending"},
			{"POST", coop("htx-ha-noi-cho", "/request-changes"), reason, "pending"},
			{"POST", coop("htx-ha-noi-cho", "/approve"), nil, "active"},
			{"POST", coop("htx-ha-noi-mo", "/suspend"), reason, "suspended"},
			{"POST", coop("htx-ha-noi-mo", "/reinstate"), nil, "active"},
			{"GET", claim("mien-dong-hn", ""), nil, "pending"},
			{"POST", claim("mien-dong-hn", "/verify"), nil, "verified"},
			{"POST", claim("mien-dong-hn", "/reject"), reason, "rejected"},
		} {
			r := national.Do(step.method, step.target, step.body)
			if r.Status != 200 || r.Body["status"] != step.status {
				t.Errorf("national %s %s: %d %s", step.method, step.target, r.Status, r.Raw)
			}
			if step.method == "POST" {
				n++
			}
			if got := w.reviewAudits(t); got != n {
				t.Errorf("national %s %s: %d audit records, want %d", step.method, step.target, got, n)
				n = got
			}
		}
	})
}

// The decisions on cooperatives: each writes one audit record; refused
// ones (bad input, impossible transitions) change nothing and write none;
// approval opens the shop, suspension closes it at once but leaves its
// orders its to handle.
func TestReviewCooperatives(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newReviewWorld(t, b, nil)
		sonla, national, applicant := w.clients["sonla"], w.clients["national"], w.clients["applicant"]
		coop := func(slug, tail string) string {
			return fmt.Sprintf("/api/v1/staff/cooperatives/%d%s", w.coops[slug], tail)
		}

		refused := []struct {
			what, target string
			body         any
			status       int
			code         string
		}{
			{"changes without a message", coop("htx-son-la-cho", "/request-changes"), map[string]any{"message": "  "}, 400, "field:message"},
			{"reject without a reason", coop("htx-son-la-cho", "/reject"), map[string]any{}, 400, "field:reason"},
			{"suspend without a reason", coop("htx-son-la-mo", "/suspend"), map[string]any{"reason": ""}, 400, "field:reason"},
			{"suspend with a number", coop("htx-son-la-mo", "/suspend"), map[string]any{"reason": 12}, 400, "field:reason"},
			{"malformed JSON", coop("htx-son-la-mo", "/suspend"), "{", 400, "invalid_json"},
			{"a body that is not JSON", coop("htx-son-la-mo", "/suspend"), "reason=x", 415, "unsupported_media_type"},
			{"suspend a pending one", coop("htx-son-la-cho", "/suspend"), map[string]any{"reason": "x"}, 409, "review_not_active"},
			{"reinstate a pending one", coop("htx-son-la-cho", "/reinstate"), nil, 409, "review_not_suspended"},
			{"reinstate an active one", coop("htx-son-la-mo", "/reinstate"), nil, 409, "review_not_suspended"},
			{"approve an active one", coop("htx-son-la-mo", "/approve"), nil, 409, "cooperative_not_pending"},
			{"reject an active one", coop("htx-son-la-mo", "/reject"), map[string]any{"reason": "x"}, 409, "cooperative_not_pending"},
			{"changes to an active one", coop("htx-son-la-mo", "/request-changes"), map[string]any{"message": "x"}, 409, "cooperative_not_pending"},
		}
		before, emails := w.reviewAudits(t), w.jobs(t, onboard.JobReviewEmail)
		for _, r := range refused {
			var headers []string
			if s, ok := r.body.(string); ok && strings.HasPrefix(s, "{") {
				headers = []string{"Content-Type", "application/json"}
			}
			res := sonla.Do("POST", r.target, r.body, headers...)
			if f, ok := strings.CutPrefix(r.code, "field:"); ok {
				expectField(t, r.what, res, f)
				continue
			}
			apptest.Expect(t, r.what, res, r.status, r.code)
		}
		if w.reviewAudits(t) != before || w.jobs(t, onboard.JobReviewEmail) != emails {
			t.Fatal("refused decisions wrote audit records or emails")
		}

		// Before approval the applicant cannot put a product on sale.
		apptest.Expect(t, "publish while pending", applicant.Do("POST", "/api/v1/coop/products", productBody("Chè shan", 1000, 1, true)), 409, "cooperative_not_active")

		r := sonla.Do("POST", coop("htx-son-la-cho", "/request-changes"), map[string]any{"message": "Bổ sung <b>giấy phép</b>"})
		if r.Status != 200 || r.Body["status"] != "pending" || r.Body["review_message"] != "Bổ sung <b>giấy phép</b>" {
			t.Fatalf("request changes: %d %s", r.Status, r.Raw)
		}
		apptest.Contains(t, "the applicant's profile", applicant.Get("/api/v1/coop/profile").Raw, "Bổ sung \\u003cb\\u003egiấy phép")
		apptest.Contains(t, "the applicant's profile page", applicant.Page("/quan-ly/ho-so", http.StatusOK), "Bổ sung &lt;b&gt;giấy phép")
		if w.reviewAudits(t) != before+1 || w.jobs(t, onboard.JobReviewEmail) != emails+1 {
			t.Errorf("request changes: %d audit records, %d emails", w.reviewAudits(t)-before, w.jobs(t, onboard.JobReviewEmail)-emails)
		}

		r = sonla.Do("POST", coop("htx-son-la-cho", "/approve"), nil)
		if r.Status != 200 || r.Body["status"] != "active" || r.Body["reviewed_at"] == nil {
			t.Fatalf("approve: %d %s", r.Status, r.Raw)
		}
		apptest.Expect(t, "publish once approved", applicant.Do("POST", "/api/v1/coop/products", productBody("Chè shan", 1000, 1, true)), 201)
		apptest.Expect(t, "approve twice", sonla.Do("POST", coop("htx-son-la-cho", "/approve"), nil), 409, "cooperative_not_pending")

		// A rejected application is listed nowhere and cannot come back.
		r = national.Do("POST", coop("htx-ha-noi-cho", "/reject"), map[string]any{"reason": "Không phải hợp tác xã"})
		if r.Status != 200 || r.Body["rejected_at"] == nil || r.Body["review_message"] != "Không phải hợp tác xã" {
			t.Fatalf("reject: %d %s", r.Status, r.Raw)
		}
		for _, st := range onboard.ReviewStatuses() {
			if strings.Contains(national.Get("/api/v1/staff/cooperatives?status="+st).Raw, "htx-ha-noi-cho") {
				t.Errorf("a rejected application is listed as %s", st)
			}
		}
		apptest.Expect(t, "reinstate a rejected one", national.Do("POST", coop("htx-ha-noi-cho", "/reinstate"), nil), 409, "review_not_suspended")

		// An open order of the cooperative, then its suspension, with the
		// outbox worker running.
		w.a.Background()
		slug := "/api/v1/products/che-ta-xua"
		waitFor(t, w.clients[""], "/api/v1/products?q=ta+xua", `"slug":"che-ta-xua"`, false)
		g, _, err := w.a.Orders.Service.Checkout(context.Background(), order.CheckoutInput{Name: "Lan", Phone: "0912345678",
			Address:       order.AddressInput{Line: "1 Lê Lợi", Ward: "Tô Hiệu", Province: "son-la"},
			PaymentMethod: payment.MethodCOD, Lines: []order.Line{{ProductID: w.products["che-ta-xua"], Quantity: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		code := g.Orders[0].Code
		n := w.reviewAudits(t)
		r = sonla.Do("POST", coop("htx-son-la-mo", "/suspend"), map[string]any{"reason": "Hàng giả"})
		if r.Status != 200 || r.Body["status"] != "suspended" {
			t.Fatalf("suspend: %d %s", r.Status, r.Raw)
		}
		apptest.Expect(t, "product API once suspended", w.clients[""].Get(slug), 404)
		waitFor(t, w.clients[""], "/api/v1/products?q=ta+xua", `"slug":"che-ta-xua"`, true)
		if strings.Contains(w.clients[""].Get("/api/v1/products").Raw, "che-ta-xua") {
			t.Error("the product list shows a suspended cooperative's product")
		}
		mine := w.clients["coop"]
		apptest.Contains(t, "its open order", mine.Get("/api/v1/coop/orders/"+code).Raw, code)
		apptest.Expect(t, "confirm its open order", mine.Do("POST", "/api/v1/coop/orders/"+code+"/transitions", map[string]any{"to": "confirmed"}), 200)
		apptest.Expect(t, "suspend twice", sonla.Do("POST", coop("htx-son-la-mo", "/suspend"), map[string]any{"reason": "x"}), 409, "review_not_active")
		if r := sonla.Get("/api/v1/staff/cooperatives?status=suspended"); !strings.Contains(r.Raw, "htx-son-la-mo") {
			t.Errorf("suspended list: %s", r.Raw)
		}

		r = sonla.Do("POST", coop("htx-son-la-mo", "/reinstate"), nil)
		if r.Status != 200 || r.Body["status"] != "active" {
			t.Fatalf("reinstate: %d %s", r.Status, r.Raw)
		}
		apptest.Expect(t, "product API once reinstated", w.clients[""].Get(slug), 200)
		waitFor(t, w.clients[""], "/api/v1/products?q=ta+xua", `"slug":"che-ta-xua"`, false)
		if got := w.reviewAudits(t) - n; got != 2 {
			t.Errorf("suspend and reinstate wrote %d audit records, want 2", got)
		}
		var rec struct {
			Actor  int64  `db:"actor_user_id"`
			Before string `db:"before_json"`
			After  string `db:"after_json"`
		}
		if err := w.a.DB.GetContext(context.Background(), &rec, w.a.DB.Rebind(`SELECT actor_user_id, before_json, after_json FROM audit_log
			WHERE action = 'cooperative.suspend' AND cooperative_id = ?`), w.coops["htx-son-la-mo"]); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(rec.Before, `"active"`) || !strings.Contains(rec.After, `"suspended"`) || !strings.Contains(rec.After, "Hàng giả") || rec.Actor == 0 {
			t.Errorf("suspension's audit record: %+v", rec)
		}
	})
}

// The OCOP decisions reach the product page, the API and search within
// seconds; each writes one audit record and refused ones none.
func TestReviewOCOP(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newReviewWorld(t, b, nil)
		w.a.Background()
		sonla, anon := w.clients["sonla"], w.clients[""]
		claim := func(tail string) string { return fmt.Sprintf("/api/v1/staff/ocop/%d%s", w.claims["che-ta-xua"], tail) }
		before := w.reviewAudits(t)
		expectField(t, "reject without a reason", sonla.Do("POST", claim("/reject"), map[string]any{"reason": " "}), "reason")
		apptest.Expect(t, "reject with malformed JSON", sonla.Do("POST", claim("/reject"), "[1", "Content-Type", "application/json"), 400, "invalid_json")
		if w.reviewAudits(t) != before {
			t.Fatal("a refused rejection wrote an audit record")
		}

		r := sonla.Do("POST", claim("/verify"), nil)
		if r.Status != 200 || r.Body["status"] != "verified" {
			t.Fatalf("verify: %d %s", r.Status, r.Raw)
		}
		waitFor(t, anon, "/api/v1/products?q=ta+xua", `"ocop_stars":4`, false)
		apptest.Contains(t, "product API", anon.Get("/api/v1/products/che-ta-xua").Raw, `"ocop_stars":4`)
		apptest.Contains(t, "product page", anon.Page("/san-pham/che-ta-xua", http.StatusOK), "★★★★")
		apptest.Expect(t, "verify twice", sonla.Do("POST", claim("/verify"), nil), 409, "claim_already_reviewed")
		apptest.Contains(t, "verified tab", sonla.Get("/api/v1/staff/ocop?status=verified").Raw, `"slug":"che-ta-xua"`)

		r = sonla.Do("POST", claim("/reject"), map[string]any{"reason": "Quyết định đã bị thu hồi"})
		if r.Status != 200 || r.Body["status"] != "rejected" || r.Body["reject_reason"] != "Quyết định đã bị thu hồi" {
			t.Fatalf("revoke: %d %s", r.Status, r.Raw)
		}
		waitFor(t, anon, "/api/v1/products?q=ta+xua", `"ocop_stars":4`, true)
		apptest.Contains(t, "product API once revoked", anon.Get("/api/v1/products/che-ta-xua").Raw, `"ocop_stars":null`)
		apptest.Expect(t, "reject twice", sonla.Do("POST", claim("/reject"), map[string]any{"reason": "x"}), 409, "claim_already_reviewed")
		if got := w.reviewAudits(t) - before; got != 2 {
			t.Errorf("verify and revoke wrote %d audit records, want 2", got)
		}

		// A verified certificate that lapses loses its stars in the API at
		// once and in search with the daily sweep (its last day is moved
		// to yesterday, as if the days had passed).
		ctx := context.Background()
		hanoi := fmt.Sprintf("/api/v1/staff/ocop/%d/verify", w.claims["mien-dong-hn"])
		apptest.Expect(t, "verify Hà Nội's claim", w.clients["national"].Do("POST", hanoi, nil), 200)
		waitFor(t, anon, "/api/v1/products?q=mien+dong", `"ocop_stars":4`, false)
		yesterday := db.Date{Time: w.a.Catalog.Today().AddDate(0, 0, -1)}
		w.a.Exec(`UPDATE ocop_certificates SET expires_on = ? WHERE id = ?`, yesterday, w.claims["mien-dong-hn"])
		apptest.Contains(t, "product API of a lapsed certificate", anon.Get("/api/v1/products/mien-dong-hn").Raw, `"ocop_stars":null`)
		if err := w.a.Catalog.SetState(ctx, "search_expiry_swept_on", db.Date{Time: yesterday.AddDate(0, 0, -1)}.String()); err != nil {
			t.Fatal(err)
		}
		if err := w.a.Indexer.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		waitFor(t, anon, "/api/v1/products?q=mien+dong", `"ocop_stars":4`, true)

		// A lapsed certificate is listed as expired and shows no stars;
		// one expiring within 60 days is listed as expiring; a 4★ decision
		// from another province is flagged.
		lapsed := &catalog.Certificate{ProductID: w.products["mien-dong-hn"], Stars: 3, DecisionNo: "1/QĐ", IssuedBy: "UBND thành phố Hà Nội",
			IssuedOn: db.Date{Time: w.a.Catalog.Today().AddDate(0, 0, -10)}.AddMonths(-catalog.CertificateValidityMonths), Status: catalog.CertVerified}
		soon := &catalog.Certificate{ProductID: w.products["che-ta-xua"], Stars: 5, DecisionNo: "2/QĐ-BNNMT", IssuedBy: catalog.FormerMinistry,
			IssuedOn: db.Date{Time: w.a.Catalog.Today().AddDate(0, 0, 30)}.AddMonths(-catalog.CertificateValidityMonths), Status: catalog.CertVerified}
		wrong := &catalog.Certificate{ProductID: w.products["che-ta-xua"], Stars: 4, DecisionNo: "3/QĐ-UBND", IssuedBy: "UBND tỉnh Lào Cai",
			IssuedOn: db.Date{Time: w.a.Catalog.Today().AddDate(0, -1, 0)}}
		for _, c := range []*catalog.Certificate{lapsed, soon, wrong} {
			if err := w.a.Catalog.AddCertificate(ctx, w.a.DB, c); err != nil {
				t.Fatal(err)
			}
		}
		national := w.clients["national"]
		apptest.Contains(t, "expired tab", national.Get("/api/v1/staff/ocop?status=expired").Raw, `"decision_no":"1/QĐ"`)
		apptest.Contains(t, "product API of a lapsed certificate", anon.Get("/api/v1/products/mien-dong-hn").Raw, `"ocop_stars":null`)
		if r := national.Get("/api/v1/staff/ocop?status=expiring"); !strings.Contains(r.Raw, `"decision_no":"2/QĐ-BNNMT"`) || strings.Contains(r.Raw, `"1/QĐ"`) {
			t.Errorf("expiring tab: %s", r.Raw)
		}
		r = sonla.Get(fmt.Sprintf("/api/v1/staff/ocop/%d", wrong.ID))
		if r.Body["issuer_mismatch"] != true || r.Body["expected_issuer"] != "UBND tỉnh Sơn La" {
			t.Errorf("a decision from another province: %s", r.Raw)
		}
		if r := sonla.Get(fmt.Sprintf("/api/v1/staff/ocop/%d", soon.ID)); r.Body["expected_issuer"] != catalog.FormerMinistry || r.Body["issuer_mismatch"] != false {
			t.Errorf("a 5★ decision of 2024, by the former ministry: %s", r.Raw)
		}
	})
}

// The staff's review pages: who may open them, the tabs with their
// counts, the decision forms and their refusals, the scan beside the
// entered data.
func TestReviewPages(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newReviewWorld(t, b, nil)
		ctx := context.Background()
		if _, _, err := w.a.Catalog.AttachScan(ctx, w.a.DB, w.coops["htx-son-la-mo"], w.products["che-ta-xua"],
			media.Variant{ContentType: media.PNG, Data: mediatest.PNG(t, 40, 30, 255)}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.a.Catalog.AttachScan(ctx, w.a.DB, w.coops["htx-ha-noi-mo"], w.products["mien-dong-hn"],
			media.Variant{ContentType: media.PDF, Data: mediatest.PDF("")}); err != nil {
			t.Fatal(err)
		}
		sonlaCoop := fmt.Sprintf("/xuc-tien/hop-tac-xa/%d", w.coops["htx-son-la-cho"])
		hanoiCoop := fmt.Sprintf("/xuc-tien/hop-tac-xa/%d", w.coops["htx-ha-noi-cho"])
		sonlaClaim := fmt.Sprintf("/xuc-tien/ocop/%d", w.claims["che-ta-xua"])
		hanoiClaim := fmt.Sprintf("/xuc-tien/ocop/%d", w.claims["mien-dong-hn"])
		for _, target := range []string{"/xuc-tien/hop-tac-xa", sonlaCoop, "/xuc-tien/ocop", sonlaClaim} {
			r := w.clients[""].Get(target)
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
				t.Errorf("anonymous %s: %d %s", target, r.Status, r.Header.Get("Location"))
			}
			w.clients["coop"].Page(target, http.StatusForbidden)
			w.clients["shopper"].Page(target, http.StatusForbidden)
		}
		sonla := w.clients["sonla"]
		sonla.Page(hanoiCoop, http.StatusNotFound)
		sonla.Page(hanoiClaim, http.StatusNotFound)
		sonla.Page("/xuc-tien/ocop/abc", http.StatusNotFound)

		list := sonla.Page("/xuc-tien/hop-tac-xa", http.StatusOK)
		apptest.Contains(t, "cooperatives", list, "HTX htx-son-la-cho", `Chờ duyệt <span class="count">1</span>`,
			`Đang hoạt động <span class="count">1</span>`, "cho@ocop.local", "Chiềng Sinh", `href="`+sonlaCoop+`"`, `aria-current="page"`)
		if strings.Contains(list, "htx-ha-noi") {
			t.Error("Sơn La's staff see Hà Nội's cooperatives")
		}
		apptest.Contains(t, "in English", w.clients["national"].Page("/xuc-tien/hop-tac-xa?lang=en", http.StatusOK), "Pending", "Applicant")

		page := sonla.Page(sonlaCoop, http.StatusOK)
		apptest.Contains(t, "cooperative page", page, `name="_csrf"`, `value="approve"`, `value="request_changes"`, `value="reject"`, "<textarea")
		token := apptest.CSRF(t, page)
		before := w.reviewAudits(t)
		r := sonla.PostForm(sonlaCoop+"/quyet-dinh", url.Values{"_csrf": {token}, "action": {"reject"}, "text": {""}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, `value="reject"`) {
			t.Errorf("reject without a reason: %d", r.Status)
		}
		r = sonla.PostForm(sonlaCoop+"/quyet-dinh", url.Values{"_csrf": {token}, "action": {"reinstate"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Raw, "không bị tạm ngừng") {
			t.Errorf("reinstate a pending one: %d", r.Status)
		}
		if r := sonla.PostForm(sonlaCoop+"/quyet-dinh", url.Values{"_csrf": {"wrong"}, "action": {"approve"}}); r.Status != http.StatusForbidden {
			t.Errorf("a wrong token: %d", r.Status)
		}
		if r := sonla.PostForm(hanoiCoop+"/quyet-dinh", url.Values{"_csrf": {token}, "action": {"approve"}}); r.Status != http.StatusNotFound {
			t.Errorf("approve another province's: %d", r.Status)
		}
		if w.reviewAudits(t) != before {
			t.Fatal("refused page forms wrote audit records")
		}
		r = sonla.PostForm(sonlaCoop+"/quyet-dinh", url.Values{"_csrf": {token}, "action": {"approve"}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != sonlaCoop {
			t.Fatalf("approve: %d %s", r.Status, r.Header.Get("Location"))
		}
		page = sonla.Page(sonlaCoop, http.StatusOK)
		apptest.Contains(t, "approved", page, "Đã duyệt hợp tác xã", `value="suspend"`)
		if w.reviewAudits(t) != before+1 {
			t.Errorf("approval by page wrote %d audit records", w.reviewAudits(t)-before)
		}

		claims := sonla.Page("/xuc-tien/ocop", http.StatusOK)
		apptest.Contains(t, "claims", claims, "Chè Tà Xùa", `Chờ xác nhận <span class="count">1</span>`, `href="`+sonlaClaim+`"`)
		page = sonla.Page(sonlaClaim, http.StatusOK)
		apptest.Contains(t, "claim page", page, `<img class="scan-image" src="/images/s`, "UBND tỉnh Sơn La", `value="verify"`, `name="reason"`)
		apptest.Contains(t, "a PDF scan", w.clients["national"].Page(hanoiClaim, http.StatusOK), `<iframe class="scan-frame"`, "sandbox",
			"The issuer matches")
		r = sonla.PostForm(sonlaClaim+"/quyet-dinh", url.Values{"_csrf": {token}, "action": {"reject"}, "reason": {""}})
		if r.Status != http.StatusBadRequest {
			t.Errorf("reject a claim without a reason: %d", r.Status)
		}
		r = sonla.PostForm(sonlaClaim+"/quyet-dinh", url.Values{"_csrf": {token}, "action": {"verify"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("verify: %d", r.Status)
		}
		apptest.Contains(t, "verified", sonla.Page(sonlaClaim, http.StatusOK), "Đã xác nhận chứng nhận OCOP", `value="reject"`)
		if w.reviewAudits(t) != before+2 {
			t.Errorf("verification by page: %d audit records in all", w.reviewAudits(t)-before)
		}
	})
}

// A request for changes and a rejection are emailed, through the outbox,
// to the cooperative's address and its team's, each once.
func TestReviewEmails(t *testing.T) {
	smtp := mailtest.Start(t)
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newReviewWorld(t, b, map[string]string{"SMTP_URL": smtp.URL})
		w.a.Background()
		target := fmt.Sprintf("/api/v1/staff/cooperatives/%d/", w.coops["htx-son-la-cho"])
		apptest.Expect(t, "request changes", w.clients["national"].Do("POST", target+"request-changes",
			map[string]any{"message": "Bổ sung giấy phép kinh doanh"}), 200)
		apptest.Expect(t, "reject", w.clients["national"].Do("POST", target+"reject", map[string]any{"reason": "Trùng hồ sơ"}), 200)
		got := map[string]string{}
		for range 4 {
			m := smtp.Next(t, 15*time.Second)
			got[strings.Trim(m.Header.Get("To"), "<>")] += mailtest.Body(t, m)
		}
		for _, to := range []string{"htx-son-la-cho@htx.example.vn", "cho@ocop.local"} {
			apptest.Contains(t, "email to "+to, got[to], "Bổ sung giấy phép kinh doanh", "Trùng hồ sơ", "/quan-ly/ho-so")
		}
	})
}
