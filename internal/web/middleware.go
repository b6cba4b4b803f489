package web

import (
	"context"
	"log/slog"
	"net/netip"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
)

// RequestID returns the id of the request, as sent back in X-Request-ID.
func RequestID(c *fiber.Ctx) string {
	id, _ := c.Locals(requestid.ConfigDefault.ContextKey).(string)
	return id
}

// CSP is the Content-Security-Policy of every page: only the site's own
// scripts, styles and frames. The origins given are allowed besides, for
// the one page that embeds a payment processor's card form.
func CSP(scriptSrc, frameSrc, connectSrc string) string {
	with := func(own, extra string) string {
		if extra == "" {
			return own
		}
		return own + " " + extra
	}
	return "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src " + with("'self'", scriptSrc) +
		"; frame-src " + with("'self'", frameSrc) + "; connect-src " + with("'self'", connectSrc) +
		"; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

// CommonConfig is what the middleware of Common takes from the
// process configuration.
type CommonConfig struct {
	// Timeout is how long a request may take.
	Timeout time.Duration
	// HTTPS says the public address (BASE_URL) is https: browsers are told
	// to use nothing else, even where TLS ends at a load balancer and the
	// request itself comes over http.
	HTTPS bool
	// TrustedProxies are the load balancers whose X-Forwarded-For is
	// believed (see ClientIP).
	TrustedProxies []netip.Prefix
	// Observe, when set, is told of every answered request: the route
	// pattern it matched, its method, status and duration (the metrics).
	Observe Observer
}

// Observer learns of an answered request. route is the pattern of the
// route that answered last (/san-pham/:slug; the prefix of a middleware
// that answered first, such as a panel's role check).
type Observer func(route, method string, status int, took time.Duration)

// strictTransport is the Strict-Transport-Security of an https site: a
// year, for every subdomain too.
const strictTransport = "max-age=31536000; includeSubDomains"

// Common installs the middleware every request goes through: the
// observer of answered requests when given, panic recovery, a request id, the client's address, an access log, a deadline,
// security and cache headers and compression.
func Common(app *fiber.App, log *slog.Logger, cfg CommonConfig) {
	if cfg.Observe != nil {
		// Outside the recovery, so that a panic is counted as the 500 it
		// becomes.
		app.Use(observe(cfg.Observe))
	}
	app.Use(recover.New())
	app.Use(requestid.New())
	app.Use(clientAddress(cfg.TrustedProxies))
	app.Use(accessLog(log))
	app.Use(deadline(cfg.Timeout))
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy:     CSP("", "", ""),
		ReferrerPolicy:            "strict-origin-when-cross-origin",
		CrossOriginEmbedderPolicy: "unsafe-none",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=()",
	}))
	if cfg.HTTPS {
		app.Use(func(c *fiber.Ctx) error {
			c.Set(fiber.HeaderStrictTransportSecurity, strictTransport)
			return c.Next()
		})
	}
	app.Use(noStore)
	app.Use(compress.New(compress.Config{Level: compress.LevelDefault}))
}

// noStore keeps answers that may carry a person's data out of every cache:
// the answer to anything but GET and HEAD (a login, a registration, a
// changed profile or address), and to an API read sent with cookies (a
// session or a guest cart). A handler that chose its own Cache-Control
// keeps it.
func noStore(c *fiber.Ctx) error {
	err := c.Next()
	if len(c.Response().Header.Peek(fiber.HeaderCacheControl)) > 0 {
		return err
	}
	read := c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead
	if !read || (IsAPI(c) && len(c.Request().Header.Peek(fiber.HeaderCookie)) > 0) {
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	return err
}

func accessLog(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		status := c.Response().StatusCode()
		if err != nil {
			status = toError(err).Status
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(c.UserContext(), level, "request",
			slog.String("request_id", RequestID(c)),
			slog.String("method", c.Method()),
			slog.String("path", c.Path()),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
		)
		return err
	}
}

func observe(fn Observer) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		status := c.Response().StatusCode()
		if err != nil {
			status = toError(err).Status
		}
		// The method is a view of fiber's reused buffer; the observer may
		// keep it (as a label), so it gets a copy.
		fn(c.Route().Path, strings.Clone(c.Method()), status, time.Since(start))
		return err
	}
}

// deadline gives each request a context that ends after timeout, so that
// database and search calls made with c.UserContext() stop with it.
func deadline(timeout time.Duration) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), timeout)
		defer cancel()
		c.SetUserContext(ctx)
		return c.Next()
	}
}
