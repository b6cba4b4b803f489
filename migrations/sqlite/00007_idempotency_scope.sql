-- +goose Up
-- An Idempotency-Key counts within the cart that sent it (cart_scope is a
-- hash of the cart's id): another shopper's equal key is another checkout.
-- Keys stored before belong to no cart and are never answered again.
CREATE TABLE idempotency_keys_scoped (
    cart_scope  TEXT NOT NULL,
    key         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    group_code  TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (cart_scope, key)
);
INSERT INTO idempotency_keys_scoped (cart_scope, key, fingerprint, group_code, response, created_at)
    SELECT '', key, fingerprint, group_code, response, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_scoped RENAME TO idempotency_keys;

-- +goose Down
-- The old schema shares a key between carts, which is what this fixed:
-- rather than hand one cart's answer to another, it starts with no keys.
CREATE TABLE idempotency_keys_global (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    group_code  TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_global RENAME TO idempotency_keys;
