package templates_test

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// TestLinksUsePath checks that no template writes one of the site's
// addresses by hand: links and forms build them with {{path "…"}}, so a
// route that moves cannot leave a page linking to its old address.
func TestLinksUsePath(t *testing.T) {
	literal := regexp.MustCompile(`(?:href|action|formaction|src)="/[^"]*"`)
	pages := 0
	err := fs.WalkDir(templates.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return err
		}
		pages++
		for _, m := range literal.FindAll(b, -1) {
			t.Errorf("%s: %s is written by hand; use {{path}}", name, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := len(templates.Names()); pages < want {
		t.Errorf("walked %d templates, want at least the %d pages", pages, want)
	}
}
