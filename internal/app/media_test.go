package app_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/blob/blobtest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/media/mediatest"
)

// A photo uploaded through the panel with BLOB_URL naming object storage
// has its sizes stored in the bucket, none in the database, and served
// from there.
func TestPhotoSizesInS3(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		ctx := context.Background()
		cfg := blobtest.S3Config(t)
		a := apptest.New(t, b, apptest.Options{Env: map[string]string{"BLOB_URL": blobURL(cfg)}})
		coop := &catalog.Cooperative{Slug: "htx-anh", Name: "HTX Ảnh", Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, coop); err != nil {
			t.Fatal(err)
		}
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: coop.ID, CategorySlug: "ca-phe",
			Slug: "ca-phe-anh", Name: "Cà phê", PriceVND: 1000, Unit: "gói", ProvinceSlug: "son-la", Published: true})
		if err != nil {
			t.Fatal(err)
		}
		staff := a.LoggedIn(&account.User{Email: "anh@htx.example.vn", Name: "Ánh", Roles: []string{account.RoleCoopStaff}, CooperativeID: &coop.ID})
		token := apptest.CSRF(t, staff.Page("/quan-ly/nhat-ky", http.StatusOK))
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "anh.jpg")
		fw.Write(mediatest.WithEXIF(mediatest.JPEG(t, 1400, 1000)))
		mw.Close()
		r := staff.Do(http.MethodPost, fmt.Sprintf("/api/v1/coop/products/%d/images", id), body.String(),
			"Content-Type", mw.FormDataContentType(), "X-CSRF-Token", token)
		apptest.Expect(t, "upload", r, http.StatusCreated)
		variants, _ := r.Body["variants"].([]any)
		if len(variants) != 3 {
			t.Fatalf("variants: %s", r.Raw)
		}
		for _, v := range variants {
			u := v.(map[string]any)["url"].(string)
			got := a.Client().Get(u)
			if got.Status != 200 || got.Header.Get("Content-Type") != "image/jpeg" || strings.Contains(got.Raw, mediatest.GPSMark) {
				t.Errorf("GET %s: %d %s", u, got.Status, got.Header.Get("Content-Type"))
			}
		}
		var n int
		if err := a.DB.GetContext(ctx, &n, `SELECT COUNT(*) FROM blobs`); err != nil || n != 0 {
			t.Errorf("%d blobs in the database (%v), want them all in the bucket", n, err)
		}
	})
}
