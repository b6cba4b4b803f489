package migrations_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
	"github.com/ocopmarket/ocopmarket/migrations"
)

// Migration 8 moves the bytes of product images into the blobs table, one
// blob per digest, and back again on the way down.
func TestBlobsMigration(t *testing.T) {
	open := map[string]func(t *testing.T) *db.DB{
		"sqlite": func(t *testing.T) *db.DB {
			d, err := db.Open(context.Background(), "", filepath.Join(t.TempDir(), "ocop.db"))
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		"postgres": func(t *testing.T) *db.DB {
			d, err := db.Open(context.Background(), dbtest.NewPostgresDatabase(t), "")
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			d := open[name](t)
			t.Cleanup(func() { d.Close() })
			dialect := goose.DialectSQLite3
			if d.Dialect == db.Postgres {
				dialect = goose.DialectPostgres
			}
			sub, err := fs.Sub(migrations.FS, string(d.Dialect))
			if err != nil {
				t.Fatal(err)
			}
			p, err := goose.NewProvider(dialect, d.DB.DB, sub)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 7); err != nil {
				t.Fatal(err)
			}

			cat := catalog.New(d, time.Now)
			coop := &catalog.Cooperative{Slug: "htx-a", Name: "HTX A", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
			if err := cat.CreateCooperative(ctx, d, coop); err != nil {
				t.Fatal(err)
			}
			// The product as the schema of then holds it (the catalog's own
			// writes reach tables that came later, such as the change feed).
			var product int64
			if err := d.GetContext(ctx, &product, d.Rebind(`INSERT INTO products (cooperative_id, category_slug, slug, name,
				description, price_vnd, unit, stock, published, origin_province_slug, origin_ward, search_text, created_at, updated_at)
				VALUES (?, 'ca-phe', 'ca-phe', 'Cà phê', '', 1000, 'gói', 0, FALSE, 'son-la', '', 'ca phe', ?, ?) RETURNING id`),
				coop.ID, time.Now().UTC(), time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
			photo, drawing := bytes.Repeat([]byte{0xff, 0xd8}, 3000), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
			images := []struct {
				ctype string
				data  []byte
			}{{"image/jpeg", photo}, {"image/svg+xml", drawing}, {"image/jpeg", photo}}
			for i, im := range images {
				sum := sha256.Sum256(im.data)
				if _, err := d.ExecContext(ctx, d.Rebind(`INSERT INTO product_images (product_id, position, content_type, digest, alt, data)
					VALUES (?, ?, ?, ?, '', ?)`), product, i, im.ctype, hex.EncodeToString(sum[:]), im.data); err != nil {
					t.Fatal(err)
				}
			}
			var ids []int64
			if err := d.SelectContext(ctx, &ids, `SELECT id FROM product_images ORDER BY position`); err != nil {
				t.Fatal(err)
			}

			if _, err := p.UpTo(ctx, 8); err != nil {
				t.Fatalf("up: %v", err)
			}
			var blobs int
			if err := d.GetContext(ctx, &blobs, `SELECT COUNT(*) FROM blobs`); err != nil || blobs != 2 {
				t.Errorf("%d blobs for two distinct images, %v", blobs, err)
			}
			if _, err := d.ExecContext(ctx, `SELECT data FROM product_images`); err == nil {
				t.Error("product_images still has its data column")
			}
			for i, id := range ids {
				ctype, _, data, err := cat.ImageData(ctx, id)
				if err != nil || ctype != images[i].ctype || !bytes.Equal(data, images[i].data) {
					t.Errorf("image %d after up: %s, %d bytes, %v", id, ctype, len(data), err)
				}
			}

			// An image whose bytes are not in the table (kept in object
			// storage) stops the way down, which changes nothing.
			if _, err := d.ExecContext(ctx, d.Rebind(`INSERT INTO product_images (product_id, position, content_type, digest, alt)
				VALUES (?, 9, 'image/png', 'in-a-bucket', '')`), product); err != nil {
				t.Fatal(err)
			}
			if _, err := p.DownTo(ctx, 7); err == nil {
				t.Fatal("down with an image whose bytes are elsewhere: want an error")
			}
			if v, err := p.GetDBVersion(ctx); err != nil || v != 8 {
				t.Fatalf("after a failed down: version %d, %v; want 8", v, err)
			}
			if _, err := d.ExecContext(ctx, `DELETE FROM product_images WHERE digest = 'in-a-bucket'`); err != nil {
				t.Fatal(err)
			}

			if _, err := p.DownTo(ctx, 7); err != nil {
				t.Fatalf("down: %v", err)
			}
			for i, id := range ids {
				var data []byte
				if err := d.GetContext(ctx, &data, d.Rebind(`SELECT data FROM product_images WHERE id = ?`), id); err != nil || !bytes.Equal(data, images[i].data) {
					t.Errorf("image %d after down: %d bytes, %v", id, len(data), err)
				}
			}
			if _, err := d.ExecContext(ctx, `SELECT 1 FROM blobs`); err == nil {
				t.Error("the blobs table is still there after down")
			}

			if _, err := p.Up(ctx); err != nil {
				t.Fatalf("up again: %v", err)
			}
			for i, id := range ids {
				if _, _, data, err := cat.ImageData(ctx, id); err != nil || !bytes.Equal(data, images[i].data) {
					t.Errorf("image %d after up again: %d bytes, %v", id, len(data), err)
				}
			}
		})
	}
}
