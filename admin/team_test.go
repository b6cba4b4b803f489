package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/mail/mailtest"
)

var inviteLink = regexp.MustCompile(`https://ocop\.example\.vn/quan-ly/loi-moi\?token=([A-Za-z0-9_-]+)`)

// invite sends an invitation to email through the API and returns its id
// and, from the email the outbox worker sends, its token.
func invite(t *testing.T, c *apptest.Client, smtp *mailtest.Server, email string) (int64, string) {
	t.Helper()
	r := c.Do("POST", "/api/v1/coop/team", map[string]any{"email": email})
	apptest.Expect(t, "invite "+email, r, 201)
	msg := smtp.Next(t, 20*time.Second)
	if to := msg.Header.Get("To"); !strings.Contains(to, strings.ToLower(email)) {
		t.Fatalf("invitation to %s went to %q", email, to)
	}
	m := inviteLink.FindStringSubmatch(mailtest.Body(t, msg))
	if m == nil {
		t.Fatalf("no invitation link in %q", mailtest.Body(t, msg))
	}
	id, _ := r.Body["id"].(float64)
	return int64(id), m[1]
}

func TestTeamInvitations(t *testing.T) {
	smtp := mailtest.Start(t)
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{Env: map[string]string{"SMTP_URL": smtp.URL, "SMTP_FROM": "OCOP Market <no-reply@ocop.example.vn>"}})
		a.Background()
		expect := apptest.Expect
		thao, coopA, thaoID := staffOf(t, a, "htx-a", "thao@htx-a.vn", catalog.CoopActive)
		quynh, _, _ := staffOf(t, a, "htx-b", "quynh@htx-b.vn", catalog.CoopActive)
		minh := a.LoggedIn(&account.User{Email: "minh@example.vn", Name: "Trần Minh", Roles: []string{account.RoleShopper}})
		other := a.LoggedIn(&account.User{Email: "hoa@example.vn", Name: "Hoa", Roles: []string{account.RoleShopper}})

		inviteID, token := invite(t, thao, smtp, "Minh@Example.vn")
		if n := audits(t, a, "team.invite"); n != 1 {
			t.Errorf("%d audit records of the invitation, want 1", n)
		}
		var hash string
		if err := a.DB.GetContext(t.Context(), &hash, `SELECT token_hash FROM coop_invites`); err != nil || hash == token || len(hash) != 64 {
			t.Errorf("stored token %q (%v): want its SHA-256 only", hash, err)
		}
		team := thao.Get("/api/v1/coop/team")
		expect(t, "team", team, 200)
		if !strings.Contains(team.Raw, `"email":"minh@example.vn"`) || !strings.Contains(team.Raw, `"invited_by":"thao@htx-a.vn"`) {
			t.Errorf("team: %s", team.Raw)
		}
		if strings.Contains(quynh.Get("/api/v1/coop/team").Raw, "minh@example.vn") {
			t.Error("another cooperative sees the invitation")
		}

		// Opening the link: anonymous → login and back; someone else → refused.
		link := "/quan-ly/loi-moi?token=" + token
		r := a.Client().Get(link)
		login := "/dang-nhap?" + url.Values{"next": []string{link}}.Encode()
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != login {
			t.Fatalf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
		}
		apptest.Contains(t, "someone else's page", other.Page(link, http.StatusForbidden), "m***@example.vn")
		before := counts(t, a)
		expect(t, "someone else accepts", other.Do("POST", "/api/v1/coop/invites/accept", map[string]any{"token": token}), 403, "invite_for_another_email")
		expect(t, "staff of another cooperative", quynh.Do("POST", "/api/v1/coop/invites/accept", map[string]any{"token": token}), 403, "invite_for_another_email")
		expect(t, "no token", minh.Do("POST", "/api/v1/coop/invites/accept", map[string]any{}), 400, "invalid_input")
		expect(t, "unknown token", minh.Do("POST", "/api/v1/coop/invites/accept", map[string]any{"token": "x" + token}), 404, "invite_not_found")
		expect(t, "anonymous accepts", a.Client().Do("POST", "/api/v1/coop/invites/accept", map[string]any{"token": token}), 401)
		same(t, "refused acceptances", before, counts(t, a))

		// The invitee accepts with one button.
		page := minh.Page(link, http.StatusOK)
		apptest.Contains(t, "invitation page", page, "HTX htx-a", "Nhận lời mời", `name="token" value="`+token+`"`)
		r = minh.PostForm("/quan-ly/loi-moi", url.Values{"_csrf": {apptest.CSRF(t, page)}, "token": {token}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/quan-ly/thanh-vien" {
			t.Fatalf("accept: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Raw)
		}
		apptest.Contains(t, "team page of the new member", minh.Page("/quan-ly/thanh-vien", http.StatusOK), "Bạn đã tham gia hợp tác xã",
			"Trần Minh", "thao@htx-a.vn")
		me := minh.Get("/api/v1/me")
		if !strings.Contains(me.Raw, `"coop_staff"`) || !strings.Contains(me.Raw, fmt.Sprintf(`"cooperative_id":%d`, coopA)) {
			t.Fatalf("me after accepting: %s", me.Raw)
		}
		if n := audits(t, a, "team.join"); n != 1 {
			t.Errorf("%d audit records of the join, want 1", n)
		}
		expect(t, "used link", minh.Do("POST", "/api/v1/coop/invites/accept", map[string]any{"token": token}), 409, "invite_used")
		apptest.Contains(t, "used link page", minh.Page(link, http.StatusConflict), "đã được sử dụng")
		expect(t, "accepted invitation is not open", thao.Do("DELETE", fmt.Sprintf("/api/v1/coop/team/invites/%d", inviteID), nil), 404)

		// An expired link.
		_, expiredToken := invite(t, thao, smtp, "hoa@example.vn")
		a.Exec(`UPDATE coop_invites SET expires_at = ? WHERE email = ?`, time.Now().Add(-time.Minute).UTC(), "hoa@example.vn")
		expect(t, "expired link", other.Do("POST", "/api/v1/coop/invites/accept", map[string]any{"token": expiredToken}), 409, "invite_expired")
		apptest.Contains(t, "expired link page", other.Page("/quan-ly/loi-moi?token="+expiredToken, http.StatusConflict), "Lời mời đã hết hạn")
		apptest.Contains(t, "expired invitation on the team page", thao.Page("/quan-ly/thanh-vien", http.StatusOK), "hoa@example.vn", "Hết hạn")

		// Someone already on another team is refused.
		_, forQuynh := invite(t, thao, smtp, "quynh@htx-b.vn")
		expect(t, "staff of another cooperative", quynh.Do("POST", "/api/v1/coop/invites/accept", map[string]any{"token": forQuynh}), 409, "staff_of_another_cooperative")

		// Revoking: the link stops working; another cooperative gets 404.
		revokeID, revoked := invite(t, thao, smtp, "lan@example.vn")
		before = counts(t, a)
		expect(t, "revoke another cooperative's invitation", quynh.Do("DELETE", fmt.Sprintf("/api/v1/coop/team/invites/%d", revokeID), nil), 404)
		expect(t, "revoke, shopper", other.Do("DELETE", fmt.Sprintf("/api/v1/coop/team/invites/%d", revokeID), nil), 403)
		expect(t, "revoke, anonymous", a.Client().Do("DELETE", fmt.Sprintf("/api/v1/coop/team/invites/%d", revokeID), nil), 401)
		expect(t, "revoke, bad id", thao.Do("DELETE", "/api/v1/coop/team/invites/x", nil), 404)
		same(t, "refused revocations", before, counts(t, a))
		expect(t, "revoke", thao.Do("DELETE", fmt.Sprintf("/api/v1/coop/team/invites/%d", revokeID), nil), 204)
		if n := audits(t, a, "team.revoke_invite"); n != 1 {
			t.Errorf("%d audit records of revocations, want 1", n)
		}
		lanUser := &account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}}
		lan := a.LoggedIn(lanUser)
		expect(t, "revoked link", lan.Do("POST", "/api/v1/coop/invites/accept", map[string]any{"token": revoked}), 404, "invite_not_found")
		apptest.Contains(t, "revoked link page", lan.Page("/quan-ly/loi-moi?token="+revoked, http.StatusNotFound), "không còn hiệu lực")

		// Bad invitations change nothing.
		before = counts(t, a)
		expect(t, "bad email", thao.Do("POST", "/api/v1/coop/team", map[string]any{"email": "minh"}), 400, "invalid_input")
		expect(t, "email of the wrong type", thao.Do("POST", "/api/v1/coop/team", map[string]any{"email": 5}), 400, "invalid_input")
		expect(t, "a member already", thao.Do("POST", "/api/v1/coop/team", map[string]any{"email": "minh@example.vn"}), 409, "already_member")
		expect(t, "invite, shopper", other.Do("POST", "/api/v1/coop/team", map[string]any{"email": "x@example.vn"}), 403, "forbidden")
		expect(t, "invite, anonymous", a.Client().Do("POST", "/api/v1/coop/team", map[string]any{"email": "x@example.vn"}), 401)
		expect(t, "team, shopper", other.Get("/api/v1/coop/team"), 403)
		expect(t, "team, anonymous", a.Client().Get("/api/v1/coop/team"), 401)
		same(t, "refused invitations", before, counts(t, a))

		// Removing: another cooperative's member is a 404, the last member
		// stays, a removed member loses the panel at their next request.
		before = counts(t, a)
		minhUser, err := a.Accounts.ByEmail(t.Context(), "minh@example.vn")
		if err != nil {
			t.Fatal(err)
		}
		expect(t, "remove another cooperative's member", quynh.Do("DELETE", fmt.Sprintf("/api/v1/coop/team/%d", minhUser.ID), nil), 404)
		expect(t, "remove, shopper", other.Do("DELETE", fmt.Sprintf("/api/v1/coop/team/%d", minhUser.ID), nil), 403)
		expect(t, "remove, anonymous", a.Client().Do("DELETE", fmt.Sprintf("/api/v1/coop/team/%d", minhUser.ID), nil), 401)
		expect(t, "remove a shopper", thao.Do("DELETE", fmt.Sprintf("/api/v1/coop/team/%d", lanUser.ID), nil), 404)
		expect(t, "remove, bad id", thao.Do("DELETE", "/api/v1/coop/team/0", nil), 404)
		same(t, "refused removals", before, counts(t, a))
		expect(t, "orders before removal", minh.Get("/api/v1/coop/orders"), 200)
		expect(t, "remove", thao.Do("DELETE", fmt.Sprintf("/api/v1/coop/team/%d", minhUser.ID), nil), 204)
		expect(t, "orders after removal", minh.Get("/api/v1/coop/orders"), 403, "forbidden")
		minh.Page("/quan-ly/thanh-vien", http.StatusForbidden)
		if me := minh.Get("/api/v1/me"); strings.Contains(me.Raw, "coop_staff") || strings.Contains(me.Raw, "cooperative_id") {
			t.Errorf("me after removal: %s", me.Raw)
		}
		expect(t, "remove the last member", thao.Do("DELETE", fmt.Sprintf("/api/v1/coop/team/%d", thaoID), nil), 409, "last_member")
		if n := audits(t, a, "team.remove"); n != 1 {
			t.Errorf("%d audit records of removals, want 1", n)
		}

		// The limit of invitations to one address.
		for i := 0; i < 2; i++ {
			invite(t, thao, smtp, "nam@example.vn")
		}
		expect(t, "invite once too often", thao.Do("POST", "/api/v1/coop/team", map[string]any{"email": "nam@example.vn"}), 201)
		smtp.Next(t, 20*time.Second)
		r = thao.Do("POST", "/api/v1/coop/team", map[string]any{"email": "nam@example.vn"})
		expect(t, "over the limit", r, 429, "too_many_attempts")
		if r.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	})
}

