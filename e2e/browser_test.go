package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ArtifactsEnv names the variable that moves the screenshots and server
// logs from e2e/artifacts to another folder (CI keeps it as an artifact).
const ArtifactsEnv = "E2E_ARTIFACTS"

// stepTimeout bounds one browser step (a click and the page it opens, a
// wait for a text) on a busy two-core machine.
const stepTimeout = 30 * time.Second

// acceptLanguage is what every tab sends: a Vietnamese shopper's browser.
const acceptLanguage = "vi-VN,vi;q=0.9"

// Width is a window size a journey runs at.
type Width struct {
	Name   string // "phone" or "desktop": the screenshots' folder
	W, H   int64
	Mobile bool // mobile emulation with touch, and a phone's user agent
}

// widths are the two sizes of the issue: a small phone and a laptop.
func widths() []Width {
	return []Width{{Name: "phone", W: 360, H: 780, Mobile: true}, {Name: "desktop", W: 1366, H: 900}}
}

// forEachWidth runs fn as one subtest per width, "phone" (360 × 780,
// mobile, touch) then "desktop" (1366 × 900). A journey is
//
//	func TestJourneyX(t *testing.T) {
//		forEachStack(t, func(t *testing.T, s *Stack) {
//			forEachWidth(t, func(t *testing.T, w Width) {
//				tab := newTab(t, s, w, "x")
//				tab.Go("/")
//				tab.Shot("home")
//				...
//			})
//		})
//	}
//
// Each of its four runs must use data of its own (a shopper's email, a
// product's stock): runs on one stack share its database. Journey 1 orders
// from htx-ca-phe-bich-thao, htx-nong-nghiep-ea-kao,
// htx-nong-san-moc-chau and htx-che-tan-cuong-hoang-binh; journey 3 only
// from cooperatives it creates.
func forEachWidth(t *testing.T, fn func(t *testing.T, w Width)) {
	t.Helper()
	for _, w := range widths() {
		t.Run(w.Name, func(t *testing.T) { fn(t, w) })
	}
}

// browser is the one headless Chromium of the run, started by the first
// tab and stopped by TestMain.
var browser struct {
	once   sync.Once
	ctx    context.Context // a chromedp context whose browser runs
	cancel []context.CancelFunc
	err    error
}

func startBrowser() error {
	exe := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		return errors.New("chromium not found: install it with `SERVICES_BROWSER=1 bash .ci/services.sh true` (make test does)")
	}
	profile := filepath.Join(runDir, "chromium-profile")
	if runDir == "" {
		return errors.New("no run folder: the stacks did not start")
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.UserDataDir(profile),
	)
	bctx, bcancel := chromedp.NewContext(actx)
	browser.cancel = []context.CancelFunc{bcancel, acancel}
	t0 := time.Now()
	if err := chromedp.Do(bctx); err != nil {
		return fmt.Errorf("start %s: %w", exe, err)
	}
	fmt.Printf("e2e: chromium started in %s\n", time.Since(t0).Round(time.Millisecond))
	browser.ctx = bctx
	return nil
}

func stopBrowser() {
	for _, c := range browser.cancel {
		c()
	}
}

// Tab is one browser tab of a journey at one width on one stack, in a
// browser context of its own (its own cookies: a fresh visitor). It fails
// its test on any console error, uncaught exception, failed request or 5xx
// answer (see watch), on the step where it happened. Its helpers fail the
// test themselves, so a journey reads as a list of steps.
type Tab struct {
	t       *testing.T
	ctx     context.Context
	Stack   *Stack
	Width   Width
	journey string
	shots   int

	mu       sync.Mutex
	problems []string // what went wrong in the page, not yet reported
	requests map[network.RequestID]request
	navs     int // main-frame navigations so far
}

type request struct {
	url  string
	navs int // navigations before it started
}

