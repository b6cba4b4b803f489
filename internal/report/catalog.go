package report

import (
	"context"
	"fmt"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
)

// CoopTally counts cooperatives by status.
type CoopTally struct {
	Pending   int64 `json:"pending"`
	Active    int64 `json:"active"`
	Suspended int64 `json:"suspended"`
	Total     int64 `json:"total"`
}

// CoopCounts are the cooperatives of one province by status.
type CoopCounts struct {
	Province catalog.NamedSlug `json:"province"`
	CoopTally
}

// StarTally counts products holding a verified, unexpired OCOP
// certificate by their best stars.
type StarTally struct {
	Stars3 int64 `json:"stars_3"`
	Stars4 int64 `json:"stars_4"`
	Stars5 int64 `json:"stars_5"`
	Total  int64 `json:"total"`
}

// StarCounts are the verified products of one province's cooperatives.
type StarCounts struct {
	Province catalog.NamedSlug `json:"province"`
	StarTally
}

// Catalog counts what the marketplace holds, by the cooperative's province.
type Catalog struct {
	Cooperatives      []CoopCounts `json:"cooperatives"`
	CooperativesTotal CoopTally    `json:"cooperatives_total"`
	Products          []StarCounts `json:"verified_products"`
	ProductsTotal     StarTally    `json:"verified_products_total"`
}

// Catalog counts the cooperatives by province and status and the verified
// products by province and stars (judged today): two queries.
func (s *Service) Catalog(ctx context.Context, sc Scope) (*Catalog, error) {
	scope, args := sc.where(nil)
	var coops []struct {
		Slug   string `db:"slug"`
		Name   string `db:"name"`
		Status string `db:"status"`
		N      int64  `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &coops, s.db.Rebind(`SELECT pr.slug, pr.name, co.status, COUNT(*) AS n
		FROM cooperatives co JOIN provinces pr ON pr.slug = co.province_slug
		WHERE 1 = 1`+scope+` GROUP BY pr.slug, pr.name, pr.position, co.status ORDER BY pr.position, co.status`), args...); err != nil {
		return nil, fmt.Errorf("report: count cooperatives: %w", err)
	}
	out := &Catalog{Cooperatives: []CoopCounts{}, Products: []StarCounts{}}
	for _, r := range coops {
		if n := len(out.Cooperatives); n == 0 || out.Cooperatives[n-1].Province.Slug != r.Slug {
			out.Cooperatives = append(out.Cooperatives, CoopCounts{Province: catalog.NamedSlug{Slug: r.Slug, Name: r.Name}})
		}
		for _, c := range []*CoopTally{&out.Cooperatives[len(out.Cooperatives)-1].CoopTally, &out.CooperativesTotal} {
			switch r.Status {
			case catalog.CoopPending:
				c.Pending += r.N
			case catalog.CoopActive:
				c.Active += r.N
			case catalog.CoopSuspended:
				c.Suspended += r.N
			}
			c.Total += r.N
		}
	}

	var stars []struct {
		Slug  string `db:"slug"`
		Name  string `db:"name"`
		Stars int    `db:"stars"`
		N     int64  `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &stars, s.db.Rebind(`SELECT pr.slug, pr.name, st.stars, COUNT(*) AS n
		FROM (SELECT product_id, MAX(stars) AS stars FROM ocop_certificates
			WHERE status = 'verified' AND expires_on >= ? GROUP BY product_id) st
		JOIN products p ON p.id = st.product_id
		JOIN cooperatives co ON co.id = p.cooperative_id
		JOIN provinces pr ON pr.slug = co.province_slug
		WHERE 1 = 1`+scope+` GROUP BY pr.slug, pr.name, pr.position, st.stars ORDER BY pr.position, st.stars`),
		append([]any{s.Today()}, args...)...); err != nil {
		return nil, fmt.Errorf("report: count verified products: %w", err)
	}
	for _, r := range stars {
		if n := len(out.Products); n == 0 || out.Products[n-1].Province.Slug != r.Slug {
			out.Products = append(out.Products, StarCounts{Province: catalog.NamedSlug{Slug: r.Slug, Name: r.Name}})
		}
		for _, c := range []*StarTally{&out.Products[len(out.Products)-1].StarTally, &out.ProductsTotal} {
			switch r.Stars {
			case 3:
				c.Stars3 += r.N
			case 4:
				c.Stars4 += r.N
			case 5:
				c.Stars5 += r.N
			}
			c.Total += r.N
		}
	}
	return out, nil
}
