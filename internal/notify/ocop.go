package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// handleExpiryReminder tells the cooperative and each of its staff, in
// Vietnamese and English, that an OCOP certificate of its product expires
// soon and links to the product's OCOP page, where a renewed certificate
// is claimed. Each recipient gets it once, named after the certificate.
func (n *Notifier) handleExpiryReminder(ctx context.Context, j outbox.Job) error {
	var p catalog.ExpiryReminder
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return outbox.Permanent(fmt.Errorf("notify: expiry reminder job %d: payload: %w", j.ID, err))
	}
	f, err := n.cat.ReminderOf(ctx, p.CertificateID)
	if errors.Is(err, catalog.ErrNotFound) {
		return outbox.Permanent(fmt.Errorf("notify: expiry reminder job %d: %w", j.ID, err))
	}
	if err != nil {
		return err
	}
	c := f.Certificate
	link := n.link(paths.MustBuild(paths.CoopProductOCOP, f.ProductID), nil)
	expires := format.Date(c.ExpiresOn.Time)
	stars := strings.Repeat("★", c.Stars)
	m := mail.Message{
		Subject: fmt.Sprintf("Chứng nhận OCOP %s của %s sắp hết hạn / OCOP certificate expiring", stars, f.ProductName),
		Text: fmt.Sprintf("Kính gửi %s,\n\nChứng nhận OCOP %s (quyết định %s, %s) của sản phẩm %q hết hiệu lực ngày %s. "+
			"Sau ngày đó sản phẩm không còn hiển thị sao OCOP. Khi được công nhận lại, hãy gửi quyết định mới tại:\n%s\n\n"+
			"Dear %s,\n\nThe OCOP %s certificate (decision %s, %s) of %q expires on %s. After that day the product no longer "+
			"shows its stars. Once it is recognised again, send the new decision at:\n%s\n",
			f.Cooperative, stars, c.DecisionNo, c.IssuedBy, f.ProductName, expires, link,
			f.Cooperative, stars, c.DecisionNo, c.IssuedBy, f.ProductName, expires, link),
	}
	for _, to := range f.To {
		sum := sha256.Sum256([]byte(strings.ToLower(to)))
		m.To = to
		if err := n.email(ctx, fmt.Sprintf("ocop-expiry:%d:%s", c.ID, hex.EncodeToString(sum[:6])), m); err != nil {
			return err
		}
	}
	return nil
}
