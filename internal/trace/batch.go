package trace

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// ProductRef is the short form of a product of the cooperative.
type ProductRef struct {
	ID   int64  `json:"id" db:"id"`
	Slug string `json:"slug" db:"slug"`
	Name string `json:"name" db:"name"`
}

// Batch is a batch as its cooperative sees it.
type Batch struct {
	ID           int64      `json:"id" db:"id"`
	ProductID    int64      `json:"product_id" db:"product_id"`
	Product      ProductRef `json:"product" db:"p"`
	BatchNo      string     `json:"batch_no" db:"batch_no"`
	TraceCode    string     `json:"trace_code" db:"trace_code"`
	HarvestedOn  db.Date    `json:"harvested_on" db:"harvested_on"`
	PackedOn     db.Date    `json:"packed_on" db:"packed_on"`
	ExpiresOn    db.Date    `json:"expires_on" db:"expires_on"`
	FarmAreaCode string     `json:"farm_area_code" db:"farm_area_code"`
	Notes        string     `json:"notes" db:"notes"`
	CreatedAt    time.Time  `json:"created_at" db:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at" db:"updated_at"`
	// TraceURL is the absolute address of the public trace page, which the
	// QR code holds; QRURL the address of that QR code as a PNG image.
	TraceURL string `json:"trace_url" db:"-"`
	QRURL    string `json:"qr_url" db:"-"`
}

// Actor is who changes a batch, for the audit log.
type Actor = audit.Actor

// Filter picks a page of a cooperative's batches; ProductID 0 is every
// product.
type Filter struct {
	ProductID     int64
	Page, PerPage int
}

const batchColumns = `b.id, b.product_id, b.batch_no, b.trace_code, b.harvested_on, b.packed_on, b.expires_on,
	b.farm_area_code, b.notes, b.created_at, b.updated_at, p.id AS "p.id", p.slug AS "p.slug", p.name AS "p.name"
	FROM product_batches b JOIN products p ON p.id = b.product_id`

// complete fills the addresses of b.
func (s *Service) complete(b *Batch) {
	b.TraceURL = s.TraceURL(b.TraceCode)
	b.QRURL = paths.MustBuild(paths.CoopBatchQR, b.ID)
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
}

// Products lists the products of a cooperative by name, for the choice of
// a batch's product.
func (s *Service) Products(ctx context.Context, coopID int64) ([]ProductRef, error) {
	var ps []ProductRef
	if err := s.db.SelectContext(ctx, &ps, s.db.Rebind(`SELECT id, slug, name FROM products WHERE cooperative_id = ? ORDER BY name, id`), coopID); err != nil {
		return nil, fmt.Errorf("trace: products of cooperative %d: %w", coopID, err)
	}
	return ps, nil
}

// Product returns a product of the cooperative: a 404 for another's.
func (s *Service) Product(ctx context.Context, coopID, productID int64) (*ProductRef, error) {
	return s.product(ctx, s.db, coopID, productID)
}

func (s *Service) product(ctx context.Context, q sqlx.QueryerContext, coopID, productID int64) (*ProductRef, error) {
	var p ProductRef
	err := sqlx.GetContext(ctx, q, &p, s.db.Rebind(`SELECT id, slug, name FROM products WHERE id = ? AND cooperative_id = ?`), productID, coopID)
	if db.NoRows(err) {
		return nil, fmt.Errorf("trace: product %d of cooperative %d: %w", productID, coopID, notFound("product"))
	}
	if err != nil {
		return nil, fmt.Errorf("trace: product %d: %w", productID, err)
	}
	return &p, nil
}