// newTab opens a tab on s at width w, in Vietnamese, for the journey named
// journey (the screenshots' prefix). It is closed when the test ends, after
// a screenshot if the test failed.
func newTab(t *testing.T, s *Stack, w Width, journey string) *Tab {
	t.Helper()
	browser.once.Do(func() { browser.err = startBrowser() })
	if browser.err != nil {
		t.Fatalf("e2e: %v", browser.err)
	}
	tab := &Tab{t: t, Stack: s, Width: w, journey: journey, requests: map[network.RequestID]request{}}
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(tab.watch))
	tab.ctx = ctx
	t.Cleanup(func() {
		if t.Failed() {
			tab.shot("failed")
		}
		tab.report()
		cancel()
	})
	ua := "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"
	opts := []chromedp.EmulateViewportOption{}
	if w.Mobile {
		ua = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36"
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	// The tab lives as long as the context of its first Run: tab.ctx,
	// not a step's timeout.
	if err := chromedp.Do(tab.ctx,
		chromedp.EmulateViewport(w.W, w.H, opts...),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
				UserAgent: ua, AcceptLanguage: acceptLanguage, Platform: "Linux"})
			return err
		}),
	); err != nil {
		t.Fatalf("e2e: open a tab: %v", err)
	}
	return tab
}

// watch records what makes a journey fail. It runs on the tab's reading
// goroutine, so it only notes.
func (tab *Tab) watch(ev any) {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			parts := make([]string, 0, len(ev.Args))
			for _, a := range ev.Args {
				if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			tab.problems = append(tab.problems, "console.error: "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		tab.problems = append(tab.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber, msg))
	case *log.EventEntryAdded:
		// Network entries repeat what the network events below judge
		// (and a form sent back with its errors is a deliberate 4xx);
		// the rest (a CSP violation, a blocked script) are errors.
		if e := ev.Entry; e.Level == log.EntryLevelError && e.Source != log.EntrySourceNetwork {
			tab.problems = append(tab.problems, fmt.Sprintf("browser log (%s): %s %s", e.Source, e.Text, e.URL))
		}
	case *page.EventFrameNavigated:
		if ev.Frame.ParentID == "" {
			tab.navs++
		}
	case *network.EventRequestWillBeSent:
		tab.requests[ev.RequestID] = request{url: ev.Request.URL, navs: tab.navs}
	case *network.EventLoadingFailed:
		r := tab.requests[ev.RequestID]
		// A request of a page the tab has since left is cancelled by
		// the browser (net::ERR_ABORTED): the search box's suggestions
		// when Enter sends the search, a lazy image of the page left.
		if ev.Canceled && tab.navs > r.navs {
			return
		}
		tab.problems = append(tab.problems, fmt.Sprintf("request failed (%s, %s): %s", ev.Type, ev.ErrorText, r.url))
	case *network.EventResponseReceived:
		st := ev.Response.Status
		switch {
		case st >= 500:
			tab.problems = append(tab.problems, fmt.Sprintf("%d answer (%s): %s", st, ev.Type, ev.Response.URL))
		case st >= 400 && ev.Type != network.ResourceTypeDocument && ev.Type != network.ResourceTypeFetch:
			// A page's image, style or script that is missing is broken.
			tab.problems = append(tab.problems, fmt.Sprintf("%d answer for a page's %s: %s", st, ev.Type, ev.Response.URL))
		}
	}
}

// report fails the test with the page's problems noted since the last
// report.
func (tab *Tab) report() {
	tab.t.Helper()
	tab.mu.Lock()
	ps := tab.problems
	tab.problems = nil
	tab.mu.Unlock()
	for _, p := range ps {
		tab.t.Errorf("e2e: %s/%s %s at %s: %s", tab.Stack.Name, tab.Width.Name, tab.journey, tab.location(), p)
	}
}

func (tab *Tab) location() string {
	ctx, cancel := context.WithTimeout(tab.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown page)"
	}
	return strings.TrimPrefix(loc, tab.Stack.BaseURL)
}

// do runs one step within stepTimeout, failing the test with what the
// step was on an error, and with the page's problems after it.
func (tab *Tab) do(what string, a chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, a); err != nil {
		tab.report()
		tab.t.Fatalf("e2e: %s: %v", what, err)
	}
	tab.report()
}

// nav runs a step that opens a page and returns the HTTP status of the
// page it opened; a 5xx fails the test (through watch).
func (tab *Tab) nav(what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		tab.report()
		tab.t.Fatalf("e2e: %s: %v", what, err)
	}
	tab.report()
	return resp.Status
}

// Sel is an element to act on: the first one a CSS selector or a text
// finds, as a JavaScript expression chromedp waits on.
type Sel struct {
	js   string
	desc string
}

// CSS is the first element matching selector.
func CSS(selector string) Sel {
	return Sel{js: "document.querySelector(" + jsString(selector) + ")", desc: selector}
}

