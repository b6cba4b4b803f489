package trace

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

func TestCheck(t *testing.T) {
	today, _ := db.ParseDate("2026-12-02")
	ok := Input{ProductID: 7, HarvestedOn: "2026-11-28", PackedOn: "2026-11-30", ExpiresOn: "2027-11-30",
		BatchNo: " L-01 ", FarmAreaCode: "VN-14-0026", Notes: "Thu hái sáng sớm.\r\nPhơi nắng."}
	with := func(change func(*Input)) Input {
		in := ok
		change(&in)
		return in
	}
	for _, tc := range []struct {
		name  string
		in    Input
		field string // "" when valid
		code  string
	}{
		{"valid", ok, "", ""},
		{"same day, no expiry", with(func(in *Input) { in.HarvestedOn, in.PackedOn, in.ExpiresOn = "2026-12-02", "2026-12-02", "" }), "", ""},
		{"no product", with(func(in *Input) { in.ProductID = 0 }), "product_id", "required"},
		{"no harvest date", with(func(in *Input) { in.HarvestedOn = " " }), "harvested_on", "required"},
		{"no packing date", with(func(in *Input) { in.PackedOn = "" }), "packed_on", "required"},
		{"day first", with(func(in *Input) { in.HarvestedOn = "28/11/2026" }), "harvested_on", "invalid_date"},
		{"no such day", with(func(in *Input) { in.PackedOn = "2026-02-30" }), "packed_on", "invalid_date"},
		{"bad expiry", with(func(in *Input) { in.ExpiresOn = "soon" }), "expires_on", "invalid_date"},
		{"harvest tomorrow", with(func(in *Input) { in.HarvestedOn = "2026-12-03"; in.PackedOn = "2026-12-03" }), "harvested_on", "batch_date_in_future"},
		{"packed tomorrow", with(func(in *Input) { in.PackedOn = "2026-12-03" }), "packed_on", "batch_date_in_future"},
		{"packed before harvest", with(func(in *Input) { in.PackedOn = "2026-11-27" }), "packed_on", "batch_packed_before_harvest"},
		{"expires on packing day", with(func(in *Input) { in.ExpiresOn = "2026-11-30" }), "expires_on", "batch_expiry_not_after_packing"},
		{"expires before packing", with(func(in *Input) { in.ExpiresOn = "2026-01-01" }), "expires_on", "batch_expiry_not_after_packing"},
		{"expires in eleven years", with(func(in *Input) { in.ExpiresOn = "2037-12-01" }), "expires_on", "batch_expiry_too_far"},
		{"last century", with(func(in *Input) { in.HarvestedOn = "1999-12-31" }), "harvested_on", "batch_date_too_early"},
		{"long batch number", with(func(in *Input) { in.BatchNo = strings.Repeat("L", MaxBatchNo+1) }), "batch_no", "too_long"},
		{"long farm code", with(func(in *Input) { in.FarmAreaCode = strings.Repeat("9", MaxFarmAreaCode+1) }), "farm_area_code", "too_long"},
		{"long notes", with(func(in *Input) { in.Notes = strings.Repeat("ă", MaxNotes+1) }), "notes", "too_long"},
		{"NUL in the batch number", with(func(in *Input) { in.BatchNo = "L\x0001" }), "batch_no", "control_characters"},
		{"line break in the farm code", with(func(in *Input) { in.FarmAreaCode = "VN\n14" }), "farm_area_code", "control_characters"},
		{"bidi override in the notes", with(func(in *Input) { in.Notes = "ok \u202egnp.exe" }), "notes", "control_characters"},
		{"escape in the notes", with(func(in *Input) { in.Notes = "\x1b[31mred" }), "notes", "control_characters"},
		{"broken UTF-8", with(func(in *Input) { in.Notes = "\xff" }), "notes", "invalid_text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := check(tc.in, today)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("check: %v", err)
				}
				return
			}
			fe, ok := fault.As(err)
			if !ok || fe.FieldCodes()[tc.field] != tc.code {
				t.Fatalf("check: %v, want %s %s", err, tc.field, tc.code)
			}
		})
	}
	c, err := check(ok, today)
	if err != nil {
		t.Fatal(err)
	}
	if c.batchNo != "L-01" || c.notes != "Thu hái sáng sớm.\nPhơi nắng." || c.expires.String() != "2027-11-30" {
		t.Errorf("checked = %+v", c)
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		code := NewCode()
		if len(code) != CodeLength || strings.Trim(code, crockford) != "" {
			t.Fatalf("code %q is not %d characters of Crockford's base32", code, CodeLength)
		}
		if seen[code] {
			t.Fatalf("code %q drawn twice", code)
		}
		seen[code] = true
		if got, ok := NormalizeCode(strings.ToLower(code[:5]) + "-" + code[5:]); !ok || got != code {
			t.Fatalf("NormalizeCode(typed %s) = %q %v", code, got, ok)
		}
	}
	for in, want := range map[string]string{"oi1l0-abcde": "01110ABCDE", "7KD2Q9MX4P": "7KD2Q9MX4P", " 7kd2 q9mx 4p ": "7KD2Q9MX4P"} {
		if got, ok := NormalizeCode(in); !ok || got != want {
			t.Errorf("NormalizeCode(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "7KD2Q9MX4", "7KD2Q9MX4PZ", "7KD2Q9MX4U", "7KD2Q9MX4%", "../../etc"} {
		if got, ok := NormalizeCode(bad); ok {
			t.Errorf("NormalizeCode(%q) = %q, want no code", bad, got)
		}
	}
}

// decodeQR reads the text of a PNG QR code and its size.
func decodeQR(t *testing.T, data []byte) (string, image.Rectangle) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code in the image: %v", err)
	}
	return res.GetText(), img.Bounds()
}

func TestQRCode(t *testing.T) {
	const url = "https://ocop.example.vn/truy-xuat/7KD2Q9MX4P"
	for _, size := range []int{MinQRSize, DefaultQRSize, MaxQRSize} {
		data, err := QRCode(url, size)
		if err != nil {
			t.Fatal(err)
		}
		text, bounds := decodeQR(t, data)
		if text != url || bounds.Dx() != size || bounds.Dy() != size {
			t.Errorf("size %d: %q, %v", size, text, bounds)
		}
	}
	for _, size := range []int{0, MinQRSize - 1, MaxQRSize + 1} {
		if _, err := QRCode(url, size); err == nil {
			t.Errorf("size %d drew a QR code", size)
		}
	}
}
