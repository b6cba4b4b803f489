// Package web holds the HTTP pieces the storefront and the panels share:
// the error shape and handler, middleware, and query parsing.
package web

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Error is an error a client may see: a status, a snake_case code, a message
// saying what to fix and, for validation errors, what is wrong per field.
type Error struct {
	Status  int               `json:"-"`
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// NewError returns an Error with the given status, code and message.
func NewError(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// NotFound is a 404 for the thing named.
func NotFound(what string) *Error {
	return NewError(http.StatusNotFound, "not_found", what+" not found")
}

// Invalid is a 400 validation error listing what is wrong with each field.
func Invalid(fields map[string]string) *Error {
	names := slices.Sorted(maps.Keys(fields))
	return &Error{Status: http.StatusBadRequest, Code: "invalid_input",
		Message: "Some values are not valid: " + strings.Join(names, ", "), Fields: fields}
}

// HTMLErrorRenderer renders an error as a page for browsers.
type HTMLErrorRenderer func(c *fiber.Ctx, e *Error) error

// IsAPI reports whether a request is for the JSON API.
func IsAPI(c *fiber.Ctx) bool {
	p := c.Path()
	return strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/readyz"
}

// ErrorHandler turns any error into the JSON error shape for the API and a
// page for browsers. Internal errors are logged with the request id and
// shown to the client only as a generic message.
func ErrorHandler(log *slog.Logger, html HTMLErrorRenderer) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		e := toError(err)
		if e.Status >= 500 {
			log.Error("request failed", "request_id", RequestID(c), "method", c.Method(), "path", c.Path(), "err", err)
		}
		c.Status(e.Status)
		if html != nil && !IsAPI(c) {
			rerr := html(c, e)
			if rerr == nil {
				return nil
			}
			log.Error("render error page", "request_id", RequestID(c), "err", rerr)
		}
		return c.JSON(fiber.Map{"error": e})
	}
}

func toError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code := strings.ReplaceAll(strings.ToLower(http.StatusText(fe.Code)), " ", "_")
		if code == "" {
			code = "error"
		}
		msg := fe.Message
		if fe.Code == http.StatusRequestEntityTooLarge {
			msg = "The request body is too large."
		}
		return NewError(fe.Code, code, msg)
	}
	return NewError(http.StatusInternalServerError, "internal_error", "Something went wrong on our side. Please try again.")
}
