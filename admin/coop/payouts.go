package coop

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Payouts shows a cooperative what it earned, the commission taken, what
// the marketplace paid it and what it is still owed.
type Payouts struct {
	frame  *panel.Frame
	ledger *ledger.Ledger
}

// NewPayouts returns the payouts page.
func NewPayouts(frame *panel.Frame, l *ledger.Ledger) *Payouts {
	return &Payouts{frame: frame, ledger: l}
}

// payoutsPerPage is how many orders a page of earnings shows; payoutsShown
// how many payouts.
const (
	payoutsPerPage = 20
	payoutsShown   = 50
)

// payout is a payout as the page shows it: the amount paid, positive.
type payout struct {
	PaidVND   int64
	Reference string
	At        time.Time
}

// Show answers GET /quan-ly/thanh-toan: the balance due and the sums, the
// earning and commission of each delivered order, and the payouts with
// their references.
func (h *Payouts) Show(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	page := q.PageOf(payoutsPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	ctx, coop := c.UserContext(), panel.CoopID(c)
	sum, err := h.ledger.Summarize(ctx, coop)
	if err != nil {
		return err
	}
	lines, total, err := h.ledger.OrderLines(ctx, coop, ledger.Page{Page: page, PerPage: payoutsPerPage})
	if err != nil {
		return err
	}
	entries, err := h.ledger.Payouts(ctx, coop, payoutsShown)
	if err != nil {
		return err
	}
	payouts := make([]payout, len(entries))
	for i, e := range entries {
		payouts[i] = payout{PaidVND: -e.AmountVND, Reference: e.Reference, At: e.At}
	}
	return h.frame.Render(c, templates.CoopPayouts, "payouts", "panel.payouts.title", struct {
		Summary ledger.Summary
		Orders  []ledger.OrderLine
		Payouts []payout
		Pager   panel.Pager
	}{sum, lines, payouts, panel.NewPager(c, page, payoutsPerPage, total)})
}
