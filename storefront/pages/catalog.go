package pages

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/browse"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/showcase"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
	"github.com/ocopmarket/ocopmarket/internal/web/pagecache"
	"github.com/ocopmarket/ocopmarket/internal/web/render"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Catalog serves the home page, the product listing and pages, the
// cooperatives and the product images.
type Catalog struct {
	*Frame
	browse *browse.Browser
	fairs  *showcase.Store
}

// NewCatalog returns the catalog pages; the home page shows the fairs
// running today.
func NewCatalog(f *Frame, b *browse.Browser, fairs *showcase.Store) *Catalog {
	return &Catalog{Frame: f, browse: b, fairs: fairs}
}

// perPage is how many products a page of the shop shows.
const perPage = 24

// option is one choice of a filter with the number of products it has.
type option struct {
	Value    string
	Name     string
	Count    int
	Selected bool
	Children []option
}

// chip is an active filter, removable by following URL.
type chip struct {
	Label string
	URL   string
}

// homeData is what the home page shows.
type homeData struct {
	Fairs     []showcase.Fair // running today
	FiveStars []catalog.Summary
	Newest    []catalog.Summary
	Groups    []option
	Provinces []option
	Total     int
}

// Home shows the home page: five-star and new products, groups and provinces.
func (h *Catalog) Home(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	newest, err := h.browse.Find(c.UserContext(), catalog.Filter{Sort: catalog.SortNewest, PerPage: 8})
	if err != nil {
		return err
	}
	five, err := h.browse.Find(c.UserContext(), catalog.Filter{MinStars: 5, Sort: catalog.SortNewest, PerPage: 8})
	if err != nil {
		return err
	}
	provinces, err := h.catalog.Provinces(ctx)
	if err != nil {
		return err
	}
	running, err := h.fairs.Running(ctx)
	if err != nil {
		return err
	}
	d := homeData{Fairs: running, FiveStars: five.Items, Newest: newest.Items, Total: newest.Total}
	for _, g := range p.Groups {
		d.Groups = append(d.Groups, option{Value: g.Slug, Name: render.LocalName(p.Lang, g.Name, g.NameEn), Count: groupCount(g, newest.Facets.Category)})
	}
	for _, pr := range provinces {
		if n := newest.Facets.Province[pr.Slug]; n > 0 {
			d.Provinces = append(d.Provinces, option{Value: pr.Slug, Name: pr.Name, Count: n})
		}
	}
	slices.SortStableFunc(d.Provinces, func(a, b option) int { return cmp.Compare(b.Count, a.Count) })
	p.Data = d
	if p.Description, err = h.t(p, "home.hero_text"); err != nil {
		return err
	}
	return h.render(c, templates.Home, p)
}

// groupCount is how many products of the counts belong to group g or its
// subgroups.
func groupCount(g catalog.Category, counts map[string]int) int {
	n := counts[g.Slug]
	for _, ch := range g.Children {
		n += counts[ch.Slug]
	}
	return n
}

// listingData is what the product listing shows.
type listingData struct {
	Filter         catalog.Filter
	Items          []catalog.Summary
	Total          int
	Stars          []option
	Provinces      []option
	Categories     []option
	Cooperatives   []option
	Certifications []option
	Sorts          []option
	MinPrice       string
	MaxPrice       string
	Chips          []chip
	Pages          pagination
	PerPage        int
	PriceRanges    []priceRange
	Degraded       bool     // the search index was down: SQL answered, without relevance
	Relaxed        bool     // nothing matched every word: these match some
	Suggestions    []string // names close to a query that found nothing
}

