package listing

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
)

// record writes the audit record of a change to product id and its index
// job, in the change's transaction tx.
func (s *Service) record(ctx context.Context, tx *sqlx.Tx, actor audit.Actor, coopID int64, action string, id int64, before, after any) error {
	if err := s.audit.Record(ctx, tx, audit.Entry{Actor: actor, CooperativeID: &coopID, Action: action,
		Subject: audit.Subject{Kind: "product", ID: audit.SubjectID(id)}, Before: before, After: after}); err != nil {
		return fmt.Errorf("listing: %w", err)
	}
	if err := s.catalog.EnqueueIndex(ctx, tx, catalog.IndexJob{ProductIDs: []int64{id}}); err != nil {
		return fmt.Errorf("listing: %w", err)
	}
	return nil
}

// mayPublish refuses to publish for a cooperative that is not active.
func (s *Service) mayPublish(ctx context.Context, tx *sqlx.Tx, coopID int64) error {
	var status string
	if err := tx.GetContext(ctx, &status, tx.Rebind(`SELECT status FROM cooperatives WHERE id = ?`), coopID); err != nil {
		return fmt.Errorf("listing: cooperative %d: %w", coopID, err)
	}
	if status != catalog.CoopActive {
		return ErrCooperativeNotActive
	}
	return nil
}

// freeSlug returns base, or base-2, base-3 … for the first that no product
// holds yet.
func (s *Service) freeSlug(ctx context.Context, tx *sqlx.Tx, base string) (string, error) {
	if base == "" {
		base = "san-pham"
	}
	if len(base) > 180 {
		base = base[:180]
	}
	var taken []string
	if err := tx.SelectContext(ctx, &taken, tx.Rebind(`SELECT slug FROM products WHERE slug = ? OR slug LIKE ? ESCAPE '\'`),
		base, db.EscapeLike(base)+"-%"); err != nil {
		return "", fmt.Errorf("listing: slug %s: %w", base, err)
	}
	used := make(map[string]bool, len(taken))
	for _, t := range taken {
		used[t] = true
	}
	slug := base
	for n := 2; used[slug]; n++ {
		slug = base + "-" + strconv.Itoa(n)
	}
	return slug, nil
}

// setCertifications makes the certifications of product id exactly slugs,
// keeping the codes of those it already holds.
func (s *Service) setCertifications(ctx context.Context, tx *sqlx.Tx, id int64, slugs []string) error {
	q := `DELETE FROM product_certifications WHERE product_id = ?`
	args := []any{id}
	if len(slugs) > 0 {
		var err error
		q, args, err = sqlx.In(q+` AND certification_slug NOT IN (?)`, id, slugs)
		if err != nil {
			return fmt.Errorf("listing: product %d: certifications: %w", id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
		return fmt.Errorf("listing: product %d: certifications: %w", id, err)
	}
	for _, slug := range slugs {
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO product_certifications (product_id, certification_slug)
			VALUES (?, ?) ON CONFLICT (product_id, certification_slug) DO NOTHING`), id, slug); err != nil {
			return fmt.Errorf("listing: product %d: certification %s: %w", id, slug, err)
		}
	}
	return nil
}

// Create lists a new product of cooperative coopID, as a draft unless in
// says to publish it.
func (s *Service) Create(ctx context.Context, actor audit.Actor, coopID int64, in Input) (*Product, error) {
	var id int64
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		c, err := s.check(ctx, tx, coopID, in)
		if err != nil {
			return err
		}
		if c.Published {
			if err := s.mayPublish(ctx, tx, coopID); err != nil {
				return err
			}
		}
		slug, err := s.freeSlug(ctx, tx, catalog.Slugify(c.Name))
		if err != nil {
			return err
		}
		now := s.now().UTC()
		search := catalog.SearchText(append([]string{c.Name, c.Description}, c.keywords...)...)
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO products (cooperative_id, category_slug, slug, name, description,
			price_vnd, unit, stock, published, origin_province_slug, origin_ward, gi_id, search_text, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			coopID, c.Category, slug, c.Name, c.Description, c.PriceVND, c.Unit, c.Stock, c.Published,
			c.Origin.Province, c.Origin.Ward, nullID(c.giID), search, now, now); err != nil {
			return fmt.Errorf("listing: create %q: %w", slug, err)
		}
		if err := s.setCertifications(ctx, tx, id, c.Certifications); err != nil {
			return err
		}
		after, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "product.create", id, nil, after)
	})
	if err != nil {
		return nil, fmt.Errorf("listing: create: %w", err)
	}
	return s.Product(ctx, coopID, id)
}

// Update changes every field of product id of coopID to in. Its slug
// stays, so links to it keep working.
func (s *Service) Update(ctx context.Context, actor audit.Actor, coopID, id int64, in Input) (*Product, error) {
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		c, err := s.check(ctx, tx, coopID, in)
		if err != nil {
			return err
		}
		if c.Published && before.Status == StatusArchived {
			return ErrArchived
		}
		if c.Published && !before.Published {
			if err := s.mayPublish(ctx, tx, coopID); err != nil {
				return err
			}
		}
		search := catalog.SearchText(append([]string{c.Name, c.Description}, c.keywords...)...)
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE products SET category_slug = ?, name = ?, description = ?, price_vnd = ?,
			unit = ?, stock = ?, published = ?, origin_province_slug = ?, origin_ward = ?, gi_id = ?, search_text = ?, updated_at = ?
			WHERE id = ? AND cooperative_id = ?`),
			c.Category, c.Name, c.Description, c.PriceVND, c.Unit, c.Stock, c.Published, c.Origin.Province, c.Origin.Ward,
			nullID(c.giID), search, s.now().UTC(), id, coopID); err != nil {
			return fmt.Errorf("listing: update %d: %w", id, err)
		}
		if err := s.setCertifications(ctx, tx, id, c.Certifications); err != nil {
			return err
		}
		after, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "product.update", id, before, after)
	})
	if err != nil {
		return nil, fmt.Errorf("listing: update: %w", err)
	}
	return s.Product(ctx, coopID, id)
}

