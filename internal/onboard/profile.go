package onboard

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// Profile is a cooperative as its own team and staff see it: its
// application state, what staff asked to change, and everything it keeps
// up to date itself.
type Profile struct {
	ID                  int64             `json:"id" db:"id"`
	Slug                string            `json:"slug" db:"slug"`
	Name                string            `json:"name" db:"name"`
	Status              string            `json:"status" db:"status"`
	TaxCode             string            `json:"tax_code" db:"tax_code"`
	ReviewMessage       string            `json:"review_message" db:"review_message"`
	ReviewedAt          *time.Time        `json:"reviewed_at" db:"reviewed_at"`
	Province            catalog.NamedSlug `json:"province" db:"pr"`
	Ward                string            `json:"ward" db:"ward"`
	Address             string            `json:"address" db:"address"`
	Representative      string            `json:"representative" db:"representative"`
	Phone               string            `json:"phone" db:"phone"`
	Email               string            `json:"email" db:"email"`
	Description         string            `json:"description" db:"description"`
	BankBIN             string            `json:"bank_bin" db:"bank_bin"`
	BankName            string            `json:"bank_name" db:"-"`
	AccountNo           string            `json:"account_no" db:"bank_account_no"`
	AccountName         string            `json:"account_name" db:"bank_account_name"`
	ShippingFeeVND      int64             `json:"shipping_fee_vnd" db:"shipping_fee_vnd"`
	FreeShippingOverVND int64             `json:"free_shipping_over_vnd" db:"free_shipping_over_vnd"`
	CreatedAt           time.Time         `json:"created_at" db:"created_at"`
}

const profileSelect = `SELECT co.id, co.slug, co.name, co.status, COALESCE(co.tax_code, '') AS tax_code, co.review_message,
	co.reviewed_at, pr.slug AS "pr.slug", pr.name AS "pr.name", co.ward, co.address, co.representative, co.phone, co.email,
	co.description, co.bank_bin, co.bank_account_no, co.bank_account_name, co.shipping_fee_vnd, co.free_shipping_over_vnd,
	co.created_at
	FROM cooperatives co JOIN provinces pr ON pr.slug = co.province_slug WHERE co.id = ?`

// profile reads cooperative id through q (the database or a transaction).
func (s *Service) profile(ctx context.Context, q sqlx.QueryerContext, id int64) (*Profile, error) {
	var p Profile
	if err := sqlx.GetContext(ctx, q, &p, s.db.Rebind(profileSelect), id); err != nil {
		if db.NoRows(err) {
			return nil, fmt.Errorf("onboard: cooperative %d: %w", id, ErrNotFound)
		}
		return nil, fmt.Errorf("onboard: cooperative %d: %w", id, err)
	}
	p.BankName = vietqr.BankName(p.BankBIN)
	p.CreatedAt = p.CreatedAt.UTC()
	if p.ReviewedAt != nil {
		t := p.ReviewedAt.UTC()
		p.ReviewedAt = &t
	}
	return &p, nil
}

// Profile returns the profile of cooperative coopID.
func (s *Service) Profile(ctx context.Context, coopID int64) (*Profile, error) {
	return s.profile(ctx, s.db, coopID)
}

// Limits of the profile's fields.
const (
	MaxCoopNameLen    = 150
	MaxShippingFeeVND = 1_000_000
	MaxFreeOverVND    = 100_000_000
	MaxAccountNameLen = 50
)

// Bank is the account a cooperative is paid into by VietQR transfer.
type Bank struct {
	BIN         string `json:"bank_bin"`
	AccountNo   string `json:"account_no"`
	AccountName string `json:"account_name"`
}

var (
	accountNo   = regexp.MustCompile(`^[0-9]{6,19}$`)
	accountName = regexp.MustCompile(`^[A-Z0-9]+( [A-Z0-9]+)*$`)
)

