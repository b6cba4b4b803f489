package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// handleResetEmail sends the link of a password reset, in Vietnamese and
// English; every reset request is its own job, and its email is named
// after it.
func (n *Notifier) handleResetEmail(ctx context.Context, j outbox.Job) error {
	var r account.ResetEmail
	if err := json.Unmarshal(j.Payload, &r); err != nil {
		return outbox.Permanent(fmt.Errorf("notify: reset job %d: payload: %w", j.ID, err))
	}
	link := n.link(paths.Reset, url.Values{"token": {r.Token}})
	return n.email(ctx, fmt.Sprintf("reset:%d:email", j.ID), mail.Message{
		To:      r.Email,
		Subject: "Đặt lại mật khẩu OCOP Market / Reset your OCOP Market password",
		Text: fmt.Sprintf("Xin chào %s,\n\nĐể đặt mật khẩu mới, hãy mở liên kết sau (có hiệu lực trong 1 giờ):\n%s\n\n"+
			"Hello %s,\n\nTo choose a new password, open this link (it works for one hour):\n%s\n\n"+
			"Nếu bạn không yêu cầu, hãy bỏ qua thư này. / If you did not ask for it, ignore this email.\n",
			r.Name, link, r.Name, link),
	})
}
