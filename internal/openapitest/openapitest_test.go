package openapitest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/openapitest"
)

var jsonHeader = http.Header{"Content-Type": {"application/json; charset=utf-8"}}

// TestValidate shows what the validator lets through and what it catches,
// on answers made up to be right or wrong in one way each.
func TestValidate(t *testing.T) {
	v := openapitest.New(t)
	provinces := `{"items":[{"slug":"ha-noi","name":"Hà Nội","kind":"city"}]}`
	notFound := `{"error":{"code":"not_found","message":"page not found"}}`
	invalid := `{"error":{"code":"invalid_input","message":"Some values are not valid: page","fields":{"page":"must be at least 1"},"field_codes":{"page":"too_small"}}}`
	cases := []struct {
		name    string
		req     *http.Request
		status  int
		header  http.Header
		body    string
		problem string // in the error; "" when the answer is allowed
	}{
		{"a good answer", get("/api/v1/provinces"), 200, jsonHeader, provinces, ""},
		{"a field of the wrong type", get("/api/v1/provinces"), 200, jsonHeader, `{"items":[{"slug":7,"name":"Hà Nội"}]}`, "slug"},
		{"a value outside its enum", get("/api/v1/provinces"), 200, jsonHeader, `{"items":[{"slug":"ha-noi","kind":"town"}]}`, "kind"},
		{"a body that is not JSON", get("/api/v1/provinces"), 200, jsonHeader, `<html>`, "body"},
		{"a status the route does not list", get("/api/v1/provinces"), 418, jsonHeader, notFound, "status is not supported"},
		{"a content type the route does not list", get("/api/v1/provinces"), 200, http.Header{"Content-Type": {"text/html"}}, provinces, "text/html"},
		{"an unknown route answered", get("/api/v1/nowhere"), 200, jsonHeader, provinces, "not in the description"},
		{"an unknown route refused in the error shape", get("/api/v1/nowhere"), 404, jsonHeader, notFound, ""},
		{"an unknown route refused in another shape", get("/api/v1/nowhere"), 404, jsonHeader, `{"message":"no"}`, "error shape"},
		{"a wrong method refused in the error shape", httptest.NewRequest(http.MethodDelete, "/api/v1/provinces", nil), 405, jsonHeader, notFound, ""},
		{"a bad parameter refused", get("/api/v1/cooperatives?per_page=0"), 400, jsonHeader, invalid, ""},
		{"a bad parameter accepted", get("/api/v1/cooperatives?per_page=0"), 200, jsonHeader, `{"items":[],"total":0,"page":1,"per_page":0}`, "4xx was due"},
		{"an error without its message", get("/api/v1/cooperatives?per_page=0"), 400, jsonHeader, `{"error":{"code":"invalid_input"}}`, "message"},
		{"field_codes that are not codes", get("/api/v1/cooperatives?per_page=0"), 400, jsonHeader,
			`{"error":{"code":"invalid_input","message":"m","fields":{"page":"x"},"field_codes":{"page":"Too Small"}}}`, "pattern"},
		{"a bad body refused", post("/api/v1/cart/items", `{"product_id":"one","quantity":1}`), 400, jsonHeader, invalid, ""},
		{"a bad body accepted", post("/api/v1/cart/items", `{"product_id":"one","quantity":1}`), 200, jsonHeader, `{"groups":[],"total_vnd":0,"count":0}`, "4xx was due"},
		{"a good body accepted", post("/api/v1/cart/items", `{"product_id":1,"quantity":2}`), 200, jsonHeader, `{"groups":[],"total_vnd":0,"count":0}`, ""},
		{"a body sent and gone is not checked", sent(post("/api/v1/cart/items", `{"product_id":"one"}`)), 200, jsonHeader, `{"groups":[],"total_vnd":0,"count":0}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := v.Validate(c.req, c.status, c.header, []byte(c.body))
			switch {
			case c.problem == "" && err != nil:
				t.Errorf("want allowed, got %v", err)
			case c.problem != "" && err == nil:
				t.Errorf("want refused (%s), got allowed", c.problem)
			case c.problem != "" && !strings.Contains(err.Error(), c.problem):
				t.Errorf("want an error about %q, got %v", c.problem, err)
			}
		})
	}
}

// TestCheckFailsTheTest shows that Check reports to the test it is given.
func TestCheckFailsTheTest(t *testing.T) {
	v := openapitest.New(t)
	rec := &recorder{TB: t}
	v.Check(rec, get("/api/v1/provinces"), 200, jsonHeader, []byte(`{"items":"none"}`))
	if !rec.failed {
		t.Error("a wrong answer did not fail the test")
	}
	rec = &recorder{TB: t}
	v.Check(rec, get("/api/v1/provinces"), 200, jsonHeader, []byte(`{"items":[]}`))
	if rec.failed {
		t.Errorf("a right answer failed the test: %s", rec.msg)
	}
}

// TestLoadRefusesAnInvalidDescription: a broken description is an error
// at load, not a validator that lets everything through.
func TestLoadRefusesAnInvalidDescription(t *testing.T) {
	broken := "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n  /x:\n    get:\n      responses:\n        \"200\": {description: A, b, c}\n"
	if _, err := openapitest.Load([]byte(broken)); err == nil {
		t.Fatal("a description with a stray key loaded")
	}
}

type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg = format
}

func get(target string) *http.Request { return httptest.NewRequest(http.MethodGet, target, nil) }

// post is a JSON request whose body can be read again, as http.NewRequest
// makes it.
func post(target, body string) *http.Request {
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return req
}

// sent is req after a server read its body.
func sent(req *http.Request) *http.Request {
	req.GetBody = nil
	return req
}
