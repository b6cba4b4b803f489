package storefront_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/apptest"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/trace"
)

// The public record of a batch, as its QR label opens it: the product,
// the cooperative, the origin, the certificates and the batch's dates, by
// page and API, whatever became of the product since.
func TestTracePageAndAPI(t *testing.T) {
	apptest.Run(t, apptest.Databases(), func(t *testing.T, b apptest.Backend) {
		ctx := context.Background()
		a := apptest.New(t, b, apptest.Options{})
		cat := a.Catalog
		co := &catalog.Cooperative{Slug: "htx-bich-thao", Name: "HTX Cà phê Bích Thao", Province: catalog.NamedSlug{Slug: "son-la"},
			Status: catalog.CoopActive, Ward: "Chiềng Ban", Address: "Bản Phiêng, xã Chiềng Ban, tỉnh Sơn La", Phone: "0912345678"}
		if err := cat.CreateCooperative(ctx, a.DB, co); err != nil {
			t.Fatal(err)
		}
		gi := &catalog.GeographicalIndication{Slug: "ca-phe-son-la", Name: "Cà phê Sơn La", ProvinceSlug: "son-la", CertificateNo: "00064"}
		if err := cat.CreateGeographicalIndication(ctx, a.DB, gi); err != nil {
			t.Fatal(err)
		}
		pid, err := cat.CreateProduct(ctx, a.DB, catalog.NewProduct{CooperativeID: co.ID, CategorySlug: "ca-phe", Slug: "ca-phe-rang-xay",
			Name: "Cà phê rang xay Bích Thao", PriceVND: 150000, Unit: "gói 500 g", Stock: 10, Published: true, ProvinceSlug: "son-la",
			Ward: "Chiềng Ban", GIID: &gi.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cat.AddImage(ctx, a.DB, pid, "image/svg+xml", "", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>`)); err != nil {
			t.Fatal(err)
		}
		today := db.NewDate(time.Now().In(format.Vietnam()))
		if err := cat.SetCertification(ctx, a.DB, pid, "vietgap", "VietGAP-TT-13-09-14-0096", db.Date{Time: today.AddDate(1, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		if err := cat.SetCertification(ctx, a.DB, pid, "haccp", "HACCP-24-14-0031", db.Date{Time: today.AddDate(0, 0, -10)}); err != nil {
			t.Fatal(err)
		}
		if err := cat.AddCertificate(ctx, a.DB, &catalog.Certificate{ProductID: pid, Stars: 5, DecisionNo: "2361/QĐ-BNNMT",
			IssuedBy: "Bộ Nông nghiệp và Môi trường", IssuedOn: db.Date{Time: today.AddDate(0, -5, 0)}, Status: catalog.CertVerified}); err != nil {
			t.Fatal(err)
		}
		batch, err := a.Trace.Create(ctx, trace.Actor{Email: "thao@ocop.local"}, co.ID, trace.Input{ProductID: pid, BatchNo: "BT-2026-11",
			HarvestedOn: today.AddDate(0, 0, -9).Format("2006-01-02"), PackedOn: today.AddDate(0, 0, -7).Format("2006-01-02"),
			ExpiresOn: today.AddDate(1, 0, 0).Format("2006-01-02"), FarmAreaCode: "VN-14-0026", Notes: "Rang mộc, không tẩm ướp."})
		if err != nil {
			t.Fatal(err)
		}
		code := batch.TraceCode
		c := a.Client()

		r := c.Get("/api/v1/trace/" + code)
		apptest.Expect(t, "trace API", r, http.StatusOK)
		apptest.Contains(t, "trace API", r.Raw, `"name":"Cà phê rang xay Bích Thao"`, `"slug":"htx-bich-thao"`, `"name":"HTX Cà phê Bích Thao"`,
			`"stars":5`, `"decision_no":"2361/QĐ-BNNMT"`, `"batch_no":"BT-2026-11"`, `"packed_on":"`+today.AddDate(0, 0, -7).Format("2006-01-02")+`"`,
			`"harvested_on":"`+today.AddDate(0, 0, -9).Format("2006-01-02")+`"`, `"farm_area_code":"VN-14-0026"`, `"code":"VietGAP-TT-13-09-14-0096"`,
			`"certificate_no":"00064"`, `"for_sale":true`, `"listed":true`, `"trace_url":"`+apptest.BaseURL+`/truy-xuat/`+code+`"`, `"image_url":"/images/`)
		typed := strings.ToLower(code[:5]) + "-" + strings.ToLower(code[5:])
		apptest.Expect(t, "a code typed in lower case with a dash", c.Get("/api/v1/trace/"+typed), http.StatusOK)
		apptest.Expect(t, "unknown code", c.Get("/api/v1/trace/ZZZZZZZZZZ"), http.StatusNotFound, "not_found")
		apptest.Expect(t, "not a code", c.Get("/api/v1/trace/%3Cscript%3E"), http.StatusNotFound, "not_found")

		page := c.Page("/truy-xuat/"+code, http.StatusOK)
		apptest.Contains(t, "trace page", page, "Cà phê rang xay Bích Thao", "HTX Cà phê Bích Thao", `href="/hop-tac-xa/htx-bich-thao"`,
			`class="ocop-pill"`, "2361/QĐ-BNNMT", "Bộ Nông nghiệp và Môi trường", "BT-2026-11",
			format.Date(today.AddDate(0, 0, -9)), format.Date(today.AddDate(0, 0, -7)), format.Date(today.AddDate(1, 0, 0)),
			"VN-14-0026", "Rang mộc, không tẩm ướp.", "VietGAP-TT-13-09-14-0096", "HACCP-24-14-0031", "hết hạn từ", "Cà phê Sơn La",
			`href="/san-pham/ca-phe-rang-xay"`, "Mua lại sản phẩm này", `href="tel:0912345678"`, `src="/images/`, code)
		page = c.Page("/truy-xuat/"+code+"?lang=en", http.StatusOK)
		apptest.Contains(t, "trace page in English", page, "Buy this product again", "Harvested", "Packed", "Best before")
		c.Page("/truy-xuat/ZZZZZZZZZZ", http.StatusNotFound)

		// The shopper holds the package: a product taken off sale and a
		// suspended cooperative still trace, without links to their pages.
		a.Exec(`UPDATE products SET published = FALSE WHERE id = ?`, pid)
		a.Exec(`UPDATE cooperatives SET status = 'suspended' WHERE id = ?`, co.ID)
		r = c.Get("/api/v1/trace/" + code)
		apptest.Expect(t, "trace of a product off sale", r, http.StatusOK)
		apptest.Contains(t, "off sale", r.Raw, `"for_sale":false`, `"listed":false`)
		page = c.Page("/truy-xuat/"+code+"?lang=vi", http.StatusOK)
		apptest.Contains(t, "off sale page", page, "Cà phê rang xay Bích Thao", "không còn bán")
		if strings.Contains(page, `href="/san-pham/ca-phe-rang-xay"`) || strings.Contains(page, `href="/hop-tac-xa/htx-bich-thao"`) {
			t.Error("the page links to a product or cooperative page the shop does not show")
		}
	})
}
