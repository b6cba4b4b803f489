-- +goose Up
-- Traceability batches: a harvest of one product, packed on a day, with the
-- public trace code its QR labels carry (/truy-xuat/{trace_code}). A batch
-- number is unique within its product; a trace code is unique everywhere.
CREATE TABLE product_batches (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id     BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    batch_no       TEXT NOT NULL,
    trace_code     TEXT NOT NULL,
    harvested_on   DATE NOT NULL,
    packed_on      DATE NOT NULL,
    expires_on     DATE,
    farm_area_code TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (product_id, batch_no),
    CHECK (packed_on >= harvested_on),
    CHECK (expires_on IS NULL OR expires_on > packed_on)
);
CREATE UNIQUE INDEX product_batches_trace_code ON product_batches (trace_code);
CREATE INDEX product_batches_product_packed ON product_batches (product_id, packed_on);

-- +goose Down
DROP TABLE product_batches;
