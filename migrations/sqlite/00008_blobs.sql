-- +goose Up
-- Photos and scans are blobs, named by the SHA-256 of their bytes, behind
-- one storage interface: this table when the app keeps them in its
-- database (BLOB_URL empty), a bucket of object storage otherwise. A
-- product image row keeps only the digest that names its bytes.
CREATE TABLE blobs (
    key          TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT OR IGNORE INTO blobs (key, content_type, data, created_at)
    SELECT digest, content_type, data, created_at FROM product_images ORDER BY id;
ALTER TABLE product_images DROP COLUMN data;

-- +goose Down
-- The bytes go back into their rows; an image whose bytes are not in this
-- table (kept in object storage) stops the migration rather than be lost.
CREATE TABLE product_images_with_data (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id   BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL,
    digest       TEXT NOT NULL,
    alt          TEXT NOT NULL DEFAULT '',
    data         BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO product_images_with_data (id, product_id, position, content_type, digest, alt, data, created_at)
    SELECT i.id, i.product_id, i.position, i.content_type, i.digest, i.alt,
        (SELECT b.data FROM blobs b WHERE b.key = i.digest), i.created_at
    FROM product_images i;
DROP TABLE product_images;
ALTER TABLE product_images_with_data RENAME TO product_images;
CREATE INDEX product_images_product ON product_images (product_id, position);
DROP TABLE blobs;
