-- +goose Up
-- When trade-promotion staff turned a cooperative's application down: a
-- rejected application keeps the status 'suspended' (its products never
-- show) but is no longer listed among the suspended cooperatives, and its
-- team reads the reason in review_message.
ALTER TABLE cooperatives ADD COLUMN rejected_at TIMESTAMP;

-- +goose Down
ALTER TABLE cooperatives DROP COLUMN rejected_at;
