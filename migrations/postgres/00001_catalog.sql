-- +goose Up
CREATE TABLE provinces (
    slug     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('city', 'province')),
    position INTEGER NOT NULL
);

-- Names a province went by, folded (see internal/textfold), including the 63
-- names from before the 2025 merger, so old addresses still resolve.
CREATE TABLE province_aliases (
    folded_name   TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    province_slug TEXT NOT NULL REFERENCES provinces (slug)
);

-- The six OCOP product groups (parent_slug NULL) and their subgroups.
CREATE TABLE categories (
    slug        TEXT PRIMARY KEY,
    parent_slug TEXT REFERENCES categories (slug),
    name        TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    position    INTEGER NOT NULL
);

CREATE TABLE certifications (
    slug           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL,
    description_en TEXT NOT NULL
);

CREATE TABLE geographical_indications (
    id             BIGSERIAL PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    province_slug  TEXT NOT NULL REFERENCES provinces (slug),
    certificate_no TEXT NOT NULL DEFAULT ''
);

CREATE TABLE cooperatives (
    id                     BIGSERIAL PRIMARY KEY,
    slug                   TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    province_slug          TEXT NOT NULL REFERENCES provinces (slug),
    ward                   TEXT NOT NULL DEFAULT '',
    address                TEXT NOT NULL DEFAULT '',
    representative         TEXT NOT NULL DEFAULT '',
    phone                  TEXT NOT NULL DEFAULT '',
    email                  TEXT NOT NULL DEFAULT '',
    description            TEXT NOT NULL DEFAULT '',
    founded_year           INTEGER,
    status                 TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'suspended')),
    bank_bin               TEXT NOT NULL DEFAULT '',
    bank_account_no        TEXT NOT NULL DEFAULT '',
    bank_account_name      TEXT NOT NULL DEFAULT '',
    shipping_fee_vnd       BIGINT NOT NULL DEFAULT 30000 CHECK (shipping_fee_vnd >= 0),
    free_shipping_over_vnd BIGINT NOT NULL DEFAULT 0 CHECK (free_shipping_over_vnd >= 0),
    created_at             TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX cooperatives_province ON cooperatives (province_slug);

