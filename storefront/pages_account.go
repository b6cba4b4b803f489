package storefront

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/session"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Addresses of the account pages.
const (
	// LoginPath is the login page; ?next= names the page to go back to.
	LoginPath = "/dang-nhap"
	// RegisterPath is the registration page, with ?next= like LoginPath.
	RegisterPath = "/dang-ky"
	// LogoutPath logs out (POST only).
	LogoutPath = "/dang-xuat"
	// AccountPath shows the profile, the addresses and the password form.
	AccountPath = "/tai-khoan"
	// ForgotPath asks for a password reset link by email.
	ForgotPath = "/quen-mat-khau"

	acctPasswordPath = AccountPath + "/mat-khau"
	acctAddressPath  = AccountPath + "/dia-chi"
)

// accountPageRoutes registers the login, registration, account and
// password pages. Every POST goes through the CSRF check.
func (h *Handler) accountPageRoutes(r fiber.Router, lang fiber.Handler) {
	csrf := h.acc.Sessions.CSRF()
	r.Get(LoginPath, lang, csrf, h.loginPage)
	r.Post(LoginPath, lang, csrf, h.loginSubmit)
	r.Get(RegisterPath, lang, csrf, h.registerPage)
	r.Post(RegisterPath, lang, csrf, h.registerSubmit)
	r.Post(LogoutPath, lang, csrf, h.logoutSubmit)
	r.Get(ForgotPath, lang, csrf, h.forgotPage)
	r.Post(ForgotPath, lang, csrf, h.forgotSubmit)
	r.Get(ResetPath, lang, csrf, h.resetPage)
	r.Post(ResetPath, lang, csrf, h.resetSubmit)

	r.Get(AccountPath, lang, csrf, h.accountPage)
	r.Post(AccountPath, lang, csrf, h.profileSubmit)
	r.Post(acctPasswordPath, lang, csrf, h.passwordSubmit)
	r.Get(acctAddressPath+"/moi", lang, csrf, h.newAddressPage)
	r.Post(acctAddressPath, lang, csrf, h.addAddressSubmit)
	r.Get(acctAddressPath+"/:id", lang, csrf, h.editAddressPage)
	r.Post(acctAddressPath+"/:id", lang, csrf, h.editAddressSubmit)
	r.Post(acctAddressPath+"/:id/xoa", lang, csrf, h.deleteAddressSubmit)
}

// header is what the site header shows about the shopper.
type header struct {
	Accounts  bool   // accounts and the cart are on
	LoggedIn  bool   // a user is logged in
	Name      string // the user's name
	CartCount int    // units in the cart
	CartKnown bool   // false when the cart store does not answer
	LoginURL  string // the login page, coming back here afterwards
}

// CSRF returns the token for the hidden _csrf field of the page's forms.
// The token (and its cookie) is made on first use, so pages without a
// form set no cookie.
func (p *page) CSRF() string {
	if p.csrf == nil {
		return ""
	}
	return p.csrf()
}

// fillHeader sets the header and the one-time notice of a page. It never
// fails: with the session or cart store down, the header shows the login
// link and the cart icon without a number.
func (h *Handler) fillHeader(c *fiber.Ctx, p *page) {
	if h.acc == nil {
		return
	}
	p.csrf = func() string { return h.acc.Sessions.CSRFToken(c) }
	hd := header{Accounts: true}
	u, err := h.acc.Sessions.User(c)
	switch {
	case err == nil:
		hd.LoggedIn, hd.Name = true, u.Name
		hd.CartCount, hd.CartKnown = h.CartCount(c)
	case errors.Is(err, session.ErrNotLoggedIn):
		hd.CartCount, hd.CartKnown = h.CartCount(c)
	default: // the session store is down, and the carts live beside it
		h.log.Warn("header: session unavailable", "request_id", web.RequestID(c), "err", err)
	}
	hd.LoginURL = LoginPath
	if path := c.Path(); path != LoginPath && path != RegisterPath && c.Method() == fiber.MethodGet {
		hd.LoginURL += "?" + url.Values{"next": {string(c.Request().URI().RequestURI())}}.Encode()
	}
	p.Header = hd
	p.Flash = h.takeFlash(c, p.Lang)
}

// flashCookie carries a notice to the page a form redirects to. It holds
// a code of flashMessages (and a number), never text, so nothing from the
// request reaches the page through it.
const flashCookie = "ocop_flash"

