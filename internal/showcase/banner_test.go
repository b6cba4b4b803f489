package showcase

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"slices"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

func encoded(t *testing.T, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withPNGSize rewrites the size a PNG's header declares (and the header's
// checksum), as a decompression bomb would.
func withPNGSize(data []byte, w, h uint32) []byte {
	out := slices.Clone(data)
	binary.BigEndian.PutUint32(out[16:], w)
	binary.BigEndian.PutUint32(out[20:], h)
	binary.BigEndian.PutUint32(out[29:], crc32.ChecksumIEEE(out[12:29]))
	return out
}

func TestDecodeBanner(t *testing.T) {
	for _, tc := range []struct {
		name     string
		data     []byte
		wantType string
		wantCode string
	}{
		{"a JPEG stays a JPEG", encoded(t, "jpeg", 800, 300), "image/jpeg", ""},
		{"a PNG stays a PNG", encoded(t, "png", 800, 300), "image/png", ""},
		{"text", []byte("GIF89a not really"), "", "banner_not_image"},
		{"a PNG too narrow", encoded(t, "png", 100, 100), "", "banner_dimensions"},
		{"a PNG claiming 60000 pixels a side", withPNGSize(encoded(t, "png", 800, 300), 60000, 60000), "", "banner_dimensions"},
		{"a truncated JPEG", encoded(t, "jpeg", 800, 300)[:200], "", "banner_not_image"},
		{"more than 5 MB", append(encoded(t, "png", 800, 300), make([]byte, MaxBannerBytes)...), "", "banner_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctype, out, err := decodeBanner(tc.data)
			code := ""
			if fe, ok := fault.As(err); ok {
				code = fe.FieldCodes()["banner"]
			}
			if code != tc.wantCode || ctype != tc.wantType || (err != nil) != (tc.wantCode != "") {
				t.Fatalf("%q, %v; want %q with %q", ctype, err, tc.wantType, tc.wantCode)
			}
			if err == nil {
				if _, _, err := image.Decode(bytes.NewReader(out)); err != nil {
					t.Errorf("the re-encoded image does not decode: %v", err)
				}
			}
		})
	}
}

func TestPlace(t *testing.T) {
	for _, tc := range []struct {
		order    []int64
		id       int64
		position int
		want     []int64
	}{
		{[]int64{1, 2, 3}, 3, 1, []int64{3, 1, 2}},
		{[]int64{1, 2, 3}, 1, 3, []int64{2, 3, 1}},
		{[]int64{1, 2, 3}, 2, 0, []int64{2, 1, 3}},
		{[]int64{1, 2, 3}, 2, 9, []int64{1, 3, 2}},
		{[]int64{1, 2}, 4, 2, []int64{1, 4, 2}},
	} {
		if got := place(tc.order, tc.id, tc.position); !slices.Equal(got, tc.want) {
			t.Errorf("place(%v, %d, %d) = %v, want %v", tc.order, tc.id, tc.position, got, tc.want)
		}
	}
}
