-- +goose Up
-- Photos and scans are blobs, named by the SHA-256 of their bytes, behind
-- one storage interface: this table when the app keeps them in its
-- database (BLOB_URL empty), a bucket of object storage otherwise. A
-- product image row keeps only the digest that names its bytes.
CREATE TABLE blobs (
    key          TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    data         BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO blobs (key, content_type, data, created_at)
    SELECT DISTINCT ON (digest) digest, content_type, data, created_at FROM product_images ORDER BY digest, id;
ALTER TABLE product_images DROP COLUMN data;

-- +goose Down
-- The bytes go back into their rows; an image whose bytes are not in this
-- table (kept in object storage) stops the migration rather than be lost.
ALTER TABLE product_images ADD COLUMN data BYTEA;
UPDATE product_images SET data = (SELECT b.data FROM blobs b WHERE b.key = product_images.digest);
ALTER TABLE product_images ALTER COLUMN data SET NOT NULL;
DROP TABLE blobs;
