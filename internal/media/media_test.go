package media_test

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/media"
)

// picture is a w×h image with a gradient, so that encoders have work to do.
func picture(w, h int, alpha uint8) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(x), G: uint8(y), B: 120, A: alpha})
		}
	}
	return img
}

func jpegOf(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(w, h, 255), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngOf(t testing.TB, w, h int, alpha uint8) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, picture(w, h, alpha)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gpsMark is in the GPS map datum of exifGPS, to find it in stored bytes.
const gpsMark = "WGS-84-OCOP-SECRET"

// exifGPS is an APP1 segment: EXIF with an orientation (6: turn 90°
// clockwise to show) and a GPS position of Sơn La with gpsMark as its datum.
func exifGPS() []byte {
	be := binary.BigEndian
	var b []byte
	u16 := func(v uint16) { b = be.AppendUint16(b, v) }
	u32 := func(v uint32) { b = be.AppendUint32(b, v) }
	entry := func(tag, typ uint16, count, value uint32) { u16(tag); u16(typ); u32(count); u32(value) }
	b = append(b, 'M', 'M')
	u16(42)
	u32(8)
	// IFD0 at 8: the orientation (a SHORT, left-aligned) and the GPS IFD.
	u16(2)
	entry(0x0112, 3, 1, 6<<16)
	entry(0x8825, 4, 1, 38)
	u32(0)
	// GPS IFD at 38: latitude ref "N", latitude at 80, map datum at 104.
	u16(3)
	entry(0x0001, 2, 2, uint32('N')<<24)
	entry(0x0002, 5, 3, 80)
	entry(0x0012, 2, uint32(len(gpsMark)+1), 104)
	u32(0)
	for _, r := range [][2]uint32{{21, 1}, {19, 1}, {4242, 100}} {
		u32(r[0])
		u32(r[1])
	}
	b = append(append(b, gpsMark...), 0)
	payload := append([]byte("Exif\x00\x00"), b...)
	seg := []byte{0xFF, 0xE1}
	seg = be.AppendUint16(seg, uint16(len(payload)+2))
	return append(seg, payload...)
}

// withEXIF puts exif right after the start of image of a JPEG.
func withEXIF(jpg, exif []byte) []byte {
	return append(append(append([]byte{}, jpg[:2]...), exif...), jpg[2:]...)
}

// bombPNG is a valid PNG header claiming width×height pixels, followed by
// a few bytes of data: decoding it whole would take gigabytes.
func bombPNG(width, height uint32) []byte {
	be := binary.BigEndian
	chunk := func(kind string, data []byte) []byte {
		c := be.AppendUint32(nil, uint32(len(data)))
		c = append(append(c, kind...), data...)
		return be.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(kind), data...)))
	}
	ihdr := be.AppendUint32(be.AppendUint32(nil, width), height)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 1<<16))
	zw.Close()
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", z.Bytes())...)
	return append(out, chunk("IEND", nil)...)
}

func zipOf(t *testing.T) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("photo.jpg")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(jpegOf(t, 10, 10))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webp1x1 is a lossless 1×1 WebP (Go has no WebP encoder).
const webp1x1 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

// fieldCode is the code err gives the field "file".
func fieldCode(err error) string {
	fe, ok := fault.As(err)
	if !ok || len(fe.Fields) != 1 || fe.Fields[0].Field != media.Field {
		return "not a file error: " + errString(err)
	}
	return fe.Fields[0].Code
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestPhotoSizes(t *testing.T) {
	webp, err := base64.StdEncoding.DecodeString(webp1x1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		data  []byte
		sizes [][2]int
		ctype string
	}{
		{"large JPEG: three sizes, never larger than the photo", jpegOf(t, 2000, 1500), [][2]int{{1200, 900}, {600, 450}, {200, 150}}, media.JPEG},
		{"tall photo: the long side is the height", jpegOf(t, 900, 1800), [][2]int{{600, 1200}, {300, 600}, {100, 200}}, media.JPEG},
		{"medium photo keeps its size once, then shrinks", jpegOf(t, 800, 400), [][2]int{{800, 400}, {600, 300}, {200, 100}}, media.JPEG},
		{"small photo is never enlarged", jpegOf(t, 150, 100), [][2]int{{150, 100}}, media.JPEG},
		{"opaque PNG becomes JPEG", pngOf(t, 640, 480, 255), [][2]int{{640, 480}, {600, 450}, {200, 150}}, media.JPEG},
		{"transparent PNG stays PNG", pngOf(t, 300, 300, 128), [][2]int{{300, 300}, {200, 200}}, media.PNG},
		{"WebP with a transparent pixel", webp, [][2]int{{1, 1}}, media.PNG},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vs, err := media.Photo(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if len(vs) != len(tc.sizes) {
				t.Fatalf("%d variants, want %v", len(vs), tc.sizes)
			}
			for i, v := range vs {
				if v.Width != tc.sizes[i][0] || v.Height != tc.sizes[i][1] || v.ContentType != tc.ctype {
					t.Errorf("variant %d: %dx%d %s, want %v %s", i, v.Width, v.Height, v.ContentType, tc.sizes[i], tc.ctype)
				}
				cfg, format, err := image.DecodeConfig(bytes.NewReader(v.Data))
				if err != nil || cfg.Width != v.Width || cfg.Height != v.Height || "image/"+format != v.ContentType {
					t.Errorf("variant %d decodes as %s %dx%d (%v)", i, format, cfg.Width, cfg.Height, err)
				}
			}
		})
	}
}

