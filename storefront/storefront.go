// Package storefront serves what shoppers see: the server-rendered shop
// pages and their JSON twins under /api/v1.
package storefront

import (
	"errors"
	"log/slog"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Handler serves the storefront pages and the shopper API.
type Handler struct {
	catalog *catalog.Store
	log     *slog.Logger
}

// New returns a storefront Handler.
func New(cat *catalog.Store, log *slog.Logger) *Handler {
	return &Handler{catalog: cat, log: log}
}

// notFoundAs turns catalog.ErrNotFound into a 404 naming what was missing.
func notFoundAs(err error, what string) error {
	if errors.Is(err, catalog.ErrNotFound) {
		return web.NotFound(what)
	}
	return err
}
