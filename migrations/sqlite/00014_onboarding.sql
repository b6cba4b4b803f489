-- +goose Up
-- A cooperative's application: its tax code (mã số thuế, unique among
-- cooperatives; NULL for the ones made before it was asked), what
-- trade-promotion staff asked it to change and when they last reviewed it.
ALTER TABLE cooperatives ADD COLUMN tax_code TEXT;
ALTER TABLE cooperatives ADD COLUMN review_message TEXT NOT NULL DEFAULT '';
ALTER TABLE cooperatives ADD COLUMN reviewed_at TIMESTAMP;
CREATE UNIQUE INDEX cooperatives_tax_code ON cooperatives (tax_code);

-- Invitations to a cooperative's team: the emailed link carries a random
-- token of which only the SHA-256 is kept, so a copy of the database opens
-- no team. A link works once (accepted_at) and until expires_at.
CREATE TABLE coop_invites (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    cooperative_id BIGINT NOT NULL REFERENCES cooperatives (id) ON DELETE CASCADE,
    email          TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    invited_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    expires_at     TIMESTAMP NOT NULL,
    accepted_at    TIMESTAMP,
    accepted_by    BIGINT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX coop_invites_cooperative ON coop_invites (cooperative_id, accepted_at);

-- +goose Down
DROP TABLE coop_invites;
DROP INDEX cooperatives_tax_code;
ALTER TABLE cooperatives DROP COLUMN reviewed_at;
ALTER TABLE cooperatives DROP COLUMN review_message;
ALTER TABLE cooperatives DROP COLUMN tax_code;