// Products shows the product listing with its filters.
func (h *Catalog) Products(c *fiber.Ctx) error {
	f, err := shop.ProductFilter(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	list, err := h.browse.Find(c.UserContext(), f)
	if err != nil {
		return err
	}
	if list.Degraded {
		pagecache.NoStore(c) // answered without the search index: not for long
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	p.Q = f.Query
	refs, err := h.references(ctx, coopFacet(list.Facets.Cooperative, f.Cooperatives))
	if err != nil {
		return err
	}
	d := listingData{Filter: f, Items: list.Items, Total: list.Total, PerPage: f.PerPage,
		Degraded: list.Degraded, Relaxed: list.Relaxed, Suggestions: list.Suggestions}
	if f.MinPrice > 0 {
		d.MinPrice = strconv.FormatInt(f.MinPrice, 10)
	}
	if f.MaxPrice > 0 {
		d.MaxPrice = strconv.FormatInt(f.MaxPrice, 10)
	}
	fc := list.Facets
	for _, n := range []int{3, 4, 5} {
		count := 0
		for s := n; s <= 5; s++ {
			count += fc.Stars[strconv.Itoa(s)]
		}
		d.Stars = append(d.Stars, option{Value: strconv.Itoa(n), Count: count, Selected: f.MinStars == n})
	}
	for _, pr := range refs.provinces {
		sel := slices.Contains(f.Provinces, pr.Slug)
		if n := fc.Province[pr.Slug]; n > 0 || sel {
			d.Provinces = append(d.Provinces, option{Value: pr.Slug, Name: pr.Name, Count: n, Selected: sel})
		}
	}
	for _, g := range p.Groups {
		o := option{Value: g.Slug, Name: render.LocalName(p.Lang, g.Name, g.NameEn), Count: groupCount(g, fc.Category),
			Selected: slices.Contains(f.Categories, g.Slug)}
		for _, ch := range g.Children {
			sel := slices.Contains(f.Categories, ch.Slug)
			if n := fc.Category[ch.Slug]; n > 0 || sel {
				o.Children = append(o.Children, option{Value: ch.Slug, Name: render.LocalName(p.Lang, ch.Name, ch.NameEn), Count: n, Selected: sel})
			}
		}
		if o.Count > 0 || o.Selected || len(o.Children) > 0 {
			d.Categories = append(d.Categories, o)
		}
	}
	for _, co := range refs.cooperatives {
		sel := slices.Contains(f.Cooperatives, co.Slug)
		if n := fc.Cooperative[co.Slug]; n > 0 || sel {
			d.Cooperatives = append(d.Cooperatives, option{Value: co.Slug, Name: co.Name, Count: n, Selected: sel})
		}
	}
	for _, ce := range refs.certifications {
		sel := slices.Contains(f.Certifications, ce.Slug)
		if n := fc.Certification[ce.Slug]; n > 0 || sel {
			d.Certifications = append(d.Certifications, option{Value: ce.Slug, Name: certName(p.Lang, ce), Count: n, Selected: sel})
		}
	}
	for _, s := range catalog.Sorts() {
		if s == catalog.SortRelevance && f.Query == "" {
			continue
		}
		d.Sorts = append(d.Sorts, option{Value: s, Selected: f.Sort == s})
	}
	if d.Chips, err = h.chips(p, f, refs); err != nil {
		return err
	}
	if d.PriceRanges, err = h.priceRanges(p, f); err != nil {
		return err
	}
	d.Pages = paginate(paths.Products, filterValues(f), f.Page, f.PerPage, list.Total)
	p.Data = d
	if f.Query != "" {
		p.Title, err = h.t(p, "products.search_title", "Query", f.Query)
	} else {
		p.Title, err = h.t(p, "products.title")
	}
	if err != nil {
		return err
	}
	if len(f.Categories) == 1 {
		p.Active = f.Categories[0]
	}
	return h.render(c, templates.Products, p)
}

// certName is the name of a certification in lang. Names that are
// Vietnamese words (organic: "Hữu cơ") have their English form in
// DescriptionEn; the others (VietGAP, HACCP) read the same in both.
func certName(lang string, ce catalog.Certification) string {
	if lang == i18n.English && ce.Slug == "organic" && ce.DescriptionEn != "" {
		return ce.DescriptionEn
	}
	return ce.Name
}

// maxCoopFacet is how many cooperatives the listing offers to filter by:
// those with the most products there, beside the ones chosen. A catalog
// of thousands of cooperatives would otherwise put thousands of choices,
// and their names read from the database, into every listing.
const maxCoopFacet = 30

// coopFacet picks the cooperatives the listing names: the chosen ones and
// the maxCoopFacet with the most products among counts.
func coopFacet(counts map[string]int, chosen []string) []string {
	slugs := slices.Collect(maps.Keys(counts))
	slices.SortFunc(slugs, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	slugs = slugs[:min(len(slugs), maxCoopFacet)]
	for _, s := range chosen {
		if !slices.Contains(slugs, s) {
			slugs = append(slugs, s)
		}
	}
	return slugs
}

// refs are the names the listing needs beside the products.
type refs struct {
	provinces      []catalog.Province
	categories     map[string]catalog.Category
	cooperatives   []catalog.Cooperative
	certifications []catalog.Certification
}

func (h *Catalog) references(ctx context.Context, coops []string) (*refs, error) {
	var r refs
	var err error
	if r.provinces, err = h.catalog.Provinces(ctx); err != nil {
		return nil, err
	}
	if r.cooperatives, err = h.catalog.CooperativesBySlug(ctx, coops); err != nil {
		return nil, err
	}
	if r.certifications, err = h.catalog.Certifications(ctx); err != nil {
		return nil, err
	}
	groups, err := h.catalog.Categories(ctx)
	if err != nil {
		return nil, err
	}
	r.categories = map[string]catalog.Category{}
	for _, g := range groups {
		r.categories[g.Slug] = g
		for _, ch := range g.Children {
			r.categories[ch.Slug] = ch
		}
	}
	return &r, nil
}

// filterValues is the canonical query of f, without the page.
func filterValues(f catalog.Filter) url.Values {
	v := url.Values{}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.MinStars > 0 {
		v.Set("stars", strconv.Itoa(f.MinStars))
	}
	v["province"] = slices.Clone(f.Provinces)
	v["category"] = slices.Clone(f.Categories)
	v["cooperative"] = slices.Clone(f.Cooperatives)
	v["certification"] = slices.Clone(f.Certifications)
	if f.MinPrice > 0 {
		v.Set("min_price", strconv.FormatInt(f.MinPrice, 10))
	}
	if f.MaxPrice > 0 {
		v.Set("max_price", strconv.FormatInt(f.MaxPrice, 10))
	}
	def := catalog.SortNewest
	if f.Query != "" {
		def = catalog.SortRelevance
	}
	if f.Sort != def {
		v.Set("sort", f.Sort)
	}
	if f.PerPage != perPage {
		v.Set("per_page", strconv.Itoa(f.PerPage))
	}
	return v
}

// priceRange is a one-click price filter.
type priceRange struct {
	Label    string
	URL      string
	Selected bool
}

// priceBounds are the edges of the price presets, in đồng: the price
// bands shoppers of farm products think in.
func priceBounds() []int64 { return []int64{100_000, 300_000, 1_000_000} }

// priceRanges offers the bands between priceBounds, keeping the other
// filters; following the selected band again removes it.
func (h *Catalog) priceRanges(p *page, f catalog.Filter) ([]priceRange, error) {
	bounds := priceBounds()
	var out []priceRange
	for i := 0; i <= len(bounds); i++ {
		var lo, hi int64
		if i > 0 {
			lo = bounds[i-1]
		}
		if i < len(bounds) {
			hi = bounds[i] - 1
		}
		var label string
		var err error
		switch {
		case lo == 0:
			label, err = h.t(p, "filter.price_under", "Max", format.VND(bounds[i]))
		case hi == 0:
			label, err = h.t(p, "filter.price_over", "Min", format.VND(lo))
		default:
			label, err = h.t(p, "filter.price_between", "Min", format.VND(lo), "Max", format.VND(bounds[i]))
		}
		if err != nil {
			return nil, err
		}
		sel := f.MinPrice == lo && f.MaxPrice == hi
		v := filterValues(f)
		v.Del("min_price")
		v.Del("max_price")
		v.Del("page")
		if !sel {
			if lo > 0 {
				v.Set("min_price", strconv.FormatInt(lo, 10))
			}
			if hi > 0 {
				v.Set("max_price", strconv.FormatInt(hi, 10))
			}
		}
		u := paths.Products
		if q := v.Encode(); q != "" {
			u += "?" + q
		}
		out = append(out, priceRange{Label: label, URL: u, Selected: sel})
	}
	return out, nil
}

// chips lists the active filters of f, each with the address of the
// listing without it.
func (h *Catalog) chips(p *page, f catalog.Filter, r *refs) ([]chip, error) {
	v := filterValues(f)
	var out []chip
	add := func(key, value, label string) {
		out = append(out, chip{Label: label, URL: withQuery(paths.Products, without(v, key, value))})
	}
	if f.Query != "" {
		l, err := h.t(p, "chip.query", "Query", f.Query)
		if err != nil {
			return nil, err
		}
		add("q", f.Query, l)
	}
	if f.MinStars > 0 {
		l, err := h.t(p, "chip.stars", "Stars", f.MinStars)
		if err != nil {
			return nil, err
		}
		add("stars", strconv.Itoa(f.MinStars), l)
	}
	for _, s := range f.Provinces {
		name := s
		for _, pr := range r.provinces {
			if pr.Slug == s {
				name = pr.Name
			}
		}
		add("province", s, name)
	}
	for _, s := range f.Categories {
		name := s
		if c, ok := r.categories[s]; ok {
			name = render.LocalName(p.Lang, c.Name, c.NameEn)
		}
		add("category", s, name)
	}
	for _, s := range f.Cooperatives {
		name := s
		for _, co := range r.cooperatives {
			if co.Slug == s {
				name = co.Name
			}
		}
		add("cooperative", s, name)
	}
	for _, s := range f.Certifications {
		name := s
		for _, ce := range r.certifications {
			if ce.Slug == s {
				name = certName(p.Lang, ce)
			}
		}
		add("certification", s, name)
	}
	for _, pr := range []struct {
		key, msg string
		n        int64
	}{{"min_price", "chip.min_price", f.MinPrice}, {"max_price", "chip.max_price", f.MaxPrice}} {
		if pr.n > 0 {
			l, err := h.t(p, pr.msg, "Price", format.VND(pr.n))
			if err != nil {
				return nil, err
			}
			add(pr.key, strconv.FormatInt(pr.n, 10), l)
		}
	}
	return out, nil
}

// productData is what the product page shows.
type productData struct {
	P           *catalog.Detail
	Cooperative *catalog.Cooperative
	Group       *catalog.Category
	Related     []catalog.Summary
	Add         addForm // the add-to-cart form (cart.go)
}

// Product shows a product page.
func (h *Catalog) Product(c *fiber.Ctx) error {
	slug := c.Params("slug")
	if !web.IsSlug(slug) {
		return web.NotFound("product")
	}
	ctx := c.UserContext()
	prod, err := h.catalog.ProductBySlug(ctx, slug)
	if err != nil {
		return shop.NotFoundAs(err, "product")
	}
	co, err := h.catalog.CooperativeBySlug(ctx, prod.Cooperative.Slug)
	if err != nil {
		return fmt.Errorf("storefront: product %q: %w", slug, err)
	}
	related, err := h.browse.Find(c.UserContext(), catalog.Filter{Categories: []string{prod.Category.Slug}, Sort: catalog.SortStars, PerPage: 5})
	if err != nil {
		return err
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	d := productData{P: prod, Cooperative: co, Add: addFormOf(c, prod)}
	for _, r := range related.Items {
		if r.ID != prod.ID && len(d.Related) < 4 {
			d.Related = append(d.Related, r)
		}
	}
	for i := range p.Groups {
		if p.Groups[i].Slug == prod.GroupSlug {
			d.Group = &p.Groups[i]
		}
	}
	p.Active = prod.GroupSlug
	p.Title = prod.Name
	p.Description = prod.Name + " · " + prod.Cooperative.Name + " · " + prod.Province.Name
	p.Data = d
	return h.render(c, templates.Product, p)
}

// cooperativesData is what the cooperatives list shows.
type cooperativesData struct {
	Items     []catalog.Cooperative
	Total     int
	Provinces []option
	Pages     pagination
}

// Cooperatives lists the cooperatives.
func (h *Catalog) Cooperatives(c *fiber.Ctx) error {
	q := web.NewQuery(c)
	selected := q.Slugs("province")
	page := q.PageOf(perPage)
	if err := q.Err(); err != nil {
		return err
	}
	ctx := c.UserContext()
	all, err := h.catalog.Cooperatives(ctx, nil)
	if err != nil {
		return err
	}
	provinces, err := h.catalog.Provinces(ctx)
	if err != nil {
		return err
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	var shown []catalog.Cooperative
	for _, co := range all {
		counts[co.Province.Slug]++
		if len(selected) == 0 || slices.Contains(selected, co.Province.Slug) {
			shown = append(shown, co)
		}
	}
	d := cooperativesData{Total: len(shown)}
	for _, pr := range provinces {
		sel := slices.Contains(selected, pr.Slug)
		if counts[pr.Slug] > 0 || sel {
			d.Provinces = append(d.Provinces, option{Value: pr.Slug, Name: pr.Name, Count: counts[pr.Slug], Selected: sel})
		}
	}
	from, to := min((page-1)*perPage, len(shown)), min(page*perPage, len(shown))
	d.Items = shown[from:to]
	d.Pages = paginate(paths.Cooperatives, url.Values{"province": selected}, page, perPage, len(shown))
	p.Data = d
	if p.Title, err = h.t(p, "coops.title"); err != nil {
		return err
	}
	return h.render(c, templates.Cooperatives, p)
}

// cooperativeData is what a cooperative's page shows.
type cooperativeData struct {
	C     *catalog.Cooperative
	Items []catalog.Summary
	Total int
	Pages pagination
}

// Cooperative shows a cooperative's page with its products.
func (h *Catalog) Cooperative(c *fiber.Ctx) error {
	slug := c.Params("slug")
	if !web.IsSlug(slug) {
		return web.NotFound("cooperative")
	}
	q := web.NewQuery(c)
	page := q.PageOf(perPage)
	if err := q.Err(); err != nil {
		return err
	}
	ctx := c.UserContext()
	co, err := h.catalog.CooperativeBySlug(ctx, slug)
	if err != nil {
		return shop.NotFoundAs(err, "cooperative")
	}
	list, err := h.browse.Find(c.UserContext(), catalog.Filter{Cooperatives: []string{slug}, Sort: catalog.SortStars, Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	p.Title = co.Name
	p.Description = co.Name + " · " + co.Province.Name
	p.Data = cooperativeData{C: co, Items: list.Items, Total: list.Total,
		Pages: paginate(paths.MustBuild(paths.Cooperative, slug), url.Values{}, page, perPage, list.Total)}
	return h.render(c, templates.Cooperative, p)
}

// Image serves a product image, one of its sizes, by
// "{id}-{digest}.{ext}", or the scan of an OCOP certificate by
// "s{id}-{digest}.{ext}"; the digest in the name makes the address change
// with the content, so it is cached for good.
func (h *Catalog) Image(c *fiber.Ctx) error {
	name := c.Params("file")
	idPart, rest, ok := strings.Cut(name, "-")
	scan := strings.HasPrefix(idPart, "s")
	id, err := strconv.ParseInt(strings.TrimPrefix(idPart, "s"), 10, 64)
	if !ok || err != nil || id <= 0 {
		return web.NotFound("image")
	}
	want, _, _ := strings.Cut(rest, ".")
	var ctype string
	var data []byte
	if scan {
		ctype, data, err = h.catalog.ScanFile(c.UserContext(), id, want)
	} else {
		ctype, data, err = h.catalog.ImageFile(c.UserContext(), id, want)
	}
	if err != nil {
		return shop.NotFoundAs(err, "image")
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	switch ctype {
	case "image/svg+xml":
		// Drawn or uploaded SVG never runs script, whoever opens it directly.
		c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	case "application/pdf":
		// A scan opens in the browser's viewer, sandboxed: no script, no form.
		c.Set(fiber.HeaderContentDisposition, "inline")
		c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; sandbox")
	}
	return c.Send(data)
}
