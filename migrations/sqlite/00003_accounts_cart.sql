-- +goose Up
-- Addresses a shopper keeps for checkout: commune/ward and one of the 34
-- provinces (there is no district level since July 2025).
CREATE TABLE user_addresses (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    phone         TEXT NOT NULL,
    line          TEXT NOT NULL,
    ward          TEXT NOT NULL,
    province_slug TEXT NOT NULL REFERENCES provinces (slug),
    is_default    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX user_addresses_user ON user_addresses (user_id);

-- Password reset links: only the SHA-256 of the token is kept, so a copy of
-- the database does not let anyone reset a password.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Sessions of the embedded default (Redis holds them in production):
-- expires_at is a Unix time in seconds, 0 for never.
CREATE TABLE sessions (
    key        TEXT PRIMARY KEY,
    data       BLOB NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Carts of the embedded default: a guest cart ("g:<token>") or a user's
-- ("u:<id>"), dropped with its items 30 days after its last use.
CREATE TABLE carts (
    id         TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX carts_expires ON carts (expires_at);

CREATE TABLE cart_items (
    cart_id    TEXT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id BIGINT NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 999),
    price_vnd  BIGINT NOT NULL,
    added_at   BIGINT NOT NULL,
    PRIMARY KEY (cart_id, product_id)
);

-- Fixed-window counters for rate limits (login attempts per account and IP).
CREATE TABLE rate_limits (
    key        TEXT PRIMARY KEY,
    hits       INTEGER NOT NULL,
    expires_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE rate_limits;
DROP TABLE cart_items;
DROP TABLE carts;
DROP TABLE sessions;
DROP TABLE password_resets;
DROP TABLE user_addresses;
