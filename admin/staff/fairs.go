// Package staff serves the pages of the trade-promotion staff's panel
// under /xuc-tien: one file per resource, each page drawn in the panel
// frame. A province's staff see and change what belongs to their province
// only; another province's fair is a 404.
package staff

import (
	"context"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/api"
	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// FairPreview draws a fair's public page, as the storefront does.
type FairPreview interface {
	RenderFair(c *fiber.Ctx, f *showcase.Fair, preview bool) error
}

// Fairs serves the staff's pages of the trade fairs: the list, the form,
// a fair with its booths and results, its status buttons and its preview.
type Fairs struct {
	frame   *panel.Frame
	store   *showcase.Store
	catalog *catalog.Store
	preview FairPreview
	base    *url.URL
}

// NewFairs returns the fair pages; base is the site's public address,
// which the booth posters' QR codes open.
func NewFairs(frame *panel.Frame, store *showcase.Store, cat *catalog.Store, preview FairPreview, base *url.URL) *Fairs {
	return &Fairs{frame: frame, store: store, catalog: cat, preview: preview, base: base}
}

// fairsPerPage is how many fairs a page of the list shows.
const fairsPerPage = 30

// actor is the staff member a guard let through, as the fairs scope and
// record them.
func actor(c *fiber.Ctx) showcase.Actor {
	u := panel.User(c)
	return showcase.Actor{Actor: audit.Actor{ID: u.ID, Email: u.Email}, Province: panel.StaffProvince(c)}
}

// idParam reads a positive id of the route; anything else is a 404.
func idParam(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, showcase.ErrNotFound
	}
	return id, nil
}

// statusTab is a filter of the list by status.
type statusTab struct {
	Status, URL string
	Current     bool
}

// List answers GET /xuc-tien/hoi-cho?status=: the fairs of the staff
// member's province (all for national staff), newest first.
func (h *Fairs) List(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	status := q.OneOf("status", "", showcase.Statuses())
	page := q.PageOf(fairsPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	items, total, err := h.store.List(c.UserContext(), panel.StaffProvince(c), status, page, fairsPerPage)
	if err != nil {
		return err
	}
	tabs := []statusTab{{Status: "", URL: paths.StaffFairs, Current: status == ""}}
	for _, s := range showcase.Statuses() {
		tabs = append(tabs, statusTab{Status: s, URL: paths.StaffFairs + "?status=" + s, Current: status == s})
	}
	return h.frame.Render(c, templates.StaffFairs, "staff_fairs", "panel.fairs.title", struct {
		Items []showcase.Showcase
		Tabs  []statusTab
		Today string
		Pager panel.Pager
	}{items, tabs, h.store.Today().String(), panel.NewPager(c, page, fairsPerPage, total)})
}

// formData is what the fair form shows.
type formData struct {
	ID        int64 // 0 for a new fair
	In        showcase.Input
	Provinces []catalog.Province
	Scoped    bool // the staff member organises for their own province only
	web.Form
}

func (h *Fairs) form(ctx context.Context, c *fiber.Ctx, id int64, in showcase.Input, f web.Form) (formData, error) {
	ps, err := h.catalog.Provinces(ctx)
	return formData{ID: id, In: in, Provinces: ps, Scoped: panel.StaffProvince(c) != "", Form: f}, err
}

func readInput(c *fiber.Ctx) showcase.Input {
	return showcase.Input{Title: c.FormValue("title"), City: c.FormValue("city"), Venue: c.FormValue("venue"),
		StartsOn: c.FormValue("starts_on"), EndsOn: c.FormValue("ends_on"), Description: c.FormValue("description"),
		Province: c.FormValue("province")}
}

// New answers GET /xuc-tien/hoi-cho/moi: the form of a new fair.
func (h *Fairs) New(c *fiber.Ctx) error {
	d, err := h.form(c.UserContext(), c, 0, showcase.Input{Province: panel.StaffProvince(c)}, web.Form{})
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.StaffFairForm, "staff_fairs", "panel.fairs.new", d)
}

// Create answers POST /xuc-tien/hoi-cho: a new draft fair, then its page.
func (h *Fairs) Create(c *fiber.Ctx) error {
	in := readInput(c)
	sc, err := h.store.Create(c.UserContext(), actor(c), in)
	if err != nil {
		return h.frame.FormError(c, err, templates.StaffFairForm, "staff_fairs", "panel.fairs.new", func(f web.Form) any {
			d, _ := h.form(c.UserContext(), c, 0, in, f)
			return d
		})
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffFair, sc.ID), "fair_created")
}