// flashMessages maps flash codes to their message ids.
var flashMessages = map[string]string{
	"added":            "flash.added",
	"cart_updated":     "flash.cart_updated",
	"removed":          "flash.removed",
	"logged_in":        "flash.logged_in",
	"logged_out":       "flash.logged_out",
	"registered":       "flash.registered",
	"profile_saved":    "flash.profile_saved",
	"password_changed": "flash.password_changed",
	"password_reset":   "flash.password_reset",
	"address_added":    "flash.address_added",
	"address_saved":    "flash.address_saved",
	"address_deleted":  "flash.address_deleted",
	"logout_failed":    "flash.logout_failed",
}

// setFlash shows the notice code on the next page this browser opens.
func (h *Handler) setFlash(c *fiber.Ctx, code string) {
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: code, Path: "/", HTTPOnly: true, Secure: h.acc.Sessions.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(5 * time.Minute)})
}

// takeFlash returns the pending notice, translated, and clears it.
func (h *Handler) takeFlash(c *fiber.Ctx, lang string) string {
	code := c.Cookies(flashCookie)
	if code == "" {
		return ""
	}
	c.Cookie(&fiber.Cookie{Name: flashCookie, Value: "", Path: "/", HTTPOnly: true, Secure: h.acc.Sessions.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Unix(1, 0), MaxAge: -1})
	id, ok := flashMessages[code]
	if !ok {
		return ""
	}
	s, err := h.i18n.Translate(lang, id, nil)
	if err != nil {
		return ""
	}
	return s
}

// redirectWith sends the browser to target (303, so a reload does not
// post again) with a notice.
func (h *Handler) redirectWith(c *fiber.Ctx, target, flash string) error {
	if flash != "" {
		h.setFlash(c, flash)
	}
	return c.Redirect(target, http.StatusSeeOther)
}

// safeNext returns next when it is a path of this site, else fallback:
// no scheme, no host, no "//" or "/\" that a browser would read as
// another host, no control characters, and never the login pages.
func safeNext(next, fallback string) string {
	if next == "" || len(next) > 2000 || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return fallback
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	switch u.Path {
	case LoginPath, RegisterPath, LogoutPath, ForgotPath, ResetPath:
		return fallback
	}
	return next
}

// formState is what a form page shows besides its fields: the messages
// per field and one above the form.
type formState struct {
	Errors map[string]string // field → what to fix, translated
	Notice string            // a message above the form, translated
	Done   string            // a success message, translated
}

// tr translates id in the request's language; a missing message shows its
// id rather than failing the page (the catalogs are checked by tests).
func (h *Handler) tr(c *fiber.Ctx, id string, pairs ...any) string {
	s, err := h.i18n.Func(h.i18n.Lang(c))(id, pairs...)
	if err != nil {
		h.log.Error("missing message", "id", id, "err", err)
		return id
	}
	return s
}

// formProblem turns the coded error of a form's action into the status
// and translated messages of the form shown again; ok is false for errors
// that are not the shopper's to fix (they become error pages).
func (h *Handler) formProblem(c *fiber.Ctx, err error) (status int, st formState, ok bool) {
	fe, ok := fault.As(err)
	if !ok {
		return 0, st, false
	}
	switch fe.Kind {
	case fault.NotFound, fault.Forbidden, fault.Upstream:
		return 0, st, false
	}
	e := web.Explain(h.i18n, h.i18n.Lang(c), err)
	web.SetRetryAfter(c, e.RetryAfter)
	st.Errors = map[string]string{}
	maps.Copy(st.Errors, e.Fields)
	st.Notice = e.Message
	if len(st.Errors) > 0 {
		st.Notice = h.tr(c, "form.err.fix")
	}
	return e.Status, st, true
}

// formPage renders a form page with its status, title and data.
func (h *Handler) formPage(c *fiber.Ctx, status int, name, title string, data any) error {
	p, err := h.newPage(c)
	if err != nil {
		return err
	}
	if p.Title, err = h.t(p, title); err != nil {
		return err
	}
	p.Data = data
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	if status != 0 {
		c.Status(status)
	}
	return h.render(c, name, p)
}

// authData is what the login and registration pages show.
type authData struct {
	formState
	Next  string
	Email string
	Name  string
	Phone string
}

// nextOf is the page to go back to after logging in: ?next= or the
// form's next field, when it is a path of this site.
func nextOf(c *fiber.Ctx) string {
	n := c.FormValue("next")
	if n == "" {
		n = c.Query("next")
	}
	return safeNext(n, "/")
}

func (h *Handler) loginPage(c *fiber.Ctx) error {
	if u, err := h.acc.Sessions.User(c); err == nil && u != nil {
		return c.Redirect(nextOf(c), http.StatusSeeOther)
	}
	return h.formPage(c, 0, "login", "login.title", authData{Next: nextOf(c)})
}

