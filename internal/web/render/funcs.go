package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/assets"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// commonFuncs are the template functions every face has, bound to lang.
// Names shown to people come from the message catalogs (t) or from the
// database (name); html/template escapes both, and nothing from the
// database is ever template.HTML.
func commonFuncs(lang string, msgs *i18n.Catalog, as *assets.Assets) template.FuncMap {
	return template.FuncMap{
		"t":     msgs.Func(lang),
		"asset": as.URL,
		"vnd":   format.VND,
		"date":  date,
		"name": func(v any) (string, error) {
			switch n := v.(type) {
			case catalog.NamedSlug:
				return LocalName(lang, n.Name, n.NameEn), nil
			case catalog.Category:
				return LocalName(lang, n.Name, n.NameEn), nil
			case *catalog.Category:
				return LocalName(lang, n.Name, n.NameEn), nil
			}
			return "", fmt.Errorf("name: no name in %T", v)
		},
		"path": func(name string, args ...any) (string, error) {
			return paths.ByName(paths.Name(name), args...)
		},
		"highlight": highlight,
		"stars":     func(n int) []int { return make([]int, n) },
		"add":       func(a, b int) int { return a + b },
	}
}

// LocalName is the English name in English when there is one, else the
// Vietnamese one.
func LocalName(lang, vi, en string) string {
	if lang == i18n.English && en != "" {
		return en
	}
	return vi
}

// date shows a day as dd/mm/yyyy; a nil day shows nothing.
func date(v any) (string, error) {
	switch d := v.(type) {
	case db.Date:
		return format.Date(d.Time), nil
	case time.Time:
		return format.Date(d), nil
	case *db.Date:
		if d == nil {
			return "", nil
		}
		return format.Date(d.Time), nil
	}
	return "", fmt.Errorf("date: cannot format %T", v)
}

// highlight shows the search match of field with its <mark> tags, or plain
// (escaped) fallback text. The index escapes the text around the marks; this
// checks it once more, so only <mark> and </mark> can ever reach the page.
func highlight(marks map[string]string, field, fallback string) template.HTML {
	h, ok := marks[field]
	if ok {
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h)
		if !strings.ContainsAny(rest, "<>\"") {
			return template.HTML(h) //nolint:gosec // only <mark> tags, around escaped text
		}
	}
	return template.HTML(template.HTMLEscapeString(fallback)) //nolint:gosec // escaped just now
}
