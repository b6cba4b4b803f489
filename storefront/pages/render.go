// Package pages serves the storefront's HTML pages: the catalog, the cart,
// checkout, orders, the account and its login, all in the site frame that
// render.go draws.
package pages

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/ocopmarket/ocopmarket/assets"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/flash"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
	"github.com/ocopmarket/ocopmarket/internal/web/pagecache"
	"github.com/ocopmarket/ocopmarket/internal/web/render"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Frame renders the pages: the templates of each language and the frame
// of the site every page shares (navigation, the shopper's header, the
// one-time notice, the CSRF token), and the error page.
type Frame struct {
	catalog  *catalog.Store
	shop     *shop.Shop
	sessions *session.Manager
	flash    flash.Flash
	assets   *assets.Assets
	i18n     *i18n.Catalog
	views    *render.Renderer // the pages, parsed once per language
	log      *slog.Logger
}

// NewFrame returns the frame of the pages. It parses every template now,
// once per language, so that a missing or broken template, asset or
// message stops the start instead of failing a request.
func NewFrame(cat *catalog.Store, s *shop.Shop, sessions *session.Manager, as *assets.Assets, msgs *i18n.Catalog, log *slog.Logger) (*Frame, error) {
	h := &Frame{catalog: cat, shop: s, sessions: sessions, flash: flash.New(sessions.Secure()), assets: as, i18n: msgs, log: log}
	views, err := render.New(render.Options{
		Templates: templates.FS,
		Names:     templates.Names(),
		Messages:  msgs,
		Assets:    as,
		Funcs:     h.funcs,
	})
	if err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	h.views = views
	return h, nil
}

// funcs are the storefront's own template functions for lang, beside the
// common ones of render.
func (h *Frame) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"groupIcon": func(slug string) (string, error) {
			if u, err := h.assets.URL("icons/" + slug + ".svg"); err == nil {
				return u, nil
			}
			return h.assets.URL("icons/thuc-pham.svg")
		},
		"groupShort": func(g catalog.Category) string {
			// A short label for the navigation bar; the full name of a group
			// added later without one is still right, only longer.
			if s, err := h.i18n.Translate(lang, "group."+g.Slug+".short", nil); err == nil {
				return s
			}
			return render.LocalName(lang, g.Name, g.NameEn)
		},
	}
}

// page is what every template gets: the frame of the site (language,
// navigation, search box, the shopper's header and the form token) and the
// data of the page itself. The frame is the one way the user and the CSRF
// token reach a template ({{$.Header}}, {{$.CSRF}}); page data never
// carries them.
type page struct {
	Lang        string
	Title       string
	Description string
	Q           string // the search box value
	ViURL       string // this page in Vietnamese
	EnURL       string // this page in English
	Groups      []catalog.Category
	Active      string // slug of the group the page belongs to, for the navigation
	Header      header // the shopper's login and cart count
	Flash       string // a one-time notice after a form's redirect, translated
	Data        any
	csrf        func() string // makes the form token on first use; see CSRF
	here        string        // this page's path and query, which its cards' forms come back to
	// marked is set when the page is rendered for the response cache: as
	// for an anonymous visitor, its header block between the cache's marks.
	marked bool
}

// BlockStart marks where the shopper's header block begins on a page
// rendered for the response cache, which draws that block again for each
// shopper who has one (see Frame.HeaderTools); "" on other pages.
func (p *page) BlockStart() template.HTML {
	if !p.marked {
		return ""
	}
	return pagecache.BlockStart
}

// BlockEnd marks where the shopper's header block ends; see BlockStart.
func (p *page) BlockEnd() template.HTML {
	if !p.marked {
		return ""
	}
	return pagecache.BlockEnd
}

// newPage starts the data of a page in the language of the request.
func (h *Frame) newPage(c *fiber.Ctx) (*page, error) {
	p := h.frame(c)
	groups, err := h.catalog.Categories(c.UserContext())
	if err != nil {
		return nil, err
	}
	p.Groups = groups
	return p, nil
}

// frame is the part of a page that needs no database.
func (h *Frame) frame(c *fiber.Ctx) *page {
	p := &page{Lang: h.i18n.Lang(c)}
	v := currentQuery(c)
	v.Set(i18n.QueryParam, i18n.Vietnamese)
	p.ViURL = withQuery(c.Path(), v)
	v.Set(i18n.QueryParam, i18n.English)
	p.EnURL = withQuery(c.Path(), v)
	p.here = here(c)
	if pagecache.Storing(c) {
		// For every visitor: no session, cart, notice nor form token,
		// and so no cookie; forms are checked by where they come from.
		p.marked = true
		p.Header = header{CartKnown: true, LoginURL: loginURL(c)}
		return p
	}
	h.fillHeader(c, p)
	return p
}

// headerBlock is the template block of the shopper's header, which
// HeaderTools draws alone.
const headerBlock = "header-tools"

// HeaderTools draws the shopper's header block of the request (login or
// name, cart count) alone: what the response cache splices into a page it
// keeps for everyone.
func (h *Frame) HeaderTools(c *fiber.Ctx) ([]byte, error) {
	p := &page{Lang: h.i18n.Lang(c)}
	p.csrf = func() string { return h.sessions.CSRFToken(c) }
	p.Header = h.header(c)
	b, err := h.views.Block(p.Lang, templates.Home, headerBlock, p)
	if err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	return b, nil
}