// List returns a page of the cooperative's batches, newest first (last
// packed, then last entered), and how many f picks in all.
func (s *Service) List(ctx context.Context, coopID int64, f Filter) ([]Batch, int, error) {
	where, args := ` WHERE p.cooperative_id = ?`, []any{coopID}
	if f.ProductID != 0 {
		where += ` AND b.product_id = ?`
		args = append(args, f.ProductID)
	}
	var total int
	if err := s.db.GetContext(ctx, &total, s.db.Rebind(`SELECT COUNT(*) FROM product_batches b JOIN products p ON p.id = b.product_id`+where), args...); err != nil {
		return nil, 0, fmt.Errorf("trace: count batches: %w", err)
	}
	page, per := max(f.Page, 1), f.PerPage
	if per <= 0 {
		per = 24
	}
	bs := []Batch{}
	if err := s.db.SelectContext(ctx, &bs, s.db.Rebind(`SELECT `+batchColumns+where+` ORDER BY b.packed_on DESC, b.id DESC LIMIT ? OFFSET ?`),
		append(args, per, (page-1)*per)...); err != nil {
		return nil, 0, fmt.Errorf("trace: list batches: %w", err)
	}
	for i := range bs {
		s.complete(&bs[i])
	}
	return bs, total, nil
}

// Get returns a batch of the cooperative: a 404 for another's.
func (s *Service) Get(ctx context.Context, coopID, id int64) (*Batch, error) {
	return s.get(ctx, s.db, coopID, id)
}

func (s *Service) get(ctx context.Context, q sqlx.QueryerContext, coopID, id int64) (*Batch, error) {
	var b Batch
	err := sqlx.GetContext(ctx, q, &b, s.db.Rebind(`SELECT `+batchColumns+` WHERE b.id = ? AND p.cooperative_id = ?`), id, coopID)
	if db.NoRows(err) {
		return nil, fmt.Errorf("trace: batch %d of cooperative %d: %w", id, coopID, notFound("batch"))
	}
	if err != nil {
		return nil, fmt.Errorf("trace: batch %d: %w", id, err)
	}
	s.complete(&b)
	return &b, nil
}

// Create adds a batch to a product of the cooperative, with a new trace
// code, and makes it the product's trace code when it is its newest.
func (s *Service) Create(ctx context.Context, actor Actor, coopID int64, in Input) (*Batch, error) {
	c, err := check(in, s.Today())
	if err != nil {
		return nil, err
	}
	var out *Batch
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := s.product(ctx, tx, coopID, c.productID); err != nil {
			return err
		}
		if err := s.batchNo(ctx, tx, &c, 0); err != nil {
			return err
		}
		code, err := s.freeCode(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		var id int64
		if err := tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO product_batches (product_id, batch_no, trace_code, harvested_on,
			packed_on, expires_on, farm_area_code, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			c.productID, c.batchNo, code, c.harvested, c.packed, c.expires, c.farmAreaCode, c.notes, now, now); err != nil {
			return s.writeErr(err, "create batch")
		}
		if err := s.syncProductCode(ctx, tx, c.productID); err != nil {
			return err
		}
		if out, err = s.get(ctx, tx, coopID, id); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "batch.create", id, nil, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Update changes a batch of the cooperative; its trace code stays, since
// labels carrying it may be printed already.
func (s *Service) Update(ctx context.Context, actor Actor, coopID, id int64, in Input) (*Batch, error) {
	c, err := check(in, s.Today())
	if err != nil {
		return nil, err
	}
	var out *Batch
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.get(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		if _, err := s.product(ctx, tx, coopID, c.productID); err != nil {
			return err
		}
		if c.batchNo == "" && c.productID == before.ProductID {
			c.batchNo = before.BatchNo
		}
		if err := s.batchNo(ctx, tx, &c, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE product_batches SET product_id = ?, batch_no = ?, harvested_on = ?,
			packed_on = ?, expires_on = ?, farm_area_code = ?, notes = ?, updated_at = ? WHERE id = ?`),
			c.productID, c.batchNo, c.harvested, c.packed, c.expires, c.farmAreaCode, c.notes, s.now().UTC(), id); err != nil {
			return s.writeErr(err, "update batch "+strconv.FormatInt(id, 10))
		}
		for _, pid := range []int64{before.ProductID, c.productID} {
			if err := s.syncProductCode(ctx, tx, pid); err != nil {
				return err
			}
		}
		if out, err = s.get(ctx, tx, coopID, id); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "batch.update", id, before, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Delete removes a batch of the cooperative. Its labels then lead to the
// "not found" page: a batch is deleted when it was entered by mistake.
func (s *Service) Delete(ctx context.Context, actor Actor, coopID, id int64) error {
	return s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.get(ctx, tx, coopID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM product_batches WHERE id = ?`), id); err != nil {
			return fmt.Errorf("trace: delete batch %d: %w", id, err)
		}
		if err := s.syncProductCode(ctx, tx, before.ProductID); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "batch.delete", id, before, nil)
	})
}