// check records on f what is wrong with the bank account and returns it
// normalised: the account number without spaces, dots or dashes, the
// name in capitals without diacritics, as VietQR and the banks write it
// ("Hợp tác xã Bích Thảo" → "HOP TAC XA BICH THAO").
func (b Bank) check(f *fault.Fields) Bank {
	out := Bank{BIN: strings.TrimSpace(b.BIN)}
	if out.BIN == "" {
		f.Add("bank_bin", "required", nil)
	} else if vietqr.BankName(out.BIN) == "" {
		f.Add("bank_bin", "unknown_bank", nil)
	}
	no := strings.NewReplacer(" ", "", ".", "", "-", "").Replace(strings.TrimSpace(b.AccountNo))
	switch {
	case no == "":
		f.Add("account_no", "required", nil)
	case !accountNo.MatchString(no):
		f.Add("account_no", "invalid_account_no", fault.Params{"min": 6, "max": 19})
	default:
		out.AccountNo = no
	}
	name := account.CheckText(f, "account_name", b.AccountName, MaxAccountNameLen, true)
	if !f.Has("account_name") {
		name = strings.ToUpper(textfold.Fold(name))
		if !accountName.MatchString(name) {
			f.Add("account_name", "invalid_account_name", nil)
		}
		out.AccountName = name
	}
	return out
}

// checkName is the rule for a cooperative's name: a line of text with a
// letter or digit to make its address of.
func checkName(f *fault.Fields, v string) string {
	name := account.CheckText(f, "name", v, MaxCoopNameLen, true)
	if !f.Has("name") && catalog.Slugify(name) == "" {
		f.Add("name", "name_without_letters", nil)
	}
	return name
}

// ProfileInput is what a cooperative's team changes in its profile. The
// province and the tax code change only through trade-promotion staff:
// either may be sent back as it is, and anything else is refused.
type ProfileInput struct {
	Name                string  `json:"name"`
	Representative      string  `json:"representative"`
	Phone               string  `json:"phone"`
	Email               string  `json:"email"`
	Ward                string  `json:"ward"`
	Address             string  `json:"address"`
	Description         string  `json:"description"`
	BankBIN             string  `json:"bank_bin"`
	AccountNo           string  `json:"account_no"`
	AccountName         string  `json:"account_name"`
	ShippingFeeVND      int64   `json:"shipping_fee_vnd"`
	FreeShippingOverVND int64   `json:"free_shipping_over_vnd"`
	Province            *string `json:"province,omitempty"`
	TaxCode             *string `json:"tax_code,omitempty"`
}

// Problems records on f what is wrong with in, and returns in cleaned;
// the lock of the province and tax code is checked by UpdateProfile,
// which knows them.
func (in ProfileInput) Problems(f *fault.Fields) ProfileInput {
	out := ProfileInput{Province: in.Province, TaxCode: in.TaxCode}
	out.Name = checkName(f, in.Name)
	out.Representative = account.CheckText(f, "representative", in.Representative, account.MaxNameLen, true)
	out.Phone = account.CheckPhone(f, "phone", in.Phone, true)
	out.Email = account.CheckEmail(f, "email", in.Email, true)
	out.Ward = account.CheckText(f, "ward", in.Ward, account.MaxWardLen, true)
	out.Address = account.CheckText(f, "address", in.Address, account.MaxLineLen, true)
	out.Description = checkParagraphs(f, "description", in.Description, MaxDescriptionLen, true)
	bank := Bank{BIN: in.BankBIN, AccountNo: in.AccountNo, AccountName: in.AccountName}.check(f)
	out.BankBIN, out.AccountNo, out.AccountName = bank.BIN, bank.AccountNo, bank.AccountName
	checkVND(f, "shipping_fee_vnd", in.ShippingFeeVND, MaxShippingFeeVND)
	checkVND(f, "free_shipping_over_vnd", in.FreeShippingOverVND, MaxFreeOverVND)
	out.ShippingFeeVND, out.FreeShippingOverVND = in.ShippingFeeVND, in.FreeShippingOverVND
	return out
}

func checkVND(f *fault.Fields, field string, v, max int64) {
	if v < 0 || v > max {
		f.Add(field, "out_of_range", fault.Params{"min": 0, "max": max})
	}
}

// editable is the part of a profile its team changes, as the audit log
// shows it before and after.
type editable struct {
	Name                string `json:"name"`
	Representative      string `json:"representative"`
	Phone               string `json:"phone"`
	Email               string `json:"email"`
	Ward                string `json:"ward"`
	Address             string `json:"address"`
	Description         string `json:"description"`
	BankBIN             string `json:"bank_bin"`
	AccountNo           string `json:"account_no"`
	AccountName         string `json:"account_name"`
	ShippingFeeVND      int64  `json:"shipping_fee_vnd"`
	FreeShippingOverVND int64  `json:"free_shipping_over_vnd"`
}

