package app_test

import (
	"bytes"
	"context"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/blob/blobtest"
	"github.com/ocopmarket/ocopmarket/internal/blob/s3blob"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// blobURL is the BLOB_URL of cfg.
func blobURL(cfg s3blob.Config) string {
	u := url.URL{Scheme: "s3", User: url.UserPassword(cfg.AccessKey, cfg.SecretKey), Host: cfg.Endpoint,
		Path: "/" + cfg.Bucket, RawQuery: "tls=false"}
	return u.String()
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// BLOB_URL picks where photos go; the storefront serves them the same
// from either store, and /readyz reports the store.
func TestBlobStores(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		stores := []struct {
			name string
			env  func(t *testing.T) map[string]string
			inDB bool
		}{
			{"database", func(*testing.T) map[string]string { return nil }, true},
			{"s3", func(t *testing.T) map[string]string {
				return map[string]string{"BLOB_URL": blobURL(blobtest.S3Config(t))}
			}, false},
		}
		for _, s := range stores {
			t.Run(s.name, func(t *testing.T) {
				ctx := context.Background()
				a := apptest.New(t, b, apptest.Options{Env: s.env(t)})
				f := a.Fiber()
				r := get(t, f, "/readyz")
				if r.Status != 200 || !strings.Contains(r.Raw, `"blobs":"ok"`) {
					t.Fatalf("readyz %d %s", r.Status, r.Raw)
				}
				coop := &catalog.Cooperative{Slug: "htx-anh", Name: "HTX Ảnh", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
				if err := a.Catalog.CreateCooperative(ctx, a.DB, coop); err != nil {
					t.Fatal(err)
				}
				id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: coop.ID, CategorySlug: "ca-phe",
					Slug: "ca-phe-anh", Name: "Cà phê", PriceVND: 1000, Unit: "gói", ProvinceSlug: "son-la", Published: true})
				if err != nil {
					t.Fatal(err)
				}
				photo := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte(s.name), 500)...)
				im, err := a.Catalog.AddImage(ctx, a.DB, id, "image/png", "Gói cà phê", photo)
				if err != nil {
					t.Fatal(err)
				}
				r = get(t, f, im.URL)
				if r.Status != 200 || r.Raw != string(photo) || r.Header.Get("Content-Type") != "image/png" {
					t.Errorf("GET %s: %d %s, %d bytes", im.URL, r.Status, r.Header.Get("Content-Type"), len(r.Raw))
				}
				var n int
				if err := a.DB.GetContext(ctx, &n, a.DB.Rebind(`SELECT COUNT(*) FROM blobs WHERE key = ?`), im.Digest); err != nil {
					t.Fatal(err)
				}
				if (n == 1) != s.inDB {
					t.Errorf("%d copies in the blobs table", n)
				}
			})
		}
		t.Run("s3 down", func(t *testing.T) {
			cfg := s3blob.Config{Endpoint: closedPort(t), Bucket: "ocop-photos", AccessKey: "AKIAOCOP", SecretKey: "s3cr3t-down"}
			a := apptest.New(t, b, apptest.Options{Env: map[string]string{"BLOB_URL": blobURL(cfg)}})
			r := get(t, a.Fiber(), "/readyz")
			if r.Status != 503 || !strings.Contains(r.Raw, `"blobs":"down"`) || !strings.Contains(r.Raw, `"database":"ok"`) {
				t.Errorf("readyz %d %s", r.Status, r.Raw)
			}
			if strings.Contains(r.Raw, cfg.SecretKey) {
				t.Errorf("readyz shows the secret: %s", r.Raw)
			}
		})
	})
}
