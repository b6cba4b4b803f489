package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// CSVHeader is the header row of a sales report as CSV.
func CSVHeader() []string { return []string{"key", "name", "orders", "items", "revenue_vnd"} }

// The messages that name star levels: StarsMessage takes Stars, the
// number of stars.
const (
	StarsMessage      = "panel.reports.stars"
	NoStarsMessage    = "panel.reports.stars_none"
	NoShowcaseMessage = "panel.reports.showcase_none"
)

// Localize names the groups for a reader: by their English name when
// english and the group has one, and a star level by its message, which t
// translates (a missing message leaves the key).
func (s *Sales) Localize(english bool, t func(id string, pairs ...any) (string, error)) {
	for i := range s.Rows {
		r := &s.Rows[i]
		switch {
		case s.GroupBy == ByStars:
			id, pairs := StarsMessage, []any{"Stars", r.Key}
			if r.Key == NoStars {
				id, pairs = NoStarsMessage, nil
			}
			if name, err := t(id, pairs...); err == nil {
				r.Name = name
			}
		case s.GroupBy == ByShowcase && r.Key == NoShowcase:
			if name, err := t(NoShowcaseMessage); err == nil {
				r.Name = name
			}
		case english && r.NameEn != "":
			r.Name = r.NameEn
		}
	}
}

// WriteCSV writes the report as CSV for spreadsheets: UTF-8 with a byte
// order mark (so Excel reads Vietnamese right), the header row, one row
// per group and a last row of totals with an empty key, named totalName.
// A text cell that a spreadsheet would read as a formula is quoted with a
// leading apostrophe.
func (s *Sales) WriteCSV(w io.Writer, totalName string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	cw := csv.NewWriter(w)
	rows := [][]string{CSVHeader()}
	for _, r := range s.Rows {
		rows = append(rows, csvRow(r.Key, r.Name, r.Orders, r.Items, r.RevenueVND))
	}
	rows = append(rows, csvRow("", totalName, s.Total.Orders, s.Total.Items, s.Total.RevenueVND))
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("report: csv: %w", err)
	}
	return nil
}

func csvRow(key, name string, orders, items, revenue int64) []string {
	return []string{cell(key), cell(name), strconv.FormatInt(orders, 10), strconv.FormatInt(items, 10), strconv.FormatInt(revenue, 10)}
}

// cell defuses text a spreadsheet would run as a formula (OWASP's CSV
// injection advice): one starting with =, +, -, @, a tab or a carriage
// return gets a leading apostrophe.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