// SetPublished puts product id of coopID on sale in the shop, or takes it
// off: a draft again.
func (s *Service) SetPublished(ctx context.Context, actor audit.Actor, coopID, id int64, publish bool) (*Product, error) {
	action := "product.unpublish"
	if publish {
		action = "product.publish"
	}
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		if publish {
			if before.Status == StatusArchived {
				return ErrArchived
			}
			if err := s.mayPublish(ctx, tx, coopID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE products SET published = ?, updated_at = ? WHERE id = ? AND cooperative_id = ?`),
			publish, s.now().UTC(), id, coopID); err != nil {
			return fmt.Errorf("listing: %s %d: %w", action, id, err)
		}
		after, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, action, id, before, after)
	})
	if err != nil {
		return nil, fmt.Errorf("listing: %s: %w", action, err)
	}
	return s.Product(ctx, coopID, id)
}

// Duplicate copies product id of coopID, certifications included, into a
// new draft with a slug of its own; photos and OCOP claims stay with the
// original.
func (s *Service) Duplicate(ctx context.Context, actor audit.Actor, coopID, id int64) (*Product, error) {
	var copyID int64
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		src, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		slug, err := s.freeSlug(ctx, tx, src.Slug)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if err := tx.GetContext(ctx, &copyID, tx.Rebind(`INSERT INTO products (cooperative_id, category_slug, slug, name, description,
			price_vnd, unit, stock, published, origin_province_slug, origin_ward, gi_id, search_text, created_at, updated_at)
			SELECT cooperative_id, category_slug, ?, name, description, price_vnd, unit, stock, FALSE, origin_province_slug,
			origin_ward, gi_id, search_text, ?, ? FROM products WHERE id = ? RETURNING id`), slug, now, now, id); err != nil {
			return fmt.Errorf("listing: duplicate %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO product_certifications (product_id, certification_slug, code, expires_on)
			SELECT ?, certification_slug, code, expires_on FROM product_certifications WHERE product_id = ?`), copyID, id); err != nil {
			return fmt.Errorf("listing: duplicate %d: certifications: %w", id, err)
		}
		after, err := s.state(ctx, tx, coopID, copyID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "product.duplicate", copyID, map[string]any{"copied_from": src.ID}, after)
	})
	if err != nil {
		return nil, fmt.Errorf("listing: duplicate: %w", err)
	}
	return s.Product(ctx, coopID, copyID)
}

// Deletion is what Delete did: removed the product, or archived it.
type Deletion struct {
	Archived bool
	// Product is the archived product; the removed one as it was.
	Product *Product
}

// Delete removes product id of coopID, or archives it when it was ever
// ordered: an archived product leaves the shop and stays on its orders.
func (s *Service) Delete(ctx context.Context, actor audit.Actor, coopID, id int64) (Deletion, error) {
	gone, err := s.Product(ctx, coopID, id)
	if err != nil {
		return Deletion{}, fmt.Errorf("listing: delete: %w", err)
	}
	archived := false
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		var ordered int
		if err := tx.GetContext(ctx, &ordered, tx.Rebind(`SELECT COUNT(*) FROM order_items WHERE product_id = ?`), id); err != nil {
			return fmt.Errorf("listing: delete %d: %w", id, err)
		}
		if ordered == 0 {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM products WHERE id = ? AND cooperative_id = ?`), id, coopID); err != nil {
				return fmt.Errorf("listing: delete %d: %w", id, err)
			}
			return s.record(ctx, tx, actor, coopID, "product.delete", id, before, nil)
		}
		if before.Status == StatusArchived {
			return ErrArchived
		}
		archived = true
		now := s.now().UTC()
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE products SET published = FALSE, archived_at = ?, updated_at = ?
			WHERE id = ? AND cooperative_id = ?`), now, now, id, coopID); err != nil {
			return fmt.Errorf("listing: archive %d: %w", id, err)
		}
		after, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "product.archive", id, before, after)
	})
	if err != nil {
		return Deletion{}, fmt.Errorf("listing: delete: %w", err)
	}
	if !archived {
		return Deletion{Product: gone}, nil
	}
	p, err := s.Product(ctx, coopID, id)
	return Deletion{Archived: true, Product: p}, err
}

// Restore brings an archived product of coopID back as a draft.
func (s *Service) Restore(ctx context.Context, actor audit.Actor, coopID, id int64) (*Product, error) {
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		if before.Status != StatusArchived {
			return ErrNotArchived
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE products SET archived_at = NULL, updated_at = ? WHERE id = ? AND cooperative_id = ?`),
			s.now().UTC(), id, coopID); err != nil {
			return fmt.Errorf("listing: restore %d: %w", id, err)
		}
		after, err := s.state(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "product.restore", id, before, after)
	})
	if err != nil {
		return nil, fmt.Errorf("listing: restore: %w", err)
	}
	return s.Product(ctx, coopID, id)
}
