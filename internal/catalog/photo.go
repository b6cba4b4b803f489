package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/blob"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/media"
)

// ImageVariant is one stored size of a photo, served at URL.
type ImageVariant struct {
	ImageID     int64  `json:"-" db:"image_id"`
	Width       int    `json:"width" db:"width"`
	Height      int    `json:"height" db:"height"`
	Digest      string `json:"-" db:"digest"`
	ContentType string `json:"-" db:"content_type"`
	URL         string `json:"url" db:"-"`
}

// Srcset is the srcset attribute of the image's sizes ("url 600w, …"),
// empty for an image stored at one size only (a drawing).
func (im Image) Srcset() string {
	if len(im.Variants) == 0 {
		return ""
	}
	parts := make([]string, len(im.Variants))
	for i, v := range im.Variants {
		parts[i] = fmt.Sprintf("%s %dw", v.URL, v.Width)
	}
	return strings.Join(parts, ", ")
}

// VariantURL is the address of the smallest size of the image at least
// side pixels wide, or of the image itself without sizes.
func (im Image) VariantURL(side int) string {
	url := im.URL
	for _, v := range im.Variants { // largest first
		if v.Width >= side || v.Height >= side {
			url = v.URL
		}
	}
	return url
}

// withVariants fills in the sizes of ims, largest first.
func (s *Store) withVariants(ctx context.Context, ims []Image) error {
	if len(ims) == 0 {
		return nil
	}
	ids := make([]int64, len(ims))
	for i := range ims {
		ids[i] = ims[i].ID
	}
	q, args, err := sqlx.In(`SELECT image_id, width, height, digest, content_type FROM product_image_variants
		WHERE image_id IN (?) ORDER BY image_id, width DESC`, ids)
	if err != nil {
		return fmt.Errorf("catalog: image variants: %w", err)
	}
	var vs []ImageVariant
	if err := s.db.SelectContext(ctx, &vs, s.db.Rebind(q), args...); err != nil {
		return fmt.Errorf("catalog: image variants: %w", err)
	}
	byID := map[int64][]ImageVariant{}
	for _, v := range vs {
		v.URL = ImageURL(v.ImageID, v.Digest, v.ContentType)
		byID[v.ImageID] = append(byID[v.ImageID], v)
	}
	for i := range ims {
		ims[i].Variants = byID[ims[i].ID]
	}
	return nil
}

// ownProduct returns ErrNotFound unless productID is a product of the
// cooperative coopID: another cooperative's product is as good as absent.
func (s *Store) ownProduct(ctx context.Context, q Querier, coopID, productID int64) error {
	var n int
	if err := q.GetContext(ctx, &n, s.db.Rebind(`SELECT COUNT(*) FROM products WHERE id = ? AND cooperative_id = ?`),
		productID, coopID); err != nil {
		return fmt.Errorf("catalog: product %d: %w", productID, err)
	}
	if n == 0 {
		return fmt.Errorf("catalog: product %d of cooperative %d: %w", productID, coopID, ErrNotFound)
	}
	return nil
}

// CoopImages returns the images of a product of the cooperative coopID,
// in order, with their sizes.
func (s *Store) CoopImages(ctx context.Context, coopID, productID int64) ([]Image, error) {
	if err := s.ownProduct(ctx, s.db, coopID, productID); err != nil {
		return nil, err
	}
	ims, err := s.imagesIn(ctx, s.db, productID)
	if err != nil {
		return nil, err
	}
	for i := range ims {
		ims[i].Position = i
	}
	return ims, s.withVariants(ctx, ims)
}

// imagesIn reads the images of a product through q, in order.
func (s *Store) imagesIn(ctx context.Context, q Querier, productID int64) ([]Image, error) {
	ims := []Image{}
	if err := sqlx.SelectContext(ctx, q, &ims, s.db.Rebind(`SELECT id, product_id, position, content_type, digest, alt, width, height
		FROM product_images WHERE product_id = ? ORDER BY position, id`), productID); err != nil {
		return nil, fmt.Errorf("catalog: product %d: images: %w", productID, err)
	}
	for i := range ims {
		ims[i].URL = ImageURL(ims[i].ID, ims[i].Digest, ims[i].ContentType)
	}
	return ims, nil
}

