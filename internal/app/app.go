// Package app wires the process together: it opens the database and the
// other backends named by the configuration and builds the fiber app.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront"
)

// ErrSchemaBehind means the database needs `ocopmarket migrate` first.
var ErrSchemaBehind = errors.New("the database schema is behind this version: run `ocopmarket migrate` (or start with AUTO_MIGRATE=1)")

// App is everything a running process holds.
type App struct {
	Config   *config.Config
	Log      *slog.Logger
	DB       *db.DB
	Catalog  *catalog.Store
	Accounts *account.Store
}

// Open connects to the backends of cfg. It does not touch the schema.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*App, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL, cfg.SQLitePath())
	if err != nil {
		return nil, err
	}
	return &App{
		Config:   cfg,
		Log:      log,
		DB:       d,
		Catalog:  catalog.New(d, time.Now),
		Accounts: account.New(d, bcrypt.DefaultCost),
	}, nil
}

// Close releases the backends.
func (a *App) Close() error {
	return a.DB.Close()
}

// CheckSchema migrates when AUTO_MIGRATE is set and otherwise refuses a
// schema older than the binary.
func (a *App) CheckSchema(ctx context.Context) error {
	if a.Config.AutoMigrate {
		n, err := a.DB.Migrate(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			a.Log.Info("migrated the database", "migrations", n)
		}
		return nil
	}
	current, latest, err := a.DB.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if current < latest {
		return fmt.Errorf("app: schema version %d, want %d: %w", current, latest, ErrSchemaBehind)
	}
	return nil
}

// Fiber builds the HTTP application: middleware, the storefront, the
// panels, the API and the health checks.
func (a *App) Fiber() *fiber.App {
	shop, err := storefront.New(a.Catalog, a.Log)
	if err != nil {
		// Templates, assets and messages are embedded: only a broken build
		// gets here, and it must not start.
		panic(fmt.Errorf("app: %w", err))
	}
	f := fiber.New(fiber.Config{
		AppName:               "OCOP Market",
		ErrorHandler:          web.ErrorHandler(a.Log, shop.RenderError),
		ReadTimeout:           a.Config.RequestTimeout,
		WriteTimeout:          a.Config.RequestTimeout,
		IdleTimeout:           2 * time.Minute,
		BodyLimit:             6 << 20,
		DisableStartupMessage: true,
	})
	web.Common(f, a.Log, a.Config.RequestTimeout)
	f.Get("/healthz", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"status": "ok"}) })
	f.Get("/readyz", a.ready)
	shop.Assets().Routes(f)
	shop.Routes(f)
	f.Use(func(c *fiber.Ctx) error { return web.NotFound("page") })
	return f
}

// ready answers 200 only when every backend answers.
func (a *App) ready(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := map[string]string{"database": "ok"}
	status := fiber.StatusOK
	if err := a.DB.PingContext(ctx); err != nil {
		checks["database"] = "down"
		status = fiber.StatusServiceUnavailable
		a.Log.Warn("readiness: database down", "err", err)
	}
	return c.Status(status).JSON(fiber.Map{"checks": checks})
}
