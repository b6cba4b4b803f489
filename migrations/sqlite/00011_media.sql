-- +goose Up
-- A product photo is stored at the sizes the pages show (the product page,
-- the cards, the thumbnails), each size a blob named by its digest; the
-- image row names its largest size and keeps its dimensions. Images from
-- before (drawings) have no variants and a size of 0.
ALTER TABLE product_images ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE product_images ADD COLUMN height INTEGER NOT NULL DEFAULT 0;
CREATE TABLE product_image_variants (
    image_id     BIGINT NOT NULL REFERENCES product_images (id) ON DELETE CASCADE,
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    digest       TEXT NOT NULL,
    content_type TEXT NOT NULL,
    PRIMARY KEY (image_id, width)
);

-- An OCOP claim may carry the scan of its certificate (a blob), and a
-- verified certificate is reminded of once, 60 days before it expires.
ALTER TABLE ocop_certificates ADD COLUMN scan_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE ocop_certificates ADD COLUMN scan_content_type TEXT NOT NULL DEFAULT '';
ALTER TABLE ocop_certificates ADD COLUMN reminded_at TIMESTAMP;
CREATE INDEX ocop_certificates_reminder ON ocop_certificates (status, reminded_at, expires_on);

-- +goose Down
DROP INDEX ocop_certificates_reminder;
ALTER TABLE ocop_certificates DROP COLUMN reminded_at;
ALTER TABLE ocop_certificates DROP COLUMN scan_content_type;
ALTER TABLE ocop_certificates DROP COLUMN scan_digest;
DROP TABLE product_image_variants;
ALTER TABLE product_images DROP COLUMN height;
ALTER TABLE product_images DROP COLUMN width;
