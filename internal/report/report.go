// Package report answers the trade-promotion staff's questions about the
// marketplace: sales over a range of Vietnam calendar days grouped by
// province, cooperative, OCOP product group or star level, the counts of
// cooperatives and verified products, and the staff dashboard. Every
// figure is computed in SQL, one query per figure whatever the number of
// rows, and a province's staff see only that province's cooperatives.
package report

import (
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

// MaxRangeDays is the longest range a sales report covers.
const MaxRangeDays = 366

// Service computes the reports from the database.
type Service struct {
	db  *db.DB
	now func() time.Time
}

// New returns the reports of d; now is the clock that decides today (the
// day OCOP certificates are judged valid on, and this month).
func New(d *db.DB, now func() time.Time) *Service { return &Service{db: d, now: now} }

// Today is the current day in Vietnam.
func (s *Service) Today() db.Date { return db.NewDate(s.now().In(format.Vietnam())) }

// Scope limits a report to one province's cooperatives; the zero Scope
// covers every province.
type Scope struct {
	Province string // a province slug, "" for everywhere
}

// where returns the condition on cooperatives co that keeps a report in
// scope, with its argument, appended to a WHERE clause.
func (sc Scope) where(args []any) (string, []any) {
	if sc.Province == "" {
		return "", args
	}
	return " AND co.province_slug = ?", append(args, sc.Province)
}

// Range is an inclusive range of Vietnam calendar days.
type Range struct {
	From db.Date `json:"from"`
	To   db.Date `json:"to"`
}

// bounds returns the instants the range starts at and ends before: an
// order placed at 23:30 in Vietnam on the 1st (16:30 UTC) belongs to the 1st.
func (r Range) bounds() (start, end time.Time) {
	vn := format.Vietnam()
	start = time.Date(r.From.Year(), r.From.Month(), r.From.Day(), 0, 0, 0, 0, vn).UTC()
	end = time.Date(r.To.Year(), r.To.Month(), r.To.Day()+1, 0, 0, 0, 0, vn).UTC()
	return start, end
}

// Days is how many days the range covers.
func (r Range) Days() int { return int(r.To.Sub(r.From.Time).Hours()/24) + 1 }

// MonthOf is the range from the first day of today's month to today.
func MonthOf(today db.Date) Range {
	return Range{From: db.Date{Time: today.AddDate(0, 0, 1-today.Day())}, To: today}
}

// The codes of a range that cannot be reported on, given on the to field.
const (
	CodeRangeReversed = "report_range_reversed"
	CodeRangeTooLong  = "report_range_too_long"
)

// Invalid records what is wrong with one input field (web.Query.Invalid,
// or fault.Fields.Add).
type Invalid func(field, code string, params fault.Params)

// ReadRange reads a range from its from and to days (YYYY-MM-DD) as a
// person typed them: an empty from is the first day of today's month, an
// empty to is today. It tells invalid what is wrong: a malformed day,
// from after to, or more than MaxRangeDays days.
func ReadRange(from, to string, today db.Date, invalid Invalid) Range {
	r := MonthOf(today)
	ok := true
	read := func(field, s string, into *db.Date) {
		if s == "" {
			return
		}
		d, err := db.ParseDate(s)
		if err != nil || d.Year() < 2000 {
			invalid(field, "invalid_date", nil)
			ok = false
			return
		}
		*into = d
	}
	read("from", from, &r.From)
	read("to", to, &r.To)
	switch {
	case !ok:
	case r.From.After(r.To.Time):
		invalid("to", CodeRangeReversed, nil)
	case r.Days() > MaxRangeDays:
		invalid("to", CodeRangeTooLong, fault.Params{"max": MaxRangeDays})
	}
	return r
}

// ReadSales reads the grouping and range of a sales report as a person
// typed them (an empty groupBy is ByProvince), telling invalid what is
// wrong, for the scope sc.
func ReadSales(groupBy, from, to string, today db.Date, sc Scope, invalid Invalid) SalesQuery {
	q := SalesQuery{GroupBy: groupBy, Range: ReadRange(from, to, today, invalid), Scope: sc}
	if q.GroupBy == "" {
		q.GroupBy = ByProvince
	}
	if _, ok := groupingOf(q.GroupBy); !ok {
		invalid("group_by", "not_one_of", fault.Params{"choices": strings.Join(Groupings(), ", ")})
		q.GroupBy = ByProvince
	}
	return q
}
