package coop

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/onboard"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Profile serves a cooperative's profile to its team: the state of its
// application and the form of what it keeps up to date.
type Profile struct {
	frame   *panel.Frame
	onboard *onboard.Service
}

// NewProfile returns the profile page.
func NewProfile(frame *panel.Frame, o *onboard.Service) *Profile {
	return &Profile{frame: frame, onboard: o}
}

const profileTitle = "panel.profile.title"

// profileData is the profile page: the cooperative as stored and the form.
type profileData struct {
	Profile *onboard.Profile
	Form    *coopForm
}

func valuesOfProfile(p *onboard.Profile) coopValues {
	return coopValues{Name: p.Name, TaxCode: p.TaxCode, Representative: p.Representative, Province: p.Province.Slug, Ward: p.Ward,
		Address: p.Address, Phone: p.Phone, Email: p.Email, Description: p.Description, BankBIN: p.BankBIN, AccountNo: p.AccountNo,
		AccountName: p.AccountName, ShippingFee: strconv.FormatInt(p.ShippingFeeVND, 10),
		FreeShippingOver: strconv.FormatInt(p.FreeShippingOverVND, 10)}
}

// Show answers GET /quan-ly/ho-so.
func (h *Profile) Show(c *fiber.Ctx) error {
	p, err := h.onboard.Profile(c.UserContext(), panel.CoopID(c))
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.CoopProfile, "profile", profileTitle,
		profileData{p, &coopForm{Values: valuesOfProfile(p), Banks: vietqr.Banks()}})
}

// Save answers POST /quan-ly/ho-so.
func (h *Profile) Save(c *fiber.Ctx) error {
	v := coopValuesOf(c)
	in := onboard.ProfileInput{Name: v.Name, Representative: v.Representative, Phone: v.Phone, Email: v.Email, Ward: v.Ward,
		Address: v.Address, Description: v.Description, BankBIN: v.BankBIN, AccountNo: v.AccountNo, AccountName: v.AccountName}
	var f fault.Fields
	amounts(v, &in, &f)
	var err error
	if len(f) > 0 {
		in.Problems(&f)
		err = f.Err()
	} else {
		_, err = h.onboard.UpdateProfile(c.UserContext(), panel.User(c), panel.CoopID(c), in)
	}
	if err == nil {
		return h.frame.Redirect(c, paths.CoopProfile, "profile_saved")
	}
	p, perr := h.onboard.Profile(c.UserContext(), panel.CoopID(c))
	if perr != nil {
		return perr
	}
	return h.frame.FormError(c, err, templates.CoopProfile, "profile", profileTitle, func(wf web.Form) any {
		return profileData{p, &coopForm{Form: wf, Values: v, Banks: vietqr.Banks()}}
	})
}
