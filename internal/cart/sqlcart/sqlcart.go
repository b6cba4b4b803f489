// Package sqlcart is the cart store of the embedded default: carts in the
// SQL database (SQLite or PostgreSQL), expired 30 days after their last use.
package sqlcart

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/cart"
	"github.com/ocopmarket/ocopmarket/internal/db"
)

var _ cart.Store = (*Store)(nil)

// Store keeps carts in the tables carts and cart_items.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// New returns a Store over d; now is the clock (time.Now outside tests).
func New(d *db.DB, now func() time.Time) *Store { return &Store{db: d, now: now} }

func (s *Store) expiry() int64 { return s.now().Add(cart.TTL).Unix() }

// touch creates the cart row or pushes its expiry back; a cart already
// expired but not yet cleaned up starts empty.
func (s *Store) touch(ctx context.Context, q sqlx.ExecerContext, cartID string) error {
	if _, err := q.ExecContext(ctx, s.db.Rebind(`DELETE FROM carts WHERE id = ? AND expires_at <= ?`), cartID, s.now().Unix()); err != nil {
		return fmt.Errorf("sqlcart: touch %s: %w", cartID, err)
	}
	_, err := q.ExecContext(ctx, s.db.Rebind(`INSERT INTO carts (id, expires_at) VALUES (?, ?)
		ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at`), cartID, s.expiry())
	if err != nil {
		return fmt.Errorf("sqlcart: touch %s: %w", cartID, err)
	}
	return nil
}

type row struct {
	ProductID int64 `db:"product_id"`
	Quantity  int   `db:"quantity"`
	PriceVND  int64 `db:"price_vnd"`
	AddedAt   int64 `db:"added_at"`
}

// Items implements cart.Store. The expiry is pushed back at most once a
// day on reads, so that showing the cart icon does not write every time.
func (s *Store) Items(ctx context.Context, cartID string) ([]cart.Item, error) {
	items, err := s.items(ctx, s.db, cartID)
	if err != nil {
		return nil, err
	}
	if len(items) > 0 {
		if _, err := s.db.ExecContext(ctx, s.db.Rebind(`UPDATE carts SET expires_at = ? WHERE id = ? AND expires_at < ?`),
			s.expiry(), cartID, s.now().Add(cart.TTL-24*time.Hour).Unix()); err != nil {
			return nil, fmt.Errorf("sqlcart: refresh %s: %w", cartID, err)
		}
	}
	return items, nil
}

// items reads the items of an unexpired cart through q.
func (s *Store) items(ctx context.Context, q sqlx.QueryerContext, cartID string) ([]cart.Item, error) {
	var rows []row
	err := sqlx.SelectContext(ctx, q, &rows, s.db.Rebind(`SELECT i.product_id, i.quantity, i.price_vnd, i.added_at
		FROM cart_items i JOIN carts c ON c.id = i.cart_id
		WHERE i.cart_id = ? AND c.expires_at > ? ORDER BY i.added_at, i.product_id`), cartID, s.now().Unix())
	if err != nil {
		return nil, fmt.Errorf("sqlcart: items of %s: %w", cartID, err)
	}
	items := make([]cart.Item, len(rows))
	for i, r := range rows {
		items[i] = cart.Item{ProductID: r.ProductID, Quantity: r.Quantity, PriceVND: r.PriceVND, AddedAt: time.Unix(0, r.AddedAt).UTC()}
	}
	return items, nil
}

// Add implements cart.Store with one upsert, atomic in both dialects: the
// WHERE of DO UPDATE refuses a total over limit and then no row comes back.
func (s *Store) Add(ctx context.Context, cartID string, productID int64, qty int, priceVND int64, limit int) ([]cart.Item, error) {
	if qty < 1 {
		return nil, fmt.Errorf("sqlcart: add %d to %s: %w", qty, cartID, cart.ErrInvalid)
	}
	if qty > limit {
		return nil, fmt.Errorf("sqlcart: add %d of %d to %s: %w", qty, productID, cartID, cart.ErrLimit)
	}
	var items []cart.Item
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := s.touch(ctx, tx, cartID); err != nil {
			return err
		}
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind(`INSERT INTO cart_items (cart_id, product_id, quantity, price_vnd, added_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (cart_id, product_id) DO UPDATE
			SET quantity = cart_items.quantity + excluded.quantity, price_vnd = excluded.price_vnd
			WHERE cart_items.quantity + excluded.quantity <= ?
			RETURNING quantity`), cartID, productID, qty, priceVND, s.now().UnixNano(), limit); err != nil {
			return err
		}
		var err error
		items, err = s.items(ctx, tx, cartID)
		return err
	})
	if db.NoRows(err) {
		return nil, fmt.Errorf("sqlcart: add %d of %d to %s: %w", qty, productID, cartID, cart.ErrLimit)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlcart: add %d of %d to %s: %w", qty, productID, cartID, err)
	}
	return items, nil
}

