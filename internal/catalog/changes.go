package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Change is one committed change to what shoppers see, read back from the
// change feed by every instance (see package shelf).
type Change struct {
	Seq int64 `db:"seq"`
	// ProductIDs are the products changed; CooperativeID, when not 0, a
	// cooperative whose every product changed (a suspension, a new name).
	// Both empty means something beside the products changed (a fair).
	ProductIDs    []int64 `db:"-"`
	CooperativeID int64   `db:"-"`
}

// recordChange writes job to the change feed in the caller's transaction
// q, beside its index job, so that every instance learns of the change
// when, and only when, it commits.
func (s *Store) recordChange(ctx context.Context, q sqlx.ExecerContext, job IndexJob) error {
	ids := job.ProductIDs
	if ids == nil {
		ids = []int64{}
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("catalog: record change: %w", err)
	}
	var coop *int64
	if job.CooperativeID != 0 {
		coop = &job.CooperativeID
	}
	if _, err := q.ExecContext(ctx, s.db.Rebind(`INSERT INTO catalog_changes (product_ids, cooperative_id, changed_at) VALUES (?, ?, ?)`),
		string(b), coop, s.now().UTC()); err != nil {
		return fmt.Errorf("catalog: record change: %w", err)
	}
	return nil
}

// Touch records in the caller's transaction q that something shoppers see
// beside the products changed (a fair was published, a booth moved), so
// that every instance drops the pages it keeps.
func (s *Store) Touch(ctx context.Context, q sqlx.ExecerContext) error {
	return s.recordChange(ctx, q, IndexJob{})
}

// NoteChanged records that the products ids changed without a write of
// theirs: their certificates lapsed as the days passed. Every instance's
// shelf, page cache and local index take them in from the feed.
func (s *Store) NoteChanged(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.recordChange(ctx, s.db, IndexJob{ProductIDs: ids})
}

// ChangesAfter returns up to limit changes with a sequence number above
// after, in order.
func (s *Store) ChangesAfter(ctx context.Context, after int64, limit int) ([]Change, error) {
	out, err := s.changes(ctx, `WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("catalog: changes after %d: %w", after, err)
	}
	return out, nil
}

// Changes returns the changes among seqs that are there, in order.
func (s *Store) Changes(ctx context.Context, seqs []int64) ([]Change, error) {
	if len(seqs) == 0 {
		return []Change{}, nil
	}
	q, args, err := sqlx.In(`WHERE seq IN (?) ORDER BY seq`, seqs)
	if err == nil {
		var out []Change
		if out, err = s.changes(ctx, q, args...); err == nil {
			return out, nil
		}
	}
	return nil, fmt.Errorf("catalog: changes %v: %w", seqs, err)
}

func (s *Store) changes(ctx context.Context, where string, args ...any) ([]Change, error) {
	var rows []struct {
		Change
		IDs  string `db:"product_ids"`
		Coop *int64 `db:"cooperative_id"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT seq, product_ids, cooperative_id FROM catalog_changes `+where), args...); err != nil {
		return nil, err
	}
	out := make([]Change, len(rows))
	for i, r := range rows {
		out[i] = r.Change
		if err := json.Unmarshal([]byte(r.IDs), &out[i].ProductIDs); err != nil {
			return nil, fmt.Errorf("change %d: %w", r.Seq, err)
		}
		if r.Coop != nil {
			out[i].CooperativeID = *r.Coop
		}
	}
	return out, nil
}

// LastChange is the sequence number of the latest change, 0 when none.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.db.GetContext(ctx, &seq, `SELECT COALESCE(MAX(seq), 0) FROM catalog_changes`); err != nil {
		return 0, fmt.Errorf("catalog: last change: %w", err)
	}
	return seq, nil
}

// PruneChanges deletes the changes recorded before cutoff: every instance
// has read them long ago, and one that starts reads the catalog whole.
func (s *Store) PruneChanges(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.db.Rebind(`DELETE FROM catalog_changes WHERE changed_at < ?`), cutoff.UTC())
	if err != nil {
		return 0, fmt.Errorf("catalog: prune changes: %w", err)
	}
	return res.RowsAffected()
}
