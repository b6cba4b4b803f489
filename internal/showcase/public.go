package showcase

import (
	"context"
	"fmt"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

// Fair is a published fair as shoppers see it: only the booths of active
// cooperatives that still show a product, and only visible products.
type Fair struct {
	ID          int64       `json:"id"`
	Slug        string      `json:"slug"`
	Title       string      `json:"title"`
	City        string      `json:"city"`
	Venue       string      `json:"venue"`
	StartsOn    db.Date     `json:"starts_on"`
	EndsOn      db.Date     `json:"ends_on"`
	Description string      `json:"description"`
	BannerURL   string      `json:"banner_url"`
	Province    *string     `json:"province_slug"`
	Booths      []FairBooth `json:"booths"`
}

// FairBooth is a booth of a published fair.
type FairBooth struct {
	ID          int64             `json:"id"`
	Position    int               `json:"position"`
	Cooperative catalog.Ref       `json:"cooperative"`
	Products    []catalog.Summary `json:"products"`
}

// Running reports whether the fair is on during day.
func (f *Fair) Running(day db.Date) bool {
	return !day.Before(f.StartsOn.Time) && !day.After(f.EndsOn.Time)
}

func fairOf(sc *Showcase) Fair {
	return Fair{ID: sc.ID, Slug: sc.Slug, Title: sc.Title, City: sc.City, Venue: sc.Venue, StartsOn: sc.StartsOn, EndsOn: sc.EndsOn,
		Description: sc.Description, BannerURL: sc.BannerURL, Province: sc.ProvinceSlug, Booths: []FairBooth{}}
}

// Upcoming lists the published fairs that have not ended, of province
// when not empty, the soonest first.
func (s *Store) Upcoming(ctx context.Context, province string) ([]Fair, error) {
	q, args := "SELECT "+columns+" FROM showcases WHERE status = ? AND ends_on >= ?", []any{StatusPublished, s.Today()}
	if province != "" {
		q += " AND province_slug = ?"
		args = append(args, province)
	}
	var rows []Showcase
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(q+" ORDER BY starts_on, id LIMIT 100"), args...); err != nil {
		return nil, fmt.Errorf("showcase: upcoming: %w", err)
	}
	out := make([]Fair, len(rows))
	for i := range rows {
		rows[i].fill()
		out[i] = fairOf(&rows[i])
	}
	return out, nil
}

// Running lists the published fairs on today, for the home page.
func (s *Store) Running(ctx context.Context) ([]Fair, error) {
	all, err := s.Upcoming(ctx, "")
	if err != nil {
		return nil, err
	}
	today := s.Today()
	out := []Fair{}
	for _, f := range all {
		if f.Running(today) {
			out = append(out, f)
		}
	}
	return out, nil
}

// BySlug returns a published fair with its booths as shoppers see them.
func (s *Store) BySlug(ctx context.Context, slug string) (*Fair, error) {
	var sc Showcase
	err := s.db.GetContext(ctx, &sc, s.db.Rebind("SELECT "+columns+" FROM showcases WHERE slug = ? AND status = ?"), slug, StatusPublished)
	if db.NoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("showcase: %q: %w", slug, err)
	}
	sc.fill()
	return s.withBooths(ctx, &sc)
}

// Preview returns a fair of the staff member's province as shoppers will
// see it once published, whatever its status.
func (s *Store) Preview(ctx context.Context, province string, id int64) (*Fair, error) {
	sc, err := s.get(ctx, s.db, province, id)
	if err != nil {
		return nil, err
	}
	return s.withBooths(ctx, sc)
}

func (s *Store) withBooths(ctx context.Context, sc *Showcase) (*Fair, error) {
	f := fairOf(sc)
	rows, err := s.boothRows(ctx, s.db, sc.ID, true)
	if err != nil {
		return nil, err
	}
	var chosen []struct {
		BoothID   int64 `db:"booth_id"`
		ProductID int64 `db:"product_id"`
	}
	if err := s.db.SelectContext(ctx, &chosen, s.db.Rebind(`SELECT bp.booth_id, bp.product_id FROM showcase_booth_products bp
		JOIN showcase_booths b ON b.id = bp.booth_id WHERE b.showcase_id = ? ORDER BY bp.booth_id, bp.position`), sc.ID); err != nil {
		return nil, fmt.Errorf("showcase: %d: booth products: %w", sc.ID, err)
	}
	ids := make([]int64, len(chosen))
	for i, c := range chosen {
		ids[i] = c.ProductID
	}
	visible, err := s.catalog.ProductsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]catalog.Summary, len(visible))
	for _, p := range visible {
		byID[p.ID] = p
	}
	products := map[int64][]catalog.Summary{}
	for _, c := range chosen {
		if p, ok := byID[c.ProductID]; ok {
			products[c.BoothID] = append(products[c.BoothID], p)
		}
	}
	for _, r := range rows {
		if len(products[r.ID]) == 0 {
			continue // nothing left to show: no empty stand
		}
		f.Booths = append(f.Booths, FairBooth{ID: r.ID, Position: r.Position,
			Cooperative: catalog.Ref{ID: r.CoopID, Slug: r.CoopSlug, Name: r.CoopName}, Products: products[r.ID]})
	}
	return &f, nil
}

// CountVisit adds one visit of the fair's public page on today.
func (s *Store) CountVisit(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`INSERT INTO showcase_visits (showcase_id, day, visits) VALUES (?, ?, 1)
		ON CONFLICT (showcase_id, day) DO UPDATE SET visits = showcase_visits.visits + 1`), id, s.Today()); err != nil {
		return fmt.Errorf("showcase: %d: count visit: %w", id, err)
	}
	return nil
}

// Attributable reports whether orders may still be credited to fair id:
// it is published and has not ended.
func (s *Store) Attributable(ctx context.Context, id int64) (bool, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, s.db.Rebind("SELECT COUNT(*) FROM showcases WHERE id = ? AND status = ? AND ends_on >= ?"),
		id, StatusPublished, s.Today()); err != nil {
		return false, fmt.Errorf("showcase: %d: attributable: %w", id, err)
	}
	return n > 0, nil
}

// AttributionUntil is when a shopper's visit of fair f stops counting
// for its orders: the end of its last day in Vietnam.
func AttributionUntil(f *Fair) time.Time {
	y, m, d := f.EndsOn.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, format.Vietnam())
}

// Results are what a fair brought: visits of its page and the orders
// placed through it (cancelled ones left out) with their revenue.
type Results struct {
	Visits     int64 `json:"visits" db:"visits"`
	Orders     int64 `json:"orders" db:"orders"`
	RevenueVND int64 `json:"revenue_vnd" db:"revenue_vnd"`
}

// Results returns the results of fair id.
func (s *Store) Results(ctx context.Context, id int64) (Results, error) {
	var r Results
	if err := s.db.GetContext(ctx, &r.Visits, s.db.Rebind("SELECT COALESCE(SUM(visits), 0) FROM showcase_visits WHERE showcase_id = ?"), id); err != nil {
		return r, fmt.Errorf("showcase: %d: visits: %w", id, err)
	}
	if err := s.db.GetContext(ctx, &r, s.db.Rebind(`SELECT COUNT(*) AS orders, COALESCE(SUM(total_vnd), 0) AS revenue_vnd
		FROM orders WHERE showcase_id = ? AND status <> 'cancelled'`), id); err != nil {
		return r, fmt.Errorf("showcase: %d: orders: %w", id, err)
	}
	return r, nil
}
