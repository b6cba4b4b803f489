-- +goose Up
-- A promotion_staff member of one province's alliance acts on that
-- province's cooperatives only; NULL is national staff (and admins).
ALTER TABLE users ADD COLUMN staff_province_slug TEXT REFERENCES provinces (slug);

-- +goose Down
ALTER TABLE users DROP COLUMN staff_province_slug;
