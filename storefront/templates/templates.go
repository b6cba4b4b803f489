// Package templates holds the storefront's page templates: the layout,
// the partials and the pages of the shop area, and the name of each page
// the storefront renders.
package templates

import (
	"embed"

	"github.com/ocopmarket/ocopmarket/internal/web/render"
)

// FS holds layout.html, partials/ and shop/.
//
//go:embed layout.html partials shop
var FS embed.FS

// The pages of the shop area.
const (
	Home           render.Name = "shop/home"
	Products       render.Name = "shop/products"
	Product        render.Name = "shop/product"
	Cooperatives   render.Name = "shop/cooperatives"
	Cooperative    render.Name = "shop/cooperative"
	Error          render.Name = "shop/error"
	Cart           render.Name = "shop/cart"
	Checkout       render.Name = "shop/checkout"
	Review         render.Name = "shop/review"
	Order          render.Name = "shop/order"
	Track          render.Name = "shop/track"
	Orders         render.Name = "shop/orders"
	Login          render.Name = "shop/login"
	Register       render.Name = "shop/register"
	Account        render.Name = "shop/account"
	Address        render.Name = "shop/address"
	PasswordForgot render.Name = "shop/password_forgot"
	PasswordReset  render.Name = "shop/password_reset"
	Fairs          render.Name = "shop/fairs"
	Fair           render.Name = "shop/fair"
	Province       render.Name = "shop/province"
)

// The public page of a traceability batch (trace).
const Trace render.Name = "shop/trace"

// Names are every page the storefront renders, for render.New to check.
func Names() []render.Name {
	return []render.Name{Home, Products, Product, Cooperatives, Cooperative, Error,
		Cart, Checkout, Review, Order, Track, Orders,
		Login, Register, Account, Address, PasswordForgot, PasswordReset,
		Trace, Fairs, Fair, Province,
	}
}
