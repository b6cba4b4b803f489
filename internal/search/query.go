package search

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/format"
)

// bad is a refused query: it wraps ErrBadQuery and names the parameter
// to fix with a code, as the parsers of the web layer do.
func bad(field, code string, params fault.Params) error {
	return fmt.Errorf("%w: %w", ErrBadQuery, fault.InvalidField(field, code, params))
}

// Normalize validates q and returns it with defaults filled in: Page 1,
// PerPage DefaultPerPage, Sort relevance (with text) or newest (without),
// Today the current date in Vietnam, Text NFC-normalised, trimmed, with
// control characters removed and cut to MaxTextRunes. Invalid input gives an
// error wrapping ErrBadQuery.
func (q Query) Normalize() (Query, error) {
	if !utf8.ValidString(q.Text) {
		return q, bad("q", "invalid_text", nil)
	}
	q.Text = CleanText(q.Text)

	switch q.Sort {
	case "":
		if q.Text == "" {
			q.Sort = SortNewest
		} else {
			q.Sort = SortRelevance
		}
	case SortRelevance, SortNewest, SortPriceAsc, SortPriceDesc, SortStars:
	default:
		return q, bad("sort", "not_one_of", fault.Params{"choices": strings.Join([]string{SortRelevance, SortNewest, SortPriceAsc, SortPriceDesc, SortStars}, ", ")})
	}
	if q.Sort == SortRelevance && q.Text == "" {
		q.Sort = SortNewest
	}

	switch {
	case q.PerPage == 0:
		q.PerPage = DefaultPerPage
	case q.PerPage < 1 || q.PerPage > MaxPerPage:
		return q, bad("per_page", "out_of_range", fault.Params{"min": 1, "max": MaxPerPage})
	}
	switch {
	case q.Page == 0:
		q.Page = 1
	case q.Page < 1 || q.Page > LastPage(q.PerPage):
		return q, bad("page", "out_of_range", fault.Params{"min": 1, "max": LastPage(q.PerPage)})
	}

	if q.MinStars != 0 && (q.MinStars < 3 || q.MinStars > 5) {
		return q, bad("stars", "out_of_range", fault.Params{"min": 3, "max": 5})
	}
	if q.Today == "" {
		q.Today = time.Now().In(format.Vietnam()).Format(time.DateOnly)
	}
	if _, err := DateNumber(q.Today); err != nil {
		return q, err
	}

	if q.MinPrice < 0 {
		return q, bad("min_price", "negative", nil)
	}
	if q.MaxPrice < 0 {
		return q, bad("max_price", "negative", nil)
	}
	if q.MaxPrice > 0 && q.MinPrice > q.MaxPrice {
		return q, bad("max_price", "below_min_price", nil)
	}

	var err error
	for _, f := range []struct {
		name string
		vals *[]string
	}{
		{"province", &q.Provinces},
		{"category", &q.Categories},
		{"cooperative", &q.Cooperatives},
		{"certification", &q.Certifications},
	} {
		if *f.vals, err = cleanSlugs(f.name, *f.vals); err != nil {
			return q, err
		}
	}
	return q, nil
}

// Offset is the number of hits before the page of a normalized query.
func (q Query) Offset() int { return (q.Page - 1) * q.PerPage }

// CleanText prepares free text for matching: invalid UTF-8 and control
// characters are dropped, the text is NFC-normalised, white space collapsed
// and the result cut to MaxTextRunes. Private-use characters (reserved for
// highlight markers) are removed before normalising, so that the letters
// around one compose as they would without it.
func CleanText(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = norm.NFC.String(dropPrivateUse(s))
	var b strings.Builder
	b.Grow(len(s))
	n := 0
	space := true
	cut := false
	for _, r := range s {
		if n >= MaxTextRunes {
			cut = !unicode.IsSpace(r) // the cut goes through a word
			break
		}
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError:
			if !space {
				b.WriteByte(' ')
				n++
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
		n++
	}
	out := b.String()
	if cut && !space {
		// drop the word the cut went through, if there is an earlier one
		if i := strings.LastIndexByte(out, ' '); i > 0 {
			out = out[:i]
		}
	}
	return strings.TrimRight(out, " ")
}

// CleanSuggest validates and normalises Suggest's arguments.
func CleanSuggest(prefix string, limit int) (string, int, error) {
	if !utf8.ValidString(prefix) {
		return "", 0, bad("q", "invalid_text", nil)
	}
	switch {
	case limit == 0:
		limit = DefaultSuggest
	case limit < 0 || limit > MaxSuggest:
		return "", 0, bad("limit", "out_of_range", fault.Params{"min": 1, "max": MaxSuggest})
	}
	return CleanText(prefix), limit, nil
}

// ValidSlug reports whether s may be a filter value: 1 to 100 characters
// of a-z, 0-9 and '-'.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func cleanSlugs(field string, in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, nil
	}
	if len(in) > MaxFilterValues {
		return nil, bad(field, "too_many_values", fault.Params{"max": MaxFilterValues})
	}
	out := make([]string, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		if !ValidSlug(s) {
			return nil, bad(field, "invalid_slugs", nil)
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// DateNumber turns "YYYY-MM-DD" into the number yyyymmdd (20270626), the
// form backends filter on; "" gives 0.
func DateNumber(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, bad("today", "invalid_date", nil)
	}
	return t.Year()*10000 + int(t.Month())*100 + t.Day(), nil
}

// StarsIfValid returns the document's stars when its certificate is not
// expired on today (a yyyymmdd number), 0 otherwise.
func (d Document) StarsIfValid(today int) int {
	exp, err := DateNumber(d.StarsExpiresOn)
	if err != nil || d.Stars == 0 || exp < today {
		return 0
	}
	return d.Stars
}

// Validate checks a document before indexing: it needs an ID, and stars
// need a valid expiry date.
func (d Document) Validate() error {
	if d.ID <= 0 {
		return fmt.Errorf("search: document without ID")
	}
	if d.Stars != 0 && (d.Stars < 3 || d.Stars > 5) {
		return fmt.Errorf("search: document %d: stars %d out of 3..5", d.ID, d.Stars)
	}
	if d.StarsExpiresOn != "" {
		if _, err := time.Parse(time.DateOnly, d.StarsExpiresOn); err != nil {
			return fmt.Errorf("search: document %d: stars expiry %q is not YYYY-MM-DD", d.ID, d.StarsExpiresOn)
		}
	}
	if d.Stars > 0 && d.StarsExpiresOn == "" {
		return fmt.Errorf("search: document %d: stars without expiry", d.ID)
	}
	return nil
}

// NewFacets returns Facets with every map allocated.
func NewFacets() Facets {
	return Facets{
		Stars:         map[string]int{},
		Province:      map[string]int{},
		Category:      map[string]int{},
		Cooperative:   map[string]int{},
		Certification: map[string]int{},
	}
}

// CleanDisplay prepares document text for indexing: invalid UTF-8 is
// replaced and private-use characters (which backends may use as highlight
// markers) are removed.
func CleanDisplay(s string) string {
	return dropPrivateUse(strings.ToValidUTF8(s, "\uFFFD"))
}

// dropPrivateUse removes the private-use characters of s.
func dropPrivateUse(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Co, r) }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Co, r) {
			return -1
		}
		return r
	}, s)
}
