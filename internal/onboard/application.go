package onboard

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// Application is what a person enters to apply for a cooperative. The
// province may be a slug or a name, also one of the 63 from before July
// 2025; the representative is the applicant when left empty.
type Application struct {
	Name           string `json:"name"`
	TaxCode        string `json:"tax_code"`
	Representative string `json:"representative"`
	Province       string `json:"province"`
	Ward           string `json:"ward"`
	Address        string `json:"address"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
	Description    string `json:"description"`
	BankBIN        string `json:"bank_bin"`
	AccountNo      string `json:"account_no"`
	AccountName    string `json:"account_name"`
}

// DefaultShippingFeeVND is the shipping fee a new cooperative starts
// with, until its team sets its own.
const DefaultShippingFeeVND = 30_000

// maxSlugTries bounds the search for a free address for a new
// cooperative ("htx-a", "htx-a-2", …).
const maxSlugTries = 50

// checkApplication validates in for u and resolves its province.
func (s *Service) checkApplication(ctx context.Context, u *account.User, in Application) (*catalog.Cooperative, string, error) {
	var f fault.Fields
	c := &catalog.Cooperative{Status: catalog.CoopPending, ShippingFeeVND: DefaultShippingFeeVND}
	c.Name = checkName(&f, in.Name)
	tax := checkTaxCode(&f, in.TaxCode)
	c.Representative = account.CheckText(&f, "representative", in.Representative, account.MaxNameLen, false)
	if c.Representative == "" {
		c.Representative = u.Name
	}
	pr, err := account.CheckProvince(ctx, s.catalog, &f, "province", in.Province)
	if err != nil {
		return nil, "", fmt.Errorf("onboard: apply: %w", err)
	}
	c.Province = catalog.NamedSlug{Slug: pr.Slug, Name: pr.Name}
	c.Ward = account.CheckText(&f, "ward", in.Ward, account.MaxWardLen, true)
	c.Address = account.CheckText(&f, "address", in.Address, account.MaxLineLen, true)
	c.Phone = account.CheckPhone(&f, "phone", in.Phone, true)
	c.Email = account.CheckEmail(&f, "email", in.Email, true)
	c.Description = checkParagraphs(&f, "description", in.Description, MaxDescriptionLen, true)
	bank := Bank{BIN: in.BankBIN, AccountNo: in.AccountNo, AccountName: in.AccountName}.check(&f)
	c.BankBIN, c.BankAccountNo, c.BankAccountName = bank.BIN, bank.AccountNo, bank.AccountName
	return c, tax, f.Err()
}

// Apply makes u the first coop_staff member of a new, pending cooperative
// (not listed, its products not shown, until staff approve it), in one
// transaction with its audit record. A person who already works for a
// cooperative cannot apply (ErrAlreadyStaff), nor can one cooperative be
// entered twice (ErrTaxCodeTaken).
func (s *Service) Apply(ctx context.Context, u *account.User, in Application) (*Profile, error) {
	if u.CooperativeID != nil {
		return nil, ErrAlreadyStaff
	}
	c, tax, err := s.checkApplication(ctx, u, in)
	if err != nil {
		return nil, err
	}
	c.CreatedAt = s.now().UTC()
	var out *Profile
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		var taken int
		if err := tx.GetContext(ctx, &taken, tx.Rebind(`SELECT COUNT(*) FROM cooperatives WHERE tax_code = ?`), tax); err != nil {
			return fmt.Errorf("onboard: apply: %w", err)
		}
		if taken > 0 {
			return ErrTaxCodeTaken
		}
		if c.Slug, err = freeSlug(ctx, tx, catalog.Slugify(c.Name)); err != nil {
			return err
		}
		if err := s.catalog.CreateCooperative(ctx, tx, c); err != nil {
			return fmt.Errorf("onboard: apply: %w", err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE cooperatives SET tax_code = ? WHERE id = ?`), tax, c.ID); err != nil {
			if db.IsUniqueViolation(err) {
				return fmt.Errorf("onboard: apply: %w: %w", ErrTaxCodeTaken, err)
			}
			return fmt.Errorf("onboard: apply: %w", err)
		}
		if err := s.join(ctx, tx, u.ID, c.ID); err != nil {
			return err
		}
		if out, err = s.profile(ctx, tx, c.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, u, c.ID, "cooperative.apply", audit.Subject{Kind: "cooperative", ID: audit.SubjectID(c.ID)}, nil, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// freeSlug returns base, or base with the first number after it that no
// cooperative uses yet.
func freeSlug(ctx context.Context, tx *sqlx.Tx, base string) (string, error) {
	for n := 1; n <= maxSlugTries; n++ {
		slug := base
		if n > 1 {
			slug += "-" + strconv.Itoa(n)
		}
		var used int
		if err := tx.GetContext(ctx, &used, tx.Rebind(`SELECT COUNT(*) FROM cooperatives WHERE slug = ?`), slug); err != nil {
			return "", fmt.Errorf("onboard: slug %q: %w", slug, err)
		}
		if used == 0 {
			return slug, nil
		}
	}
	return "", fmt.Errorf("onboard: no free slug for %q after %d tries", base, maxSlugTries)
}

// join makes user userID a coop_staff member of cooperative coopID inside
// tx; ErrAlreadyStaff when they already work for one.
func (s *Service) join(ctx context.Context, tx *sqlx.Tx, userID, coopID int64) error {
	res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE users SET cooperative_id = ?, updated_at = ? WHERE id = ? AND cooperative_id IS NULL`),
		coopID, s.now().UTC(), userID)
	if err != nil {
		return fmt.Errorf("onboard: join %d to %d: %w", userID, coopID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrAlreadyStaff
	}
	if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT (user_id, role) DO NOTHING`),
		userID, account.RoleCoopStaff); err != nil {
		return fmt.Errorf("onboard: join %d to %d: %w", userID, coopID, err)
	}
	return nil
}

// review is the state of an application as staff leave it.
type review struct {
	Status        string `json:"status"`
	ReviewMessage string `json:"review_message"`
}

// RequestChanges records what trade-promotion staff member u asks pending
// cooperative coopID to change before it is approved; its team reads it,
// highlighted, on its profile, and by email. ErrNotPending for a cooperative that is not
// waiting for approval.
func (s *Service) RequestChanges(ctx context.Context, coopID int64, message string, u *account.User) (*Profile, error) {
	var f fault.Fields
	message = checkParagraphs(&f, "message", message, MaxDescriptionLen, true)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *Profile
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, err := s.profile(ctx, tx, coopID)
		if err != nil {
			return err
		}
		if before.Status != catalog.CoopPending {
			return ErrNotPending
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE cooperatives SET review_message = ?, reviewed_at = ?, updated_at = ? WHERE id = ?`),
			message, s.now().UTC(), s.now().UTC(), coopID); err != nil {
			return fmt.Errorf("onboard: request changes of %d: %w", coopID, err)
		}
		if err := s.enqueueReviewEmail(ctx, tx, before, DecisionChanges, message); err != nil {
			return err
		}
		if err := s.record(ctx, tx, u, coopID, "cooperative.request_changes", audit.Subject{Kind: "cooperative", ID: audit.SubjectID(coopID)},
			review{before.Status, before.ReviewMessage}, review{before.Status, message}); err != nil {
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
