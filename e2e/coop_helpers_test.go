package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Shown is Text among the elements the page shows: a panel's list holds
// a phone's cards and a desktop's table of the same rows, one of them
// hidden at each width.
func Shown(selector, text string) Sel {
	return Sel{
		js: "Array.from(document.querySelectorAll(" + jsString(selector) + ")).filter(e => e.getClientRects().length > 0)" +
			".findLast(e => " + normText("e") + ".includes(" + jsString(text) + "))",
		desc: fmt.Sprintf("%s shown with the text %q", selector, text),
	}
}

// SetValue gives an input a value the way a picker does (a date input,
// whose typed keys depend on the browser's locale) and fires its input
// and change events.
func (tab *Tab) SetValue(s Sel, value string) {
	tab.t.Helper()
	tab.do(fmt.Sprintf("set %s to %q", s.desc, value), chromedp.Steps(
		chromedp.WaitVisible(s.path()),
		chromedp.Evaluate[chromedp.Void](`(() => {
			const el = `+s.js+`;
			el.value = `+jsString(value)+`;
			if (el.value !== `+jsString(value)+`) { throw new Error("the input refused " + `+jsString(value)+`); }
			el.dispatchEvent(new Event("input", {bubbles: true}));
			el.dispatchEvent(new Event("change", {bubbles: true}));
		})()`),
	))
}

// Type types value into an empty input or textarea (Fill clears the
// field first, which fails on a textarea that holds no text yet).
func (tab *Tab) Type(s Sel, value string) {
	tab.t.Helper()
	tab.do(fmt.Sprintf("type %q into %s", value, s.desc), chromedp.SendKeys(s.path(), value))
}

// ScrollTop scrolls the page back to its top, so that a full-page
// screenshot shows the sticky header where it belongs.
func (tab *Tab) ScrollTop() {
	tab.t.Helper()
	tab.do("scroll to the top", chromedp.Evaluate[chromedp.Void]("window.scrollTo(0, 0)"))
}

// ElementPNG is a screenshot of one element as the page shows it, once it
// is visible: what a phone's camera would see of a QR code on the screen.
func (tab *Tab) ElementPNG(s Sel) []byte {
	tab.t.Helper()
	var shot []byte
	tab.do("take a picture of "+s.desc, chromedp.Steps(
		chromedp.WaitVisible(s.path()),
		chromedp.Poll[chromedp.Void]("(() => { const el = "+s.js+"; return el.complete && el.naturalWidth > 0; })()"),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			b, err := chromedp.Screenshot(s.path())(ctx, tg)
			shot = b
			return err
		}),
	))
	return shot
}

// ImageLoaded waits until the image s has loaded and is drawn at least
// one pixel wide (a broken image has no natural width), scrolling it into
// view first, for lazy images.
func (tab *Tab) ImageLoaded(s Sel) {
	tab.t.Helper()
	tab.do("wait for the image "+s.desc, chromedp.Steps(
		chromedp.ScrollIntoView(s.path()),
		chromedp.Poll[chromedp.Void]("(() => { const el = "+s.js+"; return el.complete && el.naturalWidth > 0; })()"),
	))
}

// FitsWidth fails the test when the page is wider than the window, so
// that a phone would have to scroll it sideways: a page broken at 360 px.
func (tab *Tab) FitsWidth() {
	tab.t.Helper()
	got := tab.Eval(`(() => {
		const over = document.documentElement.scrollWidth - window.innerWidth;
		if (over <= 0) { return ""; }
		const wide = Array.from(document.querySelectorAll("body *"))
			.filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.offsetParent !== null)
			.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).trim().replace(/\s+/g, ".") : ""));
		return over + " px too wide; widest: " + wide.join(", ");
	})()`)
	if got != "" {
		tab.t.Fatalf("e2e: %s/%s %s at %s: the page scrolls sideways: %s", tab.Stack.Name, tab.Width.Name, tab.journey, tab.location(), got)
	}
}

// decodeQR reads the QR code in a PNG picture.
func decodeQR(t *testing.T, pic []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(pic))
	if err != nil {
		t.Fatalf("e2e: the QR picture is no PNG: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatalf("e2e: the QR picture: %v", err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("e2e: no QR code readable in the picture (%d×%d): %v", img.Bounds().Dx(), img.Bounds().Dy(), err)
	}
	return res.GetText()
}

// writePhoto writes a small PNG photo (a gradient with a sun, w × h
// pixels) into dir and returns its path: a real picture for an upload,
// which the server decodes and redraws.
func writePhoto(t *testing.T, dir string, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{R: uint8(40 + 150*y/h), G: uint8(120 + 100*x/w), B: 60, A: 255}
			if dx, dy := x-w*2/3, y-h/3; dx*dx+dy*dy < (h/6)*(h/6) {
				c = color.RGBA{R: 250, G: 210, B: 40, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "anh-san-pham.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeFile writes content to dir/name and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
