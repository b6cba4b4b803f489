package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// decode reads a JSON object body into dst: a body that is not one object
// is invalid_json, and a value of the wrong type names its field and the
// JSON type it must have.
func decode(c *fiber.Ctx, dst any) error {
	body := bytes.TrimSpace(c.Body())
	if len(body) == 0 || body[0] != '{' {
		return errBadJSON
	}
	d := json.NewDecoder(bytes.NewReader(body))
	if err := d.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return fault.InvalidField(te.Field, "wrong_type", fault.Params{"type": jsonType(te.Type)})
		}
		return errBadJSON.Wrap(err)
	}
	if d.More() {
		return errBadJSON
	}
	return nil
}

// jsonType names the JSON type a Go type is read from.
func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Pointer:
		return jsonType(t.Elem())
	}
	return "string"
}
