package media_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"slices"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/media"
	"github.com/ocopmarket/ocopmarket/internal/media/mediatest"
)

// checkVariant fails the test unless v decodes, by its content alone, as
// an image of its declared type and size, at most side pixels long.
func checkVariant(t *testing.T, v media.Variant, side int) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(v.Data))
	if err != nil || "image/"+format != v.ContentType || cfg.Width != v.Width || cfg.Height != v.Height {
		t.Fatalf("variant %dx%d %s decodes as %dx%d %s: %v", v.Width, v.Height, v.ContentType, cfg.Width, cfg.Height, format, err)
	}
	if v.Width < 1 || v.Height < 1 || max(v.Width, v.Height) > side {
		t.Fatalf("variant %dx%d, longer than %d", v.Width, v.Height, side)
	}
}

func seedImages(f *testing.F) {
	webp, err := base64.StdEncoding.DecodeString(mediatest.WebP1x1)
	if err != nil {
		f.Fatal(err)
	}
	for _, b := range [][]byte{mediatest.JPEG(f, 3, 2), mediatest.PNG(f, 2, 3, 128), mediatest.PNG(f, 1, 1, 255), webp,
		mediatest.WithEXIF(mediatest.JPEG(f, 4, 2)), mediatest.Bomb(20000, 20000), mediatest.Zip(f), nil} {
		f.Add(b)
	}
}

// FuzzPhoto checks product photo uploads: any file is refused with a code
// on the field "file", or drawn again as 1 to 3 variants, largest first,
// each decoding as what it says it is; a variant uploaded again is
// accepted at its own size.
func FuzzPhoto(f *testing.F) {
	seedImages(f)
	codes := []string{"required", "file_too_large", "unsupported_image", "broken_image", "image_too_large"}
	f.Fuzz(func(t *testing.T, data []byte) {
		vs, err := media.Photo(data)
		if err != nil {
			if c := fieldCode(err); !slices.Contains(codes, c) {
				t.Fatalf("Photo refused with %q", c)
			}
			return
		}
		if len(vs) < 1 || len(vs) > len(media.Sides()) {
			t.Fatalf("%d variants", len(vs))
		}
		for i, v := range vs {
			checkVariant(t, v, media.Sides()[0])
			if v.ContentType != vs[0].ContentType {
				t.Fatalf("variants of types %s and %s", vs[0].ContentType, v.ContentType)
			}
			if i > 0 && max(v.Width, v.Height) >= max(vs[i-1].Width, vs[i-1].Height) {
				t.Fatalf("variant %d (%dx%d) not smaller than the one before", i, v.Width, v.Height)
			}
		}
		again, err := media.Photo(vs[0].Data)
		if err != nil || again[0].Width != vs[0].Width || again[0].Height != vs[0].Height {
			t.Fatalf("the largest variant (%dx%d) uploaded again: %v", vs[0].Width, vs[0].Height, err)
		}
	})
}

// FuzzScan checks certificate scan uploads: any file is refused with a
// code on "file", kept as it is when it is a PDF without active content,
// or drawn again as an image at most media.ScanSide long.
func FuzzScan(f *testing.F) {
	seedImages(f)
	f.Add(mediatest.PDF("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"))
	f.Add(mediatest.PDF("3 0 obj\n<< /S /JavaScript /JS (app.alert(1)) >>\nendobj\n"))
	f.Add(mediatest.PDF("4 0 obj\n<< /#4Aava#53cript 5 0 R >>\nendobj\n"))
	f.Add(mediatest.PDF("5 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\n"))
	f.Add([]byte("%PDF-1.4\n%%EO"))
	codes := []string{"required", "file_too_large", "unsupported_scan", "broken_image", "image_too_large", "broken_pdf", "active_pdf"}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := media.Scan(data)
		if err != nil {
			if c := fieldCode(err); !slices.Contains(codes, c) {
				t.Fatalf("Scan refused with %q", c)
			}
			return
		}
		if v.ContentType == media.PDF {
			if !bytes.Equal(v.Data, data) || !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Fatalf("a PDF kept as %q", v.Data)
			}
			for _, name := range []string{"/JavaScript", "/JS", "/Launch", "/EmbeddedFile"} {
				if i := bytes.Index(data, []byte(name)); i >= 0 && (i+len(name) == len(data) || bytes.IndexByte([]byte(" \t\r\n\f\x00()<>[]{}/%"), data[i+len(name)]) >= 0) {
					t.Fatalf("a PDF naming %s was kept", name)
				}
			}
			return
		}
		checkVariant(t, v, media.ScanSide)
	})
}
