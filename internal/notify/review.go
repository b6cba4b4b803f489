package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// ReviewEmails is how the outbox runs the emails telling a cooperative's
// team what trade-promotion staff decided on it (onboard.JobReviewEmail).
func (n *Notifier) ReviewEmails() outbox.Kind {
	return outbox.Kind{Handle: outbox.Each(n.handleReviewEmail)}
}

// reviewWords returns the subject and first line of a decision's email,
// in Vietnamese and English.
func reviewWords(decision string) ([4]string, bool) {
	w, ok := map[string][4]string{
		onboard.DecisionChanges: {"cần bổ sung hồ sơ", "changes requested",
			"Cán bộ xúc tiến thương mại đề nghị hợp tác xã sửa hoặc bổ sung hồ sơ đăng ký như sau:",
			"Trade-promotion staff ask the cooperative to change its application as follows:"},
		onboard.DecisionApproved: {"hồ sơ đã được duyệt", "application approved",
			"Hồ sơ của hợp tác xã đã được duyệt: các sản phẩm có thể mở bán ngay.",
			"The cooperative's application is approved: its products may now be put on sale."},
		onboard.DecisionRejected: {"hồ sơ không được duyệt", "application rejected",
			"Hồ sơ đăng ký của hợp tác xã không được duyệt, vì lý do sau:",
			"The cooperative's application was rejected, for this reason:"},
		onboard.DecisionSuspended: {"gian hàng bị tạm ngừng", "shop suspended",
			"Gian hàng của hợp tác xã đã bị tạm ngừng; các đơn hàng đang mở vẫn cần được xử lý. Lý do:",
			"The cooperative's shop is suspended; its open orders still need handling. Reason:"},
		onboard.DecisionReinstated: {"gian hàng hoạt động trở lại", "shop reinstated",
			"Gian hàng của hợp tác xã đã hoạt động trở lại.",
			"The cooperative's shop is open again."},
	}[decision]
	return w, ok
}

// handleReviewEmail sends the decision, with the staff's message, to each
// of the cooperative's addresses once, linking to its profile page.
func (n *Notifier) handleReviewEmail(ctx context.Context, j outbox.Job) error {
	var r onboard.ReviewEmail
	if err := json.Unmarshal(j.Payload, &r); err != nil {
		return outbox.Permanent(fmt.Errorf("notify: review job %d: payload: %w", j.ID, err))
	}
	w, ok := reviewWords(r.Decision)
	if !ok {
		return outbox.Permanent(fmt.Errorf("notify: review job %d: unknown decision %q", j.ID, r.Decision))
	}
	link := n.link(paths.CoopProfile, nil)
	quoted := ""
	if r.Message != "" {
		quoted = "\n\n> " + strings.ReplaceAll(r.Message, "\n", "\n> ")
	}
	m := mail.Message{
		Subject: fmt.Sprintf("%s: %s / %s", r.Cooperative, w[0], w[1]),
		Text: fmt.Sprintf("Kính gửi %s,\n\n%s%s\n\nXem chi tiết tại / Details at:\n%s\n\nDear %s,\n\n%s%s\n",
			r.Cooperative, w[2], quoted, link, r.Cooperative, w[3], quoted),
	}
	for _, to := range r.To {
		sum := sha256.Sum256([]byte(strings.ToLower(to)))
		m.To = to
		if err := n.email(ctx, fmt.Sprintf("review:%d:%s", j.ID, hex.EncodeToString(sum[:6])), m); err != nil {
			return err
		}
	}
	return nil
}
