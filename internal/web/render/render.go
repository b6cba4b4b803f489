// Package render turns the page templates of one face of the site into
// HTML. A face's templates are one layout, its partials and one folder per
// area:
//
//	layout.html          the page around every page, calling the blocks
//	                     "title", "head" and "content"
//	partials/card.html   a piece pages share, called as {{template "partials/card" .}}
//	shop/product.html    a page: defines "content" (and "title" or "head"
//	                     when it needs them), and is named "shop/product"
//
// Every page is parsed with the layout and the partials when the Renderer
// is made, and each name the face declares is checked then, so a missing or
// broken template stops the start, not a request. What a page is drawn
// from in a language is kept from its first use on: a face has dozens of
// pages in two languages, and each copy of the layout and partials takes
// hundreds of kilobytes that a page nobody opens would hold for nothing.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/ocopmarket/ocopmarket/assets"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// Name names a page template by its path without ".html": "shop/product".
// Each area declares the names it renders as constants of this type.
type Name string

// layoutFile holds the page frame every page is drawn in.
const layoutFile = "layout.html"

// partialsDir holds the pieces pages share.
const partialsDir = "partials"

// Options are what a Renderer is built from.
type Options struct {
	// Templates holds Layout, the partials folder and one folder per area.
	Templates fs.FS
	// Names are every page the face renders; one that Templates lacks
	// makes New fail.
	Names []Name
	// Messages give the t function its text.
	Messages *i18n.Catalog
	// Assets give the asset function its content-hashed URLs.
	Assets *assets.Assets
	// Funcs returns the face's own template functions, bound to lang.
	// They may not take the name of one of the common functions.
	Funcs func(lang string) template.FuncMap
}

// Renderer holds the pages of one face, parsed per language on first use.
type Renderer struct {
	files *sources
	// bases are the layout and partials parsed per language, never run
	// themselves: each page is parsed into a copy of its language's.
	bases map[string]*template.Template
	pages map[string]map[Name]*page
}

// page is one page in one language, parsed once.
type page struct {
	once sync.Once
	t    *template.Template
	err  error
}

// New checks every page of o.Templates, parsed with the layout and the
// partials in each language, and that each of o.Names is there.
func New(o Options) (*Renderer, error) {
	files, err := readTemplates(o.Templates)
	if err != nil {
		return nil, err
	}
	for _, n := range o.Names {
		if _, ok := files.pages[n]; !ok {
			return nil, fmt.Errorf("render: template %q is missing", n)
		}
	}
	for n := range files.pages {
		if !slices.Contains(o.Names, n) {
			return nil, fmt.Errorf("render: template %q is not declared by its area", n)
		}
	}
	r := &Renderer{files: files, bases: map[string]*template.Template{}, pages: map[string]map[Name]*page{}}
	for _, lang := range i18n.Languages() {
		funcs := commonFuncs(lang, o.Messages, o.Assets)
		if o.Funcs != nil {
			for k, f := range o.Funcs(lang) {
				if _, ok := funcs[k]; ok {
					return nil, fmt.Errorf("render: function %q is already a common one", k)
				}
				funcs[k] = f
			}
		}
		base, err := files.base(funcs)
		if err != nil {
			return nil, fmt.Errorf("render: %s: %w", lang, err)
		}
		r.bases[lang], r.pages[lang] = base, map[Name]*page{}
		for name := range files.pages {
			// Parsed from one copy of the layout each, then let go.
			if _, err := files.page(base, name); err != nil {
				return nil, fmt.Errorf("render: %s: %w", lang, err)
			}
			r.pages[lang][name] = &page{}
		}
	}
	return r, nil
}

// template is page name in lang, parsed on its first use.
func (r *Renderer) template(lang string, name Name) (*template.Template, error) {
	pages, ok := r.pages[lang]
	if !ok {
		return nil, fmt.Errorf("render: %s: no templates in language %q", name, lang)
	}
	p, ok := pages[name]
	if !ok {
		return nil, fmt.Errorf("render: no template %q", name)
	}
	p.once.Do(func() {
		p.t, p.err = r.files.page(r.bases[lang], name)
	})
	return p.t, p.err
}

// HTML renders page name in lang with data, into memory, so that a failure
// is an error the caller can answer with an error page, never half a page.
func (r *Renderer) HTML(lang string, name Name, data any) ([]byte, error) {
	t, err := r.template(lang, name)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render: %s (%s): %w", name, lang, err)
	}
	return buf.Bytes(), nil
}

// Block renders the template block (one the layout or a partial defines)
// alone in lang with data, as it is drawn in page name: a part of a page
// drawn again for one visitor.
func (r *Renderer) Block(lang string, name Name, block string, data any) ([]byte, error) {
	t, err := r.template(lang, name)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		return nil, fmt.Errorf("render: %s block %q (%s): %w", name, block, lang, err)
	}
	return buf.Bytes(), nil
}

// sources is the text of a face's templates, read once.
type sources struct {
	layout   string
	partials map[string]string // by template name: "partials/card"
	pages    map[Name]string
}

// readTemplates reads the layout, the partials and the pages of fsys.
func readTemplates(fsys fs.FS) (*sources, error) {
	if fsys == nil {
		return nil, errors.New("render: no templates")
	}
	s := &sources{partials: map[string]string{}, pages: map[Name]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if path.Ext(p) != ".html" {
			return fmt.Errorf("%s: templates end in .html", p)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(p, ".html")
		switch {
		case p == layoutFile:
			s.layout = string(b)
		case !strings.Contains(p, "/"):
			return fmt.Errorf("%s: a page belongs in the folder of its area", p)
		case path.Dir(p) == partialsDir:
			s.partials[name] = string(b)
		default:
			s.pages[Name(name)] = string(b)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	if s.layout == "" {
		return nil, fmt.Errorf("render: %s is missing", layoutFile)
	}
	return s, nil
}

// base parses the layout and the partials with funcs.
func (s *sources) base(funcs template.FuncMap) (*template.Template, error) {
	base, err := template.New("layout").Funcs(funcs).Parse(s.layout)
	if err != nil {
		return nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(s.partials)) {
		if _, err := base.New(name).Parse(s.partials[name]); err != nil {
			return nil, err
		}
	}
	return base, nil
}

// page parses page name into a copy of base.
func (s *sources) page(base *template.Template, name Name) (*template.Template, error) {
	t, err := base.Clone()
	if err != nil {
		return nil, err
	}
	if _, err := t.New(string(name)).Parse(s.pages[name]); err != nil {
		return nil, err
	}
	if t.Lookup("content") == nil {
		return nil, fmt.Errorf("%s defines no content block", name)
	}
	// html/template works out the context of each action (text, URL,
	// attribute, script) on the first execution; a dry run without data
	// makes a mistake in it fail now rather than on a request. Errors of
	// the dry run itself (a function refusing no data) are expected.
	var escErr *template.Error
	if err := t.ExecuteTemplate(io.Discard, "layout", nil); errors.As(err, &escErr) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return t, nil
}
