package pages

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/session"
	"github.com/ocopmarket/ocopmarket/storefront/shop"
	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// Account serves the logged-in shopper's profile, password and address
// pages.
type Account struct {
	*Frame
	accounts  *account.Service
	users     *account.Store
	addresses *account.AddressBook
}

// NewAccount returns the account pages.
func NewAccount(f *Frame, accounts *account.Service, users *account.Store, addresses *account.AddressBook) *Account {
	return &Account{Frame: f, accounts: accounts, users: users, addresses: addresses}
}

// pageUser returns the logged-in user of an account page. Without a login
// it sends the browser to the login page (and returns nil, nil); with the
// session store down it shows the login page with a 503 notice.
func (h *Account) pageUser(c *fiber.Ctx) (*account.User, error) {
	u, err := h.sessions.User(c)
	switch {
	case err == nil:
		return u, nil
	case errors.Is(err, session.ErrNotLoggedIn):
		next := paths.Account
		if c.Method() == fiber.MethodGet {
			next = string(c.Request().URI().RequestURI())
		}
		return nil, c.Redirect(paths.Login+"?"+url.Values{"next": {next}}.Encode(), http.StatusSeeOther)
	}
	if _, ok := fault.As(err); !ok {
		return nil, err
	}
	e := web.Explain(h.i18n, h.i18n.Lang(c), err)
	web.SetRetryAfter(c, e.RetryAfter)
	d := authData{Next: safeNext(string(c.Request().URI().RequestURI()), paths.Home)}
	d.Notice = e.Message
	return nil, h.formPage(c, e.Status, templates.Login, "login.title", d)
}

// accountData is what the account page shows.
type accountData struct {
	Email     string
	Name      string
	Phone     string
	Addresses []account.Address
	Profile   web.Form
	Password  web.Form
	MaxAddr   int
	OrdersURL string
}

// showAccount renders the account page of u with the given form states.
func (h *Account) showAccount(c *fiber.Ctx, status int, u *account.User, d accountData) error {
	as, err := h.addresses.List(c.UserContext(), u.ID)
	if err != nil {
		return fmt.Errorf("storefront: account page: %w", err)
	}
	d.Email, d.Addresses, d.MaxAddr, d.OrdersURL = u.Email, as, account.MaxAddresses, paths.MyOrders
	if d.Profile.Errors == nil {
		d.Name, d.Phone = u.Name, u.Phone
	}
	return h.formPage(c, status, templates.Account, "account.title", d)
}

// Show shows the profile, the addresses and the password form.
func (h *Account) Show(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	return h.showAccount(c, 0, u, accountData{})
}

// SaveProfile saves the name and phone.
func (h *Account) SaveProfile(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	d := accountData{Name: c.FormValue("name"), Phone: c.FormValue("phone")}
	if _, err := h.users.UpdateProfile(c.UserContext(), u.ID, d.Name, d.Phone); err != nil {
		status, st, ok := web.FormProblem(c, h.i18n, err)
		if !ok {
			return err
		}
		d.Profile = st
		return h.showAccount(c, status, u, d)
	}
	return h.redirectWith(c, paths.Account, "profile_saved")
}

// ChangePassword sets a new password.
func (h *Account) ChangePassword(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	in := account.PasswordChange{User: u, Current: c.FormValue("current_password"), New: c.FormValue("new_password"), ClientAddr: web.ClientIP(c)}
	if err := h.changePassword(c, in); err != nil {
		status, st, ok := web.FormProblem(c, h.i18n, err)
		if !ok {
			return err
		}
		return h.showAccount(c, status, u, accountData{Password: st})
	}
	return h.redirectWith(c, paths.Account+"#mat-khau", "password_changed")
}

// changePassword sets the new password of in and keeps this session going.
func (h *Account) changePassword(c *fiber.Ctx, in account.PasswordChange) error {
	u, err := h.accounts.ChangePassword(c.UserContext(), in)
	if err != nil {
		return err
	}
	return h.shop.Refresh(c, u)
}

// addressData is what the address form shows.
type addressData struct {
	web.Form
	ID        int64 // 0 for a new address
	Input     account.AddressInput
	Provinces []catalog.Province
}

// readAddress reads the address form.
func readAddress(c *fiber.Ctx) account.AddressInput {
	return account.AddressInput{Name: c.FormValue("name"), Phone: c.FormValue("phone"), Line: c.FormValue("line"),
		Ward: c.FormValue("ward"), Province: c.FormValue("province"), IsDefault: c.FormValue("is_default") != ""}
}

// showAddress renders the address form.
func (h *Account) showAddress(c *fiber.Ctx, status int, d addressData) error {
	ps, err := h.catalog.Provinces(c.UserContext())
	if err != nil {
		return fmt.Errorf("storefront: address form: %w", err)
	}
	d.Provinces = ps
	if d.Input.Province != "" {
		// An old name or a typed one selects its province of today.
		if pr, err := h.catalog.ResolveProvince(c.UserContext(), d.Input.Province); err == nil {
			d.Input.Province = pr.Slug
		}
	}
	title := "address.new_title"
	if d.ID != 0 {
		title = "address.edit_title"
	}
	return h.formPage(c, status, templates.Address, title, d)
}

// NewAddress shows the form of a new address.
func (h *Account) NewAddress(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	return h.showAddress(c, 0, addressData{Input: account.AddressInput{Name: u.Name, Phone: u.Phone}})
}

// AddAddress saves a new address.
func (h *Account) AddAddress(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	d := addressData{Input: readAddress(c)}
	return h.saveAddress(c, d, "address_added", func() error {
		_, err := h.addresses.Add(c.UserContext(), u.ID, d.Input)
		return err
	})
}

// saveAddress runs save and goes back to the account page with notice, or
// shows the address form d again with what is wrong.
func (h *Account) saveAddress(c *fiber.Ctx, d addressData, notice string, save func() error) error {
	if err := save(); err != nil {
		status, st, ok := web.FormProblem(c, h.i18n, err)
		if !ok {
			return err
		}
		d.Form = st
		return h.showAddress(c, status, d)
	}
	return h.redirectWith(c, paths.Account+"#dia-chi", notice)
}

// EditAddress shows the form of a saved address.
func (h *Account) EditAddress(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	id, err := shop.AddressID(c)
	if err != nil {
		return err
	}
	a, err := h.addresses.Get(c.UserContext(), u.ID, id)
	if err != nil {
		return err
	}
	return h.showAddress(c, 0, addressData{ID: a.ID, Input: account.AddressInput{Name: a.Name, Phone: a.Phone, Line: a.Line,
		Ward: a.Ward, Province: a.Province.Slug, IsDefault: a.IsDefault}})
}

// SaveAddress saves the changes to an address.
func (h *Account) SaveAddress(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	id, err := shop.AddressID(c)
	if err != nil {
		return err
	}
	d := addressData{ID: id, Input: readAddress(c)}
	return h.saveAddress(c, d, "address_saved", func() error {
		_, err := h.addresses.Update(c.UserContext(), u.ID, id, d.Input)
		return err
	})
}

// DeleteAddress deletes an address.
func (h *Account) DeleteAddress(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	id, err := shop.AddressID(c)
	if err != nil {
		return err
	}
	if err := h.addresses.Delete(c.UserContext(), u.ID, id); err != nil {
		return err
	}
	return h.redirectWith(c, paths.Account+"#dia-chi", "address_deleted")
}
