-- +goose Up
-- An Idempotency-Key counts within the cart that sent it (cart_scope is a
-- hash of the cart's id): another shopper's equal key is another checkout.
-- Keys stored before belong to no cart and are never answered again.
ALTER TABLE idempotency_keys ADD COLUMN cart_scope TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ALTER COLUMN cart_scope DROP DEFAULT;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (cart_scope, key);

-- +goose Down
-- The old schema shares a key between carts, which is what this fixed:
-- rather than hand one cart's answer to another, it starts with no keys.
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys DROP COLUMN cart_scope;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (key);
