// Package storefront serves what shoppers see: the server-rendered shop
// pages and their JSON twins under /api/v1.
package storefront

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/gofiber/template/html/v2"

	"github.com/ocopmarket/ocopmarket/assets"
	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// Handler serves the storefront pages and the shopper API.
type Handler struct {
	catalog *catalog.Store
	browse  *browse.Browser
	log     *slog.Logger
	assets  *assets.Assets
	i18n    *i18n.Catalog
	views   map[string]*html.Engine // one template set per language
	acc     *accounts               // account and cart routes; nil until WithAccounts
	ord     *Orders                 // checkout and order routes; nil until WithOrders
}

// New returns a storefront Handler with the embedded assets and message
// catalogs. It parses every template now, once per language, so that a
// missing or broken template, asset or message stops the start instead of
// failing a request.
func New(cat *catalog.Store, browser *browse.Browser, log *slog.Logger) (*Handler, error) {
	as, err := assets.New()
	if err != nil {
		return nil, fmt.Errorf("storefront: %w", err)
	}
	msgs, err := i18n.New()
	if err != nil {
		return nil, fmt.Errorf("storefront: %w", err)
	}
	h := &Handler{catalog: cat, browse: browser, log: log, assets: as, i18n: msgs, views: map[string]*html.Engine{}}
	for _, lang := range i18n.Languages() {
		v, err := h.loadViews(lang)
		if err != nil {
			return nil, fmt.Errorf("storefront: templates (%s): %w", lang, err)
		}
		h.views[lang] = v
	}
	return h, nil
}

// Assets returns the embedded CSS, JavaScript and images the pages link to;
// the app serves them with Assets().Routes.
func (h *Handler) Assets() *assets.Assets { return h.assets }

// Messages returns the message catalogs of the pages, which the error
// handler also answers the API in.
func (h *Handler) Messages() *i18n.Catalog { return h.i18n }

// notFoundAs turns catalog.ErrNotFound into a 404 naming what was missing.
func notFoundAs(err error, what string) error {
	if errors.Is(err, catalog.ErrNotFound) {
		return web.NotFound(what)
	}
	return err
}
