-- +goose Up
-- Every change made in a panel: who made it, to what, and the subject as
-- it was before and after (JSON), written in the same transaction as the
-- change itself, so a change rolled back leaves no record.
CREATE TABLE audit_log (
    id             BIGSERIAL PRIMARY KEY,
    actor_user_id  BIGINT REFERENCES users (id),
    actor_email    TEXT NOT NULL,
    cooperative_id BIGINT REFERENCES cooperatives (id),
    action         TEXT NOT NULL,
    subject_kind   TEXT NOT NULL,
    subject_id     TEXT NOT NULL,
    before_json    TEXT NOT NULL DEFAULT '',
    after_json     TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_cooperative ON audit_log (cooperative_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, id);
CREATE INDEX audit_log_created ON audit_log (created_at);

-- +goose Down
DROP TABLE audit_log;
