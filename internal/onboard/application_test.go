package onboard_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
)

func auditCount(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.GetContext(context.Background(), &n, `SELECT COUNT(*) FROM audit_log`); err != nil {
		t.Fatal(err)
	}
	return n
}

// Staff ask a pending application for changes; its team reads them on
// the profile. Only a pending cooperative is asked, and a refused request
// leaves no record.
func TestRequestChanges(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		cat := catalog.New(d, func() time.Time { return now })
		s := onboard.New(onboard.Config{DB: d, Catalog: cat, Audit: audit.New(d, time.Now), Limiter: ratelimit.NewSQL(d, time.Now),
			Limits: onboard.DefaultLimits(), Now: func() time.Time { return now }})
		staff := &account.User{Email: "xuctien@ocop.local", Name: "Xuân", Roles: []string{account.RolePromotionStaff}}
		if err := account.New(d, bcrypt.MinCost).Create(ctx, staff, "mat-khau-dai"); err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for _, c := range []struct{ slug, status string }{{"htx-cho", catalog.CoopPending}, {"htx-ban", catalog.CoopActive}} {
			co := &catalog.Cooperative{Slug: c.slug, Name: c.slug, Province: catalog.NamedSlug{Slug: "son-la"}, Status: c.status}
			if err := cat.CreateCooperative(ctx, d, co); err != nil {
				t.Fatal(err)
			}
			ids[c.slug] = co.ID
		}

		for _, tc := range []struct {
			name    string
			coop    int64
			message string
			want    error
		}{
			{"empty message", ids["htx-cho"], " \n ", fault.ErrInvalidInput},
			{"NUL in the message", ids["htx-cho"], "a\u0000", fault.ErrInvalidInput},
			{"active cooperative", ids["htx-ban"], "Bổ sung.", onboard.ErrNotPending},
			{"unknown cooperative", 999, "Bổ sung.", onboard.ErrNotFound},
		} {
			if _, err := s.RequestChanges(ctx, tc.coop, tc.message, staff); !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
		}
		if n := auditCount(t, d); n != 0 {
			t.Fatalf("%d audit records of refused requests", n)
		}

		p, err := s.RequestChanges(ctx, ids["htx-cho"], "Bổ sung ảnh giấy đăng ký HTX.\r\n\r\n\r\nGhi rõ địa chỉ xưởng.", staff)
		if err != nil {
			t.Fatal(err)
		}
		if p.ReviewMessage != "Bổ sung ảnh giấy đăng ký HTX.\n\nGhi rõ địa chỉ xưởng." || p.ReviewedAt == nil || !p.ReviewedAt.Equal(now) ||
			p.Status != catalog.CoopPending {
			t.Errorf("profile after the request: %+v", p)
		}
		recs, total, err := audit.New(d, time.Now).List(ctx, audit.Filter{CooperativeID: ids["htx-cho"]})
		if err != nil || total != 1 {
			t.Fatalf("%d records (%v), want 1", total, err)
		}
		if r := recs[0]; r.Action != "cooperative.request_changes" || r.Actor.Email != "xuctien@ocop.local" ||
			string(r.After) != `{"status":"pending","review_message":"Bổ sung ảnh giấy đăng ký HTX.\n\nGhi rõ địa chỉ xưởng."}` {
			t.Errorf("record: %+v %s", r, r.After)
		}
		if again, err := s.Profile(ctx, ids["htx-cho"]); err != nil || again.ReviewMessage != p.ReviewMessage {
			t.Errorf("stored: %+v %v", again, err)
		}
	})
}
