package app_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ocopmarket/ocopmarket/docs"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
)

// TestOpenAPIMatchesRoutes keeps docs/openapi.yaml and the router in step:
// every API route is documented with its method, and every documented
// operation is served.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	spec, err := openapi3.NewLoader().LoadFromData(docs.OpenAPI)
	if err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	documented := map[string]bool{}
	for path, item := range spec.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	param := regexp.MustCompile(`:([a-z_]+)`)
	served := map[string]bool{}
	for _, r := range apptest.New(t, apptest.Databases()[0], apptest.Options{}).Fiber().GetRoutes(true) {
		if r.Method == "HEAD" || r.Method == "CONNECT" || r.Method == "TRACE" || r.Method == "OPTIONS" {
			continue
		}
		if !strings.HasPrefix(r.Path, "/api/") && r.Path != "/healthz" && r.Path != "/readyz" && !strings.HasPrefix(r.Path, "/images/") {
			continue
		}
		served[r.Method+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
	}
	for _, k := range slices.Sorted(mapsKeys(served)) {
		if !documented[k] {
			t.Errorf("route %s is not in docs/openapi.yaml", k)
		}
	}
	for _, k := range slices.Sorted(mapsKeys(documented)) {
		if !served[k] {
			t.Errorf("docs/openapi.yaml documents %s, which is not served", k)
		}
	}
}

// TestOpenAPIIsServed: the description the API serves is the one in docs/.
func TestOpenAPIIsServed(t *testing.T) {
	r := get(t, apptest.New(t, apptest.Databases()[0], apptest.Options{}).Fiber(), "/api/v1/openapi.yaml")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/yaml") || r.Raw != string(docs.OpenAPI) {
		t.Fatalf("GET /api/v1/openapi.yaml: %d %s, %d bytes; want docs/openapi.yaml", r.Status, r.Header.Get("Content-Type"), len(r.Raw))
	}
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
