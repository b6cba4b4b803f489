-- +goose Up
-- The catalog's change feed: one row per committed change to what shoppers
-- see (a product's price, stock, photos or stars, a cooperative's status or
-- profile, a fair), written in the change's own transaction. Every instance
-- reads it to keep its in-memory shelf and its page cache current; rows
-- older than a day are pruned.
CREATE TABLE catalog_changes (
    seq            BIGSERIAL PRIMARY KEY,
    product_ids    TEXT NOT NULL DEFAULT '[]',
    cooperative_id BIGINT,
    changed_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX catalog_changes_changed_at ON catalog_changes (changed_at);

-- +goose Down
DROP TABLE catalog_changes;
