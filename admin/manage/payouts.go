package manage

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payout"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Payouts is the page of what the marketplace owes each cooperative,
// where admins record the payouts they make.
type Payouts struct {
	frame   *panel.Frame
	payouts *payout.Service
	ledger  *ledger.Ledger
	catalog *catalog.Store
}

// NewPayouts returns the payouts page.
func NewPayouts(frame *panel.Frame, p *payout.Service, l *ledger.Ledger, cat *catalog.Store) *Payouts {
	return &Payouts{frame: frame, payouts: p, ledger: l, catalog: cat}
}

// paid is the payout just recorded, shown with the QR of its transfer.
type paid struct {
	Cooperative string
	Entry       ledger.Entry
	VietQR      *payment.VietQR
	QR          template.URL // PNG data URI
}

// Show answers GET /quan-tri/thanh-toan; ?da_tra={cooperative id} shows
// the last payout to that cooperative with the QR code of its transfer.
func (h *Payouts) Show(c *fiber.Ctx) error { return h.show(c, 0, web.Form{}) }

func (h *Payouts) show(c *fiber.Ctx, status int, refused web.Form) error {
	ctx := c.UserContext()
	balances, err := h.payouts.Balances(ctx)
	if err != nil {
		return err
	}
	var last *paid
	if id, err := strconv.ParseInt(c.Query("da_tra"), 10, 64); err == nil && id > 0 {
		if last, err = h.lastPayout(c, id); err != nil {
			return err
		}
	}
	return h.frame.RenderStatus(c, status, templates.AdminPayouts, "admin_payouts", "panel.adminpay.title", struct {
		Refused  web.Form
		Balances []payout.Balance
		Paid     *paid
	}{refused, balances, last})
}

// lastPayout is the newest payout to a cooperative with its transfer; nil
// when it has none.
func (h *Payouts) lastPayout(c *fiber.Ctx, coopID int64) (*paid, error) {
	co, err := h.catalog.CooperativeByID(c.UserContext(), coopID)
	if err != nil {
		return nil, panel.NotFoundAs(err, "cooperative")
	}
	entries, err := h.ledger.Payouts(c.UserContext(), coopID, 1)
	if err != nil || len(entries) == 0 {
		return nil, err
	}
	p := &paid{Cooperative: co.Name, Entry: entries[0]}
	if p.VietQR, err = payout.Transfer(co, -entries[0].AmountVND); err != nil {
		return p, nil // shown without a QR: the account cannot take one
	}
	png, err := qrcode.Encode(p.VietQR.Payload, qrcode.Medium, 320)
	if err != nil {
		return nil, fmt.Errorf("manage: payout QR: %w", err)
	}
	p.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	return p, nil
}

// Record answers POST /quan-tri/thanh-toan/{id}: a payout of the form's
// amount to the cooperative.
func (h *Payouts) Record(c *fiber.Ctx) error {
	id, err := panel.PathID(c, "id", "cooperative")
	if err != nil {
		return err
	}
	amount, perr := strconv.ParseInt(strings.NewReplacer(".", "", ",", "", " ", "").Replace(c.FormValue("amount_vnd")), 10, 64)
	if perr != nil {
		err = fault.InvalidField("amount_vnd", "not_whole_number", nil)
	} else {
		_, err = h.payouts.Record(c.UserContext(), id, amount, c.FormValue("reference"), panel.Actor(c))
	}
	if err != nil {
		status, form, ok := web.FormProblem(c, h.frame.Messages(), err)
		if !ok {
			return err
		}
		return h.show(c, status, form)
	}
	return h.frame.Redirect(c, paths.AdminPayouts+"?da_tra="+strconv.FormatInt(id, 10), "payout_recorded")
}
