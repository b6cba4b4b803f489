package showcase

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// List returns one page of the fairs the actor's province organises (all
// for national staff), of status when not empty, the latest first, and
// how many there are in all.
func (s *Store) List(ctx context.Context, province, status string, page, perPage int) ([]Showcase, int, error) {
	where, args := " WHERE 1 = 1", []any{}
	if province != "" {
		where += " AND province_slug = ?"
		args = append(args, province)
	}
	if status != "" {
		where += " AND status = ?"
		args = append(args, status)
	}
	var total int
	if err := s.db.GetContext(ctx, &total, s.db.Rebind("SELECT COUNT(*) FROM showcases"+where), args...); err != nil {
		return nil, 0, fmt.Errorf("showcase: list: %w", err)
	}
	items := []Showcase{}
	if err := s.db.SelectContext(ctx, &items, s.db.Rebind("SELECT "+columns+" FROM showcases"+where+
		" ORDER BY starts_on DESC, id DESC LIMIT ? OFFSET ?"), append(args, perPage, (page-1)*perPage)...); err != nil {
		return nil, 0, fmt.Errorf("showcase: list: %w", err)
	}
	for i := range items {
		items[i].fill()
	}
	return items, total, nil
}

// Get returns a fair with its booths as staff see them: every booth and
// every chosen product, marked visible or not.
func (s *Store) Get(ctx context.Context, province string, id int64) (*Showcase, error) {
	sc, err := s.get(ctx, s.db, province, id)
	if err != nil {
		return nil, err
	}
	if sc.Booths, err = s.staffBooths(ctx, s.db, id); err != nil {
		return nil, err
	}
	return sc, nil
}

type boothRow struct {
	ID       int64  `db:"id"`
	Position int    `db:"position"`
	CoopID   int64  `db:"coop_id"`
	CoopSlug string `db:"coop_slug"`
	CoopName string `db:"coop_name"`
}

func (s *Store) boothRows(ctx context.Context, q sqlx.QueryerContext, showcaseID int64, activeOnly bool) ([]boothRow, error) {
	query := `SELECT b.id, b.position, co.id AS coop_id, co.slug AS coop_slug, co.name AS coop_name
		FROM showcase_booths b JOIN cooperatives co ON co.id = b.cooperative_id WHERE b.showcase_id = ?`
	if activeOnly {
		query += " AND co.status = 'active'"
	}
	var rows []boothRow
	if err := sqlx.SelectContext(ctx, q, &rows, s.db.Rebind(query+" ORDER BY b.position, b.id"), showcaseID); err != nil {
		return nil, fmt.Errorf("showcase: %d: booths: %w", showcaseID, err)
	}
	return rows, nil
}

func (s *Store) staffBooths(ctx context.Context, q sqlx.QueryerContext, showcaseID int64) ([]Booth, error) {
	rows, err := s.boothRows(ctx, q, showcaseID, false)
	if err != nil {
		return nil, err
	}
	var items []struct {
		BoothID int64 `db:"booth_id"`
		BoothItem
	}
	if err := sqlx.SelectContext(ctx, q, &items, s.db.Rebind(`SELECT bp.booth_id, p.id, p.slug, p.name, p.price_vnd,
		CASE WHEN p.published = TRUE AND co.status = 'active' THEN TRUE ELSE FALSE END AS visible
		FROM showcase_booth_products bp JOIN showcase_booths b ON b.id = bp.booth_id
		JOIN products p ON p.id = bp.product_id JOIN cooperatives co ON co.id = p.cooperative_id
		WHERE b.showcase_id = ? ORDER BY bp.booth_id, bp.position, p.id`), showcaseID); err != nil {
		return nil, fmt.Errorf("showcase: %d: booth products: %w", showcaseID, err)
	}
	booths := make([]Booth, len(rows))
	at := map[int64]int{}
	for i, r := range rows {
		booths[i] = Booth{ID: r.ID, Position: r.Position, Cooperative: catalog.Ref{ID: r.CoopID, Slug: r.CoopSlug, Name: r.CoopName},
			Products: []BoothItem{}}
		at[r.ID] = i
	}
	for _, it := range items {
		b := &booths[at[it.BoothID]]
		b.Products = append(b.Products, it.BoothItem)
	}
	return booths, nil
}

// Create adds a draft fair organised by the actor's province (or, for
// national staff, the province of the input).
func (s *Store) Create(ctx context.Context, a Actor, in Input) (*Showcase, error) {
	c, err := s.check(ctx, a, in)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		slug, err := s.freeSlug(ctx, tx, c.Title)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		var by *int64
		if a.ID != 0 {
			by = &a.ID
		}
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO showcases (slug, title, city, venue, starts_on, ends_on,
			description, status, province_slug, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			slug, c.Title, c.City, c.Venue, c.starts, c.ends, c.Description, StatusDraft, c.province, by, now, now); err != nil {
			return fmt.Errorf("showcase: create: %w", err)
		}
		after, err := s.get(ctx, tx, "", id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, a, "showcase.create", id, nil, after)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a.Province, id)
}

