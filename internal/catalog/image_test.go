package catalog_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/blob"
	"github.com/ocopmarket/ocopmarket/internal/blob/blobtest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
)

// Image bytes go through the blob store under their digest, whichever
// backend holds them; the rows keep what the pages list.
func TestImages(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		backends := []struct {
			name  string
			blobs func(t *testing.T) blob.Store // nil: the default, the database
			slug  string
		}{
			{"database", nil, "ca-phe-bot"},
			{"s3", func(t *testing.T) blob.Store { return blobtest.S3(t) }, "cha-ca-lang"},
		}
		for _, b := range backends {
			t.Run(b.name, func(t *testing.T) {
				ctx := context.Background()
				s := f.store
				if b.blobs != nil {
					s = catalog.New(d, func() time.Time { return clock }).WithBlobs(b.blobs(t))
				}
				id := f.ids[b.slug]
				photo := append([]byte{0xff, 0xd8, 0xff}, bytes.Repeat([]byte(b.name), 4000)...)
				first, err := s.AddImage(ctx, d, id, "image/jpeg", "Gói cà phê", photo)
				if err != nil {
					t.Fatal(err)
				}
				if first.Digest != blobtest.Key(photo) {
					t.Errorf("digest %s, want the SHA-256 of the bytes", first.Digest)
				}
				var inDB int
				if err := d.GetContext(ctx, &inDB, d.Rebind(`SELECT COUNT(*) FROM blobs WHERE key = ?`), first.Digest); err != nil {
					t.Fatal(err)
				}
				want := 0
				if b.blobs == nil {
					want = 1
				}
				if inDB != want {
					t.Errorf("%d copies in the blobs table, want %d", inDB, want)
				}
				// The same photo again is another row over the same blob.
				second, err := s.AddImage(ctx, d, id, "image/jpeg", "Gói cà phê, mặt sau", photo)
				if err != nil {
					t.Fatal(err)
				}
				for _, im := range []catalog.Image{first, second} {
					ctype, digest, data, err := s.ImageData(ctx, im.ID)
					if err != nil {
						t.Fatalf("image %d: %v", im.ID, err)
					}
					if ctype != "image/jpeg" || digest != first.Digest || !bytes.Equal(data, photo) {
						t.Errorf("image %d: %s %s %d bytes", im.ID, ctype, digest, len(data))
					}
				}
				p, err := s.ProductBySlug(ctx, b.slug)
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Images) != 2 || p.Images[0].URL != first.URL || p.Images[1].Alt != "Gói cà phê, mặt sau" {
					t.Errorf("product images %+v", p.Images)
				}
				if _, _, _, err := s.ImageData(ctx, second.ID+1000); !errors.Is(err, catalog.ErrNotFound) {
					t.Errorf("unknown image: %v, want catalog.ErrNotFound", err)
				}
			})
		}
	})
}

// In the database, an image's bytes commit or roll back with its row.
func TestImageInTransaction(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		boom := errors.New("boom")
		scan := []byte("%PDF-1.7 rolled back")
		err := d.Tx(ctx, func(tx *sqlx.Tx) error {
			if _, err := f.store.AddImage(ctx, tx, f.ids["ca-phe-bot"], "application/pdf", "", scan); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx: %v", err)
		}
		var n int
		if err := d.GetContext(ctx, &n, d.Rebind(`SELECT COUNT(*) FROM blobs WHERE key = ?`), blobtest.Key(scan)); err != nil || n != 0 {
			t.Errorf("%d blobs left by a rolled back image, %v", n, err)
		}
	})
}