// AddPhoto stores the sizes of a photo (largest first, from media.Photo)
// as the last image of a product of the cooperative coopID, inside the
// caller's transaction q. When the photo is the product's first, it is its
// cover: the product is re-indexed.
func (s *Store) AddPhoto(ctx context.Context, q Querier, coopID, productID int64, alt string, sizes []media.Variant) (Image, error) {
	if len(sizes) == 0 {
		return Image{}, fmt.Errorf("catalog: product %d: add photo: no sizes", productID)
	}
	if err := s.ownProduct(ctx, q, coopID, productID); err != nil {
		return Image{}, err
	}
	digests := make([]string, len(sizes))
	for i, v := range sizes {
		d, err := s.PutImageData(ctx, q, v.ContentType, v.Data)
		if err != nil {
			return Image{}, fmt.Errorf("catalog: product %d: add photo: %w", productID, err)
		}
		digests[i] = d
	}
	top := sizes[0]
	im := Image{ProductID: productID, ContentType: top.ContentType, Digest: digests[0], Alt: alt, Width: top.Width, Height: top.Height}
	err := q.GetContext(ctx, &im.ID, s.db.Rebind(`INSERT INTO product_images (product_id, position, content_type, digest, alt, width, height, created_at)
		VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM product_images WHERE product_id = ?), ?, ?, ?, ?, ?, ?) RETURNING id`),
		productID, productID, top.ContentType, im.Digest, alt, top.Width, top.Height, s.now().UTC())
	if err != nil {
		return Image{}, fmt.Errorf("catalog: product %d: add photo: %w", productID, err)
	}
	for i, v := range sizes {
		if _, err := q.ExecContext(ctx, s.db.Rebind(`INSERT INTO product_image_variants (image_id, width, height, digest, content_type)
			VALUES (?, ?, ?, ?, ?)`), im.ID, v.Width, v.Height, digests[i], v.ContentType); err != nil {
			return Image{}, fmt.Errorf("catalog: product %d: add photo: size %d: %w", productID, v.Width, err)
		}
		im.Variants = append(im.Variants, ImageVariant{ImageID: im.ID, Width: v.Width, Height: v.Height, Digest: digests[i],
			ContentType: v.ContentType, URL: ImageURL(im.ID, digests[i], v.ContentType)})
	}
	im.URL = ImageURL(im.ID, im.Digest, im.ContentType)
	ims, err := s.imagesIn(ctx, q, productID)
	if err != nil {
		return Image{}, err
	}
	im.Position = len(ims) - 1
	if ims[0].ID == im.ID {
		if err := s.enqueueIndex(ctx, q, IndexJob{ProductIDs: []int64{productID}}); err != nil {
			return Image{}, fmt.Errorf("catalog: product %d: add photo: %w", productID, err)
		}
	}
	return im, nil
}

// ImageChange is what a cooperative changes of an image: its alt text, its
// place in the product's order (0 is the cover), or both.
type ImageChange struct {
	Alt      *string
	Position *int
}

// ChangeImage applies ch to an image of a product of the cooperative
// coopID inside the caller's transaction q and returns the image before and
// after. A position past the end moves the image last. When the cover
// changes, the product is re-indexed.
func (s *Store) ChangeImage(ctx context.Context, q Querier, coopID, productID, imageID int64, ch ImageChange) (before, after Image, err error) {
	ims, i, err := s.ownImage(ctx, q, coopID, productID, imageID)
	if err != nil {
		return Image{}, Image{}, err
	}
	before = ims[i]
	after = before
	if ch.Alt != nil {
		after.Alt = *ch.Alt
		if _, err := q.ExecContext(ctx, s.db.Rebind(`UPDATE product_images SET alt = ? WHERE id = ?`), after.Alt, imageID); err != nil {
			return Image{}, Image{}, fmt.Errorf("catalog: image %d: alt: %w", imageID, err)
		}
	}
	cover := ims[0].ID
	if ch.Position != nil {
		to := min(max(*ch.Position, 0), len(ims)-1)
		moved := ims[i]
		ims = append(ims[:i], ims[i+1:]...)
		ims = append(ims[:to], append([]Image{moved}, ims[to:]...)...)
		if err := s.renumber(ctx, q, ims); err != nil {
			return Image{}, Image{}, err
		}
		after.Position = to
	}
	if ims[0].ID != cover {
		if err := s.enqueueIndex(ctx, q, IndexJob{ProductIDs: []int64{productID}}); err != nil {
			return Image{}, Image{}, fmt.Errorf("catalog: image %d: %w", imageID, err)
		}
	}
	return before, after, nil
}

