package admin_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// The panel's pages send an anonymous visitor to the login page and back,
// show others a 403 page, and show a cooperative its own log only.
func TestAuditPage(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		ctx := context.Background()
		a := apptest.New(t, b, apptest.Options{})
		ids := map[string]int64{}
		for _, slug := range []string{"htx-a", "htx-b"} {
			co := &catalog.Cooperative{Slug: slug, Name: "HTX " + slug, Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopPending}
			if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
				t.Fatal(err)
			}
			ids[slug] = co.ID
			if err := a.DB.Tx(ctx, func(tx *sqlx.Tx) error {
				return a.Audit.Record(ctx, tx, audit.Entry{Actor: audit.Actor{Email: slug + "@ocop.local"}, CooperativeID: &co.ID,
					Action: "product.update", Subject: audit.Subject{Kind: "product", ID: "change-of-" + slug}})
			}); err != nil {
				t.Fatal(err)
			}
		}
		coopA := ids["htx-a"]
		staff := a.LoggedIn(&account.User{Email: "a@ocop.local", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &coopA})
		shopper := a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})

		r := a.Client().Get("/quan-ly/nhat-ky?page=1")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=%2Fquan-ly%2Fnhat-ky") {
			t.Fatalf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
		}
		page := shopper.Page("/quan-ly/nhat-ky", http.StatusForbidden)
		apptest.Contains(t, "shopper", page, "<html")

		page = staff.Page("/quan-ly/nhat-ky", http.StatusOK)
		apptest.Contains(t, "own log", page, "change-of-htx-a", "HTX htx-a", "product.update", `name="_csrf"`)
		if strings.Contains(page, "change-of-htx-b") {
			t.Error("the page shows another cooperative's change")
		}
		page = staff.Page("/quan-ly/nhat-ky?lang=en", http.StatusOK)
		apptest.Contains(t, "English", page, "Audit log", "waiting for trade-promotion staff")
		staff.Page("/quan-ly/nhat-ky?page=x", http.StatusBadRequest)
	})
}
