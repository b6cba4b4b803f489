// Package storefront serves what shoppers see: the server-rendered shop
// pages (storefront/pages) and their JSON twins under /api/v1
// (storefront/api), registered together by Routes.
package storefront

import (
	"fmt"
	"log/slog"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/assets"
	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/order"
	"github.com/ocopmarket/ocopmarket/internal/ratelimit"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/trace"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/flash"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
	"github.com/ocopmarket/ocopmarket/internal/web/pagecache"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
	"github.com/ocopmarket/ocopmarket/storefront/api"
	"github.com/ocopmarket/ocopmarket/storefront/pages"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
)

// Config is everything the storefront needs.
type Config struct {
	Catalog   *catalog.Store
	Browser   *browse.Browser
	Users     *account.Store
	Addresses *account.AddressBook
	Sessions  *session.Manager
	Carts     *cart.Service
	Orders    *order.Service
	Limiter   ratelimit.Limiter
	// BaseURL is the public address of the site, where Stripe sends the
	// shopper back after a card payment.
	BaseURL *url.URL
	// Limits are the rate limits of logins, registrations and password
	// resets; the zero value gets account.DefaultLimits.
	Limits account.Limits
	// Stripe verifies card payment webhooks, and StripePublishableKey lets
	// the pages confirm card payments; nil and empty when cards are off.
	Stripe               api.StripeWebhooks
	StripePublishableKey string
	// Trace answers the public records of traceability batches (trace).
	Trace *trace.Service
	// Showcases are the trade fairs, their booths and the province portals.
	Showcases *showcase.Store
	Log       *slog.Logger
	// Pages keeps the catalog's pages and JSON reads rendered, per address
	// and language, for as long as the catalog does not change; nil
	// renders every request.
	Pages *pagecache.Cache
}

// Storefront is the storefront's handlers, built with their dependencies.
type Storefront struct {
	// Assets are the CSS, JavaScript and images the pages link to; the app
	// serves them with Assets.Routes.
	Assets   *assets.Assets
	frame    *pages.Frame
	sessions *session.Manager
	i18n     *i18n.Catalog

	catalogPages  *pages.Catalog
	cartPages     *pages.Cart
	checkoutPages *pages.Checkout
	orderPages    *pages.Orders
	accountPages  *pages.Account
	authPages     *pages.Auth

	catalogAPI  *api.Catalog
	authAPI     *api.Auth
	accountAPI  *api.Account
	cartAPI     *api.Cart
	checkoutAPI *api.Checkout
	orderAPI    *api.Orders
	paymentAPI  *api.Payments

	// trace
	tracePage *pages.Trace
	traceAPI  *api.Trace
	// fairs
	fairPages     *pages.Fairs
	provincePages *pages.Province
	fairAPI       *api.Fairs
	provinceAPI   *api.Province

	// the response cache in front of pages and API reads; nil without one
	cachedPages, cachedReads fiber.Handler
}

// New builds the storefront with the embedded assets and message catalogs.
// It parses every template now, so that a missing or broken template,
// asset or message stops the start instead of failing a request.
func New(cfg Config) (*Storefront, error) {
	as, err := assets.New()
	if err != nil {
		return nil, fmt.Errorf("storefront: %w", err)
	}
	msgs, err := i18n.New()
	if err != nil {
		return nil, fmt.Errorf("storefront: %w", err)
	}
	s := shop.New(cfg.Sessions, cfg.Carts, cfg.Showcases, cfg.Log)
	limits := cfg.Limits
	if limits == (account.Limits{}) {
		limits = account.DefaultLimits()
	}
	accounts := account.NewService(cfg.Users, cfg.Limiter, limits)
	orders := order.NewActions(cfg.Orders, cfg.Carts.Store(), cfg.Limiter, cfg.Log)
	frame, err := pages.NewFrame(cfg.Catalog, s, cfg.Sessions, as, msgs, cfg.Log)
	if err != nil {
		return nil, fmt.Errorf("storefront: %w", err)
	}
	catalogPages := pages.NewCatalog(frame, cfg.Browser, cfg.Showcases)
	sf := &Storefront{
		Assets: as, frame: frame, sessions: cfg.Sessions, i18n: msgs,

		catalogPages:  catalogPages,
		cartPages:     pages.NewCart(frame, cfg.Carts, catalogPages.Product),
		checkoutPages: pages.NewCheckout(frame, cfg.Carts, cfg.Addresses, cfg.Orders, orders),
		orderPages:    pages.NewOrders(frame, cfg.Orders, orders, cfg.StripePublishableKey, cfg.BaseURL),
		accountPages:  pages.NewAccount(frame, accounts, cfg.Users, cfg.Addresses),
		authPages:     pages.NewAuth(frame, accounts),

		catalogAPI:  api.NewCatalog(cfg.Catalog, cfg.Browser, cfg.Log),
		authAPI:     api.NewAuth(s, accounts, msgs),
		accountAPI:  api.NewAccount(s, accounts, cfg.Users, cfg.Addresses),
		cartAPI:     api.NewCart(s, cfg.Carts, msgs),
		checkoutAPI: api.NewCheckout(s, orders, cfg.StripePublishableKey),
		orderAPI:    api.NewOrders(s, cfg.Orders, orders, cfg.StripePublishableKey),
		paymentAPI:  api.NewPayments(cfg.Stripe, cfg.Orders, cfg.Log),

		// trace
		tracePage:     pages.NewTrace(frame, cfg.Trace),
		traceAPI:      api.NewTrace(cfg.Trace),
		fairPages:     pages.NewFairs(frame, cfg.Showcases),
		provincePages: pages.NewProvince(frame, cfg.Showcases),
		fairAPI:       api.NewFairs(cfg.Showcases),
		provinceAPI:   api.NewProvince(cfg.Showcases),
	}
	if cfg.Pages != nil {
		sf.cachedReads = cfg.Pages.Handler()
		sf.cachedPages = cfg.Pages.PersonalHandler(pagecache.Personal{
			Cookies:       []string{cfg.Sessions.CookieName(), shop.CartCookie},
			BypassCookies: []string{flash.CookieName},
			BypassQuery:   []string{i18n.QueryParam},
			Render:        frame.HeaderTools,
		})
	}
	return sf, nil
}

// cachedPage is the handlers of a catalog page: the language, then the
// response cache when there is one, then h.
func (s *Storefront) cachedPage(lang, h fiber.Handler) []fiber.Handler {
	if s.cachedPages == nil {
		return []fiber.Handler{lang, h}
	}
	return []fiber.Handler{lang, s.cachedPages, h}
}

// cachedRead is the handlers of a catalog read of the API: the response
// cache when there is one, then h.
func (s *Storefront) cachedRead(h fiber.Handler) []fiber.Handler {
	if s.cachedReads == nil {
		return []fiber.Handler{h}
	}
	return []fiber.Handler{s.cachedReads, h}
}

// Messages returns the message catalogs of the pages, which the error
// handler also answers the API in.
func (s *Storefront) Messages() *i18n.Catalog { return s.i18n }

// RenderError is the web.HTMLErrorRenderer of the site (pages.Frame.RenderError).
func (s *Storefront) RenderError(c *fiber.Ctx, e *web.Error) error { return s.frame.RenderError(c, e) }

// FairPages are the public fair pages, whose page the staff panel's
// preview draws too.
func (s *Storefront) FairPages() *pages.Fairs { return s.fairPages }
