package pages

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

// TestTemplateMessagesExist checks every literal message id the templates
// use is in the catalogs, so no page fails on a missing translation.
func TestTemplateMessagesExist(t *testing.T) {
	msgs, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\{\{-?\s*t\s+"([^"]+)"`)
	var ids []string
	err = walkTemplates(func(name, text string) {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			ids = append(ids, m[1])
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) < 50 {
		t.Fatalf("found only %d message ids in the templates", len(ids))
	}
	if err := msgs.Check(ids); err != nil {
		t.Error(err)
	}
	// Ids built from a value: the sort orders and the error kinds.
	for _, s := range catalog.Sorts() {
		if !msgs.Has("sort." + s) {
			t.Errorf("no message sort.%s", s)
		}
	}
	for _, k := range []string{"not_found", "bad_request", "error"} {
		for _, part := range []string{"title", "text"} {
			if id := fmt.Sprintf("error.%s.%s", k, part); !msgs.Has(id) {
				t.Errorf("no message %s", id)
			}
		}
	}
}
