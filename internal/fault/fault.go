// Package fault holds the coded errors that domain actions return and the
// web layer answers: a Kind that picks the status, a stable snake_case code
// that the message catalogs translate, the values the message needs and,
// for validation, what is wrong with each field. The cause of an error is
// kept for the logs and never shown to a client.
package fault

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Kind says what sort of refusal an error is; each maps to one HTTP status.
type Kind int

// The kinds of coded errors.
const (
	Invalid          Kind = iota + 1 // 400: the input must change
	Unauthorized                     // 401: log in first, or wrong credentials
	Forbidden                        // 403: logged in without the right
	NotFound                         // 404
	Conflict                         // 409: the state of things forbids it now
	Unprocessable                    // 422: well formed, but it cannot be done this way
	TooMany                          // 429: wait RetryAfter
	Upstream                         // 502: a service we call (a payment processor) failed
	Unavailable                      // 503: a backend is down, retry after RetryAfter
	UnsupportedMedia                 // 415: the body is not of a type the route reads
)

// Status returns the HTTP status of k.
func (k Kind) Status() int {
	switch k {
	case Invalid:
		return http.StatusBadRequest
	case Unauthorized:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	case Unprocessable:
		return http.StatusUnprocessableEntity
	case TooMany:
		return http.StatusTooManyRequests
	case Upstream:
		return http.StatusBadGateway
	case Unavailable:
		return http.StatusServiceUnavailable
	case UnsupportedMedia:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusInternalServerError
}

// Params are the values a message is filled with, such as {"max": 100}.
type Params map[string]any

// Field is what is wrong with one input field: its API name (such as
// "address.line"), a code and the values of its message.
type Field struct {
	Field  string
	Code   string
	Params Params
}

// Fields collects field errors while an input is checked:
//
//	var f fault.Fields
//	f.Add("email", "required", nil)
//	return f.Err()
type Fields []Field

// Add records that field is wrong with code. Only the first problem of a
// field is kept: it is the one to fix first.
func (f *Fields) Add(field, code string, params Params) {
	if f.Has(field) {
		return
	}
	*f = append(*f, Field{Field: field, Code: code, Params: params})
}

// Has reports whether field already has a problem.
func (f Fields) Has(field string) bool {
	return slices.ContainsFunc(f, func(e Field) bool { return e.Field == field })
}

// Err returns the validation error of everything collected, or nil when
// nothing is wrong.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	e := ErrInvalidInput.copy()
	e.Fields = slices.Clone(f)
	return e
}

// CodeInvalidInput is the code of a validation error listing fields.
const CodeInvalidInput = "invalid_input"

// Error is a coded error. Compare errors with errors.Is against the
// sentinels of a package (a copy made by With, Wrap or After still is its
// sentinel; two packages may share a code without their sentinels
// matching), and read one with As.
type Error struct {
	Kind   Kind
	Code   string
	Params Params
	// Fields lists what is wrong per field, for Invalid errors.
	Fields []Field
	// RetryAfter says when to try again, for TooMany and Unavailable.
	RetryAfter time.Duration
	// Err is the cause, for the logs.
	Err error
	// parent is the error this one is a copy of.
	parent *Error
}

// New returns an error of kind k with code.
func New(k Kind, code string) *Error { return &Error{Kind: k, Code: code} }

// InvalidField returns a validation error on a single field.
func InvalidField(field, code string, params Params) error {
	var f Fields
	f.Add(field, code, params)
	return f.Err()
}

// copy returns a copy of e that errors.Is matches with e.
func (e *Error) copy() *Error {
	c := *e
	c.parent = e
	return &c
}

// With returns a copy of e filled with params.
func (e *Error) With(params Params) *Error {
	c := e.copy()
	c.Params = params
	return c
}

// Wrap returns a copy of e caused by err.
func (e *Error) Wrap(err error) *Error {
	c := e.copy()
	c.Err = err
	return c
}

// After returns a copy of e telling the client to retry after d.
func (e *Error) After(d time.Duration) *Error {
	c := e.copy()
	c.RetryAfter = d
	return c
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if len(e.Params) > 0 {
		fmt.Fprintf(&b, " %v", map[string]any(e.Params))
	}
	for i, f := range e.Fields {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%s%s %s", sep, f.Field, f.Code)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether e is a copy of target, or a copy of a copy.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	for p := e.parent; p != nil; p = p.parent {
		if p == t {
			return true
		}
	}
	return false
}

// FieldCodes returns the code of each field of e.
func (e *Error) FieldCodes() map[string]string {
	out := make(map[string]string, len(e.Fields))
	for _, f := range e.Fields {
		out[f.Field] = f.Code
	}
	return out
}

// FieldNames returns the names of the fields of e, sorted.
func (e *Error) FieldNames() []string { return slices.Sorted(maps.Keys(e.FieldCodes())) }

// Coder is an error of a domain type (such as a stock error) that knows
// its coded form.
type Coder interface {
	Fault() *Error
}

// As returns the coded error in err's chain: an *Error or the Fault of a
// Coder, whichever comes first.
func As(err error) (*Error, bool) {
	for err != nil {
		switch e := err.(type) {
		case *Error:
			return e, true
		case Coder:
			return e.Fault(), true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if fe, ok := As(inner); ok {
					return fe, true
				}
			}
			return nil, false
		default:
			return nil, false
		}
	}
	return nil, false
}

// ErrInvalidInput matches every validation error (Fields.Err,
// InvalidField) and only those.
var ErrInvalidInput = &Error{Kind: Invalid, Code: CodeInvalidInput}
