package pages

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Fairs serves the trade fairs: the list of those running or to come, a
// fair's page with its booths, and its banner.
type Fairs struct {
	*Frame
	store *showcase.Store
}

// NewFairs returns the fair pages.
func NewFairs(f *Frame, store *showcase.Store) *Fairs { return &Fairs{Frame: f, store: store} }

// fairsData is what the list of fairs shows.
type fairsData struct {
	Running, Coming []showcase.Fair
}

// List answers GET /hoi-cho: the fairs running now, then those to come.
func (h *Fairs) List(c *fiber.Ctx) error {
	all, err := h.store.Upcoming(c.UserContext(), "")
	if err != nil {
		return err
	}
	today := h.store.Today()
	var d fairsData
	for _, f := range all {
		if f.Running(today) {
			d.Running = append(d.Running, f)
		} else {
			d.Coming = append(d.Coming, f)
		}
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	if p.Title, err = h.t(p, "fairs.title"); err != nil {
		return err
	}
	p.Description = p.Title
	p.Data = d
	return h.render(c, templates.Fairs, p)
}

// fairData is what a fair's page shows; Open is the booth ?gian= asked
// for, shown first and highlighted.
type fairData struct {
	F       *showcase.Fair
	Open    int64
	Running bool
	Today   db.Date
	Preview bool
}

// Show answers GET /hoi-cho/{slug}: the fair's banner, dates and booths.
// Opening it remembers the fair for the shopper's next checkout and counts
// a visit, without waiting for the count.
func (h *Fairs) Show(c *fiber.Ctx) error {
	slug := c.Params("slug")
	if !web.IsSlug(slug) {
		return showcase.ErrNotFound
	}
	f, err := h.store.BySlug(c.UserContext(), slug)
	if err != nil {
		return err
	}
	h.shop.CameThrough(c, f)
	go func(id int64) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := h.store.CountVisit(ctx, id); err != nil {
			h.log.Warn("fair visit not counted", "showcase", id, "err", err)
		}
	}(f.ID)
	return h.RenderFair(c, f, false)
}

// RenderFair draws the page of fair f, the booth of ?gian= first; preview
// marks the staff's look at a fair before it is published.
func (h *Fairs) RenderFair(c *fiber.Ctx, f *showcase.Fair, preview bool) error {
	d := fairData{F: f, Today: h.store.Today(), Preview: preview}
	d.Running = f.Running(d.Today)
	if id, err := strconv.ParseInt(c.Query("gian"), 10, 64); err == nil {
		for i, b := range f.Booths {
			if b.ID == id {
				d.Open = id
				f.Booths = append([]showcase.FairBooth{b}, append(f.Booths[:i:i], f.Booths[i+1:]...)...)
				break
			}
		}
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	p.Title = f.Title
	p.Description = f.Title + " · " + f.City
	p.Data = d
	if preview {
		c.Set("X-Robots-Tag", "noindex")
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	return h.render(c, templates.Fair, p)
}

// Banner answers GET /hoi-cho/{slug}/anh/{file}: the fair's banner, cached
// for good since its address changes with its bytes.
func (h *Fairs) Banner(c *fiber.Ctx) error {
	o, err := h.store.Banner(c.UserContext(), c.Params("slug"), c.Params("file"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, o.ContentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(o.Data)
}
