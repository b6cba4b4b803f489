package account

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// MaxAddresses is how many addresses one account keeps.
const MaxAddresses = 20

// ErrTooManyAddresses means the account already has MaxAddresses.
var ErrTooManyAddresses = fault.New(fault.Conflict, "too_many_addresses").With(fault.Params{"max": MaxAddresses})

// ErrAddressNotFound means the user has no address of that id.
var ErrAddressNotFound = fault.New(fault.NotFound, "not_found")

// Lengths of the parts of an address.
const (
	MaxLineLen = 200
	MaxWardLen = 100
)

// ProvinceResolver maps a province name or slug, old or new, to one of the
// 34 provinces (catalog.Store does).
type ProvinceResolver interface {
	ResolveProvince(ctx context.Context, nameOrSlug string) (catalog.Province, error)
}

// Address is a delivery address: street line, commune/ward and province.
type Address struct {
	ID        int64             `json:"id" db:"id"`
	Name      string            `json:"name" db:"name"`
	Phone     string            `json:"phone" db:"phone"`
	Line      string            `json:"line" db:"line"`
	Ward      string            `json:"ward" db:"ward"`
	Province  catalog.NamedSlug `json:"province" db:"pr"`
	IsDefault bool              `json:"is_default" db:"is_default"`
}

// AddressInput is what a shopper enters for an address; Province may be
// a slug or a name, also one of the 63 names from before July 2025.
type AddressInput struct {
	Name      string `json:"name"`
	Phone     string `json:"phone"`
	Line      string `json:"line"`
	Ward      string `json:"ward"`
	Province  string `json:"province"`
	IsDefault bool   `json:"is_default"`
}

// AddressBook keeps the addresses of accounts.
type AddressBook struct {
	db        *db.DB
	provinces ProvinceResolver
}

// NewAddressBook returns an AddressBook checking provinces with p.
func NewAddressBook(d *db.DB, p ProvinceResolver) *AddressBook {
	return &AddressBook{db: d, provinces: p}
}

// check validates in and resolves its province.
func (b *AddressBook) check(ctx context.Context, in AddressInput) (AddressInput, error) {
	var f fault.Fields
	out := in
	out.Name = CheckText(&f, "name", in.Name, MaxNameLen, true)
	out.Line = CheckText(&f, "line", in.Line, MaxLineLen, true)
	out.Ward = CheckText(&f, "ward", in.Ward, MaxWardLen, true)
	out.Phone = CheckPhone(&f, "phone", in.Phone, true)
	pr, err := CheckProvince(ctx, b.provinces, &f, "province", in.Province)
	if err != nil {
		return out, fmt.Errorf("account: address: %w", err)
	}
	out.Province = pr.Slug
	return out, f.Err()
}

// CheckProvince is the one rule for the province of an address: a slug or
// a name, old or new, of one of the 34 provinces. It records on f what is
// wrong under field; err is only for a province table that does not answer.
func CheckProvince(ctx context.Context, p ProvinceResolver, f *fault.Fields, field, v string) (catalog.Province, error) {
	name := CheckText(f, field, v, MaxNameLen, true)
	if f.Has(field) {
		return catalog.Province{}, nil
	}
	pr, err := p.ResolveProvince(ctx, name)
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		f.Add(field, "unknown_province", nil)
		return catalog.Province{}, nil
	case err != nil:
		return catalog.Province{}, err
	}
	return pr, nil
}

const addressColumns = `a.id, a.name, a.phone, a.line, a.ward, pr.slug AS "pr.slug", pr.name AS "pr.name", a.is_default
	FROM user_addresses a JOIN provinces pr ON pr.slug = a.province_slug`

// List returns the addresses of a user, the default first.
func (b *AddressBook) List(ctx context.Context, userID int64) ([]Address, error) {
	as := []Address{}
	if err := b.db.SelectContext(ctx, &as, b.db.Rebind(`SELECT `+addressColumns+` WHERE a.user_id = ? ORDER BY a.is_default DESC, a.id`), userID); err != nil {
		return nil, fmt.Errorf("account: addresses of %d: %w", userID, err)
	}
	return as, nil
}

// Get returns one address of a user; another user's is ErrNotFound.
func (b *AddressBook) Get(ctx context.Context, userID, id int64) (*Address, error) {
	var a Address
	err := b.db.GetContext(ctx, &a, b.db.Rebind(`SELECT `+addressColumns+` WHERE a.user_id = ? AND a.id = ?`), userID, id)
	if db.NoRows(err) {
		return nil, fmt.Errorf("account: address %d of %d: %w", id, userID, ErrAddressNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("account: address %d of %d: %w", id, userID, err)
	}
	return &a, nil
}

// Add stores a new address; the first one is the default.
func (b *AddressBook) Add(ctx context.Context, userID int64, in AddressInput) (*Address, error) {
	in, err := b.check(ctx, in)
	if err != nil {
		return nil, err
	}
	var id int64
	err = b.db.Tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, tx.Rebind(`SELECT COUNT(*) FROM user_addresses WHERE user_id = ?`), userID); err != nil {
			return err
		}
		if n >= MaxAddresses {
			return ErrTooManyAddresses
		}
		in.IsDefault = in.IsDefault || n == 0
		if in.IsDefault {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE user_addresses SET is_default = FALSE WHERE user_id = ?`), userID); err != nil {
				return err
			}
		}
		return tx.GetContext(ctx, &id, tx.Rebind(`INSERT INTO user_addresses (user_id, name, phone, line, ward, province_slug, is_default, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), userID, in.Name, in.Phone, in.Line, in.Ward, in.Province, in.IsDefault, time.Now().UTC())
	})
	if err != nil {
		return nil, fmt.Errorf("account: add address for %d: %w", userID, err)
	}
	return b.Get(ctx, userID, id)
}

// Update replaces an address of a user.
func (b *AddressBook) Update(ctx context.Context, userID, id int64, in AddressInput) (*Address, error) {
	in, err := b.check(ctx, in)
	if err != nil {
		return nil, err
	}
	err = b.db.Tx(ctx, func(tx *sqlx.Tx) error {
		if in.IsDefault {
			if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE user_addresses SET is_default = FALSE WHERE user_id = ?`), userID); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE user_addresses SET name = ?, phone = ?, line = ?, ward = ?, province_slug = ?,
			is_default = (is_default OR ?) WHERE user_id = ? AND id = ?`), in.Name, in.Phone, in.Line, in.Ward, in.Province, in.IsDefault, userID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrAddressNotFound
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("account: update address %d of %d: %w", id, userID, err)
	}
	return b.Get(ctx, userID, id)
}

// Delete removes an address of a user; when it was the default, the oldest
// remaining one becomes the default.
func (b *AddressBook) Delete(ctx context.Context, userID, id int64) error {
	err := b.db.Tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM user_addresses WHERE user_id = ? AND id = ?`), userID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrAddressNotFound
		}
		_, err = tx.ExecContext(ctx, tx.Rebind(`UPDATE user_addresses SET is_default = TRUE
			WHERE id = (SELECT MIN(id) FROM user_addresses WHERE user_id = ?)
			AND NOT EXISTS (SELECT 1 FROM user_addresses WHERE user_id = ? AND is_default)`), userID, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("account: delete address %d of %d: %w", id, userID, err)
	}
	return nil
}
