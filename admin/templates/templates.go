// Package templates holds the panels' page templates: the panel layout,
// the partials and one folder per panel, and the name of each page.
package templates

import (
	"embed"

	"github.com/ocopmarket/ocopmarket/internal/web/render"
)

// FS holds layout.html, partials/, coop/ and staff/.
//
//go:embed layout.html partials coop staff
var FS embed.FS

// The pages of the cooperative panel.
const (
	CoopAudit render.Name = "coop/audit"
)

// The pages of the staff panel: reports.
const (
	StaffDashboard render.Name = "staff/dashboard"
	StaffReports   render.Name = "staff/reports"
)

// Names are every page the panels render, for render.New to check.
func Names() []render.Name {
	return []render.Name{
		CoopAudit,
		// reports
		StaffDashboard, StaffReports,
	}
}
