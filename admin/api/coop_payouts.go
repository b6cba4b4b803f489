package api

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/ledger"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// CoopPayouts serves a cooperative its ledger: what it earned, the
// commission taken and what the marketplace paid it.
type CoopPayouts struct {
	ledger *ledger.Ledger
}

// NewCoopPayouts returns the cooperative payouts API.
func NewCoopPayouts(l *ledger.Ledger) *CoopPayouts { return &CoopPayouts{ledger: l} }

// Payouts answers GET /api/v1/coop/payouts: the sums over the whole
// ledger and one page of its entries, newest first.
func (h *CoopPayouts) Payouts(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	page, perPage := q.Page(24)
	if err := q.Err(); err != nil {
		return err
	}
	st, err := h.ledger.Statement(c.UserContext(), panel.CoopID(c), ledger.Page{Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return c.JSON(struct {
		*ledger.Statement
		Page    int `json:"page"`
		PerPage int `json:"per_page"`
	}{st, page, perPage})
}

// Export answers GET /api/v1/coop/payouts/export: every entry of the
// ledger as CSV (UTF-8 with a byte order mark, so that spreadsheets read
// the Vietnamese), newest first, times in Vietnam's.
func (h *CoopPayouts) Export(c *fiber.Ctx) error {
	coopID := panel.CoopID(c)
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="ocop-ledger-`+strconv.FormatInt(coopID, 10)+`.csv"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	if err := w.Write([]string{"at", "kind", "order_code", "amount_vnd", "reference"}); err != nil {
		return err
	}
	err := h.ledger.Each(c.UserContext(), coopID, func(e ledger.Entry) error {
		return w.Write([]string{e.At.In(format.Vietnam()).Format(time.RFC3339), e.Kind, e.OrderCode,
			strconv.FormatInt(e.AmountVND, 10), csvText(e.Reference)})
	})
	if err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return c.Send(buf.Bytes())
}

// csvText keeps a spreadsheet from reading text as a formula: one that
// starts with =, +, - or @ gets a leading apostrophe.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
