-- +goose Up
-- An admin may lock an account: it can no longer log in and its sessions
-- end at their next request, until it is unlocked.
ALTER TABLE users ADD COLUMN locked_at TIMESTAMP;

-- +goose Down
ALTER TABLE users DROP COLUMN locked_at;
