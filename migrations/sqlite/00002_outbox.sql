-- +goose Up
-- Durable background jobs, written in the same transaction as the change
-- that needs them, worked by internal/outbox with retries and backoff.
CREATE TABLE outbox_jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    run_at       TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    locked_by    TEXT NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at);

-- Small facts the process keeps between runs, such as the day of the last
-- certificate expiry sweep.
CREATE TABLE app_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE app_state;
DROP TABLE outbox_jobs;