// record writes the audit record of a change of batch id.
func (s *Service) record(ctx context.Context, tx *sqlx.Tx, actor Actor, coopID int64, action string, id int64, before, after *Batch) error {
	e := audit.Entry{Actor: actor, CooperativeID: &coopID, Action: action, Subject: audit.Subject{Kind: "batch", ID: audit.SubjectID(id)}}
	// A nil *Batch would be recorded as JSON null; no value records nothing.
	if before != nil {
		e.Before = before
	}
	if after != nil {
		e.After = after
	}
	return s.audit.Record(ctx, tx, e)
}

// batchNoTaken is the error of a batch number the product has already.
func batchNoTaken() error {
	e := ErrBatchNoTaken.With(nil)
	e.Fields = []fault.Field{{Field: "batch_no", Code: ErrBatchNoTaken.Code}}
	return e
}

// writeErr words a failed insert or update: a unique batch number taken
// by a change made at the same moment is the user's to fix.
func (s *Service) writeErr(err error, what string) error {
	if db.IsUniqueViolation(err) {
		return fmt.Errorf("trace: %s: %w", what, batchNoTaken())
	}
	return fmt.Errorf("trace: %s: %w", what, err)
}

// batchNo checks that the batch number of c is free on its product (but
// for batch self), and makes one from the packing date when it is empty:
// 20251120-1, 20251120-2 for the batches packed that day.
func (s *Service) batchNo(ctx context.Context, tx *sqlx.Tx, c *checked, self int64) error {
	taken := func(no string) (bool, error) {
		var n int
		err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM product_batches WHERE product_id = ? AND batch_no = ? AND id <> ?`),
			c.productID, no, self)
		if err != nil {
			return false, fmt.Errorf("trace: batch number: %w", err)
		}
		return n > 0, nil
	}
	if c.batchNo != "" {
		t, err := taken(c.batchNo)
		if err != nil {
			return err
		}
		if t {
			return batchNoTaken()
		}
		return nil
	}
	prefix := c.packed.Format("20060102") + "-"
	var n int
	if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM product_batches WHERE product_id = ? AND batch_no LIKE ?`),
		c.productID, prefix+"%"); err != nil {
		return fmt.Errorf("trace: batch number: %w", err)
	}
	for i := n + 1; ; i++ {
		no := prefix + strconv.Itoa(i)
		t, err := taken(no)
		if err != nil {
			return err
		}
		if !t {
			c.batchNo = no
			return nil
		}
	}
}

// freeCode returns a trace code no batch has. With 50 random bits a
// clash is all but impossible; it is looked for all the same, before the
// insert, since a failed insert would end the transaction.
func (s *Service) freeCode(ctx context.Context, tx *sqlx.Tx) (string, error) {
	for range 5 {
		code := NewCode()
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM product_batches WHERE trace_code = ?`), code); err != nil {
			return "", fmt.Errorf("trace: trace code: %w", err)
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", fmt.Errorf("trace: no free trace code after 5 draws")
}

// syncProductCode sets the trace code a product shows to that of its
// newest batch (last packed, then last entered), or none without batches.
// Search does not hold it, so the index needs no update.
func (s *Service) syncProductCode(ctx context.Context, tx *sqlx.Tx, productID int64) error {
	if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE products SET trace_code = COALESCE((SELECT b.trace_code FROM product_batches b
		WHERE b.product_id = ? ORDER BY b.packed_on DESC, b.id DESC LIMIT 1), '') WHERE id = ?`), productID, productID); err != nil {
		return fmt.Errorf("trace: product %d: trace code: %w", productID, err)
	}
	return nil
}