// t translates id into the language of p.
func (h *Frame) t(p *page, id string, pairs ...any) (string, error) {
	return h.i18n.Func(p.Lang)(id, pairs...)
}

// render writes page name as the HTML answer. The page is rendered into
// memory first, so that a failure is an error page, not half a page.
func (h *Frame) render(c *fiber.Ctx, name render.Name, p *page) error {
	b, err := h.views.HTML(p.Lang, name, p)
	if err != nil {
		return fmt.Errorf("pages: %w", err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(b)
}

// errorData is what the error page shows.
type errorData struct {
	Status   int
	Kind     string // not_found, bad_request or error: picks the wording
	Message  string
	Fields   map[string]string
	Internal bool
}

// RenderError is the web.HTMLErrorRenderer of the site: a 404 page for
// unknown addresses and slugs, a 400 page listing what is wrong with the
// query, and a generic page for the rest. The status is set by the caller.
func (h *Frame) RenderError(c *fiber.Ctx, e *web.Error) error {
	// The request's own context has ended by now (its deadline middleware
	// has returned), so the navigation is read with a short one of its own.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.UserContext()), 2*time.Second)
	defer cancel()
	c.SetUserContext(ctx) // for the header's session and cart lookups
	p := h.frame(c)
	if groups, err := h.catalog.Categories(ctx); err == nil {
		p.Groups = groups
	} // else the database may be why we are here: show the page without navigation.
	var err error
	d := errorData{Status: e.Status, Message: e.Message, Fields: e.Fields, Kind: "error", Internal: e.Status >= 500}
	switch {
	case e.Status == fiber.StatusNotFound:
		d.Kind = "not_found"
	case e.Status == fiber.StatusBadRequest:
		d.Kind = "bad_request"
	}
	p.Data = d
	if p.Title, err = h.t(p, "error."+d.Kind+".title"); err != nil {
		return err
	}
	// Error pages are not to be indexed nor remembered.
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	return h.render(c, templates.Error, p)
}

// currentQuery returns a copy of the query of the request.
func currentQuery(c *fiber.Ctx) url.Values {
	v, err := url.ParseQuery(string(c.Request().URI().QueryArgs().QueryString()))
	if err != nil {
		return url.Values{}
	}
	return v
}

// here is the path and query of the request without the language choice,
// its parameters in the order the request gave them: the page to come back
// to as the shopper saw it.
func here(c *fiber.Ctx) string {
	var args fasthttp.Args
	c.Request().URI().QueryArgs().CopyTo(&args)
	args.Del(i18n.QueryParam)
	if args.Len() == 0 {
		return c.Path()
	}
	return c.Path() + "?" + string(args.QueryString())
}

// withQuery joins a path and a query, leaving out empty values.
func withQuery(path string, v url.Values) string {
	clean := url.Values{}
	for k, vals := range v {
		for _, s := range vals {
			if s != "" {
				clean.Add(k, s)
			}
		}
	}
	if len(clean) == 0 {
		return path
	}
	return path + "?" + clean.Encode()
}

// header is what the site header shows about the shopper.
type header struct {
	LoggedIn  bool   // a user is logged in
	Name      string // the user's name
	CartCount int    // units in the cart
	CartKnown bool   // false when the cart store does not answer
	LoginURL  string // the login page, coming back here afterwards
}

// CSRF returns the token for the hidden _csrf field of the page's forms.
// The token (and its cookie) is made on first use, so pages without a
// form set no cookie.
func (p *page) CSRF() string {
	if p.csrf == nil {
		return ""
	}
	return p.csrf()
}

// card is what a product card draws: the product, with what its
// add-to-cart form sends besides the product.
type card struct {
	catalog.Summary
	CSRF string // the form token; "" on a page kept for everyone (see CSRF)
	Next string // the page the shopper comes back to after the add
}

// Card returns the card of product s on this page, whose add-to-cart form
// comes back to this page: {{template "partials/card" ($.Card .)}}.
func (p *page) Card(s catalog.Summary) card {
	return card{Summary: s, CSRF: p.CSRF(), Next: p.here}
}

// fillHeader sets the header and the one-time notice of a page.
func (h *Frame) fillHeader(c *fiber.Ctx, p *page) {
	p.csrf = func() string { return h.sessions.CSRFToken(c) }
	p.Header = h.header(c)
	p.Flash = h.takeFlash(c, p.Lang)
}

// header is the shopper's header of the request. It never fails: with
// the session or cart store down, the header shows the login link and the
// cart icon without a number.
func (h *Frame) header(c *fiber.Ctx) header {
	var hd header
	u, err := h.sessions.User(c)
	switch {
	case err == nil:
		hd.LoggedIn, hd.Name = true, u.Name
		hd.CartCount, hd.CartKnown = h.shop.CartCount(c)
	case errors.Is(err, session.ErrNotLoggedIn):
		hd.CartCount, hd.CartKnown = h.shop.CartCount(c)
	default: // the session store is down, and the carts live beside it
		h.log.Warn("header: session unavailable", "request_id", web.RequestID(c), "err", err)
	}
	hd.LoginURL = loginURL(c)
	return hd
}

// loginURL is the login page, coming back to this page afterwards.
func loginURL(c *fiber.Ctx) string {
	read := c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead
	if path := c.Path(); path != paths.Login && path != paths.Register && read {
		return paths.Login + "?" + url.Values{"next": {string(c.Request().URI().RequestURI())}}.Encode()
	}
	return paths.Login
}