func (h *Handler) loginSubmit(c *fiber.Ctx) error {
	d := authData{Next: nextOf(c), Email: c.FormValue("email")}
	if _, err := h.login(c, d.Email, c.FormValue("password")); err != nil {
		status, st, ok := h.formProblem(c, err)
		if !ok {
			return err
		}
		d.formState = st
		return h.formPage(c, status, "login", "login.title", d)
	}
	return h.redirectWith(c, d.Next, "logged_in")
}

func (h *Handler) registerPage(c *fiber.Ctx) error {
	return h.formPage(c, 0, "register", "register.title", authData{Next: nextOf(c)})
}

func (h *Handler) registerSubmit(c *fiber.Ctx) error {
	d := authData{Next: nextOf(c), Email: c.FormValue("email"), Name: c.FormValue("name"), Phone: c.FormValue("phone")}
	in := account.Registration{Email: d.Email, Password: c.FormValue("password"), Name: d.Name, Phone: d.Phone}
	if _, err := h.register(c, in); err != nil {
		status, st, ok := h.formProblem(c, err)
		if !ok {
			return err
		}
		d.formState = st
		return h.formPage(c, status, "register", "register.title", d)
	}
	return h.redirectWith(c, d.Next, "registered")
}

func (h *Handler) logoutSubmit(c *fiber.Ctx) error {
	if err := h.acc.Sessions.Logout(c); err != nil {
		h.log.Warn("logout failed", "request_id", web.RequestID(c), "err", err)
		return h.redirectWith(c, "/", "logout_failed")
	}
	return h.redirectWith(c, "/", "logged_out")
}

// passwordData is what the forgot and reset pages show.
type passwordData struct {
	formState
	Email string
	Token string
	Sent  bool
}

func (h *Handler) forgotPage(c *fiber.Ctx) error {
	return h.formPage(c, 0, "password_forgot", "forgot.title", passwordData{})
}

func (h *Handler) forgotSubmit(c *fiber.Ctx) error {
	d := passwordData{Email: c.FormValue("email")}
	if err := h.forgotPassword(c, d.Email); err != nil {
		status, st, ok := h.formProblem(c, err)
		if !ok {
			return err
		}
		d.formState = st
		return h.formPage(c, status, "password_forgot", "forgot.title", d)
	}
	d.Sent = true
	d.Done = h.tr(c, "forgot.sent")
	return h.formPage(c, 0, "password_forgot", "forgot.title", d)
}

func (h *Handler) resetPage(c *fiber.Ctx) error {
	d := passwordData{Token: c.Query("token")}
	if d.Token == "" {
		d.Notice = h.tr(c, "form.err.reset_token")
	}
	return h.formPage(c, 0, "password_reset", "reset.title", d)
}

func (h *Handler) resetSubmit(c *fiber.Ctx) error {
	d := passwordData{Token: c.FormValue("token")}
	if err := h.resetPassword(c, d.Token, c.FormValue("password")); err != nil {
		status, st, ok := h.formProblem(c, err)
		if !ok {
			return err
		}
		d.formState = st
		return h.formPage(c, status, "password_reset", "reset.title", d)
	}
	return h.redirectWith(c, LoginPath, "password_reset")
}

// pageUser returns the logged-in user of an account page. Without a login
// it sends the browser to the login page (and returns nil, nil); with the
// session store down it shows the login page with a 503 notice.
func (h *Handler) pageUser(c *fiber.Ctx) (*account.User, error) {
	u, err := h.acc.Sessions.User(c)
	switch {
	case err == nil:
		return u, nil
	case errors.Is(err, session.ErrNotLoggedIn):
		next := AccountPath
		if c.Method() == fiber.MethodGet {
			next = string(c.Request().URI().RequestURI())
		}
		return nil, c.Redirect(LoginPath+"?"+url.Values{"next": {next}}.Encode(), http.StatusSeeOther)
	}
	c.Set(fiber.HeaderRetryAfter, "30")
	d := authData{Next: safeNext(string(c.Request().URI().RequestURI()), "/")}
	d.Notice = h.tr(c, "form.err.unavailable")
	return nil, h.formPage(c, http.StatusServiceUnavailable, "login", "login.title", d)
}

// accountData is what the account page shows.
type accountData struct {
	Email     string
	Name      string
	Phone     string
	Addresses []account.Address
	Profile   formState
	Password  formState
	MaxAddr   int
	OrdersURL string
}

// showAccount renders the account page of u with the given form states.
func (h *Handler) showAccount(c *fiber.Ctx, status int, u *account.User, d accountData) error {
	as, err := h.acc.Addresses.List(c.UserContext(), u.ID)
	if err != nil {
		return fmt.Errorf("storefront: account page: %w", err)
	}
	d.Email, d.Addresses, d.MaxAddr, d.OrdersURL = u.Email, as, account.MaxAddresses, AccountPath+"/don-hang"
	if d.Profile.Errors == nil {
		d.Name, d.Phone = u.Name, u.Phone
	}
	return h.formPage(c, status, "account", "account.title", d)
}

