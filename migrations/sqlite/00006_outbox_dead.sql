-- +goose Up
-- A job that failed its last allowed attempt stays, dead, for an operator
-- to read (last_error) instead of being retried for ever; workers claim
-- only pending jobs.
ALTER TABLE outbox_jobs ADD COLUMN state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'dead'));
ALTER TABLE outbox_jobs ADD COLUMN dead_at TIMESTAMP;
DROP INDEX outbox_jobs_due;
CREATE INDEX outbox_jobs_due ON outbox_jobs (state, run_at);

-- +goose Down
-- Without a state a dead job would run again: an old schema drops them.
DELETE FROM outbox_jobs WHERE state = 'dead';
DROP INDEX outbox_jobs_due;
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at);
ALTER TABLE outbox_jobs DROP COLUMN dead_at;
ALTER TABLE outbox_jobs DROP COLUMN state;
