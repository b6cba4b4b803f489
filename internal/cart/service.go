package cart

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

// Errors Service returns for requests the shopper must change; asking for
// more than the stock is a *catalog.StockError.
var (
	// ErrTooMany means the item would pass MaxQuantity.
	ErrTooMany = fault.InvalidField("quantity", "cart_quantity_max", fault.Params{"max": MaxQuantity})
	// ErrNotForSale means the product does not exist, is not published or
	// its cooperative is not active.
	ErrNotForSale = fault.New(fault.NotFound, "not_found")
)

// Catalog is what Service reads from the catalog: the visible products and
// their cooperatives' shipping rules.
type Catalog interface {
	ProductsByIDs(ctx context.Context, ids []int64) ([]catalog.Summary, error)
	CooperativeBySlug(ctx context.Context, slug string) (*catalog.Cooperative, error)
}

var _ Catalog = (*catalog.Store)(nil) // and the shelf, which keeps them in memory

// Service checks cart changes against the catalog and builds cart views.
type Service struct {
	store   Store
	catalog Catalog
}

// NewService returns a Service over a store and the catalog.
func NewService(store Store, cat Catalog) *Service { return &Service{store: store, catalog: cat} }

// Store returns the backend of s.
func (s *Service) Store() Store { return s.store }

// Note explains what changed about an item since it was added: a code
// (out_of_stock, low_stock, price_changed, not_for_sale) with the values
// its message needs; the web layer puts it into words.
type Note struct {
	Code    string       `json:"code"`
	Params  fault.Params `json:"-"`
	Message string       `json:"message"`
}

// Line is one product of a cart view.
type Line struct {
	ProductID     int64  `json:"product_id"`
	Slug          string `json:"slug"`
	Name          string `json:"name"`
	Unit          string `json:"unit"`
	ImageURL      string `json:"image_url"`
	PriceVND      int64  `json:"price_vnd"`
	Quantity      int    `json:"quantity"`
	LineTotalVND  int64  `json:"line_total_vnd"`
	Available     bool   `json:"available"`
	Stock         int    `json:"stock"`
	AddedPriceVND int64  `json:"added_price_vnd"`
	PriceChanged  bool   `json:"price_changed"`
	Note          *Note  `json:"note,omitempty"`
}

// Group is the part of a cart sold by one cooperative: one order at checkout.
type Group struct {
	Cooperative         catalog.Ref `json:"cooperative"`
	Items               []Line      `json:"items"`
	SubtotalVND         int64       `json:"subtotal_vnd"`
	ShippingVND         int64       `json:"shipping_vnd"`
	FreeShippingOverVND int64       `json:"free_shipping_over_vnd"`
}

// View is a cart as the page and GET /api/v1/cart show it. Unavailable items
// are listed but not counted in subtotals and totals.
type View struct {
	Groups   []Group `json:"groups"`
	TotalVND int64   `json:"total_vnd"`
	Count    int     `json:"count"`
	// Notes tell about items left out because they are no longer sold.
	Notes []Note `json:"notes"`
}

// View builds the view of a cart.
func (s *Service) View(ctx context.Context, cartID string) (*View, error) {
	items, err := s.store.Items(ctx, cartID)
	if err != nil {
		return nil, err
	}
	return s.build(ctx, items)
}