func (p *Profile) editable() editable {
	return editable{Name: p.Name, Representative: p.Representative, Phone: p.Phone, Email: p.Email, Ward: p.Ward,
		Address: p.Address, Description: p.Description, BankBIN: p.BankBIN, AccountNo: p.AccountNo, AccountName: p.AccountName,
		ShippingFeeVND: p.ShippingFeeVND, FreeShippingOverVND: p.FreeShippingOverVND}
}

func (in ProfileInput) editable() editable {
	return editable{Name: in.Name, Representative: in.Representative, Phone: in.Phone, Email: in.Email, Ward: in.Ward,
		Address: in.Address, Description: in.Description, BankBIN: in.BankBIN, AccountNo: in.AccountNo, AccountName: in.AccountName,
		ShippingFeeVND: in.ShippingFeeVND, FreeShippingOverVND: in.FreeShippingOverVND}
}

// UpdateProfile changes the profile of cooperative coopID for u, a member
// of its team, with the audit record of the change; a change shoppers see
// (the name, the description, the shipping rule) is queued for the search
// index in the same transaction.
func (s *Service) UpdateProfile(ctx context.Context, u *account.User, coopID int64, in ProfileInput) (*Profile, error) {
	var f fault.Fields
	in = in.Problems(&f)
	var out *Profile
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.profile(ctx, tx, coopID)
		if err != nil {
			return err
		}
		if in.Province != nil && *in.Province != before.Province.Slug {
			f.Add("province", "changed_by_staff", nil)
		}
		if in.TaxCode != nil && strings.TrimSpace(*in.TaxCode) != before.TaxCode {
			f.Add("tax_code", "changed_by_staff", nil)
		}
		if err := f.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE cooperatives SET name = ?, representative = ?, phone = ?, email = ?,
			ward = ?, address = ?, description = ?, bank_bin = ?, bank_account_no = ?, bank_account_name = ?,
			shipping_fee_vnd = ?, free_shipping_over_vnd = ?, updated_at = ? WHERE id = ?`),
			in.Name, in.Representative, in.Phone, in.Email, in.Ward, in.Address, in.Description, in.BankBIN, in.AccountNo,
			in.AccountName, in.ShippingFeeVND, in.FreeShippingOverVND, s.now().UTC(), coopID); err != nil {
			return fmt.Errorf("onboard: update profile of %d: %w", coopID, err)
		}
		old, now := before.editable(), in.editable()
		if old.Name != now.Name || old.Description != now.Description || old.ShippingFeeVND != now.ShippingFeeVND ||
			old.FreeShippingOverVND != now.FreeShippingOverVND {
			if err := s.catalog.EnqueueIndex(ctx, tx, catalog.IndexJob{CooperativeID: coopID}); err != nil {
				return fmt.Errorf("onboard: update profile of %d: %w", coopID, err)
			}
		} else if err := s.catalog.Touch(ctx, tx); err != nil { // the cooperative's page shows the rest
			return fmt.Errorf("onboard: update profile of %d: %w", coopID, err)
		}
		if err := s.record(ctx, tx, u, coopID, "cooperative.update_profile",
			audit.Subject{Kind: "cooperative", ID: audit.SubjectID(coopID)}, old, now); err != nil {
			return err
		}
		out, err = s.profile(ctx, tx, coopID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// taxCode is a Vietnamese tax code (mã số thuế): ten digits, or ten and a
// dash and three for a branch.
var taxCode = regexp.MustCompile(`^[0-9]{10}(-[0-9]{3})?$`)

// checkTaxCode records on f what is wrong with a tax code and returns it
// without the spaces people type in it.
func checkTaxCode(f *fault.Fields, v string) string {
	v = strings.ReplaceAll(strings.TrimSpace(v), " ", "")
	switch {
	case v == "":
		f.Add("tax_code", "required", nil)
	case !utf8.ValidString(v) || !taxCode.MatchString(v):
		f.Add("tax_code", "invalid_tax_code", nil)
	default:
		return v
	}
	return ""
}