// freeSlug is the slug of title not yet taken by another fair.
func (s *Store) freeSlug(ctx context.Context, tx *sqlx.Tx, title string) (string, error) {
	base := catalog.Slugify(title)
	if base == "" {
		base = "hoi-cho"
	}
	if len(base) > 80 {
		base = base[:80]
	}
	for n := 1; n < 100; n++ {
		slug := base
		if n > 1 {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		var taken int
		if err := tx.GetContext(ctx, &taken, tx.Rebind("SELECT COUNT(*) FROM showcases WHERE slug = ?"), slug); err != nil {
			return "", fmt.Errorf("showcase: slug: %w", err)
		}
		if taken == 0 {
			return slug, nil
		}
	}
	return "", fmt.Errorf("showcase: no free slug for %q", base)
}

// Update changes the fields of a fair; its slug stays, so that links and
// printed posters keep working.
func (s *Store) Update(ctx context.Context, a Actor, id int64, in Input) (*Showcase, error) {
	c, err := s.check(ctx, a, in)
	if err != nil {
		return nil, err
	}
	err = s.change(ctx, a, id, "showcase.update", func(tx *sqlx.Tx, _ *Showcase) error {
		_, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE showcases SET title = ?, city = ?, venue = ?, starts_on = ?, ends_on = ?,
			description = ?, province_slug = ?, updated_at = ? WHERE id = ?`),
			c.Title, c.City, c.Venue, c.starts, c.ends, c.Description, c.province, s.now().UTC(), id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a.Province, id)
}

// change runs fn on fair id of the actor's province in a transaction and
// records the fair before and after as action.
func (s *Store) change(ctx context.Context, a Actor, id int64, action string, fn func(tx *sqlx.Tx, before *Showcase) error) error {
	return s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.get(ctx, tx, a.Province, id)
		if err != nil {
			return err
		}
		if before.Booths, err = s.staffBooths(ctx, tx, id); err != nil {
			return err
		}
		if err := fn(tx, before); err != nil {
			if _, ok := fault.As(err); ok {
				return err
			}
			return fmt.Errorf("showcase: %d: %s: %w", id, action, err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE showcases SET updated_at = ? WHERE id = ?"), s.now().UTC(), id); err != nil {
			return fmt.Errorf("showcase: %d: %w", id, err)
		}
		after, err := s.get(ctx, tx, "", id)
		if err != nil {
			return err
		}
		if after.Booths, err = s.staffBooths(ctx, tx, id); err != nil {
			return err
		}
		if err := s.catalog.Touch(ctx, tx); err != nil { // the home page and the fair's page show it
			return fmt.Errorf("showcase: %d: %w", id, err)
		}
		return s.record(ctx, tx, a, action, id, before, after)
	})
}

// errTransition is a status change the fair's state forbids.
var errTransition = fault.New(fault.Conflict, "invalid_showcase_transition")

// errNotEnded refuses to archive a fair before its last day has passed.
var errNotEnded = fault.New(fault.Conflict, "showcase_not_ended")

// Publish shows a draft fair to the public.
func (s *Store) Publish(ctx context.Context, a Actor, id int64) (*Showcase, error) {
	return s.setStatus(ctx, a, id, "showcase.publish", StatusPublished, func(sc *Showcase) error {
		if sc.Status != StatusDraft {
			return errTransition.With(fault.Params{"from": sc.Status, "to": StatusPublished})
		}
		return nil
	})
}

// Unpublish takes a published fair back to a draft.
func (s *Store) Unpublish(ctx context.Context, a Actor, id int64) (*Showcase, error) {
	return s.setStatus(ctx, a, id, "showcase.unpublish", StatusDraft, func(sc *Showcase) error {
		if sc.Status != StatusPublished {
			return errTransition.With(fault.Params{"from": sc.Status, "to": StatusDraft})
		}
		return nil
	})
}

// Archive puts away a fair whose last day has passed; it no longer shows.
func (s *Store) Archive(ctx context.Context, a Actor, id int64) (*Showcase, error) {
	today := s.Today()
	return s.setStatus(ctx, a, id, "showcase.archive", StatusArchived, func(sc *Showcase) error {
		if sc.Status == StatusArchived {
			return errTransition.With(fault.Params{"from": sc.Status, "to": StatusArchived})
		}
		if !sc.EndsOn.Before(today.Time) {
			return errNotEnded.With(fault.Params{"ends_on": sc.EndsOn.String()})
		}
		return nil
	})
}

func (s *Store) setStatus(ctx context.Context, a Actor, id int64, action, to string, may func(*Showcase) error) (*Showcase, error) {
	err := s.change(ctx, a, id, action, func(tx *sqlx.Tx, sc *Showcase) error {
		if err := may(sc); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, tx.Rebind("UPDATE showcases SET status = ? WHERE id = ?"), to, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a.Province, id)
}