// Edit answers GET /xuc-tien/hoi-cho/{id}/sua.
func (h *Fairs) Edit(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	sc, err := h.store.Get(c.UserContext(), panel.StaffProvince(c), id)
	if err != nil {
		return err
	}
	in := showcase.Input{Title: sc.Title, City: sc.City, Venue: sc.Venue, StartsOn: sc.StartsOn.String(), EndsOn: sc.EndsOn.String(),
		Description: sc.Description}
	if sc.ProvinceSlug != nil {
		in.Province = *sc.ProvinceSlug
	}
	d, err := h.form(c.UserContext(), c, id, in, web.Form{})
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.StaffFairForm, "staff_fairs", "panel.fairs.edit", d)
}

// Update answers POST /xuc-tien/hoi-cho/{id}/sua.
func (h *Fairs) Update(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := readInput(c)
	if _, err := h.store.Update(c.UserContext(), actor(c), id, in); err != nil {
		return h.frame.FormError(c, err, templates.StaffFairForm, "staff_fairs", "panel.fairs.edit", func(f web.Form) any {
			d, _ := h.form(c.UserContext(), c, id, in, f)
			return d
		})
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffFair, id), "fair_saved")
}

// fairData is what a fair's staff page shows.
type fairData struct {
	S       *showcase.Showcase
	Results showcase.Results
	// Coops are the cooperatives that may get a booth; Coop is the one
	// chosen (?coop=) with its published products to pick from.
	Coops    []catalog.Cooperative
	Coop     *catalog.Cooperative
	Products []catalog.Summary
	Today    string
	Ended    bool
	web.Form
}

// Show answers GET /xuc-tien/hoi-cho/{id}: the fair, its results, its
// booths and the form to add one (?coop= picks the cooperative first).
func (h *Fairs) Show(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	d, err := h.fairData(c, id, web.Form{})
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.StaffFair, "staff_fairs", "panel.fairs.fair", d)
}

func (h *Fairs) fairData(c *fiber.Ctx, id int64, f web.Form) (*fairData, error) {
	ctx := c.UserContext()
	province := panel.StaffProvince(c)
	sc, err := h.store.Get(ctx, province, id)
	if err != nil {
		return nil, err
	}
	d := &fairData{S: sc, Form: f, Today: h.store.Today().String(), Ended: sc.EndsOn.Before(h.store.Today().Time)}
	if d.Results, err = h.store.Results(ctx, id); err != nil {
		return nil, err
	}
	var scope []string
	if province != "" {
		scope = []string{province}
	}
	if d.Coops, err = h.catalog.Cooperatives(ctx, scope); err != nil {
		return nil, err
	}
	if coopID, err := strconv.ParseInt(c.Query("coop", c.FormValue("cooperative_id")), 10, 64); err == nil {
		for i := range d.Coops {
			if d.Coops[i].ID == coopID {
				d.Coop = &d.Coops[i]
			}
		}
	}
	if d.Coop != nil {
		list, err := h.catalog.ListProducts(ctx, catalog.Filter{Cooperatives: []string{d.Coop.Slug}, Sort: catalog.SortStars,
			Page: 1, PerPage: 100})
		if err != nil {
			return nil, err
		}
		d.Products = list.Items
	}
	return d, nil
}

// Status answers POST /xuc-tien/hoi-cho/{id}/trang-thai with action
// publish, unpublish or archive.
func (h *Fairs) Status(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, a := c.UserContext(), actor(c)
	action := c.FormValue("action")
	switch action {
	case "publish":
		_, err = h.store.Publish(ctx, a, id)
	case "unpublish":
		_, err = h.store.Unpublish(ctx, a, id)
	case "archive":
		_, err = h.store.Archive(ctx, a, id)
	default:
		return web.NotFound("action")
	}
	if err != nil {
		return h.fairProblem(c, id, err)
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffFair, id), "fair_"+action)
}

// fairProblem shows the fair's page again with what the error says to
// fix, or the error page for what is not the staff member's to fix.
func (h *Fairs) fairProblem(c *fiber.Ctx, id int64, err error) error {
	return h.frame.FormError(c, err, templates.StaffFair, "staff_fairs", "panel.fairs.fair", func(f web.Form) any {
		d, derr := h.fairData(c, id, f)
		if derr != nil {
			return &fairData{Form: f}
		}
		return d
	})
}

// Banner answers POST /xuc-tien/hoi-cho/{id}/anh-bia (multipart, file
// "banner").
func (h *Fairs) Banner(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.store.Get(c.UserContext(), panel.StaffProvince(c), id); err != nil {
		return err
	}
	data, err := api.BannerFile(c)
	if err == nil {
		_, err = h.store.SetBanner(c.UserContext(), actor(c), id, data)
	}
	if err != nil {
		return h.fairProblem(c, id, err)
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.StaffFair, id), "fair_banner")
}

// Preview answers GET /xuc-tien/hoi-cho/{id}/xem-truoc: the fair's public
// page as it is or will be once published.
func (h *Fairs) Preview(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	f, err := h.store.Preview(c.UserContext(), panel.StaffProvince(c), id)
	if err != nil {
		return err
	}
	return h.preview.RenderFair(c, f, true)
}
