package coop

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/api"
	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/listing"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Products shows a cooperative its products and lets its staff list new
// ones, change, publish, duplicate, archive and restore them, and change
// prices and stock from a CSV file.
type Products struct {
	frame    *panel.Frame
	listings *listing.Service
}

// NewProducts returns the product pages.
func NewProducts(frame *panel.Frame, l *listing.Service) *Products {
	return &Products{frame: frame, listings: l}
}

// productsPerPage is how many products a page of the list shows.
const productsPerPage = 30

// tab is a status filter of the list, with its count.
type tab struct {
	Status  string // "" for every product but the archived
	Count   int
	URL     string
	Current bool
}

// List answers GET /quan-ly/san-pham?status=&q=&page=.
func (h *Products) List(c *fiber.Ctx) error {
	q := web.NewListQuery(c)
	status := q.OneOf("status", "", listing.Statuses())
	text := q.Text("q")
	page := q.PageOf(productsPerPage)
	if err := q.Err(); err != nil {
		return err
	}
	l, err := h.listings.List(c.UserContext(), panel.CoopID(c), listing.Filter{Status: status, Query: text, Page: page, PerPage: productsPerPage})
	if err != nil {
		return err
	}
	var tabs []tab
	for _, s := range append([]string{""}, listing.Statuses()...) {
		n := l.Counts[s]
		if s == "" {
			n = l.Counts[listing.StatusDraft] + l.Counts[listing.StatusPublished]
		}
		u := paths.CoopProducts + "?status=" + s
		if text != "" {
			u += "&q=" + url.QueryEscape(text)
		}
		tabs = append(tabs, tab{Status: s, Count: n, URL: u, Current: s == status})
	}
	return h.frame.Render(c, templates.CoopProducts, "products", "panel.listings.title", struct {
		Items  []listing.Product
		Tabs   []tab
		Status string
		Query  string
		Total  int
		Pager  panel.Pager
	}{l.Items, tabs, status, text, l.Total, panel.NewPager(c, page, productsPerPage, l.Total)})
}

// formValues are the fields of the product form as typed, to show again.
type formValues struct {
	Name, Description, Category, Price, Unit, Stock, Province, Ward, GI string
	Certifications                                                      map[string]bool
	Published                                                           bool
}

func valuesOf(p *listing.Product) formValues {
	v := formValues{Name: p.Name, Description: p.Description, Category: p.Category, Price: strconv.FormatInt(p.PriceVND, 10),
		Unit: p.Unit, Stock: strconv.Itoa(p.Stock), Province: p.Origin.Province, Ward: p.Origin.Ward,
		Certifications: map[string]bool{}, Published: p.Published}
	if gi := p.Origin.GeographicalIndication; gi != nil {
		v.GI = *gi
	}
	for _, s := range p.Certifications {
		v.Certifications[s] = true
	}
	return v
}

// productPage is the data of the new and edit pages.
type productPage struct {
	Product *listing.Product // nil on the new page
	Values  formValues
	Choices *listing.Choices
	Form    web.Form
}

// read parses the product form into the input of the listing actions and
// the values to show again.
func read(c *fiber.Ctx) (listing.Input, formValues) {
	v := formValues{Name: c.FormValue("name"), Description: c.FormValue("description"), Category: c.FormValue("category"),
		Price: strings.TrimSpace(c.FormValue("price_vnd")), Unit: c.FormValue("unit"), Stock: strings.TrimSpace(c.FormValue("stock")),
		Province: c.FormValue("origin.province"), Ward: c.FormValue("origin.ward"), GI: c.FormValue("origin.geographical_indication"),
		Certifications: map[string]bool{}, Published: c.FormValue("published") != ""}
	in := listing.Input{Name: v.Name, Description: v.Description, Category: v.Category, Unit: v.Unit,
		Origin: listing.Origin{Province: v.Province, Ward: v.Ward}, Published: v.Published}
	if v.GI != "" {
		gi := v.GI
		in.Origin.GeographicalIndication = &gi
	}
	for _, raw := range c.Context().PostArgs().PeekMulti("certifications") {
		in.Certifications = append(in.Certifications, string(raw))
		v.Certifications[string(raw)] = true
	}
	num := func(field, s string) int64 {
		if s == "" {
			in.Invalid.Add(field, "required", nil)
			return 0
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(s, ".", ""), 10, 64)
		if err != nil {
			in.Invalid.Add(field, "not_whole_number", nil)
		}
		return n
	}
	in.PriceVND = num("price_vnd", v.Price)
	in.Stock = num("stock", v.Stock)
	return in, v
}

// show renders the new (p nil) or edit page with v and the problems of form.
func (h *Products) show(c *fiber.Ctx, status int, p *listing.Product, v formValues, form web.Form) error {
	ch, err := h.listings.Choices(c.UserContext())
	if err != nil {
		return err
	}
	data := productPage{Product: p, Values: v, Choices: ch, Form: form}
	title := "panel.listings.new_title"
	if p != nil {
		title = "panel.listings.edit_title"
	}
	return h.frame.RenderStatus(c, status, templates.CoopProductForm, "products", title, data)
}

