-- +goose Up
-- Staff sales reports read the orders of a range of days across every
-- cooperative.
CREATE INDEX orders_created ON orders (created_at);

-- +goose Down
DROP INDEX orders_created;
