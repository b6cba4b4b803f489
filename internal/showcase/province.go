package showcase

import (
	"context"
	"errors"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// errProvinceNotFound is a province portal of no province.
var errProvinceNotFound = fault.New(fault.NotFound, "not_found").With(fault.Params{"what": "province"})

// PortalProducts is how many featured products a province portal shows.
const PortalProducts = 24

// Portal is a province's page: its active cooperatives, its featured
// products (verified OCOP first, by stars, then the newest) and its fairs
// that have not ended.
type Portal struct {
	Province     catalog.Province      `json:"province"`
	Cooperatives []catalog.Cooperative `json:"cooperatives"`
	Products     []catalog.Summary     `json:"products"`
	Showcases    []Fair                `json:"showcases"`
}

// Portal returns the portal of the province named by slug.
func (s *Store) Portal(ctx context.Context, slug string) (*Portal, error) {
	ps, err := s.catalog.Provinces(ctx)
	if err != nil {
		return nil, err
	}
	p := &Portal{}
	found := false
	for _, pr := range ps {
		if pr.Slug == slug {
			p.Province, found = pr, true
		}
	}
	if !found {
		return nil, errProvinceNotFound
	}
	if p.Cooperatives, err = s.catalog.Cooperatives(ctx, []string{slug}); err != nil {
		return nil, err
	}
	list, err := s.catalog.ListProducts(ctx, catalog.Filter{Provinces: []string{slug}, Sort: catalog.SortStars, Page: 1, PerPage: PortalProducts})
	if err != nil && !errors.Is(err, catalog.ErrNotFound) {
		return nil, err
	}
	p.Products = []catalog.Summary{}
	if list != nil && list.Items != nil {
		p.Products = list.Items
	}
	if p.Showcases, err = s.Upcoming(ctx, slug); err != nil {
		return nil, err
	}
	return p, nil
}