// Set implements cart.Store.
func (s *Store) Set(ctx context.Context, cartID string, productID int64, qty int, priceVND int64) error {
	if qty < 1 || qty > cart.MaxQuantity {
		return fmt.Errorf("sqlcart: set %d of %d in %s: %w", qty, productID, cartID, cart.ErrInvalid)
	}
	return s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		if err := s.touch(ctx, tx, cartID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO cart_items (cart_id, product_id, quantity, price_vnd, added_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = excluded.quantity, price_vnd = excluded.price_vnd`),
			cartID, productID, qty, priceVND, s.now().UnixNano())
		if err != nil {
			return fmt.Errorf("sqlcart: set %d of %d in %s: %w", qty, productID, cartID, err)
		}
		return nil
	})
}

// Remove implements cart.Store.
func (s *Store) Remove(ctx context.Context, cartID string, productID int64) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM cart_items WHERE cart_id = ? AND product_id = ?`), cartID, productID); err != nil {
		return fmt.Errorf("sqlcart: remove %d from %s: %w", productID, cartID, err)
	}
	return nil
}

// Merge implements cart.Store in one transaction.
func (s *Store) Merge(ctx context.Context, from, to string) error {
	if from == to {
		return nil
	}
	return s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		var rows []row
		if err := tx.SelectContext(ctx, &rows, tx.Rebind(`SELECT i.product_id, i.quantity, i.price_vnd, i.added_at
			FROM cart_items i JOIN carts c ON c.id = i.cart_id WHERE i.cart_id = ? AND c.expires_at > ?`), from, s.now().Unix()); err != nil {
			return fmt.Errorf("sqlcart: merge %s into %s: %w", from, to, err)
		}
		if len(rows) > 0 {
			if err := s.touch(ctx, tx, to); err != nil {
				return err
			}
		}
		least := "MIN" // SQLite's scalar min(a, b)
		if s.db.Dialect == db.Postgres {
			least = "LEAST"
		}
		for _, r := range rows {
			_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO cart_items (cart_id, product_id, quantity, price_vnd, added_at)
				VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (cart_id, product_id) DO UPDATE
				SET quantity = `+least+`(cart_items.quantity + excluded.quantity, ?), price_vnd = excluded.price_vnd`),
				to, r.ProductID, r.Quantity, r.PriceVND, r.AddedAt, cart.MaxQuantity)
			if err != nil {
				return fmt.Errorf("sqlcart: merge %s into %s: product %d: %w", from, to, r.ProductID, err)
			}
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM carts WHERE id = ?`), from); err != nil {
			return fmt.Errorf("sqlcart: merge %s into %s: drop: %w", from, to, err)
		}
		return nil
	})
}

// Clear implements cart.Store.
func (s *Store) Clear(ctx context.Context, cartID string) error {
	if _, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM carts WHERE id = ?`), cartID); err != nil {
		return fmt.Errorf("sqlcart: clear %s: %w", cartID, err)
	}
	return nil
}

// Ping implements cart.Store.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlcart: %w: %w", cart.ErrUnavailable, err)
	}
	return nil
}

// Cleanup deletes the carts past their expiry with their items and returns
// how many it deleted.
func (s *Store) Cleanup(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM carts WHERE expires_at <= ?`), s.now().Unix())
	if err != nil {
		return 0, fmt.Errorf("sqlcart: cleanup: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlcart: cleanup: %w", err)
	}
	return n, nil
}
