package app_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ocopmarket/ocopmarket/docs"
	"github.com/ocopmarket/ocopmarket/internal/apptest"
)

// TestOpenAPIMatchesRoutes keeps docs/openapi.yaml and the router in step:
// every API route is documented with its method, and every documented
// operation is served.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var spec struct {
		Paths map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(docs.OpenAPI, &spec); err != nil {
		t.Fatalf("docs/openapi.yaml: %v", err)
	}
	documented := map[string]bool{}
	for path, ops := range spec.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented[strings.ToUpper(method)+" "+path] = true
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
		if !documented[k] && k != "GET /api/v1/openapi.yaml" {
			t.Errorf("route %s is not in docs/openapi.yaml", k)
		}
	}
	for _, k := range slices.Sorted(mapsKeys(documented)) {
		if !served[k] {
			t.Errorf("docs/openapi.yaml documents %s, which is not served", k)
		}
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
