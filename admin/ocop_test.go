package admin_test

import (
	"context"
	"fmt"
	"log/slog"
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
)

func ocopPath(product int64) string { return fmt.Sprintf("/api/v1/coop/products/%d/ocop", product) }

// day is today plus n days, as the API writes dates.
func day(a *apptest.App, n int) string {
	return a.Catalog.Today().AddDate(0, 0, n).Format(db.DateLayout)
}

func TestOCOPClaimAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newMediaWorld(t, b, nil)
		ctx := context.Background()
		a := w.a
		lastYear := day(a, -365)
		claim := func(stars int, no, by, on string) map[string]any {
			return map[string]any{"stars": stars, "decision_no": no, "issued_by": by, "issued_on": on}
		}
		for _, tc := range []struct {
			name  string
			body  any
			field string
			code  string
		}{
			{"two stars", claim(2, "1/QĐ-UBND", "UBND tỉnh Sơn La", lastYear), "stars", "out_of_range"},
			{"six stars", claim(6, "1/QĐ-UBND", "UBND tỉnh Sơn La", lastYear), "stars", "out_of_range"},
			{"5★ from a province", claim(5, "1/QĐ-UBND", "UBND tỉnh Sơn La", lastYear), "issued_by", "wrong_issuer_ministry"},
			{"4★ from the ministry", claim(4, "1/QĐ-BNNMT", catalog.Ministry, lastYear), "issued_by", "wrong_issuer_province"},
			{"4★ from no province", claim(4, "1/QĐ-UBND", "UBND tỉnh Atlantis", lastYear), "issued_by", "wrong_issuer_province"},
			{"4★ from a province merged before the decision", claim(4, "1/QĐ-UBND", "UBND tỉnh Bắc Giang", day(a, -30)), "issued_by", "wrong_issuer_province"},
			{"no decision number", claim(4, " ", "UBND tỉnh Sơn La", lastYear), "decision_no", "required"},
			{"script in the decision number", claim(4, "<script>alert(1)</script>", "UBND tỉnh Sơn La", lastYear), "decision_no", "invalid_text"},
			{"a decision of tomorrow", claim(4, "1/QĐ-UBND", "UBND tỉnh Sơn La", day(a, 1)), "issued_on", "date_in_future"},
			{"an expired certificate", claim(4, "1/QĐ-UBND", "UBND tỉnh Sơn La", a.Catalog.Today().AddMonths(-37).String()), "issued_on", "certificate_expired"},
			{"not a date", claim(4, "1/QĐ-UBND", "UBND tỉnh Sơn La", "26/6/2025"), "issued_on", "invalid_date"},
			{"no body", claim(4, "1/QĐ-UBND", "", lastYear), "issued_by", "required"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := w.counts(t)
				r := w.staff.Do("PUT", ocopPath(w.mine), tc.body)
				apptest.Expect(t, tc.name, r, http.StatusBadRequest, "invalid_input")
				if r.FieldCode(tc.field) != tc.code {
					t.Errorf("%s: %q, want %q: %s", tc.field, r.FieldCode(tc.field), tc.code, r.Raw)
				}
				if after := w.counts(t); after != before {
					t.Errorf("a refused claim changed %s into %s", before, after)
				}
			})
		}
		apptest.Expect(t, "stars as text", w.staff.Do("PUT", ocopPath(w.mine), `{"stars":"4"}`, "Content-Type", "application/json"), 400, "invalid_json")
		apptest.Expect(t, "a scan without a claim", w.upload(t, w.staff, ocopPath(w.mine)+"/scan", nil, mediatest.PDF("")), 409, "no_pending_claim")

		jobs := w.count(t, `SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?`, catalog.JobIndexProducts)
		r := w.staff.Do("PUT", ocopPath(w.mine), claim(4, "2361/QĐ-UBND", "Ủy ban nhân dân tỉnh Sơn La", lastYear))
		apptest.Expect(t, "a claim", r, http.StatusOK)
		issued, _ := db.ParseDate(lastYear)
		if r.Body["status"] != "pending" || r.Body["issued_by"] != "UBND tỉnh Sơn La" || r.Body["expires_on"] != catalog.ExpiryOf(issued).String() {
			t.Errorf("claim: %s", r.Raw)
		}
		first := int64(r.Body["id"].(float64))
		if n := w.count(t, `SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?`, catalog.JobIndexProducts); n != jobs {
			t.Errorf("a claim waiting changes nothing shoppers see, yet queued %d index jobs", n-jobs)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'product.ocop.claim'`); n != 1 {
			t.Errorf("%d audit records of the claim", n)
		}
		r = w.staff.Do("PUT", ocopPath(w.mine), claim(5, "2361/QĐ-BNNMT", "Bộ Nông nghiệp và Môi trường", day(a, -10)))
		apptest.Expect(t, "a claim replacing the one waiting", r, http.StatusOK)
		second := int64(r.Body["id"].(float64))
		if n := w.count(t, `SELECT COUNT(*) FROM ocop_certificates WHERE product_id = ?`, w.mine); n != 1 {
			t.Errorf("%d claims after the replacement, want 1", n)
		}
		if w.count(t, `SELECT COUNT(*) FROM ocop_certificates WHERE id = ?`, first) != 0 {
			t.Error("the replaced claim stays")
		}
		// Decisions from before the mergers name the bodies of the time;
		// these two hold until November 2027.
		if w.a.Catalog.Today().Before(time.Date(2027, 11, 20, 0, 0, 0, 0, time.UTC)) {
			r = w.staff.Do("PUT", ocopPath(w.mine), claim(4, "88/QĐ-UBND", "UBND tinh Bac Giang", "2025-01-10"))
			apptest.Expect(t, "4★ from a province before it merged, typed without marks", r, http.StatusOK)
			if r.Body["issued_by"] != "UBND tỉnh Bắc Giang" {
				t.Errorf("the body is recorded as %v", r.Body["issued_by"])
			}
			r = w.staff.Do("PUT", ocopPath(w.mine), claim(5, "99/QĐ-BNN-KTHT", catalog.FormerMinistry, "2024-11-20"))
			apptest.Expect(t, "5★ from the former ministry, before it merged", r, http.StatusOK)
			second = int64(r.Body["id"].(float64))
		}

		// A scan: the PDF is served inline, sandboxed, at an address of its content.
		before := w.counts(t)
		pdf := mediatest.PDF("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
		r = w.upload(t, w.staff, ocopPath(w.mine)+"/scan", nil, pdf)
		apptest.Expect(t, "a scan", r, http.StatusOK)
		scanURL, _ := r.Body["scan_url"].(string)
		if !strings.HasPrefix(scanURL, fmt.Sprintf("/images/s%d-", second)) || !strings.HasSuffix(scanURL, ".pdf") {
			t.Fatalf("scan: %s", r.Raw)
		}
		if after := w.counts(t); after == before {
			t.Error("the scan stored nothing")
		}
		got := w.anonymous.Get(scanURL)
		if got.Status != 200 || got.Raw != string(pdf) || got.Header.Get("Content-Type") != media.PDF ||
			got.Header.Get("Content-Disposition") != "inline" || !strings.Contains(got.Header.Get("Content-Security-Policy"), "sandbox") ||
			got.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: %d %v", scanURL, got.Status, got.Header)
		}
		if r := w.anonymous.Get(strings.Replace(scanURL, "-", "-0", 1)); r.Status != 404 {
			t.Errorf("a scan under another digest: %d", r.Status)
		}

		// Verified, the certificate stays while a new claim waits.
		if _, err := a.Catalog.ReviewCertificate(ctx, second, catalog.Review{Verify: true}); err != nil {
			t.Fatal(err)
		}
		apptest.Expect(t, "a new claim", w.staff.Do("PUT", ocopPath(w.mine), claim(4, "7/QĐ-UBND", "UBND tỉnh Sơn La", day(a, -1))), http.StatusOK)
		r = w.staff.Get(ocopPath(w.mine))
		apptest.Expect(t, "claims", r, http.StatusOK)
		items, _ := r.Body["items"].([]any)
		if len(items) != 2 || items[0].(map[string]any)["status"] != "pending" || items[1].(map[string]any)["status"] != "verified" ||
			items[1].(map[string]any)["scan_url"] != scanURL || items[1].(map[string]any)["expired"] != false {
			t.Errorf("claims: %s", r.Raw)
		}
		apptest.Expect(t, "the scan of another's claim", w.upload(t, w.staff, ocopPath(w.theirs)+"/scan", nil, pdf), 404, "not_found")
	})
}

// 60 days before a verified certificate expires its cooperative and the
// cooperative's staff are emailed, once, through the outbox; the panel
// shows the days left and a warning.
func TestExpiryReminder(t *testing.T) {
	smtp := mailtest.Start(t)
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newMediaWorld(t, b, map[string]string{"SMTP_URL": smtp.URL})
		ctx := context.Background()
		a := w.a
		certs := map[string]int64{}
		for _, c := range []struct {
			name    string
			expires int // days from today
			status  string
		}{{"soon", 30, catalog.CertVerified}, {"later", 90, catalog.CertVerified}, {"pending", 20, catalog.CertPending}, {"gone", -3, catalog.CertVerified}} {
			issued := db.Date{Time: a.Catalog.Today().AddDate(0, 0, c.expires)}.AddMonths(-catalog.CertificateValidityMonths)
			cert := &catalog.Certificate{ProductID: w.mine, Stars: 4, DecisionNo: c.name + "/QĐ-UBND", IssuedBy: "UBND tỉnh Sơn La", IssuedOn: issued, Status: c.status}
			if err := a.Catalog.AddCertificate(ctx, a.DB, cert); err != nil {
				t.Fatal(err)
			}
			certs[c.name] = cert.ID
		}
		n, err := a.Catalog.QueueExpiryReminders(ctx)
		if err != nil || n != 1 {
			t.Fatalf("queued %d reminders (%v), want 1", n, err)
		}
		if n, err := a.Catalog.QueueExpiryReminders(ctx); err != nil || n != 0 {
			t.Fatalf("the second check queued %d reminders (%v)", n, err)
		}
		worker := a.Outbox.NewWorker(slog.New(slog.DiscardHandler), a.Orders.Handlers())
		if _, err := worker.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for range 2 {
			m := smtp.Next(t, 10*time.Second)
			got[strings.Trim(m.Header.Get("To"), "<>")] = mailtest.Body(t, m)
		}
		for _, to := range []string{"htx-bich-thao@htx.example.vn", "thao@htx.example.vn"} {
			body, ok := got[to]
			if !ok {
				t.Errorf("no reminder to %s: %v", to, got)
				continue
			}
			if !strings.Contains(body, "soon/QĐ-UBND") || !strings.Contains(body, fmt.Sprintf("/quan-ly/san-pham/%d/ocop", w.mine)) {
				t.Errorf("reminder to %s: %s", to, body)
			}
		}
		if n := w.count(t, `SELECT COUNT(*) FROM notifications_sent WHERE key LIKE ?`, fmt.Sprintf("ocop-expiry:%d:%%", certs["soon"])); n != 2 {
			t.Errorf("%d reminders recorded, want 2", n)
		}

		// The server's background work checks at start, without waiting a day.
		issued := db.Date{Time: a.Catalog.Today().AddDate(0, 0, 59)}.AddMonths(-catalog.CertificateValidityMonths)
		late := &catalog.Certificate{ProductID: w.theirs, Stars: 4, DecisionNo: "late/QĐ-UBND", IssuedBy: "UBND tỉnh Sơn La", IssuedOn: issued, Status: catalog.CertVerified}
		if err := a.Catalog.AddCertificate(ctx, a.DB, late); err != nil {
			t.Fatal(err)
		}
		a.Background()
		deadline := time.Now().Add(15 * time.Second)
		for w.count(t, `SELECT COUNT(*) FROM notifications_sent WHERE key LIKE ?`, fmt.Sprintf("ocop-expiry:%d:%%", late.ID)) == 0 {
			if time.Now().After(deadline) {
				t.Fatal("the background work sent no reminder of a certificate expiring in 59 days")
			}
			time.Sleep(100 * time.Millisecond)
		}
		smtp.Next(t, 10*time.Second)

		page := w.staff.Page(fmt.Sprintf("/quan-ly/san-pham/%d/ocop", w.mine), http.StatusOK)
		apptest.Contains(t, "claim page", page, "còn 30 ngày", "media-warn", "Đã gửi thư nhắc", "Hết hiệu lực", "còn 90 ngày")
		page = w.staff.Page(fmt.Sprintf("/quan-ly/san-pham/%d/ocop?lang=en", w.mine), http.StatusOK)
		apptest.Contains(t, "claim page in English", page, "in 30 days", "expires within 60 days")
	})
}

func TestOCOPPage(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newMediaWorld(t, b, nil)
		target := fmt.Sprintf("/quan-ly/san-pham/%d/ocop", w.mine)
		r := w.anonymous.Get(target)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
			t.Errorf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
		}
		w.shopper.Page(target, http.StatusForbidden)
		w.staff.Page(fmt.Sprintf("/quan-ly/san-pham/%d/ocop", w.theirs), http.StatusNotFound)
		w.staff.Page("/quan-ly/san-pham/abc/ocop", http.StatusNotFound)

		page := w.staff.Page(target, http.StatusOK)
		apptest.Contains(t, "claim form", page, `enctype="multipart/form-data"`, `name="_csrf"`, `value="UBND tỉnh Sơn La"`,
			`value="Bộ Nông nghiệp và Môi trường"`, `accept="application/pdf,image/jpeg,image/png,image/webp"`,
			fmt.Sprintf(`href="/quan-ly/san-pham/%d"`, w.mine), fmt.Sprintf(`href="/quan-ly/san-pham/%d/anh"`, w.mine))
		token := apptest.CSRF(t, page)

		// A refused claim shows the form again with what to fix.
		body, ctype := multipartBody(t, map[string]string{"_csrf": token, "stars": "5", "decision_no": "12/QĐ-UBND",
			"issued_by": "UBND tỉnh Sơn La", "issued_on": day(w.a, -20)}, "qd.pdf", mediatest.PDF(""))
		before := w.counts(t)
		r = w.staff.Do("POST", target, body, "Content-Type", ctype)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "Bộ Nông nghiệp và Môi trường công nhận") || !strings.Contains(r.Raw, `value="12/QĐ-UBND"`) {
			t.Errorf("5★ from a province: %d", r.Status)
		}
		body, ctype = multipartBody(t, map[string]string{"_csrf": token, "stars": "4", "decision_no": "12/QĐ-UBND",
			"issued_by": "UBND tỉnh Sơn La", "issued_on": day(w.a, -20)}, "qd.pdf", mediatest.PDF("<< /S /JavaScript >>\n"))
		r = w.staff.Do("POST", target, body, "Content-Type", ctype)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "err-scan") {
			t.Errorf("a scan with script: %d", r.Status)
		}
		if after := w.counts(t); after != before {
			t.Errorf("refused claims changed %s into %s", before, after)
		}
		r = w.staff.Do("POST", target, url.Values{"_csrf": {"wrong"}, "stars": {"4"}}.Encode(), "Content-Type", "application/x-www-form-urlencoded")
		if r.Status != http.StatusForbidden {
			t.Errorf("a wrong token: %d", r.Status)
		}

		body, ctype = multipartBody(t, map[string]string{"_csrf": token, "stars": "4", "decision_no": "12/QĐ-UBND",
			"issued_by": "UBND tỉnh Sơn La", "issued_on": day(w.a, -20)}, "qd.pdf", mediatest.PDF(""))
		r = w.staff.Do("POST", target, body, "Content-Type", ctype)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != target {
			t.Fatalf("claim: %d %s", r.Status, r.Header.Get("Location"))
		}
		page = w.staff.Page(target, http.StatusOK)
		apptest.Contains(t, "after the claim", page, "đang chờ cán bộ", "Chờ xác minh", "12/QĐ-UBND", "Xem bản chụp chứng nhận", `/images/s`)
		if n := w.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'product.ocop.claim'`); n != 1 {
			t.Errorf("%d audit records of the claim", n)
		}
		claims, err := w.a.Catalog.Claims(context.Background(), w.coopA, w.mine)
		if err != nil || len(claims) != 1 {
			t.Fatalf("%d claims (%v)", len(claims), err)
		}
		if _, err := w.a.Catalog.ReviewCertificate(context.Background(), claims[0].ID, catalog.Review{Reason: "Bản chụp không đọc được"}); err != nil {
			t.Fatal(err)
		}
		apptest.Contains(t, "rejected", w.staff.Page(target, http.StatusOK), "Bị từ chối", "Bản chụp không đọc được")
		// Without a scan, the claim still goes (the file input left empty).
		body, ctype = multipartBody(t, map[string]string{"_csrf": token, "stars": "3", "decision_no": "13/QĐ-UBND",
			"issued_by": "UBND tỉnh Sơn La", "issued_on": day(w.a, -2)}, "", []byte{})
		r = w.staff.Do("POST", target, body, "Content-Type", ctype)
		if r.Status != http.StatusSeeOther {
			t.Errorf("claim without a scan: %d %s", r.Status, r.Raw)
		}
		other := &account.User{Email: "quynh@htx.example.vn", Name: "Quỳnh", Roles: []string{account.RoleCoopStaff}, CooperativeID: &w.coopB}
		oc := w.a.LoggedIn(other)
		otherPage := oc.Page(fmt.Sprintf("/quan-ly/san-pham/%d/ocop", w.theirs), http.StatusOK)
		r = oc.Do("POST", target, url.Values{"_csrf": {apptest.CSRF(t, otherPage)}, "stars": {"4"}}.Encode(), "Content-Type", "application/x-www-form-urlencoded")
		if r.Status != http.StatusNotFound {
			t.Errorf("a claim on another cooperative's product: %d", r.Status)
		}
	})
}
