package admin_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/media"
	"github.com/ocopmarket/ocopmarket/internal/media/mediatest"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// multipartBody is a multipart form of fields and one file under "file"
// (none when data is nil), and its Content-Type.
func multipartBody(t *testing.T, fields map[string]string, filename string, data []byte) (string, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if data != nil {
		fw, err := w.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String(), w.FormDataContentType()
}

// mediaWorld is two cooperatives with a product each, the staff of the
// first, a shopper and an anonymous client.
type mediaWorld struct {
	a              *apptest.App
	coopA, coopB   int64
	mine, theirs   int64
	staff, shopper *apptest.Client
	anonymous      *apptest.Client
	tokens         map[*apptest.Client]string // CSRF tokens, for multipart API writes
	staffUser      *account.User
}

func newMediaWorld(t *testing.T, b apptest.Backend, env map[string]string) *mediaWorld {
	t.Helper()
	ctx := context.Background()
	a := apptest.New(t, b, apptest.Options{Env: env})
	w := &mediaWorld{a: a}
	for i, slug := range []string{"htx-bich-thao", "htx-ho-quynh"} {
		co := &catalog.Cooperative{Slug: slug, Name: "HTX " + slug, Province: catalog.NamedSlug{Slug: "son-la"}, Status: catalog.CoopActive,
			Email: slug + "@htx.example.vn"}
		if err := a.Catalog.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		id, err := a.Catalog.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: "ca-phe-" + slug,
			Name: "Cà phê " + slug, PriceVND: 150000, Unit: "gói", Stock: 10, Published: true, ProvinceSlug: "son-la"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			w.coopA, w.mine = co.ID, id
		} else {
			w.coopB, w.theirs = co.ID, id
		}
	}
	w.staffUser = &account.User{Email: "thao@htx.example.vn", Name: "Thảo", Roles: []string{account.RoleCoopStaff}, CooperativeID: &w.coopA}
	w.staff = a.LoggedIn(w.staffUser)
	w.shopper = a.LoggedIn(&account.User{Email: "lan@example.vn", Name: "Lan", Roles: []string{account.RoleShopper}})
	w.anonymous = a.Client()
	w.tokens = map[*apptest.Client]string{w.staff: apptest.CSRF(t, w.staff.Page("/quan-ly/nhat-ky", http.StatusOK)),
		w.shopper: apptest.CSRF(t, w.shopper.Page(paths.Account, http.StatusOK)), w.anonymous: w.anonymous.FetchCSRF()}
	return w
}

// upload posts data as the "file" of a multipart request.
func (w *mediaWorld) upload(t *testing.T, c *apptest.Client, path string, fields map[string]string, data []byte) apptest.Response {
	t.Helper()
	body, ctype := multipartBody(t, fields, "x.jpg", data)
	return c.Do(http.MethodPost, path, body, "Content-Type", ctype, "X-CSRF-Token", w.tokens[c])
}

// counts are the rows a refused upload must not add.
func (w *mediaWorld) counts(t *testing.T) string {
	t.Helper()
	var out []string
	for _, table := range []string{"blobs", "product_images", "product_image_variants", "audit_log", "outbox_jobs", "ocop_certificates"} {
		var n int
		if err := w.a.DB.GetContext(context.Background(), &n, "SELECT COUNT(*) FROM "+table); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s=%d", table, n))
	}
	var scans int
	if err := w.a.DB.GetContext(context.Background(), &scans, "SELECT COUNT(*) FROM ocop_certificates WHERE scan_digest <> ''"); err != nil {
		t.Fatal(err)
	}
	return strings.Join(append(out, fmt.Sprintf("scans=%d", scans)), " ")
}

func (w *mediaWorld) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := w.a.DB.GetContext(context.Background(), &n, w.a.DB.Rebind(query), args...); err != nil {
		t.Fatal(err)
	}
	return n
}

func imagesPath(product int64) string { return fmt.Sprintf("/api/v1/coop/products/%d/images", product) }

func TestPhotoAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newMediaWorld(t, b, nil)
		ctx := context.Background()
		photo := mediatest.WithEXIF(mediatest.JPEG(t, 1600, 1200))
		jobs := w.count(t, `SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?`, catalog.JobIndexProducts)

		r := w.upload(t, w.staff, imagesPath(w.mine), map[string]string{"alt": "Gói cà phê 500 g"}, photo)
		apptest.Expect(t, "upload", r, http.StatusCreated)
		if r.Body["alt"] != "Gói cà phê 500 g" || r.Body["width"] != float64(900) || r.Body["height"] != float64(1200) {
			t.Fatalf("upload: %s (the photo turns upright by its EXIF orientation: 900×1200)", r.Raw)
		}
		variants, _ := r.Body["variants"].([]any)
		if len(variants) != 3 {
			t.Fatalf("variants: %s", r.Raw)
		}
		cover := int64(r.Body["id"].(float64))
		if n := w.count(t, `SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?`, catalog.JobIndexProducts); n != jobs+1 {
			t.Errorf("a new cover queues %d index jobs, want 1", n-jobs)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'product.image.add' AND cooperative_id = ?`, w.coopA); n != 1 {
			t.Errorf("%d audit records of the upload", n)
		}
		for _, v := range append([]any{map[string]any{"url": r.Body["url"]}}, variants...) {
			u := v.(map[string]any)["url"].(string)
			got := w.anonymous.Get(u)
			if got.Status != 200 || got.Header.Get("Content-Type") != media.JPEG || got.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
				got.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("GET %s: %d %v", u, got.Status, got.Header)
			}
			if strings.Contains(got.Raw, mediatest.GPSMark) || strings.Contains(got.Raw, "Exif") {
				t.Errorf("GET %s serves the EXIF of the upload", u)
			}
		}
		// The GPS position is in no stored byte.
		var blobs [][]byte
		if err := w.a.DB.SelectContext(ctx, &blobs, `SELECT data FROM blobs`); err != nil {
			t.Fatal(err)
		}
		if len(blobs) != 3 {
			t.Errorf("%d blobs, want the 3 sizes", len(blobs))
		}
		for _, d := range blobs {
			if bytes.Contains(d, []byte(mediatest.GPSMark)) {
				t.Error("a stored blob holds the GPS position of the upload")
			}
		}
		// The storefront's card and product page use the sizes.
		page := w.anonymous.Page("/san-pham/ca-phe-htx-bich-thao", http.StatusOK)
		apptest.Contains(t, "product page", page, `srcset="/images/`, " 900w, ", " 450w, ", " 150w", `sizes="`)

		r = w.upload(t, w.staff, imagesPath(w.mine), nil, mediatest.PNG(t, 300, 300, 100))
		apptest.Expect(t, "second upload, transparent", r, http.StatusCreated)
		second := int64(r.Body["id"].(float64))
		if !strings.HasSuffix(r.Body["url"].(string), ".png") || r.Body["position"] != float64(1) {
			t.Errorf("second upload: %s", r.Raw)
		}
		jobs = w.count(t, `SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?`, catalog.JobIndexProducts)
		one := fmt.Sprintf("%s/%d", imagesPath(w.mine), second)
		for _, tc := range []struct {
			name, method, path string
			body               any
			status             int
			code               string
		}{
			{"alt with a control character", "PUT", one, map[string]any{"alt": "a\u0007b"}, 400, "invalid_input"},
			{"alt too long", "PUT", one, map[string]any{"alt": strings.Repeat("á", 201)}, 400, "invalid_input"},
			{"negative position", "PUT", one, map[string]any{"position": -1}, 400, "invalid_input"},
			{"position of the wrong type", "PUT", one, `{"position":"first"}`, 400, "invalid_json"},
			{"unknown image", "PUT", imagesPath(w.mine) + "/999999", map[string]any{"alt": "x"}, 404, "not_found"},
			{"image id that is no number", "PUT", imagesPath(w.mine) + "/abc", map[string]any{"alt": "x"}, 404, "not_found"},
			{"the image through another's product", "PUT", fmt.Sprintf("%s/%d", imagesPath(w.theirs), second), map[string]any{"alt": "x"}, 404, "not_found"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := w.counts(t)
				body := tc.body
				if s, ok := body.(string); ok {
					body = s
				}
				r := w.staff.Do(tc.method, tc.path, body, "Content-Type", "application/json")
				apptest.Expect(t, tc.name, r, tc.status, tc.code)
				if after := w.counts(t); after != before {
					t.Errorf("a refused change changed %s into %s", before, after)
				}
			})
		}
		r = w.staff.Do("PUT", one, map[string]any{"position": 0, "alt": "Nhãn gói"})
		apptest.Expect(t, "move to the cover", r, http.StatusOK)
		if r.Body["position"] != float64(0) || r.Body["alt"] != "Nhãn gói" {
			t.Errorf("moved: %s", r.Raw)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM outbox_jobs WHERE kind = ?`, catalog.JobIndexProducts); n != jobs+1 {
			t.Errorf("a new cover queues %d index jobs, want 1", n-jobs)
		}
		r = w.staff.Get(imagesPath(w.mine))
		items, _ := r.Body["items"].([]any)
		if len(items) != 2 || int64(items[0].(map[string]any)["id"].(float64)) != second {
			t.Errorf("order after the move: %s", r.Raw)
		}
		audits := w.count(t, `SELECT COUNT(*) FROM audit_log`)
		apptest.Expect(t, "delete", w.staff.Do("DELETE", fmt.Sprintf("%s/%d", imagesPath(w.mine), cover), nil), http.StatusNoContent)
		if n := w.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'product.image.delete'`); n != 1 || w.count(t, `SELECT COUNT(*) FROM audit_log`) != audits+1 {
			t.Errorf("%d audit records of the deletion", n)
		}
		if w.count(t, `SELECT COUNT(*) FROM product_image_variants WHERE image_id = ?`, cover) != 0 {
			t.Error("the sizes of a deleted photo stay")
		}
		apptest.Expect(t, "delete again", w.staff.Do("DELETE", fmt.Sprintf("%s/%d", imagesPath(w.mine), cover), nil), http.StatusNotFound, "not_found")
	})
}

// Every refused upload stores nothing: no blob, no row, no audit record,
// no job, and the product's photos stay as they were.
func TestRefusedUploads(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newMediaWorld(t, b, nil)
		apptest.Expect(t, "a first photo", w.upload(t, w.staff, imagesPath(w.mine), nil, mediatest.JPEG(t, 400, 300)), http.StatusCreated)
		claim := map[string]any{"stars": 4, "decision_no": "1234/QĐ-UBND", "issued_by": "UBND tỉnh Sơn La",
			"issued_on": time.Now().AddDate(-1, 0, 0).Format(db.DateLayout)}
		apptest.Expect(t, "a claim", w.staff.Do("PUT", fmt.Sprintf("/api/v1/coop/products/%d/ocop", w.mine), claim), http.StatusOK)
		jpg := mediatest.JPEG(t, 800, 600)
		scanPath := fmt.Sprintf("/api/v1/coop/products/%d/ocop/scan", w.mine)
		for _, tc := range []struct {
			name   string
			path   string
			data   []byte
			status int
			code   string // of the field "file", or of the answer for a 413
		}{
			{"a script named x.jpg", imagesPath(w.mine), []byte("<script>alert(document.cookie)</script>"), 400, "unsupported_image"},
			{"a zip", imagesPath(w.mine), mediatest.Zip(t), 400, "unsupported_image"},
			{"an SVG with script", imagesPath(w.mine), []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>`), 400, "unsupported_image"},
			{"a decompression bomb", imagesPath(w.mine), mediatest.Bomb(100000, 100000), 400, "image_too_large"},
			{"a truncated JPEG", imagesPath(w.mine), jpg[:len(jpg)/2], 400, "broken_image"},
			{"no file", imagesPath(w.mine), nil, 400, "required"},
			{"a file over 5 MB", imagesPath(w.mine), append(append([]byte{}, jpg...), make([]byte, media.MaxBytes)...), 400, "file_too_large"},
			{"a PDF with JavaScript", scanPath, mediatest.PDF("4 0 obj\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n"), 400, "active_pdf"},
			{"a PDF cut short", scanPath, []byte("%PDF-1.7\n1 0 obj\n<< >>\n"), 400, "broken_pdf"},
			{"a zip as a scan", scanPath, mediatest.Zip(t), 400, "unsupported_scan"},
			{"a scan bomb", scanPath, mediatest.Bomb(100000, 100000), 400, "image_too_large"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := w.counts(t)
				photos := w.staff.Get(imagesPath(w.mine)).Raw
				r := w.upload(t, w.staff, tc.path, nil, tc.data)
				if r.Status != tc.status {
					t.Fatalf("%d %s; want %d", r.Status, r.Raw, tc.status)
				}
				if r.FieldCode("file") != tc.code {
					t.Errorf("file: %q, want %q (%s)", r.FieldCode("file"), tc.code, r.Raw)
				}
				if after := w.counts(t); after != before {
					t.Errorf("a refused upload changed %s into %s", before, after)
				}
				if now := w.staff.Get(imagesPath(w.mine)).Raw; now != photos {
					t.Errorf("the photos changed: %s → %s", photos, now)
				}
			})
		}
	})
}