func (h *Handler) accountPage(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	return h.showAccount(c, 0, u, accountData{})
}

func (h *Handler) profileSubmit(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	d := accountData{Name: c.FormValue("name"), Phone: c.FormValue("phone")}
	if _, err := h.acc.Users.UpdateProfile(c.UserContext(), u.ID, d.Name, d.Phone); err != nil {
		err = accountError(err)
		status, st, ok := h.formProblem(c, err)
		if !ok {
			return err
		}
		d.Profile = st
		return h.showAccount(c, status, u, d)
	}
	return h.redirectWith(c, AccountPath, "profile_saved")
}

func (h *Handler) passwordSubmit(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	if _, err := h.changePassword(c, u, c.FormValue("current_password"), c.FormValue("new_password")); err != nil {
		status, st, ok := h.formProblem(c, err)
		if !ok {
			return err
		}
		return h.showAccount(c, status, u, accountData{Password: st})
	}
	return h.redirectWith(c, AccountPath+"#mat-khau", "password_changed")
}

// addressData is what the address form shows.
type addressData struct {
	formState
	ID        int64 // 0 for a new address
	Form      account.AddressInput
	Provinces []catalog.Province
}

// readAddress reads the address form.
func readAddress(c *fiber.Ctx) account.AddressInput {
	return account.AddressInput{Name: c.FormValue("name"), Phone: c.FormValue("phone"), Line: c.FormValue("line"),
		Ward: c.FormValue("ward"), Province: c.FormValue("province"), IsDefault: c.FormValue("is_default") != ""}
}

// showAddress renders the address form.
func (h *Handler) showAddress(c *fiber.Ctx, status int, d addressData) error {
	ps, err := h.catalog.Provinces(c.UserContext())
	if err != nil {
		return fmt.Errorf("storefront: address form: %w", err)
	}
	d.Provinces = ps
	if d.Form.Province != "" {
		// An old name or a typed one selects its province of today.
		if pr, err := h.catalog.ResolveProvince(c.UserContext(), d.Form.Province); err == nil {
			d.Form.Province = pr.Slug
		}
	}
	title := "address.new_title"
	if d.ID != 0 {
		title = "address.edit_title"
	}
	return h.formPage(c, status, "address", title, d)
}

func (h *Handler) newAddressPage(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	return h.showAddress(c, 0, addressData{Form: account.AddressInput{Name: u.Name, Phone: u.Phone}})
}

func (h *Handler) addAddressSubmit(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	d := addressData{Form: readAddress(c)}
	return h.saveAddress(c, d, "address_added", func() error {
		_, err := h.acc.Addresses.Add(c.UserContext(), u.ID, d.Form)
		return err
	})
}

// saveAddress runs save and goes back to the account page with notice, or
// shows the address form d again with what is wrong.
func (h *Handler) saveAddress(c *fiber.Ctx, d addressData, notice string, save func() error) error {
	if err := save(); err != nil {
		status, st, ok := h.formProblem(c, err)
		if !ok {
			return err
		}
		d.formState = st
		return h.showAddress(c, status, d)
	}
	return h.redirectWith(c, AccountPath+"#dia-chi", notice)
}

func (h *Handler) editAddressPage(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	id, err := addressID(c)
	if err != nil {
		return err
	}
	a, err := h.acc.Addresses.Get(c.UserContext(), u.ID, id)
	if err != nil {
		return err
	}
	return h.showAddress(c, 0, addressData{ID: a.ID, Form: account.AddressInput{Name: a.Name, Phone: a.Phone, Line: a.Line,
		Ward: a.Ward, Province: a.Province.Slug, IsDefault: a.IsDefault}})
}

func (h *Handler) editAddressSubmit(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	id, err := addressID(c)
	if err != nil {
		return err
	}
	d := addressData{ID: id, Form: readAddress(c)}
	return h.saveAddress(c, d, "address_saved", func() error {
		_, err := h.acc.Addresses.Update(c.UserContext(), u.ID, id, d.Form)
		return err
	})
}

func (h *Handler) deleteAddressSubmit(c *fiber.Ctx) error {
	u, err := h.pageUser(c)
	if u == nil {
		return err
	}
	id, err := addressID(c)
	if err != nil {
		return err
	}
	if err := h.acc.Addresses.Delete(c.UserContext(), u.ID, id); err != nil {
		return err
	}
	return h.redirectWith(c, AccountPath+"#dia-chi", "address_deleted")
}
