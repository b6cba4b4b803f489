package media_test

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"image"
	"image/jpeg"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/media"
	"github.com/ocopmarket/ocopmarket/internal/media/mediatest"
)

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
	webp, err := base64.StdEncoding.DecodeString(mediatest.WebP1x1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		data  []byte
		sizes [][2]int
		ctype string
	}{
		{"large JPEG: three sizes, never larger than the photo", mediatest.JPEG(t, 2000, 1500), [][2]int{{1200, 900}, {600, 450}, {200, 150}}, media.JPEG},
		{"tall photo: the long side is the height", mediatest.JPEG(t, 900, 1800), [][2]int{{600, 1200}, {300, 600}, {100, 200}}, media.JPEG},
		{"medium photo keeps its size once, then shrinks", mediatest.JPEG(t, 800, 400), [][2]int{{800, 400}, {600, 300}, {200, 100}}, media.JPEG},
		{"small photo is never enlarged", mediatest.JPEG(t, 150, 100), [][2]int{{150, 100}}, media.JPEG},
		{"opaque PNG becomes JPEG", mediatest.PNG(t, 640, 480, 255), [][2]int{{640, 480}, {600, 450}, {200, 150}}, media.JPEG},
		{"transparent PNG stays PNG", mediatest.PNG(t, 300, 300, 128), [][2]int{{300, 300}, {200, 200}}, media.PNG},
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
	data := mediatest.WithEXIF(mediatest.JPEG(t, 1600, 800))
	if !bytes.Contains(data, []byte(mediatest.GPSMark)) {
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
		for _, leak := range []string{mediatest.GPSMark, "Exif", "WGS-84"} {
			if bytes.Contains(v.Data, []byte(leak)) {
				t.Errorf("variant %d holds %q", i, leak)
			}
		}
	}
}

func TestRefusedPhotos(t *testing.T) {
	jpg := mediatest.JPEG(t, 400, 300)
	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"nothing", nil, "required"},
		{"a script named x.jpg", []byte("<script>alert(document.cookie)</script>"), "unsupported_image"},
		{"an HTML page", []byte("<!DOCTYPE html><html><body onload=alert(1)></body></html>"), "unsupported_image"},
		{"an SVG with script", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "unsupported_image"},
		{"a zip", mediatest.Zip(t), "unsupported_image"},
		{"a PDF", []byte("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"), "unsupported_image"},
		{"a truncated JPEG", jpg[:len(jpg)/2], "broken_image"},
		{"a JPEG header and nothing else", jpg[:20], "broken_image"},
		{"a decompression bomb", mediatest.Bomb(100000, 100000), "image_too_large"},
		{"more than 40 megapixels", mediatest.Bomb(7000, 7000), "image_too_large"},
		{"a side over 12,000 px", mediatest.Bomb(12001, 10), "image_too_large"},
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
	plain := mediatest.PDF("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" + compressed("<< /Type /Page /Contents 4 0 R >>"))
	v, err := media.Scan(plain)
	if err != nil || v.ContentType != media.PDF || !bytes.Equal(v.Data, plain) {
		t.Fatalf("plain PDF: %s %v", v.ContentType, err)
	}
	v, err = media.Scan(mediatest.JPEG(t, 3000, 2000))
	if err != nil || v.ContentType != media.JPEG || v.Width != media.ScanSide || v.Height != 1333 {
		t.Fatalf("scanned photo: %s %dx%d %v", v.ContentType, v.Width, v.Height, err)
	}
	v, err = media.Scan(mediatest.WithEXIF(mediatest.JPEG(t, 300, 200)))
	if err != nil || bytes.Contains(v.Data, []byte(mediatest.GPSMark)) {
		t.Fatalf("a scan keeps its EXIF: %v", err)
	}

	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"JavaScript", mediatest.PDF("4 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"), "active_pdf"},
		{"an open action running script", mediatest.PDF("5 0 obj\n<< /OpenAction << /S /JS >> >>\nendobj\n"), "active_pdf"},
		{"a name written with escapes", mediatest.PDF("4 0 obj\n<< /S /J#61vaScript >>\nendobj\n"), "active_pdf"},
		{"a launch action", mediatest.PDF("4 0 obj\n<< /S /Launch /F (cmd.exe) >>\nendobj\n"), "active_pdf"},
		{"an embedded file", mediatest.PDF("4 0 obj\n<< /Type /EmbeddedFile >>\nstream\nMZ\nendstream\nendobj\n"), "active_pdf"},
		{"script inside a compressed object stream", mediatest.PDF(compressed("<< /OpenAction << /S /JavaScript /JS (x) >> >>")), "active_pdf"},
		{"no %%EOF: cut short", []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n"), "broken_pdf"},
		{"a stream without its end", []byte("%PDF-1.7\n1 0 obj\n<< >>\nstream\nabc\n%%EOF"), "broken_pdf"},
		{"a zip", mediatest.Zip(t), "unsupported_scan"},
		{"an SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "unsupported_scan"},
		{"a decompression bomb", mediatest.Bomb(100000, 100000), "image_too_large"},
		{"over 5 MB", mediatest.PDF(strings.Repeat(" ", media.MaxBytes)), "file_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := media.Scan(tc.data)
			if code := fieldCode(err); code != tc.code {
				t.Fatalf("code %s, want %s", code, tc.code)
			}
		})
	}
}