// A photo is turned upright by its EXIF orientation and stored without
// its EXIF: the GPS position of the farm is in no stored byte.
func TestPhotoDropsEXIF(t *testing.T) {
	data := withEXIF(jpegOf(t, 1600, 800), exifGPS())
	if !bytes.Contains(data, []byte(gpsMark)) {
		t.Fatal("the upload carries no GPS mark")
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.Width != 1600 {
		t.Fatalf("the upload is no JPEG: %v", err)
	}
	vs, err := media.Photo(data)
	if err != nil {
		t.Fatal(err)
	}
	if vs[0].Width != 600 || vs[0].Height != 1200 {
		t.Errorf("largest variant %dx%d, want 600x1200 (turned upright)", vs[0].Width, vs[0].Height)
	}
	for i, v := range vs {
		for _, leak := range []string{gpsMark, "Exif", "WGS-84"} {
			if bytes.Contains(v.Data, []byte(leak)) {
				t.Errorf("variant %d holds %q", i, leak)
			}
		}
	}
}

func TestRefusedPhotos(t *testing.T) {
	jpg := jpegOf(t, 400, 300)
	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"nothing", nil, "required"},
		{"a script named x.jpg", []byte("<script>alert(document.cookie)</script>"), "unsupported_image"},
		{"an HTML page", []byte("<!DOCTYPE html><html><body onload=alert(1)></body></html>"), "unsupported_image"},
		{"an SVG with script", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "unsupported_image"},
		{"a zip", zipOf(t), "unsupported_image"},
		{"a PDF", []byte("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"), "unsupported_image"},
		{"a truncated JPEG", jpg[:len(jpg)/2], "broken_image"},
		{"a JPEG header and nothing else", jpg[:20], "broken_image"},
		{"a decompression bomb", bombPNG(100000, 100000), "image_too_large"},
		{"more than 40 megapixels", bombPNG(7000, 7000), "image_too_large"},
		{"a side over 12,000 px", bombPNG(12001, 10), "image_too_large"},
		{"over 5 MB", append(append([]byte{}, jpg...), make([]byte, media.MaxBytes)...), "file_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vs, err := media.Photo(tc.data)
			if code := fieldCode(err); code != tc.code {
				t.Fatalf("%d variants, code %s, want %s", len(vs), code, tc.code)
			}
		})
	}
}

func pdf(body string) []byte {
	return []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + body + "trailer\n<< /Root 1 0 R >>\n%%EOF\n")
}

// compressed is a Flate stream object holding text, as object streams hold
// dictionaries.
func compressed(text string) string {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(text))
	zw.Close()
	return "3 0 obj\n<< /Type /ObjStm /Filter /FlateDecode /Length " + strings.Repeat("9", 2) + " >>\nstream\n" + z.String() + "\nendstream\nendobj\n"
}

func TestScans(t *testing.T) {
	plain := pdf("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" + compressed("<< /Type /Page /Contents 4 0 R >>"))
	v, err := media.Scan(plain)
	if err != nil || v.ContentType != media.PDF || !bytes.Equal(v.Data, plain) {
		t.Fatalf("plain PDF: %s %v", v.ContentType, err)
	}
	v, err = media.Scan(jpegOf(t, 3000, 2000))
	if err != nil || v.ContentType != media.JPEG || v.Width != media.ScanSide || v.Height != 1333 {
		t.Fatalf("scanned photo: %s %dx%d %v", v.ContentType, v.Width, v.Height, err)
	}
	v, err = media.Scan(withEXIF(jpegOf(t, 300, 200), exifGPS()))
	if err != nil || bytes.Contains(v.Data, []byte(gpsMark)) {
		t.Fatalf("a scan keeps its EXIF: %v", err)
	}

	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"JavaScript", pdf("4 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"), "active_pdf"},
		{"an open action running script", pdf("5 0 obj\n<< /OpenAction << /S /JS >> >>\nendobj\n"), "active_pdf"},
		{"a name written with escapes", pdf("4 0 obj\n<< /S /J#61vaScript >>\nendobj\n"), "active_pdf"},
		{"a launch action", pdf("4 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n"), "active_pdf"},
		{"an embedded file", pdf("4 0 obj\n<< /Type /EmbeddedFile >>\nstream\nMZ\nendstream\nendobj\n"), "active_pdf"},
		{"script inside a compressed object stream", pdf(compressed("<< /OpenAction << /S /JavaScript /JS (x) >> >>")), "active_pdf"},
		{"no %%EOF: cut short", []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n"), "broken_pdf"},
		{"a stream without its end", []byte("%PDF-1.7\n1 0 obj\n<< >>\nstream\nabc\n%%EOF"), "broken_pdf"},
		{"a zip", zipOf(t), "unsupported_scan"},
		{"an SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "unsupported_scan"},
		{"a decompression bomb", bombPNG(100000, 100000), "image_too_large"},
		{"over 5 MB", pdf(strings.Repeat(" ", media.MaxBytes)), "file_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := media.Scan(tc.data)
			if code := fieldCode(err); code != tc.code {
				t.Fatalf("code %s, want %s", code, tc.code)
			}
		})
	}
}
