package pages

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"io/fs"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// TestVietQRImageAtItsShownSize: the order page shows the VietQR image at
// the size it is drawn, one image pixel per CSS pixel, so that no scaling
// blurs or drops the code's modules.
func TestVietQRImageAtItsShownSize(t *testing.T) {
	u, err := VietQRImage("00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(string(u), "data:image/png;base64,"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != qrSize || b.Dy() != qrSize {
		t.Fatalf("the VietQR image is %d×%d, want %d×%d", b.Dx(), b.Dy(), qrSize, qrSize)
	}
	page, err := fs.ReadFile(templates.FS, "shop/order.html")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf(`<img class="qr" src="{{.Image}}" width="%d" height="%d"`, qrSize, qrSize); !bytes.Contains(page, []byte(want)) {
		t.Fatalf("the order page does not show the VietQR image at %d px: want %s", qrSize, want)
	}
}
