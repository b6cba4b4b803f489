-- +goose Up
-- Trade-fair showcases curated by promotion staff: a fair, its booths (one
-- cooperative each, with a chosen set of its products), the orders placed
-- through the fair's pages and the visits of its public page per day.
CREATE TABLE showcases (
    id            BIGSERIAL PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    city          TEXT NOT NULL DEFAULT '',
    venue         TEXT NOT NULL DEFAULT '',
    starts_on     DATE NOT NULL,
    ends_on       DATE NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    banner_digest TEXT NOT NULL DEFAULT '',
    banner_type   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    -- the organising province: its staff alone (and national staff) curate it
    province_slug TEXT REFERENCES provinces (slug),
    created_by    BIGINT REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX showcases_status ON showcases (status, ends_on);

CREATE TABLE showcase_booths (
    id             BIGSERIAL PRIMARY KEY,
    showcase_id    BIGINT NOT NULL REFERENCES showcases (id) ON DELETE CASCADE,
    cooperative_id BIGINT NOT NULL REFERENCES cooperatives (id),
    position       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (showcase_id, cooperative_id)
);
CREATE INDEX showcase_booths_showcase ON showcase_booths (showcase_id, position);

CREATE TABLE showcase_booth_products (
    booth_id   BIGINT NOT NULL REFERENCES showcase_booths (id) ON DELETE CASCADE,
    product_id BIGINT NOT NULL REFERENCES products (id),
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (booth_id, product_id)
);

CREATE TABLE showcase_visits (
    showcase_id BIGINT NOT NULL REFERENCES showcases (id) ON DELETE CASCADE,
    day         DATE NOT NULL,
    visits      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (showcase_id, day)
);

-- The fair an order's cart was filled through, for the fair's results.
ALTER TABLE orders ADD COLUMN showcase_id BIGINT REFERENCES showcases (id);
CREATE INDEX orders_showcase ON orders (showcase_id);

-- +goose Down
DROP INDEX orders_showcase;
ALTER TABLE orders DROP COLUMN showcase_id;
DROP TABLE showcase_visits;
DROP TABLE showcase_booth_products;
DROP TABLE showcase_booths;
DROP TABLE showcases;
