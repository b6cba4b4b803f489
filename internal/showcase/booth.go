package showcase

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// MaxBoothProducts is how many products one booth shows at most.
const MaxBoothProducts = 24

// BoothInput is a booth as staff set it up: the cooperative (when adding),
// the chosen products in the order to show them and, optionally, the
// booth's place among the fair's booths (1 is first; nil keeps it, or puts
// a new booth last).
type BoothInput struct {
	CooperativeID int64   `json:"cooperative_id"`
	ProductIDs    []int64 `json:"product_ids"`
	Position      *int    `json:"position"`
}

// errBoothExists refuses a second booth of one cooperative at a fair.
var errBoothExists = fault.New(fault.Conflict, "booth_exists")

// checkCooperative checks that the cooperative may have a booth: it
// exists, is active and, for a province's staff, is of their province.
func (s *Store) checkCooperative(ctx context.Context, tx *sqlx.Tx, a Actor, f *fault.Fields, coopID int64) error {
	if coopID <= 0 {
		f.Add("cooperative_id", "required", nil)
		return nil
	}
	var co struct {
		Status   string `db:"status"`
		Province string `db:"province_slug"`
	}
	err := tx.GetContext(ctx, &co, tx.Rebind("SELECT status, province_slug FROM cooperatives WHERE id = ?"), coopID)
	switch {
	case db.NoRows(err) || err == nil && a.Province != "" && co.Province != a.Province:
		f.Add("cooperative_id", "booth_unknown_cooperative", nil)
	case err != nil:
		return fmt.Errorf("showcase: cooperative %d: %w", coopID, err)
	case co.Status != "active":
		f.Add("cooperative_id", "booth_cooperative_not_active", nil)
	}
	return nil
}

// checkProducts checks that ids are distinct published products of the
// cooperative, at least one and at most MaxBoothProducts.
func (s *Store) checkProducts(ctx context.Context, tx *sqlx.Tx, f *fault.Fields, coopID int64, ids []int64) error {
	switch {
	case len(ids) == 0:
		f.Add("product_ids", "required", nil)
		return nil
	case len(ids) > MaxBoothProducts:
		f.Add("product_ids", "too_many_values", fault.Params{"max": MaxBoothProducts})
		return nil
	}
	seen := map[int64]bool{}
	for _, id := range ids {
		if id <= 0 || seen[id] {
			f.Add("product_ids", "invalid_booth_products", nil)
			return nil
		}
		seen[id] = true
	}
	if f.Has("cooperative_id") {
		return nil
	}
	q, args, err := sqlx.In("SELECT COUNT(*) FROM products WHERE cooperative_id = ? AND published = TRUE AND id IN (?)", coopID, ids)
	if err != nil {
		return err
	}
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(q), args...); err != nil {
		return err
	}
	if n != len(ids) {
		f.Add("product_ids", "invalid_booth_products", nil)
	}
	return nil
}

// boothOrder is the ids of the fair's booths in their order.
func (s *Store) boothOrder(ctx context.Context, tx *sqlx.Tx, showcaseID int64) ([]int64, error) {
	var ids []int64
	err := tx.SelectContext(ctx, &ids, tx.Rebind("SELECT id FROM showcase_booths WHERE showcase_id = ? ORDER BY position, id"), showcaseID)
	return ids, err
}

// renumber writes positions 1, 2, … in the order of ids.
func renumber(ctx context.Context, tx *sqlx.Tx, ids []int64) error {
	for i, id := range ids {
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE showcase_booths SET position = ? WHERE id = ?"), i+1, id); err != nil {
			return err
		}
	}
	return nil
}

// place moves booth id to position (1-based, clamped) in order.
func place(order []int64, id int64, position int) []int64 {
	order = slices.DeleteFunc(slices.Clone(order), func(x int64) bool { return x == id })
	at := min(max(position-1, 0), len(order))
	return slices.Insert(order, at, id)
}

func checkPosition(f *fault.Fields, p *int, last int) {
	if p != nil && (*p < 1 || *p > last) {
		f.Add("position", "out_of_range", fault.Params{"min": 1, "max": last})
	}
}

func setProducts(ctx context.Context, tx *sqlx.Tx, boothID int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM showcase_booth_products WHERE booth_id = ?"), boothID); err != nil {
		return err
	}
	for i, pid := range ids {
		if _, err := tx.ExecContext(ctx, tx.Rebind("INSERT INTO showcase_booth_products (booth_id, product_id, position) VALUES (?, ?, ?)"),
			boothID, pid, i+1); err != nil {
			return err
		}
	}
	return nil
}

