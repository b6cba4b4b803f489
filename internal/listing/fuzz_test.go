package listing

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// FuzzReadCSV checks the reading of price and stock files on any bytes:
// a whole file is refused with one of its codes, or every row is read
// with a code or as values within the limits, at most one valid row per
// product; the valid rows written out again read back the same.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"\uFEFFid, price_vnd, stock\n1, 100, 2\n", "id,price_vnd,stock,slug,name\n1,100,2,ca-phe,\"Cà phê, \"\"rang\"\"\"\n",
		"id,price_vnd,stock\n1,,\n2,5,\n", "id,price_vnd,stock\r\n1,5,6\r\n", "id,price_vnd,stock\nx,1,1\n2,1.5,1\n3,1,-1\n8,1,1\n8,2,2\n",
		"ID,Price_VND,Stock\n+7,0x10,1e3\n", "id,price_vnd,stock\n\"1,2,3\n", "\x89PNG\r\n\x1a\n", ""} {
		f.Add([]byte(s))
	}
	fileCodes := []string{"invalid_csv", "csv_header", "csv_too_large", "csv_too_many_rows"}
	rowCodes := []string{"", "wrong_column_count", "invalid_id", "duplicate_id", "not_whole_number", "price_out_of_range",
		"negative_stock", "stock_out_of_range"}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := readCSV(bytes.NewReader(data))
		if err != nil {
			if fe, ok := fault.As(err); !ok || fe.Kind != fault.Invalid || !slices.Contains(fileCodes, fe.Code) {
				t.Fatalf("readCSV(%q): %v", data, err)
			}
			return
		}
		var again strings.Builder
		again.WriteString("id,price_vnd,stock\n")
		var valid []parsedRow
		ids := map[int64]bool{}
		for i, r := range rows {
			if !slices.Contains(rowCodes, r.Error) {
				t.Fatalf("row %d: code %q", i, r.Error)
			}
			if i > 0 && r.Line <= rows[i-1].Line {
				t.Fatalf("row %d on line %d, after line %d", i, r.Line, rows[i-1].Line)
			}
			if r.Error != "" {
				continue
			}
			switch {
			case r.ID <= 0 || ids[r.ID]:
				t.Fatalf("valid row %d of id %d", i, r.ID)
			case r.price.set && (r.price.value < 1 || r.price.value > MaxPriceVND):
				t.Fatalf("valid row %d of price %d", i, r.price.value)
			case r.stock.set && (r.stock.value < 0 || r.stock.value > MaxStock):
				t.Fatalf("valid row %d of stock %d", i, r.stock.value)
			}
			ids[r.ID] = true
			valid = append(valid, r)
			again.WriteString(strconv.FormatInt(r.ID, 10) + "," + cellText(r.price) + "," + cellText(r.stock) + "\n")
		}
		back, err := readCSV(strings.NewReader(again.String()))
		if err != nil || len(back) != len(valid) {
			t.Fatalf("the valid rows written again (%q) read as %d rows, %v", again.String(), len(back), err)
		}
		for i, r := range back {
			if r.Error != "" || r.ID != valid[i].ID || r.price != valid[i].price || r.stock != valid[i].stock {
				t.Fatalf("row %d written again reads as %+v, want %+v", i, r, valid[i])
			}
		}
	})
}

func cellText(c cell) string {
	if !c.set {
		return ""
	}
	return strconv.FormatInt(c.value, 10)
}

// FuzzExportReadsBack checks that an exported file comes back as is:
// whatever a product's slug and name hold (commas, quotes, line breaks, a
// leading = or a byte order mark), the export of it reads as one valid
// row of its id, price and stock.
func FuzzExportReadsBack(f *testing.F) {
	f.Add(int64(1), int64(180000), int64(100), "ca-phe-bot", "Cà phê bột Bích Thao")
	f.Add(int64(42), int64(1), int64(0), "x", "=HYPERLINK(\"http://evil\")")
	f.Add(int64(7), int64(MaxPriceVND), int64(MaxStock), "", "line one\nline \"two\",\r\n")
	f.Add(int64(9), int64(5), int64(5), "\uFEFFslug", " \t@sum")
	f.Fuzz(func(t *testing.T, id, price, stock int64, slug, name string) {
		if id < 1 || price < 1 || price > MaxPriceVND || stock < 0 || stock > MaxStock {
			return // not a product the catalog holds
		}
		var b bytes.Buffer
		if err := writeCSV(&b, []exportRow{{ID: id, PriceVND: price, Stock: stock, Slug: slug, Name: name}}); err != nil {
			t.Fatal(err)
		}
		rows, err := readCSV(&b)
		if errors.Is(err, ErrNotCSV) && (strings.ContainsRune(slug+name, 0) || !utf8.ValidString(slug) || !utf8.ValidString(name)) {
			return // a file of a NUL or of bytes that are not UTF-8 is refused whole, as it should be
		}
		if err != nil || len(rows) != 1 {
			t.Fatalf("export of %q %q reads as %d rows, %v", slug, name, len(rows), err)
		}
		r := rows[0]
		if r.Error != "" || r.ID != id || r.price != (cell{price, true}) || r.stock != (cell{stock, true}) {
			t.Fatalf("export of %d,%d,%d,%q,%q reads as %+v", id, price, stock, slug, name, r)
		}
	})
}
