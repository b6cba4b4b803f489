// Package mediatest makes the files tests upload: photos of any size,
// a JPEG carrying EXIF with a GPS position, a PNG header claiming a huge
// image, a zip, and PDFs.
package mediatest

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
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

// JPEG is a w×h JPEG photo.
func JPEG(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(w, h, 255), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// PNG is a w×h PNG whose pixels all have alpha.
func PNG(t testing.TB, w, h int, alpha uint8) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, picture(w, h, alpha)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// GPSMark is in the GPS map datum of EXIF, to find it in stored bytes.
const GPSMark = "WGS-84-OCOP-SECRET"

// EXIF is an APP1 segment: EXIF with an orientation (6: turn 90°
// clockwise to show) and a GPS position of Sơn La with GPSMark as its datum.
func EXIF() []byte {
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
	entry(0x0012, 2, uint32(len(GPSMark)+1), 104)
	u32(0)
	for _, r := range [][2]uint32{{21, 1}, {19, 1}, {4242, 100}} {
		u32(r[0])
		u32(r[1])
	}
	b = append(append(b, GPSMark...), 0)
	payload := append([]byte("Exif\x00\x00"), b...)
	seg := []byte{0xFF, 0xE1}
	seg = be.AppendUint16(seg, uint16(len(payload)+2))
	return append(seg, payload...)
}

// WithEXIF puts EXIF right after the start of image of a JPEG.
func WithEXIF(jpg []byte) []byte {
	return append(append(append([]byte{}, jpg[:2]...), EXIF()...), jpg[2:]...)
}

// Bomb is a valid PNG header claiming width×height pixels, followed by
// a few bytes of data: decoding it whole would take gigabytes.
func Bomb(width, height uint32) []byte {
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

// Zip is a zip archive holding a photo.
func Zip(t testing.TB) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("photo.jpg")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(JPEG(t, 10, 10))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// WebP1x1 is a lossless 1×1 WebP in base64 (Go has no WebP encoder).
const WebP1x1 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="

// PDF is a small PDF document with body among its objects.
func PDF(body string) []byte {
	return []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + body + "trailer\n<< /Root 1 0 R >>\n%%EOF\n")
}
