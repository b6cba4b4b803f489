// Package templates holds the storefront's HTML templates, embedded.
package templates

import "embed"

// FS is the templates and their partials.
//
//go:embed *.html partials
var FS embed.FS