// DeleteImage removes an image of a product of the cooperative coopID
// inside the caller's transaction q and returns it; the images after it
// move up, and a new cover re-indexes the product. The bytes stay in the
// blob store, named by their digest: another image may show them too.
func (s *Store) DeleteImage(ctx context.Context, q Querier, coopID, productID, imageID int64) (Image, error) {
	ims, i, err := s.ownImage(ctx, q, coopID, productID, imageID)
	if err != nil {
		return Image{}, err
	}
	gone := ims[i]
	if _, err := q.ExecContext(ctx, s.db.Rebind(`DELETE FROM product_image_variants WHERE image_id = ?`), imageID); err != nil {
		return Image{}, fmt.Errorf("catalog: delete image %d: %w", imageID, err)
	}
	if _, err := q.ExecContext(ctx, s.db.Rebind(`DELETE FROM product_images WHERE id = ?`), imageID); err != nil {
		return Image{}, fmt.Errorf("catalog: delete image %d: %w", imageID, err)
	}
	rest := append(ims[:i:i], ims[i+1:]...)
	if err := s.renumber(ctx, q, rest); err != nil {
		return Image{}, err
	}
	if i == 0 {
		if err := s.enqueueIndex(ctx, q, IndexJob{ProductIDs: []int64{productID}}); err != nil {
			return Image{}, fmt.Errorf("catalog: delete image %d: %w", imageID, err)
		}
	}
	return gone, nil
}

// ownImage returns the images of a product of coopID and the index of
// imageID among them, or ErrNotFound.
func (s *Store) ownImage(ctx context.Context, q Querier, coopID, productID, imageID int64) ([]Image, int, error) {
	if err := s.ownProduct(ctx, q, coopID, productID); err != nil {
		return nil, 0, err
	}
	ims, err := s.imagesIn(ctx, q, productID)
	if err != nil {
		return nil, 0, err
	}
	for i := range ims {
		ims[i].Position = i
		if ims[i].ID == imageID {
			return ims, i, nil
		}
	}
	return nil, 0, fmt.Errorf("catalog: image %d of product %d: %w", imageID, productID, ErrNotFound)
}

// renumber gives ims the positions 0, 1, … in their order.
func (s *Store) renumber(ctx context.Context, q Querier, ims []Image) error {
	for i, im := range ims {
		if _, err := q.ExecContext(ctx, s.db.Rebind(`UPDATE product_images SET position = ? WHERE id = ?`), i, im.ID); err != nil {
			return fmt.Errorf("catalog: image %d: position: %w", im.ID, err)
		}
	}
	return nil
}

// ImageFile returns the content type and bytes of the size of image id
// whose digest starts with prefix: the image itself or one of its sizes.
func (s *Store) ImageFile(ctx context.Context, id int64, prefix string) (contentType string, data []byte, err error) {
	var files []struct {
		Digest      string `db:"digest"`
		ContentType string `db:"content_type"`
	}
	if err := s.db.SelectContext(ctx, &files, s.db.Rebind(`SELECT digest, content_type FROM product_images WHERE id = ?
		UNION ALL SELECT digest, content_type FROM product_image_variants WHERE image_id = ?`), id, id); err != nil {
		return "", nil, fmt.Errorf("catalog: image %d: %w", id, err)
	}
	for _, f := range files {
		if prefix == "" || !strings.HasPrefix(f.Digest, prefix) {
			continue
		}
		o, err := s.blobs.Get(ctx, f.Digest)
		if errors.Is(err, blob.ErrNotFound) {
			return "", nil, fmt.Errorf("catalog: image %d: bytes %s: %w", id, f.Digest, ErrNotFound)
		}
		if err != nil {
			return "", nil, fmt.Errorf("catalog: image %d: %w", id, err)
		}
		return f.ContentType, o.Data, nil
	}
	return "", nil, fmt.Errorf("catalog: image %d: file %q: %w", id, prefix, ErrNotFound)
}

// OwnProductRef returns the id, slug and name of a product of the
// cooperative coopID, or ErrNotFound.
func (s *Store) OwnProductRef(ctx context.Context, coopID, productID int64) (Ref, error) {
	var r Ref
	err := s.db.GetContext(ctx, &r, s.db.Rebind(`SELECT id, slug, name FROM products WHERE id = ? AND cooperative_id = ?`), productID, coopID)
	if err != nil {
		if db.NoRows(err) {
			return Ref{}, fmt.Errorf("catalog: product %d of cooperative %d: %w", productID, coopID, ErrNotFound)
		}
		return Ref{}, fmt.Errorf("catalog: product %d: %w", productID, err)
	}
	return r, nil
}
