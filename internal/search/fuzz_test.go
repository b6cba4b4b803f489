package search

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzCleanText checks the free text every backend matches on: cleaning
// it twice changes nothing more, and what comes out is NFC, valid UTF-8,
// at most MaxTextRunes long, free of control and private-use characters,
// with single spaces between words.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"cà phê", "Ca\u0300 phe\u0302", "  mật \t ong\n", "e\uE000\u0301", "a\x00b", "\xff\xfe",
		strings.Repeat("chè ", 60), strings.Repeat("x", 250), "\u202e\u200b", "bưởi\u0085da xanh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CleanText(s)
		if again := CleanText(got); again != got {
			t.Fatalf("CleanText(%q) = %q, but CleanText of that is %q", s, got, again)
		}
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("CleanText(%q) = %q: not valid NFC", s, got)
		}
		if n := utf8.RuneCountInString(got); n > MaxTextRunes {
			t.Fatalf("CleanText(%q) is %d runes long", s, n)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("CleanText(%q) = %q: white space not collapsed", s, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Co, r) || (unicode.IsSpace(r) && r != ' ') || r == utf8.RuneError {
				t.Fatalf("CleanText(%q) = %q: holds %q", s, got, r)
			}
		}
	})
}

// FuzzQueryNormalize checks the one validation every search goes
// through: it refuses with ErrBadQuery or gives a query within every
// limit, which normalising again leaves as it is.
func FuzzQueryNormalize(f *testing.F) {
	f.Add("cà phê", "", 0, 0, 0, int64(0), int64(0), "son-la,ha-noi", "2027-06-26")
	f.Add("", SortPriceAsc, 3, 50, 4, int64(10000), int64(500000), "", "")
	f.Add("mật ong", SortRelevance, 1000, 10, 5, int64(0), int64(0), "a,a,b", "2027-02-30")
	f.Add("", "cheapest", -1, 101, 2, int64(-5), int64(3), "Son La", "26/06/2027")
	f.Add("\xff", SortStars, 0, 100, 3, int64(9), int64(1), "x-", "")
	f.Fuzz(func(t *testing.T, text, sort string, page, perPage, stars int, minPrice, maxPrice int64, provinces, today string) {
		q := Query{Text: text, Sort: sort, Page: page, PerPage: perPage, MinStars: stars, MinPrice: minPrice, MaxPrice: maxPrice, Today: today}
		if provinces != "" {
			q.Provinces = strings.Split(provinces, ",")
		}
		n, err := q.Normalize()
		if err != nil {
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("Normalize(%+v): %v, not ErrBadQuery", q, err)
			}
			return
		}
		again, err := n.Normalize()
		if err != nil || !reflect.DeepEqual(again, n) {
			t.Fatalf("Normalize(%+v) = %+v, normalised again %+v, %v", q, n, again, err)
		}
		switch {
		case n.Page < 1 || n.Page > LastPage(n.PerPage) || n.PerPage < 1 || n.PerPage > MaxPerPage:
			t.Fatalf("page %d of %d", n.Page, n.PerPage)
		case n.Offset()+n.PerPage > MaxHits+MaxPerPage:
			t.Fatalf("offset %d reaches past %d hits", n.Offset(), MaxHits)
		case n.MinStars != 0 && (n.MinStars < 3 || n.MinStars > 5):
			t.Fatalf("stars %d", n.MinStars)
		case n.MinPrice < 0 || n.MaxPrice < 0 || (n.MaxPrice > 0 && n.MinPrice > n.MaxPrice):
			t.Fatalf("prices %d..%d", n.MinPrice, n.MaxPrice)
		case n.Sort == SortRelevance && n.Text == "":
			t.Fatalf("relevance without text")
		case n.Text != CleanText(n.Text):
			t.Fatalf("text %q not clean", n.Text)
		}
		seen := map[string]bool{}
		for _, p := range n.Provinces {
			if !ValidSlug(p) || seen[p] {
				t.Fatalf("provinces %q", n.Provinces)
			}
			seen[p] = true
		}
		if _, err := DateNumber(n.Today); err != nil {
			t.Fatalf("today %q: %v", n.Today, err)
		}
	})
}
