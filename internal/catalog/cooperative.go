package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// Cooperative statuses: staff approve a pending cooperative before its
// products show, and may suspend it.
const (
	CoopPending   = "pending"
	CoopActive    = "active"
	CoopSuspended = "suspended"
)

// Cooperative is a hợp tác xã selling on the marketplace.
type Cooperative struct {
	ID                  int64         `json:"id" db:"id"`
	Slug                string        `json:"slug" db:"slug"`
	Name                string        `json:"name" db:"name"`
	Province            NamedSlug     `json:"province" db:"pr"`
	Ward                string        `json:"ward" db:"ward"`
	Address             string        `json:"address" db:"address"`
	Representative      string        `json:"representative" db:"representative"`
	Phone               string        `json:"phone" db:"phone"`
	Email               string        `json:"email" db:"email"`
	Description         string        `json:"description" db:"description"`
	FoundedYear         sql.NullInt64 `json:"-" db:"founded_year"`
	Status              string        `json:"-" db:"status"`
	BankBIN             string        `json:"-" db:"bank_bin"`
	BankAccountNo       string        `json:"-" db:"bank_account_no"`
	BankAccountName     string        `json:"-" db:"bank_account_name"`
	ShippingFeeVND      int64         `json:"shipping_fee_vnd" db:"shipping_fee_vnd"`
	FreeShippingOverVND int64         `json:"free_shipping_over_vnd" db:"free_shipping_over_vnd"`
	ProductCount        int           `json:"product_count" db:"product_count"`
	CreatedAt           time.Time     `json:"-" db:"created_at"`
}

// ShippingFee applies a cooperative's shipping rule to the subtotal of what
// a shopper buys from it: the flat fee, nothing when the subtotal reaches a
// positive free-shipping threshold, and nothing for an empty subtotal. The
// cart and checkout both charge by it, so the cart shows what checkout takes.
func ShippingFee(subtotal, fee, freeOver int64) int64 {
	if subtotal <= 0 || freeOver > 0 && subtotal >= freeOver {
		return 0
	}
	return fee
}

const coopColumns = `co.id, co.slug, co.name, pr.slug AS "pr.slug", pr.name AS "pr.name", co.ward, co.address,
	co.representative, co.phone, co.email, co.description, co.founded_year, co.status,
	co.bank_bin, co.bank_account_no, co.bank_account_name, co.shipping_fee_vnd, co.free_shipping_over_vnd, co.created_at,
	(SELECT COUNT(*) FROM products p WHERE p.cooperative_id = co.id AND p.published = TRUE) AS product_count
	FROM cooperatives co JOIN provinces pr ON pr.slug = co.province_slug`

// Cooperatives lists the active cooperatives, of the given provinces when
// any are named, by name.
func (s *Store) Cooperatives(ctx context.Context, provinces []string) ([]Cooperative, error) {
	q := "SELECT " + coopColumns + " WHERE co.status = 'active'"
	args := []any{}
	if len(provinces) > 0 {
		q += " AND co.province_slug IN (?" + strings.Repeat(", ?", len(provinces)-1) + ")"
		for _, p := range provinces {
			args = append(args, p)
		}
	}
	var cs []Cooperative
	if err := s.db.SelectContext(ctx, &cs, s.db.Rebind(q+" ORDER BY co.name"), args...); err != nil {
		return nil, fmt.Errorf("catalog: cooperatives: %w", err)
	}
	if cs == nil {
		cs = []Cooperative{}
	}
	return cs, nil
}

// CooperativesBySlug returns the active cooperatives among slugs, by name.
func (s *Store) CooperativesBySlug(ctx context.Context, slugs []string) ([]Cooperative, error) {
	cs := []Cooperative{}
	if len(slugs) == 0 {
		return cs, nil
	}
	q, args, err := sqlx.In("SELECT "+coopColumns+" WHERE co.status = 'active' AND co.slug IN (?) ORDER BY co.name", slugs)
	if err == nil {
		err = s.db.SelectContext(ctx, &cs, s.db.Rebind(q), args...)
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: cooperatives by slug: %w", err)
	}
	return cs, nil
}

// CooperativeBySlug returns an active cooperative.
func (s *Store) CooperativeBySlug(ctx context.Context, slug string) (*Cooperative, error) {
	var c Cooperative
	err := s.db.GetContext(ctx, &c, s.db.Rebind("SELECT "+coopColumns+" WHERE co.status = 'active' AND co.slug = ?"), slug)
	if err != nil {
		if db.NoRows(err) {
			return nil, fmt.Errorf("catalog: cooperative %q: %w", slug, ErrNotFound)
		}
		return nil, fmt.Errorf("catalog: cooperative %q: %w", slug, err)
	}
	return &c, nil
}

// CooperativeByID returns a cooperative whatever its status, for its own
// panel and for staff.
func (s *Store) CooperativeByID(ctx context.Context, id int64) (*Cooperative, error) {
	var c Cooperative
	err := s.db.GetContext(ctx, &c, s.db.Rebind("SELECT "+coopColumns+" WHERE co.id = ?"), id)
	if err != nil {
		if db.NoRows(err) {
			return nil, fmt.Errorf("catalog: cooperative %d: %w", id, ErrNotFound)
		}
		return nil, fmt.Errorf("catalog: cooperative %d: %w", id, err)
	}
	return &c, nil
}
