-- +goose Up
-- The staff's OCOP queue lists a status oldest first (pending) or by
-- expiry (the others), a page at a time: these let it read the first rows
-- of the order instead of sorting every claim of the status.
CREATE INDEX ocop_certificates_queue_created ON ocop_certificates (status, created_at, id);
CREATE INDEX ocop_certificates_queue_expires ON ocop_certificates (status, expires_on, id);

-- +goose Down
DROP INDEX ocop_certificates_queue_expires;
DROP INDEX ocop_certificates_queue_created;
