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
	// orders
	CoopDashboard render.Name = "coop/dashboard"
	CoopOrders    render.Name = "coop/orders"
	CoopOrder     render.Name = "coop/order"
	CoopOrderSlip render.Name = "coop/order_slip"
	CoopPayouts   render.Name = "coop/payouts"
)

// Names are every page the panels render, for render.New to check.
func Names() []render.Name {
	return []render.Name{
		CoopAudit,
		// orders
		CoopDashboard, CoopOrders, CoopOrder, CoopOrderSlip, CoopPayouts,
	}
}
