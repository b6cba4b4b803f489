// Package i18n holds the message catalogs of the pages (Vietnamese and
// English, embedded JSON read by go-i18n) and picks the language of a
// request: ?lang= first, then the `lang` cookie, then Accept-Language,
// and Vietnamese when nothing matches.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The languages of the marketplace.
const (
	Vietnamese = "vi"
	English    = "en"
	// Default is the language of a request that asks for none we have.
	Default = Vietnamese
)

// CookieName is the cookie that remembers the language a shopper picked.
const CookieName = "lang"

// QueryParam is the query parameter that picks a language for a request.
const QueryParam = "lang"

const localsKey = "ocop.lang"

//go:embed locales/*.json
var locales embed.FS

// Languages returns the languages there are catalogs for, the default first.
func Languages() []string { return []string{Vietnamese, English} }

// Catalog translates message ids into the languages of the marketplace.
type Catalog struct {
	bundle     *goi18n.Bundle
	localizers map[string]*goi18n.Localizer
	matcher    language.Matcher
}

// catalogFiles are the embedded files of one language: locales/vi.json
// and one file per panel or area beside it, such as locales/coop.vi.json,
// so that each face keeps its messages in its own file.
func catalogFiles(lang string) ([]string, error) {
	all, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: list catalogs: %w", err)
	}
	var files []string
	for _, f := range all {
		if base := path.Base(f); base == lang+".json" || strings.HasSuffix(base, "."+lang+".json") {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("i18n: no %s catalog", lang)
	}
	return files, nil
}

// New loads the embedded catalogs. It fails when a file is broken or when the
// catalogs do not hold the same message ids, so that a missing translation
// stops the start rather than showing up on a page.
func New() (*Catalog, error) {
	b := goi18n.NewBundle(language.Vietnamese)
	c := &Catalog{bundle: b, localizers: map[string]*goi18n.Localizer{}}
	ids := map[string][]string{}
	tags := make([]language.Tag, 0, len(Languages()))
	for _, lang := range Languages() {
		files, err := catalogFiles(lang)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			mf, err := b.LoadMessageFileFS(locales, f)
			if err != nil {
				return nil, fmt.Errorf("i18n: load %s catalog %s: %w", lang, f, err)
			}
			for _, m := range mf.Messages {
				if slices.Contains(ids[lang], m.ID) {
					return nil, fmt.Errorf("i18n: %s: message %q is defined twice", f, m.ID)
				}
				ids[lang] = append(ids[lang], m.ID)
			}
		}
		slices.Sort(ids[lang])
		c.localizers[lang] = goi18n.NewLocalizer(b, lang)
		tags = append(tags, language.MustParse(lang))
	}
	for _, lang := range Languages()[1:] {
		if !slices.Equal(ids[lang], ids[Default]) {
			return nil, fmt.Errorf("i18n: catalogs %s and %s differ: %v", Default, lang, diff(ids[Default], ids[lang]))
		}
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

// diff lists the ids present in only one of a and b.
func diff(a, b []string) []string {
	var out []string
	for _, id := range a {
		if !slices.Contains(b, id) {
			out = append(out, id)
		}
	}
	for _, id := range b {
		if !slices.Contains(a, id) {
			out = append(out, id)
		}
	}
	return out
}

// Translate returns message id in lang, filled with data; a "Count" (or,
// in the params of coded errors, "count") entry in data picks the plural
// form.
func (c *Catalog) Translate(lang, id string, data map[string]any) (string, error) {
	l, ok := c.localizers[lang]
	if !ok {
		l = c.localizers[Default]
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	} else if n, ok := data["count"]; ok {
		cfg.PluralCount = n
	}
	s, err := l.Localize(cfg)
	if err != nil {
		return "", fmt.Errorf("i18n: %s message %q: %w", lang, id, err)
	}
	return s, nil
}

// Func returns a translation function for templates in lang: {{t "id"}} or
// {{t "id" "Name" value "Count" n}} with name/value pairs for the message.
func (c *Catalog) Func(lang string) func(id string, pairs ...any) (string, error) {
	return func(id string, pairs ...any) (string, error) {
		if len(pairs)%2 != 0 {
			return "", fmt.Errorf("i18n: message %q: arguments must be name/value pairs", id)
		}
		var data map[string]any
		if len(pairs) > 0 {
			data = make(map[string]any, len(pairs)/2)
			for i := 0; i < len(pairs); i += 2 {
				name, ok := pairs[i].(string)
				if !ok {
					return "", fmt.Errorf("i18n: message %q: argument name %v is not a string", id, pairs[i])
				}
				data[name] = pairs[i+1]
			}
		}
		return c.Translate(lang, id, data)
	}
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return slices.Contains(Languages(), lang) }

// Negotiate picks the language from the query value, the cookie value and
// the Accept-Language header, in that order; unknown values are passed over.
func (c *Catalog) Negotiate(query, cookie, acceptLanguage string) string {
	if Supported(query) {
		return query
	}
	if Supported(cookie) {
		return cookie
	}
	if acceptLanguage != "" {
		tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
		if err == nil && len(tags) > 0 {
			_, i, conf := c.matcher.Match(tags...)
			if conf != language.No {
				return Languages()[i]
			}
		}
	}
	return Default
}

// Lang returns the language of a request: the one the middleware chose, or
// one negotiated now for requests that did not pass through it (error pages).
func (c *Catalog) Lang(ctx *fiber.Ctx) string {
	if l, ok := ctx.Locals(localsKey).(string); ok {
		return l
	}
	return c.Negotiate(ctx.Query(QueryParam), ctx.Cookies(CookieName), ctx.Get(fiber.HeaderAcceptLanguage))
}

// Chosen returns the language the middleware chose for the request, ""
// when it did not pass through it (an API route): what a response cache
// keys pages on besides their address.
func Chosen(ctx *fiber.Ctx) string {
	l, _ := ctx.Locals(localsKey).(string)
	return l
}

// Middleware chooses the language of each page request, remembers a
// language picked with ?lang= in the cookie, and marks the answer as
// varying with the cookie and Accept-Language.
func (c *Catalog) Middleware() fiber.Handler {
	return func(ctx *fiber.Ctx) error {
		lang := c.Negotiate(ctx.Query(QueryParam), ctx.Cookies(CookieName), ctx.Get(fiber.HeaderAcceptLanguage))
		ctx.Locals(localsKey, lang)
		if q := ctx.Query(QueryParam); Supported(q) && q != ctx.Cookies(CookieName) {
			ctx.Cookie(&fiber.Cookie{
				Name:     CookieName,
				Value:    q,
				Path:     "/",
				MaxAge:   int((365 * 24 * time.Hour).Seconds()),
				SameSite: fiber.CookieSameSiteLaxMode,
				Secure:   ctx.Protocol() == "https",
				HTTPOnly: true,
			})
		}
		ctx.Vary(fiber.HeaderCookie, fiber.HeaderAcceptLanguage)
		ctx.Set(fiber.HeaderContentLanguage, lang)
		return ctx.Next()
	}
}