// A 50 MB body is refused by the server, before any handler reads it:
// 413, and nothing stored. The test client runs in memory and refuses to
// send such a body, so this one goes through a real connection.
func TestHugeBody(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newMediaWorld(t, b, nil)
		f := w.a.Restart()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go f.Listener(ln)
		t.Cleanup(func() { f.Shutdown() })
		before := w.counts(t)
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// The headers announce 50 MB; the server answers before any of it
		// is sent, so the test sends none.
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: ocop.example.vn\r\nContent-Type: multipart/form-data; boundary=x\r\n"+
			"X-CSRF-Token: %s\r\nContent-Length: %d\r\n\r\n", imagesPath(w.mine), w.tokens[w.staff], 50<<20)
		conn.SetReadDeadline(time.Now().Add(20 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		answer, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(answer), "request_entity_too_large") {
			t.Errorf("50 MB: %d %s", res.StatusCode, answer)
		}
		if after := w.counts(t); after != before {
			t.Errorf("a refused body changed %s into %s", before, after)
		}
	})
}

// Another cooperative's product is a 404 for every verb, a shopper gets
// 403 and an anonymous client 401.
func TestMediaAccess(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newMediaWorld(t, b, nil)
		ctx := context.Background()
		// The other cooperative's photo and claim, made by its own staff.
		other := w.a.LoggedIn(&account.User{Email: "quynh@htx.example.vn", Name: "Quỳnh", Roles: []string{account.RoleCoopStaff}, CooperativeID: &w.coopB})
		otherToken := apptest.CSRF(t, other.Page("/quan-ly/nhat-ky", http.StatusOK))
		body, ctype := multipartBody(t, nil, "a.jpg", mediatest.JPEG(t, 300, 200))
		r := other.Do("POST", imagesPath(w.theirs), body, "Content-Type", ctype, "X-CSRF-Token", otherToken)
		apptest.Expect(t, "their photo", r, http.StatusCreated)
		theirImage := int64(r.Body["id"].(float64))
		if err := w.a.Catalog.AddCertificate(ctx, w.a.DB, &catalog.Certificate{ProductID: w.theirs, Stars: 4, DecisionNo: "9/QĐ-UBND",
			IssuedBy: "UBND tỉnh Sơn La", IssuedOn: db.NewDate(time.Now().AddDate(0, -2, 0))}); err != nil {
			t.Fatal(err)
		}
		claim := map[string]any{"stars": 4, "decision_no": "1/QĐ-UBND", "issued_by": "UBND tỉnh Sơn La", "issued_on": "2025-09-01"}
		pdf := mediatest.PDF("")
		for _, product := range []int64{w.theirs, w.mine} {
			image := fmt.Sprintf("%s/%d", imagesPath(product), theirImage)
			ocop := fmt.Sprintf("/api/v1/coop/products/%d/ocop", product)
			for _, tc := range []struct {
				method, path string
				body         any
				file         []byte
			}{
				{"GET", imagesPath(product), nil, nil},
				{"POST", imagesPath(product), nil, mediatest.JPEG(t, 50, 50)},
				{"PUT", image, map[string]any{"alt": "x", "position": 0}, nil},
				{"DELETE", image, nil, nil},
				{"GET", ocop, nil, nil},
				{"PUT", ocop, claim, nil},
				{"POST", ocop + "/scan", nil, pdf},
			} {
				if product == w.mine && !strings.Contains(tc.path, "/images/") {
					continue // the staff's own product: only the other's image is out of reach
				}
				for _, who := range []struct {
					name   string
					c      *apptest.Client
					status int
				}{{"staff of another cooperative", w.staff, 404}, {"shopper", w.shopper, 403}, {"anonymous", w.anonymous, 401}} {
					t.Run(fmt.Sprintf("%s %s %s", who.name, tc.method, tc.path), func(t *testing.T) {
						before := w.counts(t)
						var r apptest.Response
						if tc.file != nil {
							r = w.upload(t, who.c, tc.path, nil, tc.file)
						} else {
							r = who.c.Do(tc.method, tc.path, tc.body)
						}
						if r.Status != who.status {
							t.Fatalf("%d %s; want %d", r.Status, r.Raw, who.status)
						}
						if after := w.counts(t); after != before {
							t.Errorf("changed %s into %s", before, after)
						}
					})
				}
			}
		}
		if n := w.count(t, `SELECT COUNT(*) FROM product_images WHERE id = ?`, theirImage); n != 1 {
			t.Error("the other cooperative's photo is gone")
		}
	})
}

