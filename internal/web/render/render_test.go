package render_test

import (
	"html/template"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ocopmarket/ocopmarket/assets"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
	"github.com/ocopmarket/ocopmarket/internal/web/render"
)

const (
	tplHome    render.Name = "shop/home"
	tplProduct render.Name = "shop/product"
	tplBroken  render.Name = "shop/broken"
)

// files is a small face: a layout with its three blocks, a partial and
// pages that use each common function.
func files() fstest.MapFS {
	return fstest.MapFS{
		"layout.html": {Data: []byte(`<title>{{block "title" .}}{{t "site.name"}}{{end}}</title>` +
			`{{block "head" .}}{{end}}<main>{{template "content" .}}</main>`)},
		"partials/price.html": {Data: []byte(`<b>{{vnd .}}</b>`)},
		"shop/home.html":      {Data: []byte(`{{define "content"}}<a href="{{path "home"}}">{{t "nav.home"}}</a>{{end}}`)},
		"shop/product.html": {Data: []byte(`{{define "title"}}{{name .Group}}{{end}}` +
			`{{define "head"}}<link rel="canonical" href="{{path "product" .Slug}}">{{end}}` +
			`{{define "content"}}{{template "partials/price" .Price}} {{date .Day}} {{shout .Slug}}{{end}}`)},
		"shop/broken.html": {Data: []byte(`{{define "content"}}<a href="{{path "nowhere"}}">x</a>{{end}}`)},
	}
}

func options(t *testing.T, fsys fstest.MapFS, names ...render.Name) render.Options {
	t.Helper()
	msgs, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	as, err := assets.New()
	if err != nil {
		t.Fatal(err)
	}
	return render.Options{Templates: fsys, Names: names, Messages: msgs, Assets: as,
		Funcs: func(lang string) template.FuncMap {
			return template.FuncMap{"shout": func(s string) string { return lang + ":" + strings.ToUpper(s) }}
		}}
}

type product struct {
	Group catalog.NamedSlug
	Slug  string
	Price int64
	Day   any
}

func TestRenderInBothLanguages(t *testing.T) {
	r, err := render.New(options(t, files(), tplHome, tplProduct, tplBroken))
	if err != nil {
		t.Fatal(err)
	}
	p := product{Group: catalog.NamedSlug{Slug: "tra", Name: "Trà", NameEn: "Tea"}, Slug: "trà-xanh", Price: 1250000,
		Day: time.Date(2025, 6, 26, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		lang string
		name render.Name
		data any
		want string
	}{
		{i18n.Vietnamese, tplHome, nil, `<title>OCOP Market</title><main><a href="/">Trang chủ</a></main>`},
		{i18n.English, tplHome, nil, `<title>OCOP Market</title><main><a href="/">Home</a></main>`},
		{i18n.Vietnamese, tplProduct, p, `<title>Trà</title><link rel="canonical" href="/san-pham/tr%C3%A0-xanh">` +
			`<main><b>1.250.000 ₫</b> 26/06/2025 vi:TRÀ-XANH</main>`},
		{i18n.English, tplProduct, p, `<title>Tea</title><link rel="canonical" href="/san-pham/tr%C3%A0-xanh">` +
			`<main><b>1.250.000 ₫</b> 26/06/2025 en:TRÀ-XANH</main>`},
	}
	for _, tt := range tests {
		got, err := r.HTML(tt.lang, tt.name, tt.data)
		if err != nil {
			t.Errorf("%s %s: %v", tt.lang, tt.name, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%s %s:\n got %s\nwant %s", tt.lang, tt.name, got, tt.want)
		}
	}
}

func TestRenderFails(t *testing.T) {
	r, err := render.New(options(t, files(), tplHome, tplProduct, tplBroken))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		desc string
		lang string
		name render.Name
		data any
		want string
	}{
		{"unknown path name", i18n.Vietnamese, tplBroken, nil, `no page is named "nowhere"`},
		{"date of a wrong type", i18n.English, tplProduct, product{Day: 3}, "cannot format int"},
		{"undeclared page", i18n.English, "shop/none", nil, `no template "shop/none"`},
		{"unknown language", "fr", tplHome, nil, `no templates in language "fr"`},
	}
	for _, tt := range tests {
		got, err := r.HTML(tt.lang, tt.name, tt.data)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one saying %q", tt.desc, err, tt.want)
		}
		if got != nil {
			t.Errorf("%s: %d bytes of half a page", tt.desc, len(got))
		}
	}
}

