package storefront

import "github.com/gofiber/fiber/v2"

// Routes registers the storefront pages and the public catalog API.
func (h *Handler) Routes(r fiber.Router) {
	api := r.Group("/api/v1")
	api.Get("/products", h.apiProducts)
	api.Get("/products/:slug", h.apiProduct)
	api.Get("/cooperatives", h.apiCooperatives)
	api.Get("/cooperatives/:slug", h.apiCooperative)
	api.Get("/provinces", h.apiProvinces)
	api.Get("/categories", h.apiCategories)
	api.Get("/search/suggest", h.apiSuggest)
	if h.acc != nil {
		h.accountRoutes(api)
	}
	if h.acc != nil && h.ord != nil {
		h.orderRoutes(api)
	}

	r.Get("/images/:file", h.image)

	lang := h.i18n.Middleware()
	r.Get("/", lang, h.home)
	r.Get("/san-pham", lang, h.products)
	r.Get("/san-pham/:slug", lang, h.product)
	r.Get("/hop-tac-xa", lang, h.cooperatives)
	r.Get("/hop-tac-xa/:slug", lang, h.cooperative)
	if h.acc != nil && h.ord != nil {
		h.orderPageRoutes(r, lang)
	}
	if h.acc != nil {
		h.accountPageRoutes(r, lang)
		h.cartPageRoutes(r, lang)
	}
}
