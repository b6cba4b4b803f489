package storefront

import "io/fs"

// walkTemplates calls fn with the name and text of every embedded template.
func walkTemplates(fn func(name, text string)) error {
	return fs.WalkDir(templateFS, "templates", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, name)
		if err != nil {
			return err
		}
		fn(name, string(b))
		return nil
	})
}