// Within is the first element matching selector inside the first element
// matching scope whose text holds text: CSS("form", ...) of one product's
// card, say.
func Within(scope, text, selector string) Sel {
	return Sel{
		js: "(Array.from(document.querySelectorAll(" + jsString(scope) + ")).find(e => " + normText("e") + ".includes(" + jsString(text) + "))" +
			" || document.createElement('x')).querySelector(" + jsString(selector) + ")",
		desc: fmt.Sprintf("%s in the %s holding %q", selector, scope, text),
	}
}

// Text is the last (innermost) element matching selector whose text holds
// text, e.g. Text("a, button", "Thêm vào giỏ").
func Text(selector, text string) Sel {
	return Sel{
		js:   "Array.from(document.querySelectorAll(" + jsString(selector) + ")).findLast(e => " + normText("e") + ".includes(" + jsString(text) + "))",
		desc: fmt.Sprintf("%s with the text %q", selector, text),
	}
}

func normText(v string) string { return v + ".textContent.replace(/\\s+/g, ' ')" }

func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

func (s Sel) path() chromedp.JSPath { return chromedp.JSPath(s.js) }

// Go opens path (relative to the stack) and returns its HTTP status.
func (tab *Tab) Go(path string) int64 {
	tab.t.Helper()
	return tab.nav("open "+path, chromedp.Navigate(tab.Stack.URL(path)))
}

// GoUntil opens path until its text holds text, within a time: a page
// that reads a change the site has just made (from its cache, whose
// version follows the catalog's change feed) may need a reload or two.
func (tab *Tab) GoUntil(path, text string, within time.Duration) {
	tab.t.Helper()
	deadline := time.Now().Add(within)
	for loads := 1; ; loads++ {
		tab.Go(path)
		ctx, cancel := context.WithTimeout(tab.ctx, 500*time.Millisecond)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool]("document.body.innerText.replace(/\\s+/g, ' ').includes("+jsString(text)+")",
			chromedp.WithPollingInterval(50*time.Millisecond)))
		cancel()
		tab.report()
		if err == nil {
			if loads > 1 {
				tab.t.Logf("%s showed %q at its load %d", path, text, loads)
			}
			return
		}
		if time.Now().After(deadline) {
			tab.t.Fatalf("e2e: %s does not show %q after %d loads in %s", path, text, loads, within)
		}
	}
}

// Click clicks an element (a tap on a phone) that opens a page, waits
// for that page and returns its HTTP status.
func (tab *Tab) Click(s Sel) int64 {
	tab.t.Helper()
	return tab.nav("click "+s.desc, tab.press(s))
}

// ClickHere clicks an element that changes the page without leaving it.
func (tab *Tab) ClickHere(s Sel) {
	tab.t.Helper()
	tab.do("click "+s.desc, tab.press(s))
}

func (tab *Tab) press(s Sel) chromedp.Action[chromedp.Void] {
	if tab.Width.Mobile {
		return chromedp.Tap(s.path())
	}
	return chromedp.Click(s.path())
}

// Fill types value into an input or textarea, replacing what it held.
func (tab *Tab) Fill(s Sel, value string) {
	tab.t.Helper()
	tab.do(fmt.Sprintf("fill %s with %q", s.desc, value), chromedp.Steps(
		chromedp.Clear(s.path()),
		chromedp.SendKeys(s.path(), value),
	))
}

// Select chooses the option of a <select> whose value is value (a
// province's slug) and fires its change event, as a choice by hand does.
// It returns nothing: a select of a form that sends itself on change
// opens a page, which WaitText or the next step waits for.
func (tab *Tab) Select(s Sel, value string) {
	tab.t.Helper()
	tab.do(fmt.Sprintf("choose %q in %s", value, s.desc), chromedp.Steps(
		chromedp.WaitVisible(s.path()),
		chromedp.Evaluate[chromedp.Void](`(() => {
			const el = `+s.js+`;
			if (!Array.from(el.options).some(o => o.value === `+jsString(value)+`)) { throw new Error("no option " + `+jsString(value)+`); }
			el.value = `+jsString(value)+`;
			el.dispatchEvent(new Event("input", {bubbles: true}));
			el.dispatchEvent(new Event("change", {bubbles: true}));
		})()`),
	))
}

