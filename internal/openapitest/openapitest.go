// Package openapitest checks in tests that the JSON API answers as
// docs/openapi.yaml describes, so that the description cannot drift from
// the code: a test hands each request it made and the answer it got to
// Check.
package openapitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/ocopmarket/ocopmarket/docs"
)

// Validator holds docs/openapi.yaml, loaded and routed. It is safe for
// concurrent use by parallel tests.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
}

// load reads the description once per test binary: every test shares it.
var load = sync.OnceValues(func() (*Validator, error) {
	return Load(docs.OpenAPI)
})

// New returns the validator of docs/openapi.yaml, failing the test when the
// description does not load or is not valid OpenAPI 3.
func New(t testing.TB) *Validator {
	t.Helper()
	v, err := load()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Load parses and validates an OpenAPI 3 description.
func Load(spec []byte) (*Validator, error) {
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("openapitest: load: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapitest: the description is not valid OpenAPI 3: %w", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapitest: route the description: %w", err)
	}
	return &Validator{doc: doc, router: router}, nil
}

// Check fails the test unless the answer (status, header, body) to req is
// one the description allows; see Validate.
func (v *Validator) Check(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if err := v.Validate(req, status, header, body); err != nil {
		t.Errorf("%s %s answered %d, which docs/openapi.yaml does not allow:\n%.4000s\nbody: %.2000s", req.Method, req.URL.RequestURI(), status, err.Error(), body)
	}
}

// Validate reports how the answer to req departs from the description:
//   - a route the description does not know may only be answered 404 or
//     405, in the error shape;
//   - a request the description rejects (a parameter out of range, a body
//     of the wrong shape) must get a 4xx;
//   - the status must be one the operation lists, and the headers and body
//     must match what it lists for that status.
//
// The request body is checked only when req.GetBody can give it again
// (sending the request consumed req.Body); http.NewRequest sets GetBody
// for a bytes or strings reader.
func (v *Validator) Validate(req *http.Request, status int, header http.Header, body []byte) error {
	route, pathParams, err := v.router.FindRoute(req)
	if err != nil {
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			if err := v.errorShape(header, body); err != nil {
				return fmt.Errorf("a route the description does not know: %w", err)
			}
			return nil
		}
		return fmt.Errorf("%w: the route is not in the description", err)
	}
	r := req.Clone(req.Context())
	r.Body = http.NoBody
	hasBody := req.GetBody != nil
	if hasBody {
		if r.Body, err = req.GetBody(); err != nil {
			return fmt.Errorf("openapitest: read the request body again: %w", err)
		}
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: pathParams,
		Route:      route,
		Options: &openapi3filter.Options{
			ExcludeRequestBody:  !hasBody,
			SkipSettingDefaults: true,
			MultiError:          true,
			AuthenticationFunc:  openapi3filter.NoopAuthenticationFunc,
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil && status < 400 {
		return fmt.Errorf("the description rejects this request, so a 4xx was due:\n%w", err)
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	return openapi3filter.ValidateResponse(r.Context(), out)
}

// errorShape checks an answer against the Error schema of the description.
func (v *Validator) errorShape(header http.Header, body []byte) error {
	ref := v.doc.Components.Schemas["Error"]
	if ref == nil || ref.Value == nil {
		return errors.New("the description has no Error schema")
	}
	if mt, _, err := mime.ParseMediaType(header.Get("Content-Type")); err != nil || mt != "application/json" {
		return fmt.Errorf("Content-Type %q, want application/json", header.Get("Content-Type"))
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return fmt.Errorf("the body is not JSON: %w", err)
	}
	if err := ref.Value.VisitJSON(value, openapi3.MultiErrors()); err != nil {
		return fmt.Errorf("the body is not the error shape: %w", err)
	}
	return nil
}
