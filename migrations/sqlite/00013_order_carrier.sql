-- +goose Up
-- The carrier an order was handed to, beside its tracking number: vnpost,
-- viettel_post, ghn, ghtk, jt_express, ninja_van or other ('' before it ships).
ALTER TABLE orders ADD COLUMN carrier TEXT NOT NULL DEFAULT '';
-- The cooperative panel lists a cooperative's orders newest first, of any
-- status: this index serves that order without sorting them all.
CREATE INDEX orders_cooperative_created ON orders (cooperative_id, created_at, id);

-- +goose Down
DROP INDEX orders_cooperative_created;
ALTER TABLE orders DROP COLUMN carrier;
