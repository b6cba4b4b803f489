package trace

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Input is what a cooperative enters for a batch: the API's body and the
// page's form, dates as YYYY-MM-DD text.
type Input struct {
	ProductID    int64
	BatchNo      string // empty: one is made from the packing date
	HarvestedOn  string
	PackedOn     string
	ExpiresOn    string // optional
	FarmAreaCode string // mã số vùng trồng, optional
	Notes        string // shown on the public trace page
}

// Limits of the text of a batch, in characters.
const (
	MaxBatchNo      = 40
	MaxFarmAreaCode = 40
	MaxNotes        = 1000
	// MaxShelfYears is how long after packing a batch may expire at most.
	MaxShelfYears = 10
	// FirstYear is the earliest year a batch may be harvested or packed in.
	FirstYear = 2000
)

// checked is an Input that passed validation.
type checked struct {
	productID                    int64
	batchNo, farmAreaCode, notes string
	harvested, packed, expires   db.Date
}

// check validates in against today (in Vietnam), collecting one code per
// field that is wrong.
func check(in Input, today db.Date) (checked, error) {
	var f fault.Fields
	out := checked{productID: in.ProductID}
	if in.ProductID <= 0 {
		f.Add("product_id", "required", nil)
	}
	out.batchNo = text(&f, "batch_no", in.BatchNo, MaxBatchNo, false)
	out.farmAreaCode = text(&f, "farm_area_code", in.FarmAreaCode, MaxFarmAreaCode, false)
	out.notes = text(&f, "notes", in.Notes, MaxNotes, true)
	var okH, okP, okE bool
	out.harvested, okH = day(&f, "harvested_on", in.HarvestedOn, true)
	out.packed, okP = day(&f, "packed_on", in.PackedOn, true)
	out.expires, okE = day(&f, "expires_on", in.ExpiresOn, false)
	if okH && out.harvested.After(today.Time) {
		f.Add("harvested_on", "batch_date_in_future", nil)
	}
	if okP && out.packed.After(today.Time) {
		f.Add("packed_on", "batch_date_in_future", nil)
	}
	if okH && okP && out.packed.Before(out.harvested.Time) {
		f.Add("packed_on", "batch_packed_before_harvest", nil)
	}
	if okP && okE {
		switch {
		case !out.expires.After(out.packed.Time):
			f.Add("expires_on", "batch_expiry_not_after_packing", nil)
		case out.expires.After(out.packed.AddMonths(12 * MaxShelfYears).Time):
			f.Add("expires_on", "batch_expiry_too_far", fault.Params{"years": MaxShelfYears})
		}
	}
	return out, f.Err()
}

// text trims a text field and checks it is valid UTF-8 without control
// characters (a multi-line one may hold line breaks and tabs) and at most
// max characters long.
func text(f *fault.Fields, field, v string, max int, multiline bool) string {
	if !utf8.ValidString(v) {
		f.Add(field, "invalid_text", nil)
		return ""
	}
	v = strings.TrimSpace(v)
	if multiline {
		v = strings.ReplaceAll(v, "\r\n", "\n")
	}
	for _, r := range v {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		// Cc are the C0/C1 controls; Cf the invisible format characters,
		// among them the bidirectional overrides that disguise text.
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) && r != '\u200d' {
			f.Add(field, "control_characters", nil)
			return ""
		}
	}
	if utf8.RuneCountInString(v) > max {
		f.Add(field, "too_long", fault.Params{"max": max})
		return ""
	}
	return v
}

// day reads a YYYY-MM-DD date field; ok is false when it is empty or wrong.
func day(f *fault.Fields, field, v string, required bool) (d db.Date, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			f.Add(field, "required", nil)
		}
		return db.Date{}, false
	}
	d, err := db.ParseDate(v)
	if err != nil {
		f.Add(field, "invalid_date", nil)
		return db.Date{}, false
	}
	if d.Year() < FirstYear {
		f.Add(field, "batch_date_too_early", fault.Params{"year": FirstYear})
		return db.Date{}, false
	}
	return d, true
}