func TestPhotosPage(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		w := newMediaWorld(t, b, nil)
		target := fmt.Sprintf("/quan-ly/san-pham/%d/anh", w.mine)
		r := w.anonymous.Get(target)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/dang-nhap?next=") {
			t.Errorf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
		}
		w.shopper.Page(target, http.StatusForbidden)
		w.staff.Page(fmt.Sprintf("/quan-ly/san-pham/%d/anh", w.theirs), http.StatusNotFound)

		page := w.staff.Page(target, http.StatusOK)
		apptest.Contains(t, "upload form", page, `enctype="multipart/form-data"`, `accept="image/jpeg,image/png,image/webp"`,
			`capture="environment"`, `name="_csrf"`, fmt.Sprintf(`href="/quan-ly/san-pham/%d"`, w.mine), "Sản phẩm chưa có ảnh")
		token := apptest.CSRF(t, page)
		post := func(fields map[string]string, data []byte) apptest.Response {
			fields["_csrf"] = token
			body, ctype := multipartBody(t, fields, "x.jpg", data)
			return w.staff.Do("POST", target, body, "Content-Type", ctype)
		}

		before := w.counts(t)
		r = post(map[string]string{"action": "upload", "alt": "Gói cà phê"}, []byte("<script>alert(1)</script>"))
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Raw, "Chỉ nhận ảnh JPEG, PNG hoặc WebP") || !strings.Contains(r.Raw, `value="Gói cà phê"`) {
			t.Errorf("a script named x.jpg: %d", r.Status)
		}
		if after := w.counts(t); after != before {
			t.Errorf("a refused upload changed %s into %s", before, after)
		}
		for i, alt := range []string{"Ảnh một", "Ảnh hai", "Ảnh ba"} {
			r = post(map[string]string{"action": "upload", "alt": alt}, mediatest.JPEG(t, 700+i, 500))
			if r.Status != http.StatusSeeOther || r.Header.Get("Location") != target {
				t.Fatalf("upload %d: %d %s", i, r.Status, r.Raw)
			}
		}
		page = w.staff.Page(target, http.StatusOK)
		apptest.Contains(t, "photos", page, "Đã thêm ảnh", "Ảnh bìa", `value="Ảnh một"`, `value="Ảnh ba"`)
		ims, err := w.a.Catalog.CoopImages(context.Background(), w.coopA, w.mine)
		if err != nil || len(ims) != 3 {
			t.Fatalf("%d photos (%v)", len(ims), err)
		}
		id := func(im catalog.Image) string { return fmt.Sprint(im.ID) }
		for _, step := range []struct {
			fields map[string]string
			status int
		}{
			{map[string]string{"action": "down", "image_id": id(ims[0])}, http.StatusSeeOther},
			{map[string]string{"action": "up", "image_id": id(ims[2])}, http.StatusSeeOther},
			{map[string]string{"action": "alt", "image_id": id(ims[1]), "alt": "Nhãn sau"}, http.StatusSeeOther},
			{map[string]string{"action": "alt", "image_id": id(ims[1]), "alt": strings.Repeat("x", 201)}, http.StatusBadRequest},
			{map[string]string{"action": "delete", "image_id": id(ims[2])}, http.StatusSeeOther},
			{map[string]string{"action": "fly", "image_id": id(ims[1])}, http.StatusBadRequest},
			{map[string]string{"action": "delete", "image_id": "999999"}, http.StatusNotFound},
		} {
			if r := post(step.fields, nil); r.Status != step.status {
				t.Errorf("%v: %d, want %d", step.fields, r.Status, step.status)
			}
		}
		ims2, err := w.a.Catalog.CoopImages(context.Background(), w.coopA, w.mine)
		if err != nil || len(ims2) != 2 || ims2[0].ID != ims[1].ID || ims2[1].ID != ims[0].ID || ims2[0].Alt != "Nhãn sau" {
			t.Errorf("after the steps: %+v (%v)", ims2, err)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'product.image.%'`); n != 3+2+1+1 {
			t.Errorf("%d audit records of photo changes, want 7", n)
		}
		page = w.staff.Page(target+"?lang=en", http.StatusOK)
		apptest.Contains(t, "English", page, "Product photos", "Cover", "Move earlier")
	})
}
