// Package web holds the HTTP pieces the storefront and the panels share:
// the error shape and handler, middleware, and query parsing.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// Error is an error as a client sees it, the "error" object of the API's
// JSON shape: a status, a snake_case code, a message in the request's
// language and, for validation errors, a message and a code per field.
// Handlers and the domain return *fault.Error; Explain puts it into words.
type Error struct {
	Status     int               `json:"-"`
	Code       string            `json:"code"`
	Message    string            `json:"message"`
	Fields     map[string]string `json:"fields,omitempty"`
	FieldCodes map[string]string `json:"field_codes,omitempty"`
	RetryAfter time.Duration     `json:"-"`
}

// errNotFound is the 404 of an address that names nothing.
var errNotFound = fault.New(fault.NotFound, "not_found")

// NotFound is a 404 for the thing named; the name stays in the error's
// text, and clients read the catalogs' not_found message.
func NotFound(what string) error { return errNotFound.With(fault.Params{"what": what}) }

// HTMLErrorRenderer renders an error as a page for browsers.
type HTMLErrorRenderer func(c *fiber.Ctx, e *Error) error

// IsAPI reports whether a request is for the JSON API.
func IsAPI(c *fiber.Ctx) bool {
	p := c.Path()
	return strings.HasPrefix(p, "/api/") || p == "/healthz" || p == "/readyz"
}

// ErrorHandler turns any error into the JSON error shape for the API and a
// page for browsers, with messages from msgs in the request's language and
// a Retry-After header when the error says when to retry. Internal errors
// are logged with the request id and shown to the client only as a
// generic message. Without catalogs (nil msgs) messages are codes.
func ErrorHandler(log *slog.Logger, msgs *i18n.Catalog, html HTMLErrorRenderer) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		lang := i18n.Default
		if msgs != nil {
			lang = msgs.Lang(c)
		}
		e := Explain(msgs, lang, err)
		if e.Status >= 500 {
			log.Error("request failed", "request_id", RequestID(c), "method", c.Method(), "path", c.Path(), "err", err)
		}
		SetRetryAfter(c, e.RetryAfter)
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

// SetRetryAfter tells the client to retry after d, in whole seconds
// rounded up; zero sets nothing.
func SetRetryAfter(c *fiber.Ctx, d time.Duration) {
	if d > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(int((d+time.Second-1)/time.Second), 1)))
	}
}

// Explain puts err into words in lang: a coded error gets its messages
// from msgs, an error of fiber (such as a body over the limit) keeps its
// status, a database that does not answer is a 503 and one without room to
// write a 507 (both logged by ErrorHandler, both to be retried), anything
// else is a 500 whose words tell nothing of the cause. A message missing
// from the catalogs (the tests make sure none is) shows as its code, and so
// does every message without catalogs (nil msgs).
func Explain(msgs *i18n.Catalog, lang string, err error) *Error {
	if fe, ok := fault.As(err); ok {
		return explainFault(msgs, lang, fe)
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code := strings.ReplaceAll(strings.ToLower(http.StatusText(fe.Code)), " ", "_")
		if code == "" {
			code = "error"
		}
		msg := fe.Message
		if fe.Code == http.StatusRequestEntityTooLarge {
			msg = message(msgs, lang, "request_too_large", nil)
		}
		return &Error{Status: fe.Code, Code: code, Message: msg}
	}
	switch {
	case db.OutOfSpace(err):
		return &Error{Status: http.StatusInsufficientStorage, Code: "storage_full", Message: message(msgs, lang, "storage_full", nil),
			RetryAfter: storageRetry}
	case db.Unreachable(err):
		return &Error{Status: http.StatusServiceUnavailable, Code: "database_unavailable",
			Message: message(msgs, lang, "database_unavailable", nil), RetryAfter: databaseRetry}
	}
	return &Error{Status: http.StatusInternalServerError, Code: "internal_error", Message: message(msgs, lang, "internal_error", nil)}
}

// When to retry after the database did not answer (a restart takes
// seconds) and after it had no room to write (an operator must act).
const (
	databaseRetry = 5 * time.Second
	storageRetry  = time.Minute
)

func explainFault(msgs *i18n.Catalog, lang string, fe *fault.Error) *Error {
	e := &Error{Status: fe.Kind.Status(), Code: fe.Code, RetryAfter: fe.RetryAfter}
	if len(fe.Fields) > 0 {
		e.Fields = make(map[string]string, len(fe.Fields))
		e.FieldCodes = make(map[string]string, len(fe.Fields))
		for _, f := range fe.Fields {
			e.Fields[f.Field] = message(msgs, lang, f.Code, f.Params)
			e.FieldCodes[f.Field] = f.Code
		}
	}
	params := fe.Params
	if len(fe.Fields) > 0 && params == nil {
		params = fault.Params{"fields": strings.Join(fe.FieldNames(), ", ")}
	}
	e.Message = message(msgs, lang, fe.Code, params)
	return e
}

// MessageID is the catalog id of the message of an error code.
func MessageID(code string) string { return "code." + code }

// toError is err as the client sees it, with codes for messages: for the
// access log, which needs only the status.
func toError(err error) *Error { return Explain(nil, "", err) }

func message(msgs *i18n.Catalog, lang, code string, params fault.Params) string {
	if msgs == nil {
		return code
	}
	s, err := msgs.Translate(lang, MessageID(code), params)
	if err != nil {
		return code
	}
	return s
}

// FormErrors returns the message in lang of each field of a validation
// error, for a form to show next to its fields; ok is false when err is
// not a validation error.
func FormErrors(msgs *i18n.Catalog, lang string, err error) (map[string]string, bool) {
	fe, ok := fault.As(err)
	if !ok || len(fe.Fields) == 0 {
		return nil, false
	}
	return explainFault(msgs, lang, fe).Fields, true
}
