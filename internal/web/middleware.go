package web

import (
	"context"
	"log/slog"
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

// Common installs the middleware every request goes through: panic
// recovery, a request id, an access log, a deadline, security headers and
// compression.
func Common(app *fiber.App, log *slog.Logger, timeout time.Duration) {
	app.Use(recover.New())
	app.Use(requestid.New())
	app.Use(accessLog(log))
	app.Use(deadline(timeout))
	app.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy:     CSP("", "", ""),
		ReferrerPolicy:            "strict-origin-when-cross-origin",
		CrossOriginEmbedderPolicy: "unsafe-none",
		PermissionPolicy:          "camera=(), microphone=(), geolocation=()",
	}))
	app.Use(compress.New(compress.Config{Level: compress.LevelDefault}))
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
