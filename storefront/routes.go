package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// Routes registers the whole storefront on r: the shopper API under
// /api/v1, the product images and the pages. Every cookie-authenticated API
// write goes through the API guard and every page form through the CSRF
// check. The catalog's pages and reads go through the response cache
// when the storefront has one (Config.Pages).
func Routes(r fiber.Router, s *Storefront) {
	guard := s.sessions.GuardAPI()
	v1 := r.Group("/api/v1")
	v1.Get("/products", s.cachedRead(s.catalogAPI.Products)...)
	v1.Get("/products/:slug", s.cachedRead(s.catalogAPI.Product)...)
	v1.Get("/cooperatives", s.cachedRead(s.catalogAPI.Cooperatives)...)
	v1.Get("/cooperatives/:slug", s.cachedRead(s.catalogAPI.Cooperative)...)
	v1.Get("/provinces", s.cachedRead(s.catalogAPI.Provinces)...)
	v1.Get("/categories", s.cachedRead(s.catalogAPI.Categories)...)
	v1.Get("/search/suggest", s.cachedRead(s.catalogAPI.Suggest)...)

	v1.Post("/auth/register", guard, s.authAPI.Register)
	v1.Post("/auth/login", guard, s.authAPI.Login)
	v1.Post("/auth/logout", guard, s.authAPI.Logout)
	v1.Post("/auth/password/forgot", guard, s.authAPI.ForgotPassword)
	v1.Post("/auth/password/reset", guard, s.authAPI.ResetPassword)

	v1.Get("/me", s.accountAPI.Me)
	v1.Put("/me", guard, s.accountAPI.UpdateMe)
	v1.Put("/me/password", guard, s.accountAPI.ChangePassword)
	v1.Get("/me/addresses", s.accountAPI.Addresses)
	v1.Post("/me/addresses", guard, s.accountAPI.AddAddress)
	v1.Get("/me/addresses/:id", s.accountAPI.Address)
	v1.Put("/me/addresses/:id", guard, s.accountAPI.UpdateAddress)
	v1.Delete("/me/addresses/:id", guard, s.accountAPI.DeleteAddress)

	v1.Get("/cart", s.cartAPI.Show)
	v1.Post("/cart/items", guard, s.cartAPI.Add)
	v1.Put("/cart/items/:product_id", guard, s.cartAPI.Set)
	v1.Delete("/cart/items/:product_id", guard, s.cartAPI.Remove)

	v1.Post("/checkout", guard, s.checkoutAPI.Place)
	v1.Get("/orders", s.orderAPI.MyOrders)
	v1.Get("/orders/:code", s.orderAPI.Order)
	v1.Post("/payments/stripe/webhook", s.paymentAPI.StripeWebhook)

	r.Get(paths.Image, s.catalogPages.Image)

	lang, csrf := s.i18n.Middleware(), s.sessions.CSRF()
	r.Get(paths.Home, s.cachedPage(lang, s.catalogPages.Home)...)
	r.Get(paths.Products, s.cachedPage(lang, s.catalogPages.Products)...)
	r.Get(paths.Product, s.cachedPage(lang, s.catalogPages.Product)...)
	r.Get(paths.Cooperatives, s.cachedPage(lang, s.catalogPages.Cooperatives)...)
	r.Get(paths.Cooperative, s.cachedPage(lang, s.catalogPages.Cooperative)...)

	r.Get(paths.Checkout, lang, csrf, s.checkoutPages.Form)
	r.Post(paths.Checkout, lang, csrf, s.checkoutPages.Review)
	r.Post(paths.CheckoutConfirm, lang, csrf, s.checkoutPages.Confirm)
	r.Get(paths.Track, lang, s.orderPages.Track)
	r.Get(paths.Order, lang, s.orderPages.Order)
	r.Get(paths.MyOrders, lang, s.orderPages.MyOrders)

	r.Get(paths.Login, lang, csrf, s.authPages.LoginForm)
	r.Post(paths.Login, lang, csrf, s.authPages.Login)
	r.Get(paths.Register, lang, csrf, s.authPages.RegisterForm)
	r.Post(paths.Register, lang, csrf, s.authPages.Register)
	r.Post(paths.Logout, lang, csrf, s.authPages.Logout)
	r.Get(paths.Forgot, lang, csrf, s.authPages.ForgotForm)
	r.Post(paths.Forgot, lang, csrf, s.authPages.Forgot)
	r.Get(paths.Reset, lang, csrf, s.authPages.ResetForm)
	r.Post(paths.Reset, lang, csrf, s.authPages.Reset)

	r.Get(paths.Account, lang, csrf, s.accountPages.Show)
	r.Post(paths.Account, lang, csrf, s.accountPages.SaveProfile)
	r.Post(paths.Password, lang, csrf, s.accountPages.ChangePassword)
	r.Get(paths.NewAddress, lang, csrf, s.accountPages.NewAddress)
	r.Post(paths.Addresses, lang, csrf, s.accountPages.AddAddress)
	r.Get(paths.Address, lang, csrf, s.accountPages.EditAddress)
	r.Post(paths.Address, lang, csrf, s.accountPages.SaveAddress)
	r.Post(paths.AddressDelete, lang, csrf, s.accountPages.DeleteAddress)

	r.Get(paths.Cart, lang, csrf, s.cartPages.Show)
	r.Post(paths.CartUpdate, lang, csrf, s.cartPages.Update)
	r.Post(paths.CartRemove, lang, csrf, s.cartPages.Remove)
	r.Post(paths.Product, lang, csrf, s.cartPages.Add)

	// trace: the public record of a batch, which its QR label opens
	v1.Get("/trace/:code", s.traceAPI.Show)
	r.Get(paths.Trace, lang, s.tracePage.Show)
	// fairs: the trade fairs and the province portals, with their JSON twins
	v1.Get("/showcases", s.fairAPI.List)
	v1.Get("/showcases/:slug", s.fairAPI.Show)
	v1.Get("/provinces/:slug", s.cachedRead(s.provinceAPI.Show)...)
	r.Get(paths.Fairs, lang, s.fairPages.List)
	r.Get(paths.Fair, lang, s.fairPages.Show)
	r.Get(paths.FairBanner, s.fairPages.Banner)
	r.Get(paths.ProvincePortal, s.cachedPage(lang, s.provincePages.Show)...)
}
