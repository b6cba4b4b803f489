// Package media turns an untrusted upload into the files the marketplace
// stores: product photos, decoded and drawn again at the sizes the pages
// show, and OCOP certificate scans (an image, drawn again, or a PDF checked
// for active content). The type of a file is told by its content alone,
// never by its name or declared type, and decoding it is the real check:
// what does not decode is refused. Drawing a photo again drops everything
// but its pixels, EXIF and GPS positions included.
package media

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/disintegration/imaging"
	"github.com/gabriel-vasile/mimetype"
	"golang.org/x/image/webp"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Limits of an upload.
const (
	// MaxBytes is the largest file accepted.
	MaxBytes = 5 << 20
	// MaxPixels is the most pixels an image may claim: more is refused
	// before decoding, so a small file claiming a huge image costs nothing.
	MaxPixels = 40_000_000
	// MaxSide is the longest side an image may claim.
	MaxSide = 12_000
	// ScanSide is the long side of a certificate scan sent as an image.
	ScanSide = 2000
	// jpegQuality is the quality photos are encoded at.
	jpegQuality = 82
)

// The content types media accepts and writes.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	WebP = "image/webp"
	PDF  = "application/pdf"
)

// Sides are the long sides, in pixels, of the variants of a photo, largest
// first: the product page, the product cards, the thumbnails.
func Sides() []int { return []int{1200, 600, 200} }

// Variant is one encoded size of an image.
type Variant struct {
	Width, Height int
	ContentType   string
	Data          []byte
}

// Field is the form field an upload comes in; errors name it.
const Field = "file"

// Errors of uploads, each on the field "file".
func errOf(code string, params fault.Params) error { return fault.InvalidField(Field, code, params) }

// Photo decodes a product photo (JPEG, PNG or WebP), turns it upright by
// its EXIF orientation and draws it again at each of Sides that is not
// larger than the photo itself, largest first; a photo smaller than a side
// keeps its own size, once. It is encoded as JPEG, or as PNG when it has
// transparent pixels.
func Photo(data []byte) ([]Variant, error) {
	img, err := decode(data, false)
	if err != nil {
		return nil, err
	}
	return variants(img, Sides())
}

// Scan checks a certificate scan: a PDF without active content is kept as
// it is; an image is drawn again, at most ScanSide pixels long.
func Scan(data []byte) (Variant, error) {
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		if len(data) > MaxBytes {
			return Variant{}, errOf("file_too_large", fault.Params{"max": "5 MB"})
		}
		if err := checkPDF(data); err != nil {
			return Variant{}, err
		}
		return Variant{ContentType: PDF, Data: data}, nil
	}
	img, err := decode(data, true)
	if err != nil {
		return Variant{}, err
	}
	vs, err := variants(img, []int{ScanSide})
	if err != nil {
		return Variant{}, err
	}
	return vs[0], nil
}

// decode checks the size and type of data and decodes it. The dimensions
// are read first, from the header, and checked before any pixel is.
func decode(data []byte, scan bool) (image.Image, error) {
	unsupported := "unsupported_image"
	if scan {
		unsupported = "unsupported_scan"
	}
	if len(data) == 0 {
		return nil, errOf("required", nil)
	}
	if len(data) > MaxBytes {
		return nil, errOf("file_too_large", fault.Params{"max": "5 MB"})
	}
	var config func([]byte) (image.Config, error)
	switch mimetype.Detect(data).String() {
	case JPEG:
		config = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
	case PNG:
		config = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
	case WebP:
		config = func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) }
	default:
		return nil, errOf(unsupported, nil)
	}
	cfg, err := config(data)
	if err != nil {
		return nil, errOf("broken_image", nil)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxSide || cfg.Height > MaxSide || cfg.Width*cfg.Height > MaxPixels {
		return nil, errOf("image_too_large", fault.Params{"max_side": MaxSide, "max_megapixels": MaxPixels / 1_000_000})
	}
	img, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	if err != nil {
		return nil, errOf("broken_image", nil)
	}
	return img, nil
}

// variants draws img at each long side of sides it is larger than, and at
// its own size once when it is not larger than some of them.
func variants(img image.Image, sides []int) ([]Variant, error) {
	transparent := !opaque(img)
	var out []Variant
	src := img
	for _, side := range sides {
		b := src.Bounds()
		if max(b.Dx(), b.Dy()) > side {
			// Each size is drawn from the one before it: faster, and as sharp.
			src = imaging.Fit(src, side, side, imaging.Lanczos)
		} else if len(out) > 0 && out[len(out)-1].Width == b.Dx() && out[len(out)-1].Height == b.Dy() {
			continue
		}
		v, err := encode(src, transparent)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// opaque reports whether every pixel of img is opaque.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}

func encode(img image.Image, transparent bool) (Variant, error) {
	var buf bytes.Buffer
	b := img.Bounds()
	v := Variant{Width: b.Dx(), Height: b.Dy(), ContentType: JPEG}
	var err error
	if transparent {
		v.ContentType = PNG
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	}
	if err != nil {
		return Variant{}, fmt.Errorf("media: encode %dx%d: %w", v.Width, v.Height, err)
	}
	v.Data = buf.Bytes()
	return v, nil
}
