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
	for _, id := range ids {
		if !hasMessage(msgs, id) {
			t.Errorf("no message %s", id)
		}
	}
	// Ids built from a value: the sort orders and the error kinds.
	for _, s := range catalog.Sorts() {
		if !hasMessage(msgs, "sort."+s) {
			t.Errorf("no message sort.%s", s)
		}
	}
	for _, k := range []string{"not_found", "bad_request", "error"} {
		for _, part := range []string{"title", "text"} {
			if id := fmt.Sprintf("error.%s.%s", k, part); !hasMessage(msgs, id) {
				t.Errorf("no message %s", id)
			}
		}
	}
}

// hasMessage reports whether the catalogs hold id (the catalogs of every
// language hold the same ids, or they do not load).
func hasMessage(msgs *i18n.Catalog, id string) bool {
	_, err := msgs.Translate(i18n.Default, id, nil)
	return err == nil
}
