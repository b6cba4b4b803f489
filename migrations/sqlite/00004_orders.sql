-- +goose Up
-- One checkout: the shopper's contact and address, paid once, split into one
-- order per cooperative (orders.group_id).
CREATE TABLE order_groups (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    code                 TEXT NOT NULL UNIQUE,
    user_id              BIGINT REFERENCES users (id),
    name                 TEXT NOT NULL,
    phone                TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',
    address_line         TEXT NOT NULL,
    ward                 TEXT NOT NULL,
    province_slug        TEXT NOT NULL REFERENCES provinces (slug),
    payment_method       TEXT NOT NULL CHECK (payment_method IN ('cod', 'bank_transfer', 'card')),
    note                 TEXT NOT NULL DEFAULT '',
    total_vnd            BIGINT NOT NULL CHECK (total_vnd >= 0),
    -- the Stripe PaymentIntent of a card checkout, set once it is created
    payment_ref          TEXT,
    payment_secret       TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMP NOT NULL
);
CREATE INDEX order_groups_user ON order_groups (user_id, created_at);
CREATE UNIQUE INDEX order_groups_payment_ref ON order_groups (payment_ref);

-- One cooperative's part of a checkout, with its own status and payment.
CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id           BIGINT NOT NULL REFERENCES order_groups (id),
    code               TEXT NOT NULL UNIQUE,
    cooperative_id     BIGINT NOT NULL REFERENCES cooperatives (id),
    status             TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'packed', 'shipped', 'delivered', 'cancelled')),
    subtotal_vnd       BIGINT NOT NULL CHECK (subtotal_vnd >= 0),
    shipping_vnd       BIGINT NOT NULL CHECK (shipping_vnd >= 0),
    total_vnd          BIGINT NOT NULL CHECK (total_vnd >= 0),
    payment_method     TEXT NOT NULL,
    payment_status     TEXT NOT NULL CHECK (payment_status IN ('pending', 'paid', 'voided', 'refunded')),
    -- how to pay as shown at checkout (the VietQR payload), as JSON
    payment_info       TEXT NOT NULL DEFAULT '',
    -- an unpaid bank transfer or card order is cancelled after this time
    payment_expires_at TIMESTAMP,
    paid_at            TIMESTAMP,
    tracking_no        TEXT NOT NULL DEFAULT '',
    cancel_reason      TEXT NOT NULL DEFAULT '',
    transfer_ref       TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX orders_group ON orders (group_id);
CREATE INDEX orders_cooperative ON orders (cooperative_id, status, created_at);
CREATE INDEX orders_payment_expiry ON orders (payment_status, payment_expires_at);

-- Items as they were sold: name, unit and price are copied at checkout.
CREATE TABLE order_items (
    order_id       BIGINT NOT NULL REFERENCES orders (id),
    product_id     BIGINT NOT NULL REFERENCES products (id),
    slug           TEXT NOT NULL,
    name           TEXT NOT NULL,
    unit           TEXT NOT NULL,
    price_vnd      BIGINT NOT NULL CHECK (price_vnd >= 0),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    line_total_vnd BIGINT NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

-- Every status or payment change of an order: who, when and why.
CREATE TABLE order_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id      BIGINT NOT NULL REFERENCES orders (id),
    kind          TEXT NOT NULL CHECK (kind IN ('status', 'payment')),
    from_value    TEXT NOT NULL DEFAULT '',
    to_value      TEXT NOT NULL,
    actor         TEXT NOT NULL,
    actor_user_id BIGINT,
    note          TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- Checkout answers by Idempotency-Key: a repeat gets the first answer.
CREATE TABLE idempotency_keys (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    group_code  TEXT NOT NULL,
    response    TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

-- Stripe events already applied, so a redelivery changes nothing.
CREATE TABLE payment_events (
    event_id    TEXT PRIMARY KEY,
    type        TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);

-- What the marketplace owes each cooperative: earnings, commission,
-- reversals of refunded orders and payouts (negative).
CREATE TABLE ledger_entries (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    cooperative_id BIGINT NOT NULL REFERENCES cooperatives (id),
    order_id       BIGINT REFERENCES orders (id),
    kind           TEXT NOT NULL CHECK (kind IN ('earning', 'commission', 'reversal', 'payout')),
    amount_vnd     BIGINT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ledger_entries_once ON ledger_entries (order_id, kind);
CREATE INDEX ledger_entries_cooperative ON ledger_entries (cooperative_id, created_at);

-- Optional per-cooperative integrations: a Stripe connected account for
-- transfers, and a webhook receiving signed order events.
CREATE TABLE cooperative_integrations (
    cooperative_id    BIGINT PRIMARY KEY REFERENCES cooperatives (id),
    stripe_account_id TEXT NOT NULL DEFAULT '',
    webhook_url       TEXT NOT NULL DEFAULT '',
    webhook_secret    TEXT NOT NULL DEFAULT ''
);

-- Emails and webhooks already delivered, so an outbox retry of a batch
-- does not send them twice.
CREATE TABLE notifications_sent (
    key     TEXT PRIMARY KEY,
    sent_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE notifications_sent;
DROP TABLE cooperative_integrations;
DROP TABLE ledger_entries;
DROP TABLE payment_events;
DROP TABLE idempotency_keys;
DROP TABLE order_events;
DROP TABLE order_items;
DROP TABLE orders;
DROP TABLE order_groups;
