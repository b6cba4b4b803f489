package showcase

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"strings"

	"github.com/jmoiron/sqlx"
	"golang.org/x/image/webp"

	"github.com/ocopmarket/ocopmarket/internal/blob"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// Limits of a banner upload.
const (
	MaxBannerBytes = 5 << 20
	MaxBannerSide  = 6000
	// MaxBannerPixels bounds the memory a decode may take.
	MaxBannerPixels = 24_000_000
	MinBannerWidth  = 400
)

// bannerProblem is a validation error of the banner field.
func bannerProblem(code string) error {
	return fault.InvalidField("banner", code, fault.Params{"max_mb": MaxBannerBytes >> 20, "min_width": MinBannerWidth,
		"max_side": MaxBannerSide})
}

// BannerURL is the immutable address of a fair's banner.
func BannerURL(slug, digest, contentType string) string {
	ext := "jpg"
	if contentType == "image/png" {
		ext = "png"
	}
	short := digest
	if len(short) > 16 {
		short = short[:16]
	}
	return paths.MustBuild(paths.FairBanner, slug, short+"."+ext)
}

// decodeBanner checks that data is a JPEG, PNG or WebP image of sensible
// dimensions (read from its header before the pixels are decoded) and
// re-encodes it, which drops whatever else the file carried: a PNG stays a
// PNG, anything else becomes a JPEG.
func decodeBanner(data []byte) (contentType string, out []byte, err error) {
	if len(data) > MaxBannerBytes {
		return "", nil, bannerProblem("banner_too_large")
	}
	cfg, format, err := decodeConfig(data)
	if err != nil {
		return "", nil, bannerProblem("banner_not_image")
	}
	if cfg.Width < MinBannerWidth || cfg.Width > MaxBannerSide || cfg.Height < 1 || cfg.Height > MaxBannerSide ||
		cfg.Width*cfg.Height > MaxBannerPixels {
		return "", nil, bannerProblem("banner_dimensions")
	}
	var img image.Image
	switch format {
	case "webp":
		img, err = webp.Decode(bytes.NewReader(data))
	case "png":
		img, err = png.Decode(bytes.NewReader(data))
	default:
		img, err = jpeg.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return "", nil, bannerProblem("banner_not_image")
	}
	var b bytes.Buffer
	if format == "png" {
		err, contentType = png.Encode(&b, img), "image/png"
	} else {
		err, contentType = jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}), "image/jpeg"
	}
	if err != nil {
		return "", nil, fmt.Errorf("showcase: banner: encode: %w", err)
	}
	return contentType, b.Bytes(), nil
}

// decodeConfig reads the header of a JPEG, PNG or WebP image only.
func decodeConfig(data []byte) (image.Config, string, error) {
	r := bytes.NewReader(data)
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		c, err := png.DecodeConfig(r)
		return c, "png", err
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		c, err := jpeg.DecodeConfig(r)
		return c, "jpeg", err
	case len(data) > 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		c, err := webp.DecodeConfig(r)
		return c, "webp", err
	}
	return image.Config{}, "", errors.New("not a JPEG, PNG or WebP image")
}

// SetBanner replaces the banner of a fair with the image in data.
func (s *Store) SetBanner(ctx context.Context, a Actor, id int64, data []byte) (*Showcase, error) {
	ctype, img, err := decodeBanner(data)
	if err != nil {
		return nil, err
	}
	err = s.change(ctx, a, id, "showcase.banner", func(tx *sqlx.Tx, _ *Showcase) error {
		digest, err := s.catalog.PutImageData(ctx, tx, ctype, img)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, tx.Rebind("UPDATE showcases SET banner_digest = ?, banner_type = ? WHERE id = ?"), digest, ctype, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a.Province, id)
}

// Banner returns the bytes of the banner a BannerURL file names.
func (s *Store) Banner(ctx context.Context, slug, file string) (blob.Object, error) {
	var row struct {
		Digest string `db:"banner_digest"`
		Type   string `db:"banner_type"`
	}
	err := s.db.GetContext(ctx, &row, s.db.Rebind("SELECT banner_digest, banner_type FROM showcases WHERE slug = ?"), slug)
	if err != nil && !db.NoRows(err) {
		return blob.Object{}, fmt.Errorf("showcase: banner of %q: %w", slug, err)
	}
	if err != nil || row.Digest == "" || !strings.HasSuffix(BannerURL(slug, row.Digest, row.Type), "/"+file) {
		return blob.Object{}, ErrNotFound
	}
	o, err := s.blobs.Get(ctx, row.Digest)
	if errors.Is(err, blob.ErrNotFound) {
		return blob.Object{}, ErrNotFound
	}
	if err != nil {
		return blob.Object{}, fmt.Errorf("showcase: banner of %q: %w", slug, err)
	}
	return o, nil
}
