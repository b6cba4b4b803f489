-- +goose Up
-- A cooperative archives a product that was ever ordered instead of
-- deleting it: archived_at is when. An archived product is unpublished,
-- leaves the shop and the panel's default list, and stays on its orders.
ALTER TABLE products ADD COLUMN archived_at TIMESTAMP;
-- The panel lists one cooperative's products, last changed first.
CREATE INDEX products_cooperative_updated ON products (cooperative_id, updated_at);
-- Its tabs count them by status from the index alone.
CREATE INDEX products_cooperative_status ON products (cooperative_id, published, archived_at);

-- +goose Down
DROP INDEX products_cooperative_status;
DROP INDEX products_cooperative_updated;
ALTER TABLE products DROP COLUMN archived_at;
