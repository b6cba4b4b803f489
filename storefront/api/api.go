// Package api serves the storefront's JSON API under /api/v1: the catalog,
// accounts, the cart, checkout, orders and payment webhooks, described by
// docs/openapi.yaml, with errors in the shape web.ErrorHandler answers.
package api

import (
	"encoding/json"
	"errors"
	"reflect"
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
	if k := caseFolded(body, dst); k != "" {
		return fault.InvalidField(k, "unknown_field", nil)
	}
	return nil
}

// caseFolded returns a key of the JSON object body that names a field of
// the struct dst points to only when case is ignored ("Quantity" for
// "quantity"), "" when there is none: encoding/json would read it as that
// field, but the API's names are exact, as docs/openapi.yaml says.
func caseFolded(body []byte, dst any) string {
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) != nil {
		return ""
	}
	t := reflect.TypeOf(dst)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return ""
	}
	names := map[string]bool{}
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			names[name] = true
		}
	}
	for k := range keys {
		if names[k] {
			continue
		}
		for n := range names {
			if strings.EqualFold(k, n) {
				return k
			}
		}
	}
	return ""
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
