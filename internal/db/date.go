package db

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// DateLayout is how a Date is written to the database and to JSON.
const DateLayout = "2006-01-02"

// Date is a calendar day without a time of day, stored as DATE in
// PostgreSQL and as 'YYYY-MM-DD' text in SQLite. The zero Date is NULL.
type Date struct{ time.Time }

// NewDate returns the day of t in t's location.
func NewDate(t time.Time) Date {
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads a 'YYYY-MM-DD' day.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("db: date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// String returns the day as 'YYYY-MM-DD', or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// AddMonths returns the day n months later, clamped to the end of a shorter
// month (31 January + 1 month is 28 or 29 February).
func (d Date) AddMonths(n int) Date {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return Date{time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC)}
}

// Value implements driver.Valuer.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.Format(DateLayout), nil
}

// Scan implements sql.Scanner for DATE columns and date text.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = NewDate(v)
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	}
	return fmt.Errorf("db: cannot scan %T into Date", src)
}

func (d *Date) scanText(s string) error {
	if len(s) > len(DateLayout) {
		s = s[:len(DateLayout)]
	}
	p, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MarshalJSON writes the day as "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.Format(DateLayout) + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		*d = Date{}
		return nil
	}
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return fmt.Errorf("db: date %s: want \"YYYY-MM-DD\"", s)
	}
	p, err := ParseDate(s[1 : len(s)-1])
	if err != nil {
		return err
	}
	*d = p
	return nil
}
