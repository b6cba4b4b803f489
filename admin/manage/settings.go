package manage

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/admin/panel"
	"github.com/ocopmarket/ocopmarket/admin/templates"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/paths"
	"github.com/ocopmarket/ocopmarket/internal/settings"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Settings is the page of the marketplace settings.
type Settings struct {
	frame    *panel.Frame
	settings *settings.Settings
}

// NewSettings returns the settings page.
func NewSettings(frame *panel.Frame, s *settings.Settings) *Settings {
	return &Settings{frame: frame, settings: s}
}

// settingsData is what the settings form shows: the values as typed.
type settingsData struct {
	web.Form
	Commission, TTL string
}

// Show answers GET /quan-tri.
func (h *Settings) Show(c *fiber.Ctx) error {
	v, err := h.settings.Get(c.UserContext())
	if err != nil {
		return err
	}
	return h.frame.Render(c, templates.AdminSettings, "admin_settings", "panel.settings.title", settingsData{
		Commission: strconv.FormatFloat(v.CommissionPercent, 'f', -1, 64), TTL: strconv.Itoa(v.BankTransferTTLHours)})
}

// Save answers POST /quan-tri: the settings of the form.
func (h *Settings) Save(c *fiber.Ctx) error {
	d := settingsData{Commission: strings.TrimSpace(c.FormValue("commission_percent")), TTL: strings.TrimSpace(c.FormValue("bank_transfer_ttl_hours"))}
	var f fault.Fields
	var v settings.Values
	var err error
	// A comma is how Vietnamese write the decimal point.
	if v.CommissionPercent, err = strconv.ParseFloat(strings.Replace(d.Commission, ",", ".", 1), 64); err != nil {
		f.Add("commission_percent", "not_a_number", nil)
	}
	if v.BankTransferTTLHours, err = strconv.Atoi(d.TTL); err != nil {
		f.Add("bank_transfer_ttl_hours", "not_whole_number", nil)
	}
	v.CheckInto(&f)
	err = f.Err()
	if err == nil {
		err = h.settings.Put(c.UserContext(), v, panel.Actor(c))
	}
	if err != nil {
		return h.frame.FormError(c, err, templates.AdminSettings, "admin_settings", "panel.settings.title", func(form web.Form) any {
			d.Form = form
			return d
		})
	}
	return h.frame.Redirect(c, paths.AdminPanel, "settings_saved")
}