CREATE TABLE products (
    id                   BIGSERIAL PRIMARY KEY,
    cooperative_id       BIGINT NOT NULL REFERENCES cooperatives (id),
    category_slug        TEXT NOT NULL REFERENCES categories (slug),
    slug                 TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    price_vnd            BIGINT NOT NULL CHECK (price_vnd >= 0),
    unit                 TEXT NOT NULL,
    stock                INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    published            BOOLEAN NOT NULL DEFAULT FALSE,
    origin_province_slug TEXT NOT NULL REFERENCES provinces (slug),
    origin_ward          TEXT NOT NULL DEFAULT '',
    gi_id                BIGINT REFERENCES geographical_indications (id),
    trace_code           TEXT NOT NULL DEFAULT '',
    -- folded name, cooperative, indication and description for SQL search
    search_text          TEXT NOT NULL DEFAULT '',
    created_at           TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX products_listing ON products (published, created_at);
CREATE INDEX products_cooperative ON products (cooperative_id);
CREATE INDEX products_category ON products (category_slug);
CREATE INDEX products_province ON products (origin_province_slug);
CREATE INDEX products_price ON products (price_vnd);

-- Images are kept in the database so that every app instance serves them
-- without shared storage; url paths carry the digest for immutable caching.
CREATE TABLE product_images (
    id           BIGSERIAL PRIMARY KEY,
    product_id   BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL,
    digest       TEXT NOT NULL,
    alt          TEXT NOT NULL DEFAULT '',
    data         BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX product_images_product ON product_images (product_id, position);

CREATE TABLE product_certifications (
    product_id         BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    certification_slug TEXT NOT NULL REFERENCES certifications (slug),
    code               TEXT NOT NULL DEFAULT '',
    expires_on         DATE,
    PRIMARY KEY (product_id, certification_slug)
);
CREATE INDEX product_certifications_slug ON product_certifications (certification_slug);

-- OCOP certificates: a claim is pending until promotion staff verify or
-- reject it; stars show only while verified and expires_on is not past.
CREATE TABLE ocop_certificates (
    id            BIGSERIAL PRIMARY KEY,
    product_id    BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    stars         INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
    score         INTEGER CHECK (score BETWEEN 0 AND 100),
    decision_no   TEXT NOT NULL,
    issued_by     TEXT NOT NULL,
    issued_on     DATE NOT NULL,
    expires_on    DATE NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected')),
    reject_reason TEXT NOT NULL DEFAULT '',
    reviewed_at   TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ocop_certificates_product ON ocop_certificates (product_id, status, expires_on);
CREATE INDEX ocop_certificates_status ON ocop_certificates (status);

CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    name           TEXT NOT NULL,
    phone          TEXT NOT NULL DEFAULT '',
    cooperative_id BIGINT REFERENCES cooperatives (id),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('shopper', 'coop_staff', 'promotion_staff', 'admin')),
    PRIMARY KEY (user_id, role)
);

INSERT INTO provinces (slug, name, kind, position) VALUES
  ('ha-noi', 'Hà Nội', 'city', 1),
  ('hue', 'Huế', 'city', 2),
  ('ho-chi-minh', 'TP Hồ Chí Minh', 'city', 3),
  ('hai-phong', 'Hải Phòng', 'city', 4),
  ('da-nang', 'Đà Nẵng', 'city', 5),
  ('can-tho', 'Cần Thơ', 'city', 6),
  ('cao-bang', 'Cao Bằng', 'province', 7),
  ('dien-bien', 'Điện Biên', 'province', 8),
  ('ha-tinh', 'Hà Tĩnh', 'province', 9),
  ('lai-chau', 'Lai Châu', 'province', 10),
  ('lang-son', 'Lạng Sơn', 'province', 11),
  ('nghe-an', 'Nghệ An', 'province', 12),
  ('quang-ninh', 'Quảng Ninh', 'province', 13),
  ('thanh-hoa', 'Thanh Hóa', 'province', 14),
  ('son-la', 'Sơn La', 'province', 15),
  ('tuyen-quang', 'Tuyên Quang', 'province', 16),
  ('lao-cai', 'Lào Cai', 'province', 17),
  ('thai-nguyen', 'Thái Nguyên', 'province', 18),
  ('phu-tho', 'Phú Thọ', 'province', 19),
  ('bac-ninh', 'Bắc Ninh', 'province', 20),
  ('hung-yen', 'Hưng Yên', 'province', 21),
  ('ninh-binh', 'Ninh Bình', 'province', 22),
  ('quang-tri', 'Quảng Trị', 'province', 23),
  ('quang-ngai', 'Quảng Ngãi', 'province', 24),
  ('gia-lai', 'Gia Lai', 'province', 25),
  ('khanh-hoa', 'Khánh Hòa', 'province', 26),
  ('lam-dong', 'Lâm Đồng', 'province', 27),
  ('dak-lak', 'Đắk Lắk', 'province', 28),
  ('dong-nai', 'Đồng Nai', 'province', 29),
  ('tay-ninh', 'Tây Ninh', 'province', 30),
  ('vinh-long', 'Vĩnh Long', 'province', 31),
  ('dong-thap', 'Đồng Tháp', 'province', 32),
  ('ca-mau', 'Cà Mau', 'province', 33),
  ('an-giang', 'An Giang', 'province', 34);

INSERT INTO province_aliases (folded_name, name, province_slug) VALUES
  ('ha noi', 'Hà Nội', 'ha-noi'),
  ('hue', 'Huế', 'hue'),
  ('thua thien hue', 'Thừa Thiên Huế', 'hue'),
  ('ho chi minh', 'TP Hồ Chí Minh', 'ho-chi-minh'),
  ('binh duong', 'Bình Dương', 'ho-chi-minh'),
  ('ba ria vung tau', 'Bà Rịa - Vũng Tàu', 'ho-chi-minh'),
  ('sai gon', 'Sài Gòn', 'ho-chi-minh'),
  ('hai phong', 'Hải Phòng', 'hai-phong'),
  ('hai duong', 'Hải Dương', 'hai-phong'),
  ('da nang', 'Đà Nẵng', 'da-nang'),
  ('quang nam', 'Quảng Nam', 'da-nang'),
  ('can tho', 'Cần Thơ', 'can-tho'),
  ('soc trang', 'Sóc Trăng', 'can-tho'),
  ('hau giang', 'Hậu Giang', 'can-tho'),
  ('cao bang', 'Cao Bằng', 'cao-bang'),
  ('dien bien', 'Điện Biên', 'dien-bien'),
  ('ha tinh', 'Hà Tĩnh', 'ha-tinh'),
  ('lai chau', 'Lai Châu', 'lai-chau'),
  ('lang son', 'Lạng Sơn', 'lang-son'),
  ('nghe an', 'Nghệ An', 'nghe-an'),
  ('quang ninh', 'Quảng Ninh', 'quang-ninh'),
  ('thanh hoa', 'Thanh Hóa', 'thanh-hoa'),
  ('son la', 'Sơn La', 'son-la'),
  ('tuyen quang', 'Tuyên Quang', 'tuyen-quang'),
  ('ha giang', 'Hà Giang', 'tuyen-quang'),
  ('lao cai', 'Lào Cai', 'lao-cai'),
  ('yen bai', 'Yên Bái', 'lao-cai'),
  ('thai nguyen', 'Thái Nguyên', 'thai-nguyen'),
  ('bac kan', 'Bắc Kạn', 'thai-nguyen'),
  ('bac can', 'Bắc Cạn', 'thai-nguyen'),
  ('phu tho', 'Phú Thọ', 'phu-tho'),
  ('vinh phuc', 'Vĩnh Phúc', 'phu-tho'),
  ('hoa binh', 'Hòa Bình', 'phu-tho'),
  ('bac ninh', 'Bắc Ninh', 'bac-ninh'),
  ('bac giang', 'Bắc Giang', 'bac-ninh'),
  ('hung yen', 'Hưng Yên', 'hung-yen'),
  ('thai binh', 'Thái Bình', 'hung-yen'),
  ('ninh binh', 'Ninh Bình', 'ninh-binh'),
  ('ha nam', 'Hà Nam', 'ninh-binh'),
  ('nam dinh', 'Nam Định', 'ninh-binh'),
  ('quang tri', 'Quảng Trị', 'quang-tri'),
  ('quang binh', 'Quảng Bình', 'quang-tri'),
  ('quang ngai', 'Quảng Ngãi', 'quang-ngai'),
  ('kon tum', 'Kon Tum', 'quang-ngai'),
  ('gia lai', 'Gia Lai', 'gia-lai'),
  ('binh dinh', 'Bình Định', 'gia-lai'),
  ('khanh hoa', 'Khánh Hòa', 'khanh-hoa'),
  ('ninh thuan', 'Ninh Thuận', 'khanh-hoa'),
  ('lam dong', 'Lâm Đồng', 'lam-dong'),
  ('dak nong', 'Đắk Nông', 'lam-dong'),
  ('binh thuan', 'Bình Thuận', 'lam-dong'),
  ('dak lak', 'Đắk Lắk', 'dak-lak'),
  ('phu yen', 'Phú Yên', 'dak-lak'),
  ('dong nai', 'Đồng Nai', 'dong-nai'),
  ('binh phuoc', 'Bình Phước', 'dong-nai'),
  ('tay ninh', 'Tây Ninh', 'tay-ninh'),
  ('long an', 'Long An', 'tay-ninh'),
  ('vinh long', 'Vĩnh Long', 'vinh-long'),
  ('ben tre', 'Bến Tre', 'vinh-long'),
  ('tra vinh', 'Trà Vinh', 'vinh-long'),
  ('dong thap', 'Đồng Tháp', 'dong-thap'),
  ('tien giang', 'Tiền Giang', 'dong-thap'),
  ('ca mau', 'Cà Mau', 'ca-mau'),
  ('bac lieu', 'Bạc Liêu', 'ca-mau'),
  ('an giang', 'An Giang', 'an-giang'),
  ('kien giang', 'Kiên Giang', 'an-giang');

INSERT INTO categories (slug, parent_slug, name, name_en, position) VALUES
  ('thuc-pham', NULL, 'Thực phẩm', 'Food', 1),
  ('nong-san-tuoi', 'thuc-pham', 'Nông sản tươi', 'Fresh produce', 2),
  ('nong-san-so-che', 'thuc-pham', 'Nông sản sơ chế', 'Dried and milled produce', 3),
  ('thuc-pham-che-bien', 'thuc-pham', 'Thực phẩm chế biến', 'Processed food', 4),
  ('gia-vi', 'thuc-pham', 'Gia vị', 'Condiments and spices', 5),
  ('che', 'thuc-pham', 'Chè, trà', 'Tea', 6),
  ('ca-phe', 'thuc-pham', 'Cà phê, ca cao', 'Coffee and cocoa', 7),
  ('mat-ong', 'thuc-pham', 'Mật ong', 'Honey', 8),
  ('do-uong', NULL, 'Đồ uống', 'Drinks', 9),
  ('ruou', 'do-uong', 'Rượu', 'Spirits and wine', 10),
  ('do-uong-khac', 'do-uong', 'Đồ uống khác', 'Other drinks', 11),
  ('duoc-lieu', NULL, 'Dược liệu và sản phẩm từ dược liệu', 'Medicinal herbs', 12),
  ('duoc-lieu-so-che', 'duoc-lieu', 'Dược liệu sơ chế', 'Dried herbs', 13),
  ('san-pham-tu-duoc-lieu', 'duoc-lieu', 'Sản phẩm từ dược liệu', 'Herbal products', 14),
  ('thu-cong-my-nghe', NULL, 'Hàng thủ công mỹ nghệ', 'Handicrafts', 15),
  ('det-may', 'thu-cong-my-nghe', 'Dệt may, thổ cẩm', 'Textiles and brocade', 16),
  ('do-go', 'thu-cong-my-nghe', 'Đồ gỗ', 'Woodwork', 17),
  ('may-tre-dan', 'thu-cong-my-nghe', 'Mây tre đan', 'Rattan and bamboo', 18),
  ('gom-su', 'thu-cong-my-nghe', 'Gốm sứ', 'Ceramics', 19),
  ('sinh-vat-canh', NULL, 'Sinh vật cảnh', 'Ornamental plants and animals', 20),
  ('hoa-cay-canh', 'sinh-vat-canh', 'Hoa, cây cảnh', 'Flowers and ornamental plants', 21),
  ('du-lich', NULL, 'Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch', 'Community and eco-tourism', 22),
  ('du-lich-cong-dong', 'du-lich', 'Du lịch cộng đồng', 'Community tourism', 23);

INSERT INTO certifications (slug, name, description, description_en) VALUES
  ('vietgap', 'VietGAP', 'Thực hành sản xuất nông nghiệp tốt của Việt Nam', 'Vietnamese Good Agricultural Practices'),
  ('globalgap', 'GlobalG.A.P.', 'Tiêu chuẩn thực hành nông nghiệp tốt toàn cầu', 'Global Good Agricultural Practice'),
  ('organic', 'Hữu cơ (TCVN 11041)', 'Sản xuất hữu cơ theo TCVN 11041', 'Organic (TCVN 11041)'),
  ('haccp', 'HACCP', 'Phân tích mối nguy và điểm kiểm soát tới hạn', 'Hazard Analysis and Critical Control Points');

-- +goose Down
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE ocop_certificates;
DROP TABLE product_certifications;
DROP TABLE product_images;
DROP TABLE products;
DROP TABLE cooperatives;
DROP TABLE geographical_indications;
DROP TABLE certifications;
DROP TABLE categories;
DROP TABLE province_aliases;
DROP TABLE provinces;