// AddBooth gives a cooperative a booth at the fair with a choice of its
// published products.
func (s *Store) AddBooth(ctx context.Context, a Actor, id int64, in BoothInput) (*Showcase, error) {
	err := s.change(ctx, a, id, "showcase.booth_add", func(tx *sqlx.Tx, sc *Showcase) error {
		var f fault.Fields
		if err := s.checkCooperative(ctx, tx, a, &f, in.CooperativeID); err != nil {
			return err
		}
		if err := s.checkProducts(ctx, tx, &f, in.CooperativeID, in.ProductIDs); err != nil {
			return err
		}
		checkPosition(&f, in.Position, len(sc.Booths)+1)
		if err := f.Err(); err != nil {
			return err
		}
		if slices.ContainsFunc(sc.Booths, func(b Booth) bool { return b.Cooperative.ID == in.CooperativeID }) {
			return errBoothExists
		}
		var boothID int64
		if err := tx.GetContext(ctx, &boothID, tx.Rebind(`INSERT INTO showcase_booths (showcase_id, cooperative_id, position)
			VALUES (?, ?, ?) RETURNING id`), id, in.CooperativeID, len(sc.Booths)+1); err != nil {
			return err
		}
		if err := setProducts(ctx, tx, boothID, in.ProductIDs); err != nil {
			return err
		}
		return s.reposition(ctx, tx, id, boothID, in.Position)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a.Province, id)
}

// reposition moves a booth to position when one is given.
func (s *Store) reposition(ctx context.Context, tx *sqlx.Tx, showcaseID, boothID int64, position *int) error {
	if position == nil {
		return nil
	}
	order, err := s.boothOrder(ctx, tx, showcaseID)
	if err != nil {
		return err
	}
	return renumber(ctx, tx, place(order, boothID, *position))
}

// booth finds booth boothID among the fair's.
func booth(sc *Showcase, boothID int64) (*Booth, int, error) {
	for i := range sc.Booths {
		if sc.Booths[i].ID == boothID {
			return &sc.Booths[i], i, nil
		}
	}
	return nil, 0, errBoothNotFound
}

// UpdateBooth sets the products of a booth (when ProductIDs is not nil)
// and its place (when Position is set).
func (s *Store) UpdateBooth(ctx context.Context, a Actor, id, boothID int64, in BoothInput) (*Showcase, error) {
	err := s.change(ctx, a, id, "showcase.booth_update", func(tx *sqlx.Tx, sc *Showcase) error {
		b, _, err := booth(sc, boothID)
		if err != nil {
			return err
		}
		var f fault.Fields
		if in.ProductIDs != nil {
			if err := s.checkProducts(ctx, tx, &f, b.Cooperative.ID, in.ProductIDs); err != nil {
				return err
			}
		}
		checkPosition(&f, in.Position, len(sc.Booths))
		if in.ProductIDs == nil && in.Position == nil {
			f.Add("product_ids", "required", nil)
		}
		if err := f.Err(); err != nil {
			return err
		}
		if in.ProductIDs != nil {
			if err := setProducts(ctx, tx, boothID, in.ProductIDs); err != nil {
				return err
			}
		}
		return s.reposition(ctx, tx, id, boothID, in.Position)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a.Province, id)
}

// MoveBooth moves a booth one place up (delta -1) or down (+1).
func (s *Store) MoveBooth(ctx context.Context, a Actor, id, boothID int64, delta int) (*Showcase, error) {
	err := s.change(ctx, a, id, "showcase.booth_move", func(tx *sqlx.Tx, sc *Showcase) error {
		_, i, err := booth(sc, boothID)
		if err != nil {
			return err
		}
		order := make([]int64, len(sc.Booths))
		for k, b := range sc.Booths {
			order[k] = b.ID
		}
		return renumber(ctx, tx, place(order, boothID, i+1+delta))
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a.Province, id)
}

// RemoveBooth takes a booth out of the fair.
func (s *Store) RemoveBooth(ctx context.Context, a Actor, id, boothID int64) (*Showcase, error) {
	err := s.change(ctx, a, id, "showcase.booth_remove", func(tx *sqlx.Tx, sc *Showcase) error {
		if _, _, err := booth(sc, boothID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM showcase_booth_products WHERE booth_id = ?"), boothID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM showcase_booths WHERE id = ?"), boothID); err != nil {
			return err
		}
		order, err := s.boothOrder(ctx, tx, id)
		if err != nil {
			return err
		}
		return renumber(ctx, tx, order)
	})
	if err != nil {
		return nil, fmt.Errorf("showcase: %d: remove booth %d: %w", id, boothID, err)
	}
	return s.Get(ctx, a.Province, id)
}
