package report

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

func day(s string) db.Date {
	d, err := db.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestReadSales(t *testing.T) {
	today := day("2026-12-05")
	tests := []struct {
		groupBy, from, to string
		want              SalesQuery
		field, code       string
	}{
		{"", "", "", SalesQuery{GroupBy: ByProvince, Range: Range{day("2026-12-01"), today}}, "", ""},
		{"stars", "2026-11-30", "2026-11-30", SalesQuery{GroupBy: ByStars, Range: Range{day("2026-11-30"), day("2026-11-30")}}, "", ""},
		{"", "2025-12-06", "", SalesQuery{GroupBy: ByProvince, Range: Range{day("2025-12-06"), today}}, "", ""}, // 365 days
		{"", "2025-12-05", "2026-12-04", SalesQuery{GroupBy: ByProvince, Range: Range{day("2025-12-05"), day("2026-12-04")}}, "", ""},
		{"", "2025-12-05", "2026-12-05", SalesQuery{GroupBy: ByProvince, Range: Range{day("2025-12-05"), today}}, "", ""}, // 366 days
		{"", "2025-12-04", "2026-12-05", SalesQuery{}, "to", CodeRangeTooLong},
		{"", "2026-12-06", "", SalesQuery{}, "to", CodeRangeReversed},
		{"", "2026-02-30", "", SalesQuery{}, "from", "invalid_date"},
		{"", "", "1999-12-31", SalesQuery{}, "to", "invalid_date"},
		{"", "", "2026-12-05T00:00:00Z", SalesQuery{}, "to", "invalid_date"},
		{"showcase", "", "", SalesQuery{GroupBy: ByShowcase, Range: Range{day("2026-12-01"), today}}, "", ""},
		{"fair", "", "", SalesQuery{}, "group_by", "not_one_of"},
	}
	for _, tt := range tests {
		var errs fault.Fields
		got := ReadSales(tt.groupBy, tt.from, tt.to, today, Scope{}, errs.Add)
		if tt.field == "" {
			if err := errs.Err(); err != nil || got != tt.want {
				t.Errorf("ReadSales(%q, %q, %q) = %+v, %v; want %+v", tt.groupBy, tt.from, tt.to, got, err, tt.want)
			}
			continue
		}
		var fe *fault.Error
		if err := errs.Err(); !errors.As(err, &fe) || fe.FieldCodes()[tt.field] != tt.code {
			t.Errorf("ReadSales(%q, %q, %q): %v; want %s %s", tt.groupBy, tt.from, tt.to, err, tt.field, tt.code)
		}
	}
}

func TestRangeBounds(t *testing.T) {
	start, end := Range{day("2026-12-01"), day("2026-12-31")}.bounds()
	if !start.Equal(time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)) || !end.Equal(time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("bounds %v %v", start, end)
	}
}

func TestWriteCSV(t *testing.T) {
	s := &Sales{GroupBy: ByCooperative, Rows: []Row{
		{Key: "=cmd", Name: "+SUM(A1)", Orders: 2, Items: 3, RevenueVND: 150000},
		{Key: "htx-bich-thao", Name: `HTX "Bích Thảo", Sơn La`, Orders: 1, Items: 1, RevenueVND: 90000},
		{Key: "htx", Name: "@x", Orders: 1, Items: 1, RevenueVND: 1},
		{Key: "htx-2", Name: "-1", Orders: 1, Items: 1, RevenueVND: 1},
	}, Total: Totals{Orders: 3, Items: 4, RevenueVND: 240000}}
	var b bytes.Buffer
	if err := s.WriteCSV(&b, "Tổng cộng"); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFkey,name,orders,items,revenue_vnd\n'=cmd,'+SUM(A1),2,3,150000\n" +
		"htx-bich-thao,\"HTX \"\"Bích Thảo\"\", Sơn La\",1,1,90000\nhtx,'@x,1,1,1\nhtx-2,'-1,1,1,1\n,Tổng cộng,3,4,240000\n"
	if b.String() != want {
		t.Errorf("csv %q, want %q", b.String(), want)
	}
}

func TestLocalize(t *testing.T) {
	t.Run("stars", func(t *testing.T) {
		s := &Sales{GroupBy: ByStars, Rows: []Row{{Key: "5", Name: "5"}, {Key: NoStars, Name: NoStars}}}
		s.Localize(false, func(id string, pairs ...any) (string, error) {
			if id == NoStarsMessage {
				return "Chưa có sao", nil
			}
			return "OCOP " + pairs[1].(string) + "★", nil
		})
		if s.Rows[0].Name != "OCOP 5★" || s.Rows[1].Name != "Chưa có sao" {
			t.Errorf("%+v", s.Rows)
		}
	})
	t.Run("english names", func(t *testing.T) {
		s := &Sales{GroupBy: ByCategory, Rows: []Row{{Key: "do-uong", Name: "Đồ uống", NameEn: "Drinks"}}}
		s.Localize(true, nil)
		if s.Rows[0].Name != "Drinks" {
			t.Errorf("%+v", s.Rows)
		}
	})
}
