package listing

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Limits of a price and stock file.
const (
	MaxImportRows  = 5000
	MaxImportBytes = 5 << 20
)

// The columns of a price and stock file: the import reads importColumns,
// or the export's own columns so that an exported file comes back as is.
var (
	importColumns = []string{"id", "price_vnd", "stock"}
	exportColumns = []string{"id", "price_vnd", "stock", "slug", "name"}
)

// Refusals of a whole file.
var (
	ErrNotCSV       = fault.New(fault.Invalid, "invalid_csv")
	ErrCSVHeader    = fault.New(fault.Invalid, "csv_header")
	ErrCSVTooLarge  = fault.New(fault.Invalid, "csv_too_large")
	ErrCSVTooLong   = fault.New(fault.Invalid, "csv_too_many_rows")
	errCSVEmptyFile = ErrNotCSV.With(fault.Params{"line": 1})
)

// Change is a value before and after: [old, new].
type Change [2]int64

// Changes are what a row of a file changes.
type Changes struct {
	PriceVND *Change `json:"price_vnd,omitempty"`
	Stock    *Change `json:"stock,omitempty"`
}

// ImportRow is one row of a price and stock file: what it changes, or
// the code of what is wrong with it.
type ImportRow struct {
	Line    int     `json:"line"`
	ID      int64   `json:"id"`
	Changes Changes `json:"changes"`
	Error   string  `json:"error,omitempty"`
}

// Import is what a price and stock file does: every row, how many are
// valid and invalid, and how many products were changed.
type Import struct {
	Rows    []ImportRow `json:"rows"`
	Valid   int         `json:"valid"`
	Invalid int         `json:"invalid"`
	Applied int         `json:"applied"`
}

// ImportOptions say whether to apply a file and what to do with its
// invalid rows.
type ImportOptions struct {
	// Apply changes the products; without it the file is only checked.
	Apply bool
	// SkipInvalid applies the valid rows of a file that has invalid ones;
	// without it such a file changes nothing.
	SkipInvalid bool
}

type cell struct {
	value int64
	set   bool
}

type parsedRow struct {
	ImportRow
	price, stock cell
}

// readCSV reads the rows of a price and stock file: a header of
// importColumns or exportColumns, then one product a row. An empty price
// or stock cell leaves that value as it is.
func readCSV(r io.Reader) ([]parsedRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("listing: read csv: %w", err)
	}
	if len(data) > MaxImportBytes {
		return nil, ErrCSVTooLarge.With(fault.Params{"max": "5 MB"})
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, ErrNotCSV.With(fault.Params{"line": 1})
	}
	cr := csv.NewReader(bufio.NewReader(bytes.NewReader(data)))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errCSVEmptyFile
	}
	if err != nil {
		return nil, csvError(err)
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	if !slices.Equal(header, importColumns) && !slices.Equal(header, exportColumns) {
		return nil, ErrCSVHeader.With(fault.Params{"columns": strings.Join(importColumns, ",")})
	}
	var rows []parsedRow
	seen := map[int64]bool{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rows) == MaxImportRows {
			return nil, ErrCSVTooLong.With(fault.Params{"max": MaxImportRows})
		}
		row := parsedRow{ImportRow: ImportRow{Line: line}}
		rows = append(rows, parseRow(row, rec, len(header), seen))
	}
	return rows, nil
}

func csvError(err error) error {
	line := 1
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line = pe.Line
	}
	return ErrNotCSV.With(fault.Params{"line": line}).Wrap(err)
}

// parseRow reads the cells of one row; seen holds the ids of the rows
// before it.
func parseRow(row parsedRow, rec []string, columns int, seen map[int64]bool) parsedRow {
	if len(rec) != columns {
		row.Error = "wrong_column_count"
		return row
	}
	id, err := strconv.ParseInt(strings.TrimSpace(rec[0]), 10, 64)
	if err != nil || id <= 0 {
		row.Error = "invalid_id"
		return row
	}
	row.ID = id
	if seen[id] {
		row.Error = "duplicate_id"
		return row
	}
	seen[id] = true
	num := func(s string) (cell, bool) {
		s = strings.TrimSpace(s)
		if s == "" {
			return cell{}, true
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return cell{value: n, set: true}, err == nil
	}
	var ok bool
	if row.price, ok = num(rec[1]); !ok {
		row.Error = "not_whole_number"
		return row
	}
	if row.stock, ok = num(rec[2]); !ok {
		row.Error = "not_whole_number"
		return row
	}
	switch {
	case row.price.set && (row.price.value <= 0 || row.price.value > MaxPriceVND):
		row.Error = "price_out_of_range"
	case row.stock.set && row.stock.value < 0:
		row.Error = "negative_stock"
	case row.stock.set && row.stock.value > MaxStock:
		row.Error = "stock_out_of_range"
	}
	return row
}

type current struct {
	ID       int64 `db:"id"`
	PriceVND int64 `db:"price_vnd"`
	Stock    int64 `db:"stock"`
}

// ImportCSV checks a price and stock file of cooperative coopID against
// its products and, when o says so, applies it: all valid rows in one
// transaction, with one audit record per changed product; a file with an
// invalid row changes nothing unless o.SkipInvalid.
func (s *Service) ImportCSV(ctx context.Context, actor audit.Actor, coopID int64, r io.Reader, o ImportOptions) (*Import, error) {
	rows, err := readCSV(r)
	if err != nil {
		return nil, err
	}
	out := &Import{Rows: make([]ImportRow, 0, len(rows))}
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		have, err := s.currentOf(ctx, tx, coopID, rows)
		if err != nil {
			return err
		}
		var changed []parsedRow
		for _, row := range rows {
			if row.Error == "" {
				if cur, ok := have[row.ID]; !ok {
					row.Error = "unknown_product"
				} else {
					if row.price.set && row.price.value != cur.PriceVND {
						row.Changes.PriceVND = &Change{cur.PriceVND, row.price.value}
					}
					if row.stock.set && row.stock.value != cur.Stock {
						row.Changes.Stock = &Change{cur.Stock, row.stock.value}
					}
				}
			}
			if row.Error != "" {
				out.Invalid++
			} else {
				out.Valid++
				if row.Changes.PriceVND != nil || row.Changes.Stock != nil {
					changed = append(changed, row)
				}
			}
			out.Rows = append(out.Rows, row.ImportRow)
		}
		if !o.Apply || (out.Invalid > 0 && !o.SkipInvalid) || len(changed) == 0 {
			return nil
		}
		return s.apply(ctx, tx, actor, coopID, have, changed, out)
	})
	if err != nil {
		return nil, fmt.Errorf("listing: import: %w", err)
	}
	return out, nil
}