// Count returns how many units a cart holds, for the cart icon; it reads
// only the store.
func (s *Service) Count(ctx context.Context, cartID string) (int, error) {
	items, err := s.store.Items(ctx, cartID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, it := range items {
		n += it.Quantity
	}
	return n, nil
}

// product returns a product for sale.
func (s *Service) product(ctx context.Context, id int64) (*catalog.Summary, error) {
	ps, err := s.catalog.ProductsByIDs(ctx, []int64{id})
	if err != nil {
		return nil, fmt.Errorf("cart: product %d: %w", id, err)
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("cart: product %d: %w", id, ErrNotForSale)
	}
	return &ps[0], nil
}

// checkQuantity is the cart's quantity rule: a whole number from min (1,
// or 0 where 0 removes) to MaxQuantity, the bound orders keep too.
func checkQuantity(qty, min int) error {
	var f fault.Fields
	if qty < min || qty > MaxQuantity {
		f.Add("quantity", "out_of_range", fault.Params{"min": min, "max": MaxQuantity})
	}
	return f.Err()
}

// Add adds qty (1–999) of a product to a cart and returns the cart's view
// after it. Asking for more than the stock gives a *catalog.StockError and
// more than MaxQuantity in all gives ErrTooMany; the cart is then
// unchanged. A product not for sale is a validation error on product_id
// that matches ErrNotForSale.
func (s *Service) Add(ctx context.Context, cartID string, productID int64, qty int) (*View, error) {
	if err := checkQuantity(qty, 1); err != nil {
		return nil, err
	}
	p, err := s.product(ctx, productID)
	if errors.Is(err, ErrNotForSale) {
		var f fault.Fields
		f.Add("product_id", "not_for_sale", nil)
		return nil, fmt.Errorf("%w: %w", f.Err(), err)
	}
	if err != nil {
		return nil, err
	}
	limit := min(p.Stock, MaxQuantity)
	items, err := s.store.Add(ctx, cartID, productID, qty, p.PriceVND, limit)
	if err != nil {
		if errors.Is(err, ErrLimit) {
			return nil, s.limitError(p)
		}
		return nil, err
	}
	return s.build(ctx, items)
}

func (s *Service) limitError(p *catalog.Summary) error {
	if p.Stock < MaxQuantity {
		return &catalog.StockError{ProductID: p.ID, Name: p.Name, Stock: p.Stock}
	}
	return fmt.Errorf("cart: product %d: %w", p.ID, ErrTooMany)
}

// Set sets the quantity (0–999) of a product; 0 removes it. A product no
// longer for sale can still be removed.
func (s *Service) Set(ctx context.Context, cartID string, productID int64, qty int) error {
	if err := checkQuantity(qty, 0); err != nil {
		return err
	}
	if qty == 0 {
		return s.store.Remove(ctx, cartID, productID)
	}
	p, err := s.product(ctx, productID)
	if err != nil {
		return err
	}
	if qty > p.Stock {
		return s.limitError(p)
	}
	return s.store.Set(ctx, cartID, productID, qty, p.PriceVND)
}

// Remove takes a product out of a cart.
func (s *Service) Remove(ctx context.Context, cartID string, productID int64) error {
	return s.store.Remove(ctx, cartID, productID)
}

// Merge joins a guest cart into a user's cart at login, quantities adding up.
func (s *Service) Merge(ctx context.Context, guestCartID, userCartID string) error {
	if guestCartID == userCartID {
		return nil
	}
	return s.store.Merge(ctx, guestCartID, userCartID)
}

func (s *Service) build(ctx context.Context, items []Item) (*View, error) {
	v := &View{Groups: []Group{}, Notes: []Note{}}
	if len(items) == 0 {
		return v, nil
	}
	slices.SortFunc(items, func(a, b Item) int { return a.AddedAt.Compare(b.AddedAt) })
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
	}
	// The products come in the order of ids, those not for sale left out,
	// so each item's product is the next one or missing.
	products, err := s.catalog.ProductsByIDs(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("cart: view: %w", err)
	}
	next := 0
	for _, it := range items {
		if next == len(products) || products[next].ID != it.ProductID {
			v.Notes = append(v.Notes, Note{Code: "not_for_sale"})
			continue
		}
		p := &products[next]
		next++
		gi := slices.IndexFunc(v.Groups, func(g Group) bool { return g.Cooperative.ID == p.Cooperative.ID })
		if gi < 0 {
			co, err := s.catalog.CooperativeBySlug(ctx, p.Cooperative.Slug)
			if err != nil {
				return nil, fmt.Errorf("cart: view: %w", err)
			}
			gi = len(v.Groups)
			v.Groups = append(v.Groups, Group{Cooperative: p.Cooperative, Items: []Line{},
				ShippingVND: co.ShippingFeeVND, FreeShippingOverVND: co.FreeShippingOverVND})
		}
		g := &v.Groups[gi]
		l := Line{ProductID: p.ID, Slug: p.Slug, Name: p.Name, Unit: p.Unit, ImageURL: p.ImageURL,
			PriceVND: p.PriceVND, Quantity: it.Quantity, LineTotalVND: p.PriceVND * int64(it.Quantity),
			Stock: p.Stock, AddedPriceVND: it.PriceVND, PriceChanged: it.PriceVND != p.PriceVND}
		l.Available = p.Stock >= it.Quantity
		switch {
		case p.Stock == 0:
			l.Note = &Note{Code: "out_of_stock"}
		case !l.Available:
			l.Note = &Note{Code: "low_stock", Params: fault.Params{"Count": p.Stock}}
		case l.PriceChanged:
			l.Note = &Note{Code: "price_changed", Params: fault.Params{"Old": format.VND(it.PriceVND), "New": format.VND(p.PriceVND)}}
		}
		if l.Available {
			g.SubtotalVND += l.LineTotalVND
		}
		v.Count += it.Quantity
		g.Items = append(g.Items, l)
	}
	for i := range v.Groups {
		g := &v.Groups[i]
		g.ShippingVND = catalog.ShippingFee(g.SubtotalVND, g.ShippingVND, g.FreeShippingOverVND)
		v.TotalVND += g.SubtotalVND + g.ShippingVND
	}
	return v, nil
}