// SelectNav is Select on a form that sends itself when the choice changes:
// it waits for the page that opens and returns its status.
func (tab *Tab) SelectNav(s Sel, value string) int64 {
	tab.t.Helper()
	return tab.nav(fmt.Sprintf("choose %q in %s", value, s.desc), chromedp.Evaluate[chromedp.Void](`(() => {
		const el = `+s.js+`;
		if (!el || !Array.from(el.options).some(o => o.value === `+jsString(value)+`)) { throw new Error("no option " + `+jsString(value)+`); }
		el.value = `+jsString(value)+`;
		el.dispatchEvent(new Event("change", {bubbles: true}));
	})()`))
}

// Upload sets the files of a file input.
func (tab *Tab) Upload(s Sel, files ...string) {
	tab.t.Helper()
	tab.do(fmt.Sprintf("upload %v into %s", files, s.desc), chromedp.SetUploadFiles(s.path(), files))
}

// WaitText waits until the page's visible text holds every one of texts.
func (tab *Tab) WaitText(texts ...string) {
	tab.t.Helper()
	for _, text := range texts {
		poll := chromedp.Poll[bool]("!!document.body && document.body.innerText.replace(/\\s+/g, ' ').includes("+jsString(text)+")",
			chromedp.WithPollingInterval(100*time.Millisecond))
		tab.do(fmt.Sprintf("wait for the text %q", text), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := poll(ctx, tg)
			return err
		}))
	}
}

// NoText fails the test if the page's visible text holds text.
func (tab *Tab) NoText(text string) {
	tab.t.Helper()
	if strings.Contains(tab.PageText(), text) {
		tab.t.Fatalf("e2e: %s: the page shows %q, which it should not", tab.location(), text)
	}
}

// PageText is the page's visible text, spaces collapsed.
func (tab *Tab) PageText() string {
	tab.t.Helper()
	return tab.Eval("document.body.innerText.replace(/\\s+/g, ' ')")
}

// TextOf is the visible text of an element, once it is visible.
func (tab *Tab) TextOf(s Sel) string {
	tab.t.Helper()
	var text string
	tab.do("read the text of "+s.desc, chromedp.Steps(
		chromedp.WaitVisible(s.path()),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			v, err := chromedp.Evaluate[string]("("+s.js+").innerText.replace(/\\s+/g, ' ').trim()")(ctx, tg)
			text = v
			return err
		}),
	))
	return text
}

// Count is how many elements match a CSS selector now.
func (tab *Tab) Count(selector string) int {
	tab.t.Helper()
	var n int
	tab.do("count "+selector, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		v, err := chromedp.Evaluate[int]("document.querySelectorAll("+jsString(selector)+").length")(ctx, tg)
		n = v
		return err
	}))
	return n
}

// Eval evaluates a JavaScript expression of a string value, or of a
// promise of one.
func (tab *Tab) Eval(expr string) string {
	tab.t.Helper()
	var v string
	tab.do("evaluate "+expr, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		s, err := chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise)(ctx, tg)
		v = s
		return err
	}))
	return v
}

// Path is the address of the page open now, without the stack's base.
func (tab *Tab) Path() string {
	tab.t.Helper()
	return strings.TrimPrefix(tab.Eval("location.pathname + location.search"), tab.Stack.BaseURL)
}

// Shot saves a full-page screenshot of this step as
// <artifacts>/<stack>/<width>/<journey>-<NN>-<step>.png and logs its path.
func (tab *Tab) Shot(step string) {
	tab.t.Helper()
	if path := tab.shot(step); path == "" {
		tab.t.Fatalf("e2e: screenshot %q failed", step)
	}
}

func (tab *Tab) shot(step string) string {
	tab.t.Helper()
	tab.shots++
	dir := filepath.Join(artifactsDir(), tab.Stack.Name, tab.Width.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tab.t.Errorf("e2e: %v", err)
		return ""
	}
	ctx, cancel := context.WithTimeout(tab.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tab.t.Errorf("e2e: screenshot %s: %v", step, err)
		return ""
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%02d-%s.png", tab.journey, tab.shots, step))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tab.t.Errorf("e2e: %v", err)
		return ""
	}
	tab.t.Logf("screenshot %s", path)
	return path
}

// artifactsDir is where screenshots and server logs go: $E2E_ARTIFACTS,
// else e2e/artifacts (ignored by git).
func artifactsDir() string {
	if d := os.Getenv(ArtifactsEnv); d != "" {
		return d
	}
	d, err := filepath.Abs("artifacts")
	if err != nil {
		return "artifacts"
	}
	return d
}
