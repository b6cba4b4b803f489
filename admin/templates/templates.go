// Package templates holds the panels' page templates: the panel layout,
// the partials and one folder per panel, and the name of each page.
package templates

import (
	"embed"

	"github.com/ocopmarket/ocopmarket/internal/web/render"
)

// FS holds layout.html, partials/ and coop/.
//
//go:embed layout.html partials coop staff
var FS embed.FS

// The pages of the cooperative panel.
const (
	CoopAudit render.Name = "coop/audit"
)

// fairs: the staff's pages of the trade fairs.
const (
	StaffFairs      render.Name = "staff/fairs"
	StaffFairForm   render.Name = "staff/fair_form"
	StaffFair       render.Name = "staff/fair"
	StaffFairPoster render.Name = "staff/fair_poster"
)

// Names are every page the panels render, for render.New to check.
func Names() []render.Name {
	return []render.Name{
		CoopAudit,
		// fairs
		StaffFairs, StaffFairForm, StaffFair, StaffFairPoster,
	}
}
