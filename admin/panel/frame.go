package panel

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/assets"
	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/flash"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
	"github.com/ocopmarket/ocopmarket/internal/web/render"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// Cooperatives finds the cooperative of the logged-in staff member.
type Cooperatives interface {
	CooperativeByID(ctx context.Context, id int64) (*catalog.Cooperative, error)
	ResolveProvince(ctx context.Context, nameOrSlug string) (catalog.Province, error)
}

// Badges counts what waits for the cooperative, for the navigation.
type Badges interface {
	StatusCounts(ctx context.Context, coopID int64) (map[string]int, error)
}

// Frame renders the panel pages in the panel's frame: its navigation, the
// cooperative's name and state, the language switch, the one-time notice
// and the form token.
type Frame struct {
	views    *render.Renderer
	i18n     *i18n.Catalog
	sessions *session.Manager
	flash    flash.Flash
	coops    Cooperatives
	badges   Badges
	log      *slog.Logger
}

// NewFrame parses every panel template now, once per language, so that a
// missing or broken template stops the start instead of failing a request.
func NewFrame(as *assets.Assets, msgs *i18n.Catalog, sessions *session.Manager, coops Cooperatives, badges Badges, log *slog.Logger) (*Frame, error) {
	views, err := render.New(render.Options{Templates: templates.FS, Names: templates.Names(), Messages: msgs, Assets: as,
		Funcs: funcs})
	if err != nil {
		return nil, fmt.Errorf("panel: %w", err)
	}
	return &Frame{views: views, i18n: msgs, sessions: sessions, flash: flash.New(sessions.Secure()), coops: coops, badges: badges, log: log}, nil
}

// funcs are the panels' own template functions, beside the common ones.
func funcs(string) template.FuncMap {
	return template.FuncMap{
		// datetime shows an instant in Vietnam's time, as staff read it.
		"datetime": func(t time.Time) string { return format.DateTime(t) },
		// neg is the opposite of an amount, for a payout's negative entry.
		"neg": func(n int64) int64 { return -n },
		// has tells whether a list of strings holds one.
		"has": func(list []string, v string) bool { return slices.Contains(list, v) },
		// deref is the value of an optional string, "" for none.
		"deref": func(s *string) string {
			if s == nil {
				return ""
			}
			return *s
		},
	}
}

// Page is what every panel template gets: the frame ({{$.User}},
// {{$.Coop}}, {{$.CSRF}}) and the page's own Data.
type Page struct {
	Lang  string
	Title string
	ViURL string // this page in Vietnamese
	EnURL string // this page in English
	Nav   string // the section of the navigation the page belongs to
	Area  string // the panel: "coop", "staff" or "admin", for its navigation
	User  *account.User
	Coop  *catalog.Cooperative // nil outside the cooperative panel
	// Province is the name of the province a staff member acts on, "" for
	// national staff and outside the staff panel.
	Province string
	Badges   map[string]int // orders by status, for the navigation
	Flash    string
	Data     any
	csrf     func() string
}

// CSRF returns the token for the hidden _csrf field of the page's forms.
func (p *Page) CSRF() string { return p.csrf() }

// Lang is the language of the request.
func (f *Frame) Lang(c *fiber.Ctx) string { return f.i18n.Lang(c) }

// T translates id in the request's language; a missing message shows its
// id rather than failing the page (the catalogs are checked by tests).
func (f *Frame) T(c *fiber.Ctx, id string, pairs ...any) string {
	s, err := f.i18n.Func(f.i18n.Lang(c))(id, pairs...)
	if err != nil {
		f.log.Error("missing message", "id", id, "err", err)
		return id
	}
	return s
}

// Messages are the message catalogs the pages are translated with.
func (f *Frame) Messages() *i18n.Catalog { return f.i18n }

// page starts the frame of a page of section nav for the user a Guard let
// through; a coop_staff member's page carries their cooperative.
func (f *Frame) page(c *fiber.Ctx, nav string) (*Page, error) {
	p := &Page{Lang: f.i18n.Lang(c), Nav: nav, Area: areaOf(c.Path()), User: User(c), csrf: func() string { return f.sessions.CSRFToken(c) }}
	v, _ := url.ParseQuery(string(c.Request().URI().QueryArgs().QueryString()))
	if v == nil {
		v = url.Values{}
	}
	v.Set(i18n.QueryParam, i18n.Vietnamese)
	p.ViURL = c.Path() + "?" + v.Encode()
	v.Set(i18n.QueryParam, i18n.English)
	p.EnURL = c.Path() + "?" + v.Encode()
	if id := p.User.CooperativeID; id != nil && p.Area == "coop" {
		coop, err := f.coops.CooperativeByID(c.UserContext(), *id)
		if err != nil {
			return nil, fmt.Errorf("panel: page: %w", err)
		}
		p.Coop = coop
		if p.Badges, err = StatusCounts(c, f.badges, *id); err != nil {
			return nil, fmt.Errorf("panel: page: %w", err)
		}
	}
	if p.Area != "coop" && p.User.StaffProvince != nil {
		pr, err := f.coops.ResolveProvince(c.UserContext(), *p.User.StaffProvince)
		if err != nil {
			return nil, fmt.Errorf("panel: page: %w", err)
		}
		p.Province = pr.Name
	}
	if code := f.flash.Take(c); code != "" {
		if s, err := f.i18n.Translate(p.Lang, "panel.flash."+code, nil); err == nil {
			p.Flash = s
		}
	}
	return p, nil
}

// areaOf names the panel a path belongs to.
func areaOf(path string) string {
	switch {
	case strings.HasPrefix(path, paths.StaffPanel):
		return "staff"
	case strings.HasPrefix(path, paths.AdminPanel):
		return "admin"
	}
	return "coop"
}

// Render writes page name of section nav, titled by the message title,
// with data. Panel pages are personal: never cached, never indexed.
func (f *Frame) Render(c *fiber.Ctx, name render.Name, nav, title string, data any) error {
	return f.RenderStatus(c, 0, name, nav, title, data)
}

// RenderStatus is Render with a status other than 200, for a form shown
// again with what to fix.
func (f *Frame) RenderStatus(c *fiber.Ctx, status int, name render.Name, nav, title string, data any) error {
	p, err := f.page(c, nav)
	if err != nil {
		return err
	}
	p.Title = f.T(c, title)
	p.Data = data
	b, err := f.views.HTML(p.Lang, name, p)
	if err != nil {
		return fmt.Errorf("panel: %w", err)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	if status != 0 {
		c.Status(status)
	}
	return c.Send(b)
}

// FormError shows the form page again with what the error says to fix,
// filling the web.Form that set gets; it returns err itself when it is not
// the user's to fix (a 404, a backend down), for the error page.
func (f *Frame) FormError(c *fiber.Ctx, err error, name render.Name, nav, title string, set func(web.Form) any) error {
	status, form, ok := web.FormProblem(c, f.i18n, err)
	if !ok {
		return err
	}
	return f.RenderStatus(c, status, name, nav, title, set(form))
}

// Redirect sends the browser to target (303, so a reload does not post
// again) with the notice "panel.flash.<code>" when code is not empty.
func (f *Frame) Redirect(c *fiber.Ctx, target, code string) error {
	if code != "" {
		f.flash.Set(c, code)
	}
	return c.Redirect(target, http.StatusSeeOther)
}