// formError shows the form again with what err says to fix, or lets err
// through to the error page when it is not the user's to fix.
func (h *Products) formError(c *fiber.Ctx, err error, p *listing.Product, v formValues) error {
	st, form, ok := web.FormProblem(c, h.frame.Messages(), err)
	if !ok {
		return err
	}
	return h.show(c, st, p, v, form)
}

// New answers GET /quan-ly/san-pham/moi: the empty form.
func (h *Products) New(c *fiber.Ctx) error {
	return h.show(c, 0, nil, formValues{Certifications: map[string]bool{}, Stock: "0"}, web.Form{})
}

// Create answers POST /quan-ly/san-pham/moi.
func (h *Products) Create(c *fiber.Ctx) error {
	in, v := read(c)
	p, err := h.listings.Create(c.UserContext(), api.Actor(c), panel.CoopID(c), in)
	if err != nil {
		return h.formError(c, err, nil, v)
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.CoopProduct, p.ID), "product_created")
}

func (h *Products) product(c *fiber.Ctx) (*listing.Product, error) {
	id, err := api.ProductID(c)
	if err != nil {
		return nil, err
	}
	return h.listings.Product(c.UserContext(), panel.CoopID(c), id)
}

// Edit answers GET /quan-ly/san-pham/{id}.
func (h *Products) Edit(c *fiber.Ctx) error {
	p, err := h.product(c)
	if err != nil {
		return err
	}
	return h.show(c, 0, p, valuesOf(p), web.Form{})
}

// Save answers POST /quan-ly/san-pham/{id}: every field but whether the
// product is on sale, which its own buttons change.
func (h *Products) Save(c *fiber.Ctx) error {
	p, err := h.product(c)
	if err != nil {
		return err
	}
	in, v := read(c)
	in.Published, v.Published = p.Published, p.Published
	if _, err := h.listings.Update(c.UserContext(), api.Actor(c), panel.CoopID(c), p.ID, in); err != nil {
		return h.formError(c, err, p, v)
	}
	return h.frame.Redirect(c, paths.MustBuild(paths.CoopProduct, p.ID), "product_saved")
}

// action runs one of the edit page's buttons on the product and sends the
// browser to where it returns, or shows the page again with the refusal.
func (h *Products) action(c *fiber.Ctx, do func(p *listing.Product) (string, string, error)) error {
	p, err := h.product(c)
	if err != nil {
		return err
	}
	target, flash, err := do(p)
	if err != nil {
		if _, ok := fault.As(err); !ok {
			return err
		}
		return h.formError(c, err, p, valuesOf(p))
	}
	return h.frame.Redirect(c, target, flash)
}

// Publish answers POST /quan-ly/san-pham/{id}/dang-ban.
func (h *Products) Publish(c *fiber.Ctx) error { return h.setPublished(c, true) }

// Unpublish answers POST /quan-ly/san-pham/{id}/ngung-ban.
func (h *Products) Unpublish(c *fiber.Ctx) error { return h.setPublished(c, false) }

func (h *Products) setPublished(c *fiber.Ctx, publish bool) error {
	return h.action(c, func(p *listing.Product) (string, string, error) {
		_, err := h.listings.SetPublished(c.UserContext(), api.Actor(c), panel.CoopID(c), p.ID, publish)
		flash := "product_unpublished"
		if publish {
			flash = "product_published"
		}
		return paths.MustBuild(paths.CoopProduct, p.ID), flash, err
	})
}

// Duplicate answers POST /quan-ly/san-pham/{id}/nhan-ban: to the copy.
func (h *Products) Duplicate(c *fiber.Ctx) error {
	return h.action(c, func(p *listing.Product) (string, string, error) {
		cp, err := h.listings.Duplicate(c.UserContext(), api.Actor(c), panel.CoopID(c), p.ID)
		if err != nil {
			return "", "", err
		}
		return paths.MustBuild(paths.CoopProduct, cp.ID), "product_duplicated", nil
	})
}

// Delete answers POST /quan-ly/san-pham/{id}/xoa: the product is removed,
// or archived when it was ordered.
func (h *Products) Delete(c *fiber.Ctx) error {
	return h.action(c, func(p *listing.Product) (string, string, error) {
		d, err := h.listings.Delete(c.UserContext(), api.Actor(c), panel.CoopID(c), p.ID)
		if err != nil {
			return "", "", err
		}
		if d.Archived {
			return paths.MustBuild(paths.CoopProduct, p.ID), "product_archived", nil
		}
		return paths.CoopProducts, "product_deleted", nil
	})
}

// Restore answers POST /quan-ly/san-pham/{id}/khoi-phuc.
func (h *Products) Restore(c *fiber.Ctx) error {
	return h.action(c, func(p *listing.Product) (string, string, error) {
		_, err := h.listings.Restore(c.UserContext(), api.Actor(c), panel.CoopID(c), p.ID)
		return paths.MustBuild(paths.CoopProduct, p.ID), "product_restored", err
	})
}
