package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// InviteEmails is how the outbox runs the invitations to a cooperative's
// team (onboard.JobInviteEmail): each is its own job and email, retried
// only while its link works.
func (n *Notifier) InviteEmails() outbox.Kind {
	return outbox.Kind{Handle: outbox.Each(n.handleInviteEmail), MaxAttempts: outbox.AttemptsWithin(onboard.InviteTTL)}
}

// handleInviteEmail sends the link of an invitation, in Vietnamese and
// English.
func (n *Notifier) handleInviteEmail(ctx context.Context, j outbox.Job) error {
	var r onboard.InviteEmail
	if err := json.Unmarshal(j.Payload, &r); err != nil {
		return outbox.Permanent(fmt.Errorf("notify: invite job %d: payload: %w", j.ID, err))
	}
	link := n.link(paths.CoopInvite, url.Values{"token": {r.Token}})
	until := format.DateTime(r.ExpiresAt)
	return n.email(ctx, fmt.Sprintf("invite:%d:email", r.InviteID), mail.Message{
		To:      r.Email,
		Subject: fmt.Sprintf("Lời mời tham gia %s trên OCOP Market / Join %s on OCOP Market", r.Cooperative, r.Cooperative),
		Text: fmt.Sprintf("Xin chào,\n\n%s mời bạn cùng quản lý gian hàng của %s trên OCOP Market. "+
			"Hãy đăng nhập (hoặc đăng ký) bằng địa chỉ email này rồi mở liên kết sau, có hiệu lực đến %s:\n%s\n\n"+
			"Hello,\n\n%s invites you to run the shop of %s on OCOP Market with them. "+
			"Log in (or register) with this email address, then open this link; it works until %s:\n%s\n\n"+
			"Nếu bạn không biết lời mời này, hãy bỏ qua thư. / If you do not know of this invitation, ignore this email.\n",
			r.InvitedBy, r.Cooperative, until, link, r.InvitedBy, r.Cooperative, until, link),
	})
}
