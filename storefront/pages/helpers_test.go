package pages

import (
	"io/fs"

	"github.com/ocopmarket/ocopmarket/storefront/templates"
)

// walkTemplates calls fn with the name and text of every embedded template.
func walkTemplates(fn func(name, text string)) error {
	return fs.WalkDir(templates.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return err
		}
		fn(name, string(b))
		return nil
	})
}
