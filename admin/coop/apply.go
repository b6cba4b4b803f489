package coop

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
)

// coopValues are the fields of the application and profile forms, as
// typed, to show again when something is to fix.
type coopValues struct {
	Name, TaxCode, Representative, Province, Ward, Address, Phone, Email, Description string
	BankBIN, AccountNo, AccountName, ShippingFee, FreeShippingOver                    string
}

// coopValuesOf reads the fields of a submitted application or profile form.
func coopValuesOf(c *fiber.Ctx) coopValues {
	return coopValues{Name: c.FormValue("name"), TaxCode: c.FormValue("tax_code"), Representative: c.FormValue("representative"),
		Province: c.FormValue("province"), Ward: c.FormValue("ward"), Address: c.FormValue("address"), Phone: c.FormValue("phone"),
		Email: c.FormValue("email"), Description: c.FormValue("description"), BankBIN: c.FormValue("bank_bin"),
		AccountNo: c.FormValue("account_no"), AccountName: c.FormValue("account_name"),
		ShippingFee: c.FormValue("shipping_fee_vnd"), FreeShippingOver: c.FormValue("free_shipping_over_vnd")}
}

// coopForm is what the application and profile forms show.
type coopForm struct {
	web.Form
	Values    coopValues
	Provinces []catalog.Province
	Banks     []vietqr.Bank
	// Apply is the application form: it asks the tax code and the
	// province, which only staff change afterwards.
	Apply bool
}

// withTaxCodeTaken puts the refusal of a tax code another cooperative has
// beside its field too.
func withTaxCodeTaken(err error, f web.Form) web.Form {
	if errors.Is(err, onboard.ErrTaxCodeTaken) {
		f.Errors["tax_code"] = f.Notice
	}
	return f
}

// Apply serves the application page to any logged-in person.
type Apply struct {
	frame    *panel.Frame
	onboard  *onboard.Service
	sessions *session.Manager
}

// NewApply returns the application page.
func NewApply(frame *panel.Frame, o *onboard.Service, sessions *session.Manager) *Apply {
	return &Apply{frame: frame, onboard: o, sessions: sessions}
}

const applyTitle = "panel.apply.title"

func (h *Apply) form(c *fiber.Ctx, v coopValues) (*coopForm, error) {
	ps, err := h.onboard.Provinces(c.UserContext())
	if err != nil {
		return nil, err
	}
	return &coopForm{Values: v, Provinces: ps, Banks: vietqr.Banks(), Apply: true}, nil
}

// Show answers GET /dang-ky-hop-tac-xa: the application form, filled
// with what the account knows. Someone who already works for a
// cooperative is sent to its profile.
func (h *Apply) Show(c *fiber.Ctx) error {
	u := panel.User(c)
	if u.CooperativeID != nil {
		return h.frame.Redirect(c, paths.CoopProfile, "already_staff")
	}
	f, err := h.form(c, coopValues{Representative: u.Name, Email: u.Email, Phone: u.Phone})
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.CoopApply, "", applyTitle, f)
}

// Submit answers POST /dang-ky-hop-tac-xa: the applicant becomes the
// first member of a new, pending cooperative and lands on its profile.
func (h *Apply) Submit(c *fiber.Ctx) error {
	u := panel.User(c)
	v := coopValuesOf(c)
	_, err := h.onboard.Apply(c.UserContext(), u, onboard.Application{Name: v.Name, TaxCode: v.TaxCode,
		Representative: v.Representative, Province: v.Province, Ward: v.Ward, Address: v.Address, Phone: v.Phone, Email: v.Email,
		Description: v.Description, BankBIN: v.BankBIN, AccountNo: v.AccountNo, AccountName: v.AccountName})
	if errors.Is(err, onboard.ErrAlreadyStaff) {
		return h.frame.Redirect(c, paths.CoopProfile, "already_staff")
	}
	if err != nil {
		f, ferr := h.form(c, v)
		if ferr != nil {
			return ferr
		}
		return h.frame.FormError(c, err, templates.CoopApply, "", applyTitle, func(p web.Form) any {
			f.Form = withTaxCodeTaken(err, p)
			return f
		})
	}
	if err := h.sessions.Refresh(c, u); err != nil {
		return err
	}
	return h.frame.Redirect(c, paths.CoopProfile, "applied")
}

// parseVND reads a whole amount of đồng as people type it: "30000",
// "30.000", "30 000 ₫".
func parseVND(s string) (int64, bool) {
	s = strings.NewReplacer(".", "", ",", "", " ", "", "₫", "", "đ", "", "VND", "", "vnd", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// amounts reads the shipping fields of the profile form into in,
// recording on f the ones that are not whole numbers.
func amounts(v coopValues, in *onboard.ProfileInput, f *fault.Fields) {
	var ok bool
	if in.ShippingFeeVND, ok = parseVND(v.ShippingFee); !ok {
		f.Add("shipping_fee_vnd", "not_whole_number", nil)
	}
	if in.FreeShippingOverVND, ok = parseVND(v.FreeShippingOver); !ok {
		f.Add("free_shipping_over_vnd", "not_whole_number", nil)
	}
}
