// Package templates holds the panels' page templates: the panel layout,
// the partials and one folder per panel, and the name of each page.
package templates

import (
	"embed"

	"github.com/ocopmarket/ocopmarket/internal/web/render"
)

// FS holds layout.html, partials/ and coop/.
//
//go:embed layout.html partials coop
var FS embed.FS

// The pages of the cooperative panel.
const (
	CoopAudit render.Name = "coop/audit"

	// media
	CoopPhotos render.Name = "coop/photos"
	CoopOCOP   render.Name = "coop/ocop"
)

// Names are every page the panels render, for render.New to check.
func Names() []render.Name {
	return []render.Name{
		CoopAudit,
		// media
		CoopPhotos, CoopOCOP,
	}
}