// The team page: members, open invitations with their expiry, the
// invitation form, and the remove and revoke buttons, each for the staff
// member's own cooperative only.
func TestTeamPage(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		a := apptest.New(t, b, apptest.Options{})
		thao, coopA, _ := staffOf(t, a, "htx-a", "thao@htx-a.vn", catalog.CoopActive)
		quynh, _, _ := staffOf(t, a, "htx-b", "quynh@htx-b.vn", catalog.CoopActive)
		r := a.Client().Get("/quan-ly/thanh-vien")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
			t.Fatalf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
		}
		shopper := a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})
		shopper.Page("/quan-ly/thanh-vien", http.StatusForbidden)

		page := thao.Page("/quan-ly/thanh-vien", http.StatusOK)
		csrf := apptest.CSRF(t, page)
		apptest.Contains(t, "team page", page, "Thành viên htx-a", "thao@htx-a.vn", "Không có lời mời nào đang chờ", `name="email"`)
		if strings.Contains(page, "Rời nhóm") {
			t.Error("the last member is offered to leave")
		}
		before := counts(t, a)
		r = thao.PostForm("/quan-ly/thanh-vien", url.Values{"_csrf": {csrf}, "email": {"không-phải-email"}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "Hãy nhập email đúng dạng") {
			t.Fatalf("bad email: %d", r.Status)
		}
		same(t, "refused invitation", before, counts(t, a))
		r = thao.PostForm("/quan-ly/thanh-vien", url.Values{"_csrf": {csrf}, "email": {"minh@example.vn"}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/quan-ly/thanh-vien" {
			t.Fatalf("invite: %d %s", r.Status, r.Header.Get("Location"))
		}
		page = thao.Page("/quan-ly/thanh-vien", http.StatusOK)
		apptest.Contains(t, "invited", page, "Đã gửi lời mời qua email", "minh@example.vn", "Chờ nhận", "hết hạn")
		var inviteID int64
		if err := a.DB.GetContext(t.Context(), &inviteID, `SELECT id FROM coop_invites`); err != nil {
			t.Fatal(err)
		}
		revoke := fmt.Sprintf("/quan-ly/thanh-vien/loi-moi/%d/thu-hoi", inviteID)
		apptest.Contains(t, "revoke button", page, `action="`+revoke+`"`)
		before = counts(t, a)
		if r := quynh.PostForm(revoke, url.Values{"_csrf": {apptest.CSRF(t, quynh.Page("/quan-ly/thanh-vien", http.StatusOK))}}); r.Status != http.StatusNotFound {
			t.Errorf("another cooperative revokes: %d", r.Status)
		}
		if r := shopper.PostForm(revoke, url.Values{"_csrf": {apptest.CSRF(t, shopper.Page("/tai-khoan", http.StatusOK))}}); r.Status != http.StatusForbidden {
			t.Errorf("a shopper revokes: %d", r.Status)
		}
		if r := a.Client().PostForm(revoke, url.Values{}); r.Status != http.StatusSeeOther {
			t.Errorf("anonymous revokes: %d", r.Status)
		}
		same(t, "refused revocations", before, counts(t, a))
		if r := thao.PostForm(revoke, url.Values{"_csrf": {csrf}}); r.Status != http.StatusSeeOther {
			t.Fatalf("revoke: %d", r.Status)
		}
		apptest.Contains(t, "revoked", thao.Page("/quan-ly/thanh-vien", http.StatusOK), "Đã thu hồi lời mời")

		// A second member, removed from the page.
		second := &account.User{Email: "ha@htx-a.vn", Name: "Hà", Roles: []string{account.RoleCoopStaff}, CooperativeID: &coopA}
		ha := a.LoggedIn(second)
		remove := fmt.Sprintf("/quan-ly/thanh-vien/%d/xoa", second.ID)
		page = thao.Page("/quan-ly/thanh-vien", http.StatusOK)
		apptest.Contains(t, "remove button", page, `action="`+remove+`"`, "Rời nhóm", "Xóa khỏi nhóm")
		before = counts(t, a)
		if r := quynh.PostForm(remove, url.Values{"_csrf": {apptest.CSRF(t, quynh.Page("/quan-ly/thanh-vien", http.StatusOK))}}); r.Status != http.StatusNotFound {
			t.Errorf("another cooperative removes: %d", r.Status)
		}
		if r := thao.PostForm("/quan-ly/thanh-vien/abc/xoa", url.Values{"_csrf": {csrf}}); r.Status != http.StatusNotFound {
			t.Errorf("remove by a bad id: %d", r.Status)
		}
		same(t, "refused removals", before, counts(t, a))
		if r := thao.PostForm(remove, url.Values{"_csrf": {csrf}}); r.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", r.Status)
		}
		ha.Page("/quan-ly/thanh-vien", http.StatusForbidden)
		apptest.Expect(t, "removed member's orders", ha.Get("/api/v1/coop/orders"), 403)
		if n := audits(t, a, "team.remove") + audits(t, a, "team.invite") + audits(t, a, "team.revoke_invite"); n != 3 {
			t.Errorf("%d audit records, want 3", n)
		}
	})
}
