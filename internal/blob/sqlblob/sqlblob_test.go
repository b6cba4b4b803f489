package sqlblob_test

import (
	"context"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/blob/blobtest"
	"github.com/ocopmarket/ocopmarket/internal/blob/sqlblob"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/db/dbtest"
)

func TestStore(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) { blobtest.Run(t, sqlblob.New(d)) })
}

// A blob put in a transaction is there only if the transaction commits.
func TestPutIn(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := sqlblob.New(d)
		tests := []struct {
			name   string
			commit bool
		}{
			{"committed", true},
			{"rolled back", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				data := []byte("scan of " + tt.name)
				key := blobtest.Key(data)
				tx, err := d.BeginTxx(ctx, nil)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.PutIn(ctx, tx, key, "application/pdf", data); err != nil {
					t.Fatal(err)
				}
				end := tx.Rollback
				if tt.commit {
					end = tx.Commit
				}
				if err := end(); err != nil {
					t.Fatal(err)
				}
				_, err = s.Get(ctx, key)
				if tt.commit != (err == nil) {
					t.Errorf("after %s: get: %v", tt.name, err)
				}
			})
		}
	})
}