// currentOf reads the price and stock of the products of coopID that
// rows name.
func (s *Service) currentOf(ctx context.Context, tx *sqlx.Tx, coopID int64, rows []parsedRow) (map[int64]current, error) {
	have := map[int64]current{}
	var ids []int64
	for _, r := range rows {
		if r.ID > 0 {
			ids = append(ids, r.ID)
		}
	}
	for chunk := range slices.Chunk(ids, 1000) {
		q, args, err := sqlx.In(`SELECT id, price_vnd, stock FROM products WHERE cooperative_id = ? AND id IN (?)`, coopID, chunk)
		if err != nil {
			return nil, fmt.Errorf("listing: import: %w", err)
		}
		var cur []current
		if err := tx.SelectContext(ctx, &cur, tx.Rebind(q), args...); err != nil {
			return nil, fmt.Errorf("listing: import: %w", err)
		}
		for _, c := range cur {
			have[c.ID] = c
		}
	}
	return have, nil
}

// apply writes the changed rows, their audit records and one index job.
func (s *Service) apply(ctx context.Context, tx *sqlx.Tx, actor audit.Actor, coopID int64, have map[int64]current, changed []parsedRow, out *Import) error {
	now := s.now().UTC()
	ids := make([]int64, 0, len(changed))
	for _, row := range changed {
		before := have[row.ID]
		after := before
		if c := row.Changes.PriceVND; c != nil {
			after.PriceVND = c[1]
		}
		if c := row.Changes.Stock; c != nil {
			after.Stock = c[1]
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE products SET price_vnd = ?, stock = ?, updated_at = ? WHERE id = ? AND cooperative_id = ?`),
			after.PriceVND, after.Stock, now, row.ID, coopID); err != nil {
			return fmt.Errorf("listing: import: product %d: %w", row.ID, err)
		}
		snap := func(c current) map[string]int64 {
			return map[string]int64{"id": c.ID, "price_vnd": c.PriceVND, "stock": c.Stock}
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Actor: actor, CooperativeID: &coopID, Action: "product.import",
			Subject: audit.Subject{Kind: "product", ID: audit.SubjectID(row.ID)}, Before: snap(before), After: snap(after)}); err != nil {
			return fmt.Errorf("listing: import: %w", err)
		}
		ids = append(ids, row.ID)
	}
	if err := s.catalog.EnqueueIndex(ctx, tx, catalog.IndexJob{ProductIDs: ids}); err != nil {
		return fmt.Errorf("listing: import: %w", err)
	}
	out.Applied = len(ids)
	return nil
}

// ExportCSV writes every product of coopID as a price and stock file, with
// its slug and name (see writeCSV).
func (s *Service) ExportCSV(ctx context.Context, coopID int64, w io.Writer) error {
	var rows []exportRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT id, price_vnd, stock, slug, name FROM products
		WHERE cooperative_id = ? ORDER BY id`), coopID); err != nil {
		return fmt.Errorf("listing: export: %w", err)
	}
	return writeCSV(w, rows)
}

// exportRow is one product of a price and stock file written for export.
type exportRow struct {
	ID       int64  `db:"id"`
	PriceVND int64  `db:"price_vnd"`
	Stock    int64  `db:"stock"`
	Slug     string `db:"slug"`
	Name     string `db:"name"`
}

// writeCSV writes rows as a price and stock file: UTF-8 with a byte order
// mark, which spreadsheets need to read Vietnamese. A name a spreadsheet
// would take for a formula gets a leading apostrophe.
func writeCSV(w io.Writer, rows []exportRow) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("listing: export: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(exportColumns); err != nil {
		return fmt.Errorf("listing: export: %w", err)
	}
	for _, r := range rows {
		if err := cw.Write([]string{strconv.FormatInt(r.ID, 10), strconv.FormatInt(r.PriceVND, 10), strconv.FormatInt(r.Stock, 10),
			r.Slug, noFormula(r.Name)}); err != nil {
			return fmt.Errorf("listing: export: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("listing: export: %w", err)
	}
	return nil
}

// noFormula keeps a spreadsheet from running a cell as a formula.
func noFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
