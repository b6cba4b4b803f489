package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// notice reads the order of an order job; order.ErrNotFound means it was
// deleted and there is nothing left to tell.
func (n *Notifier) notice(ctx context.Context, j outbox.Job) (order.Job, *order.Notice, error) {
	var oj order.Job
	if err := json.Unmarshal(j.Payload, &oj); err != nil {
		return oj, nil, outbox.Permanent(fmt.Errorf("notify: job %d: payload: %w", j.ID, err))
	}
	nt, err := n.orders.NoticeOf(ctx, oj.OrderID)
	return oj, nt, err
}

// handlePlaced emails the cooperative its new order and queues its
// webhook. A failure is returned for the outbox to retry; what was sent is
// not sent again.
func (n *Notifier) handlePlaced(ctx context.Context, j outbox.Job) error {
	_, nt, err := n.notice(ctx, j)
	if errors.Is(err, order.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	o := nt.Order
	var errs []error
	if nt.CoopEmail != "" {
		errs = append(errs, n.email(ctx, fmt.Sprintf("placed:%d:email", o.ID), mail.Message{To: nt.CoopEmail,
			Subject: "Đơn hàng mới " + o.Code + " / New order " + o.Code, Text: coopNewOrderText(nt)}))
	}
	errs = append(errs, n.queueWebhook(ctx, nt, "order.created", fmt.Sprintf("placed:%d:webhook", o.ID)))
	return errors.Join(errs...)
}

// handleStatusChanged emails the shopper (when they gave an email) about a
// status or payment change of an order and queues the cooperative's webhook.
func (n *Notifier) handleStatusChanged(ctx context.Context, j outbox.Job) error {
	oj, nt, err := n.notice(ctx, j)
	if errors.Is(err, order.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	o := nt.Order
	var errs []error
	if nt.Customer.Email != "" {
		errs = append(errs, n.email(ctx, fmt.Sprintf("status:%d:%s:email", o.ID, oj.Status), mail.Message{To: nt.Customer.Email,
			Subject: fmt.Sprintf("Đơn %s: %s / Order %s: %s", o.Code, statusVI(oj.Status), o.Code, statusEN(oj.Status)),
			Text:    shopperStatusText(nt, oj.Status, n.link(paths.MustBuild(paths.Order, o.Code), nil))}))
	}
	errs = append(errs, n.queueWebhook(ctx, nt, "order."+oj.Status, fmt.Sprintf("status:%d:%s:webhook", o.ID, oj.Status)))
	return errors.Join(errs...)
}
func statusVI(s string) string {
	switch s {
	case order.StatusConfirmed:
		return "đã xác nhận"
	case order.StatusPacked:
		return "đã đóng gói"
	case order.StatusShipped:
		return "đang giao"
	case order.StatusDelivered:
		return "đã giao"
	case order.StatusCancelled:
		return "đã hủy"
	case "paid":
		return "đã thanh toán"
	}
	return "đang chờ"
}

func statusEN(s string) string {
	if s == "" {
		return order.StatusPending
	}
	return s
}

func itemsText(o order.Order) string {
	var b strings.Builder
	for _, it := range o.Items {
		fmt.Fprintf(&b, "  - %s × %d %s: %s\n", it.Name, it.Quantity, it.Unit, format.VND(it.LineTotalVND))
	}
	fmt.Fprintf(&b, "  Tiền hàng / Items: %s\n  Phí giao / Shipping: %s\n  Tổng / Total: %s\n",
		format.VND(o.SubtotalVND), format.VND(o.ShippingVND), format.VND(o.TotalVND))
	return b.String()
}

func coopNewOrderText(nt *order.Notice) string {
	o, c := nt.Order, nt.Customer
	return fmt.Sprintf(`Hợp tác xã %s có đơn hàng mới %s.

%s
Thanh toán / Payment: %s (%s)
Giao đến / Ship to: %s, %s
  %s, %s, %s

Xác nhận đơn trong trang quản lý của hợp tác xã.
Confirm the order in your cooperative panel.
`, o.Cooperative.Name, o.Code, itemsText(o), o.Payment.Method, o.Payment.Status, c.Name, c.Phone,
		c.Address.Line, c.Address.Ward, c.Address.Province.Name)
}

func shopperStatusText(nt *order.Notice, status, link string) string {
	o := nt.Order
	extra := ""
	if status == order.StatusShipped && o.TrackingNo != "" {
		extra = "Mã vận đơn / Tracking number: " + o.TrackingNo + "\n"
		if name := order.CarrierName(o.Carrier); name != "" {
			extra = "Đơn vị vận chuyển / Carrier: " + name + "\n" + extra
		}
	}
	if status == order.StatusCancelled && o.CancelReason != "" {
		extra = "Lý do / Reason: " + o.CancelReason + "\n"
	}
	return fmt.Sprintf(`Chào %s,

Đơn hàng %s của %s: %s.
Order %s from %s: %s.
%s
%s
Theo dõi đơn / Track the order: %s
`, nt.Customer.Name, o.Code, o.Cooperative.Name, statusVI(status), o.Code, o.Cooperative.Name, statusEN(status), extra,
		itemsText(o), link)
}
