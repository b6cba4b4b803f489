// Package api serves the storefront's JSON API under /api/v1: the catalog,
// accounts, the cart, checkout, orders and payment webhooks, in the error
// shape of API.md.
package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

var errBadJSON = web.NewError(http.StatusBadRequest, "invalid_json", "The request body must be a JSON object.")

// decode reads a JSON object body into dst; wrong types name the field.
func decode(c *fiber.Ctx, dst any) error {
	body := c.Body()
	if len(strings.TrimSpace(string(body))) == 0 {
		return errBadJSON
	}
	if err := json.Unmarshal(body, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return web.Invalid(map[string]string{te.Field: "must be a " + jsonKind(te.Type.Kind().String())})
		}
		return errBadJSON
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean (true or false)"
	case "int", "int64", "int32":
		return "whole number"
	}
	return "value of another type"
}

type userBody struct {
	User *account.User `json:"user"`
}
