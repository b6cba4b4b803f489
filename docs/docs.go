// Package docs embeds the OpenAPI description of the JSON API, served at
// /api/v1/openapi.yaml and checked against the routes by the app's tests.
package docs

import _ "embed"

// OpenAPI is docs/openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
