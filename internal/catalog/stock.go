package catalog

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// StockLine is a quantity of one product taken from or returned to stock.
type StockLine struct {
	ProductID int64
	Quantity  int
}

// TakeStock takes the quantities from stock inside the caller's
// transaction q. Each product is taken with one conditional update
// (stock >= quantity), so stock never goes below zero however many
// checkouts race; lines are taken in product id order so that concurrent
// transactions lock rows in the same order. It returns the id of the first
// product short of stock (0 when every line was taken) and enqueues a
// search index job for the products in the same transaction. When a
// product is short the caller must roll back: earlier lines were taken.
func (s *Store) TakeStock(ctx context.Context, q sqlx.ExtContext, lines []StockLine) (short int64, err error) {
	lines = sortedLines(lines)
	now := s.now().UTC()
	for _, l := range lines {
		res, err := q.ExecContext(ctx, s.db.Rebind(`UPDATE products SET stock = stock - ?, updated_at = ?
			WHERE id = ? AND stock >= ?`), l.Quantity, now, l.ProductID, l.Quantity)
		if err != nil {
			return 0, fmt.Errorf("catalog: take stock of product %d: %w", l.ProductID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("catalog: take stock of product %d: %w", l.ProductID, err)
		}
		if n == 0 {
			return l.ProductID, nil
		}
	}
	if err := s.enqueueIndex(ctx, q, IndexJob{ProductIDs: lineIDs(lines)}); err != nil {
		return 0, fmt.Errorf("catalog: take stock: %w", err)
	}
	return 0, nil
}

// ReturnStock puts quantities back into stock (a cancelled or expired
// order) inside the caller's transaction q, and enqueues a search index job.
func (s *Store) ReturnStock(ctx context.Context, q sqlx.ExtContext, lines []StockLine) error {
	lines = sortedLines(lines)
	now := s.now().UTC()
	for _, l := range lines {
		if _, err := q.ExecContext(ctx, s.db.Rebind(`UPDATE products SET stock = stock + ?, updated_at = ? WHERE id = ?`),
			l.Quantity, now, l.ProductID); err != nil {
			return fmt.Errorf("catalog: return stock of product %d: %w", l.ProductID, err)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	if err := s.enqueueIndex(ctx, q, IndexJob{ProductIDs: lineIDs(lines)}); err != nil {
		return fmt.Errorf("catalog: return stock: %w", err)
	}
	return nil
}

// Stock returns the stock of a product, 0 for an unknown one.
func (s *Store) Stock(ctx context.Context, q sqlx.QueryerContext, productID int64) (int, error) {
	var n int
	err := sqlx.GetContext(ctx, q, &n, s.db.Rebind(`SELECT stock FROM products WHERE id = ?`), productID)
	if err != nil && !db.NoRows(err) {
		return 0, fmt.Errorf("catalog: stock of product %d: %w", productID, err)
	}
	return n, nil
}

func sortedLines(lines []StockLine) []StockLine {
	out := slices.Clone(lines)
	slices.SortFunc(out, func(a, b StockLine) int { return cmp.Compare(a.ProductID, b.ProductID) })
	return out
}

func lineIDs(lines []StockLine) []int64 {
	ids := make([]int64, len(lines))
	for i, l := range lines {
		ids[i] = l.ProductID
	}
	return ids
}

// ErrInsufficientStock matches every *StockError.
var ErrInsufficientStock = fault.New(fault.Conflict, "insufficient_stock")

// StockError says that a product has fewer units left than asked for: the
// one stock error of carts and checkouts.
type StockError struct {
	ProductID int64
	Name      string
	// Stock is how many are left.
	Stock int
}

func (e *StockError) Error() string {
	return fmt.Sprintf("product %d (%s): only %d in stock", e.ProductID, e.Name, e.Stock)
}

// Is makes errors.Is(err, ErrInsufficientStock) true.
func (e *StockError) Is(target error) bool { return target == ErrInsufficientStock }

// Fault is the coded form of e: 409 insufficient_stock with the product's
// name and what is left.
func (e *StockError) Fault() *fault.Error {
	return ErrInsufficientStock.With(fault.Params{"name": e.Name, "stock": e.Stock, "product_id": e.ProductID})
}
