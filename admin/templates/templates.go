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

	// listings
	CoopProducts      render.Name = "coop/products"
	CoopProductForm   render.Name = "coop/product_form"
	CoopProductImport render.Name = "coop/product_import"
)

// Names are every page the panels render, for render.New to check.
func Names() []render.Name {
	return []render.Name{
		CoopAudit,
		// listings
		CoopProducts, CoopProductForm, CoopProductImport,
	}
}
