package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/web"
)

// TestQueryLimits: the parser refuses what the search index would, naming
// the parameter, so that no backend sees it.
func TestQueryLimits(t *testing.T) {
	var got error
	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error {
		q := web.NewQuery(c)
		q.Text("q")
		q.Slugs("province")
		q.Page(search.DefaultPerPage)
		got = q.Err()
		return nil
	})
	many := strings.TrimSuffix(strings.Repeat("son-la,", search.MaxFilterValues+1), ",")
	tests := []struct {
		query, field, code string
	}{
		{"page=1", "", ""},
		{fmt.Sprintf("page=%d", search.LastPage(search.DefaultPerPage)), "", ""},
		{"page=1001", "page", "out_of_range"},
		{fmt.Sprintf("page=%d", search.LastPage(search.DefaultPerPage)+1), "page", "out_of_range"},
		{"per_page=100&page=101", "page", "out_of_range"},
		{"per_page=101", "per_page", "out_of_range"},
		{"page=abc", "page", "not_whole_number"},
		{"q=" + strings.Repeat("a", search.MaxTextRunes+1), "q", "too_long"},
		{"q=" + url.QueryEscape("\xff"), "q", "invalid_text"},
		{"province=" + many, "province", "too_many_values"},
		{"province=S%C6%A1n", "province", "invalid_slugs"},
	}
	for _, tt := range tests {
		got = nil
		if _, err := app.Test(httptest.NewRequest(http.MethodGet, "/?"+tt.query, nil)); err != nil {
			t.Fatal(err)
		}
		if tt.field == "" {
			if got != nil {
				t.Errorf("%s: %v", tt.query, got)
			}
			continue
		}
		fe, ok := fault.As(got)
		if !ok || fe.FieldCodes()[tt.field] != tt.code {
			t.Errorf("%s: %v, want %s on %s", tt.query, got, tt.code, tt.field)
		}
	}
}
