package catalog

import (
	"context"
	"fmt"
)

// StockLevel is a product and the units it has left.
type StockLevel struct {
	ID    int64  `json:"id" db:"id"`
	Slug  string `json:"slug" db:"slug"`
	Name  string `json:"name" db:"name"`
	Stock int    `json:"stock" db:"stock"`
}

// LowStock lists a cooperative's published products with at most atMost
// units left, the fewest first.
func (s *Store) LowStock(ctx context.Context, coopID int64, atMost int) ([]StockLevel, error) {
	out := []StockLevel{}
	if err := s.db.SelectContext(ctx, &out, s.db.Rebind(`SELECT id, slug, name, stock FROM products
		WHERE cooperative_id = ? AND published = TRUE AND stock <= ? ORDER BY stock, name, id`), coopID, atMost); err != nil {
		return nil, fmt.Errorf("catalog: low stock of cooperative %d: %w", coopID, err)
	}
	return out, nil
}