func TestNewFails(t *testing.T) {
	without := func(name string) fstest.MapFS {
		f := files()
		delete(f, name)
		return f
	}
	with := func(name, text string) fstest.MapFS {
		f := files()
		f[name] = &fstest.MapFile{Data: []byte(text)}
		return f
	}
	all := []render.Name{tplHome, tplProduct, tplBroken}
	tests := []struct {
		desc  string
		fsys  fstest.MapFS
		names []render.Name
		funcs template.FuncMap
		want  string
	}{
		{"declared page missing", without("shop/product.html"), all, nil, `template "shop/product" is missing`},
		{"page nobody declared", files(), []render.Name{tplHome, tplProduct}, nil, `"shop/broken" is not declared`},
		{"no layout", without("layout.html"), all, nil, "layout.html is missing"},
		{"page outside an area", with("home.html", `{{define "content"}}{{end}}`), all, nil, "belongs in the folder of its area"},
		{"page without content", with("shop/home.html", `{{define "title"}}x{{end}}`), all, nil, "shop/home defines no content block"},
		{"syntax error", with("shop/home.html", `{{define "content"}}{{if}}{{end}}`), all, nil, "shop/home"},
		{"unknown function", with("shop/home.html", `{{define "content"}}{{nope}}{{end}}`), all, nil, `"nope" not defined`},
		{"ambiguous URL", with("shop/home.html", `{{define "content"}}<a href="{{if .A}}/a/{{else}}/b?q={{end}}{{.B}}">x</a>{{end}}`), all, nil,
			"shop/home: html/template"},
		{"function taking a common name", files(), all, template.FuncMap{"vnd": func() string { return "" }}, `"vnd" is already a common one`},
	}
	for _, tt := range tests {
		o := options(t, tt.fsys, tt.names...)
		if tt.funcs != nil {
			o.Funcs = func(string) template.FuncMap { return tt.funcs }
		}
		_, err := render.New(o)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one saying %q", tt.desc, err, tt.want)
		}
	}
}

func TestBlockRendersOnePartAlone(t *testing.T) {
	r, err := render.New(options(t, files(), tplHome, tplProduct, tplBroken))
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Block(i18n.English, tplProduct, "partials/price", int64(180000))
	if err != nil {
		t.Fatal(err)
	}
	page, err := r.HTML(i18n.English, tplProduct, product{Slug: "ca-phe", Price: 180000, Day: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if len(b) == 0 || !strings.Contains(string(page), string(b)) {
		t.Fatalf("block %q is not as drawn in the page %q", b, page)
	}
	if _, err := r.Block(i18n.English, tplProduct, "nothing", nil); err == nil {
		t.Fatal("an unknown block rendered")
	}
	if _, err := r.Block("fr", tplProduct, "partials/price", int64(1)); err == nil {
		t.Fatal("a block rendered in a language without templates")
	}
}

// TestFirstUsesAtOnce renders every page in both languages from many
// goroutines at once, the first use of each among them: each page is
// parsed into a copy of its language's layout once, and (under -race) no
// two first uses disturb each other.
func TestFirstUsesAtOnce(t *testing.T) {
	r, err := render.New(options(t, files(), tplHome, tplProduct, tplBroken))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		for _, lang := range []string{i18n.Vietnamese, i18n.English} {
			wg.Go(func() {
				if _, err := r.HTML(lang, tplHome, nil); err != nil {
					t.Errorf("%s %s: %v", lang, tplHome, err)
				}
				if _, err := r.Block(lang, tplProduct, "title", product{}); err != nil {
					t.Errorf("%s %s: %v", lang, tplProduct, err)
				}
			})
		}
	}
	wg.Wait()
}
