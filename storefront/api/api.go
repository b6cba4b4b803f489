// Package api serves the storefront's JSON API under /api/v1: the catalog,
// accounts, the cart, checkout, orders and payment webhooks, described by
// docs/openapi.yaml, with errors in the shape web.ErrorHandler answers.
package api

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/fault"
)

var errBadJSON = fault.New(fault.Invalid, "invalid_json")

// decode reads a JSON object body into dst; wrong types name the field.
func decode(c *fiber.Ctx, dst any) error {
	body := c.Body()
	if len(strings.TrimSpace(string(body))) == 0 {
		return errBadJSON
	}
	if err := json.Unmarshal(body, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return fault.InvalidField(te.Field, "wrong_type", fault.Params{"type": jsonKind(te.Type.Kind().String())})
		}
		return errBadJSON.Wrap(err)
	}
	return nil
}

// jsonKind names the JSON type of a Go kind.
func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "int", "int64", "int32":
		return "integer"
	case "struct", "map":
		return "object"
	case "slice", "array":
		return "array"
	}
	return "number"
}

type userBody struct {
	User *account.User `json:"user"`
}
