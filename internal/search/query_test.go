package search

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		name string
		in   Query
		want func(Query) bool
		bad  bool
	}{
		{"defaults without text", Query{Today: "2026-03-01"}, func(q Query) bool {
			return q.Sort == SortNewest && q.Page == 1 && q.PerPage == DefaultPerPage
		}, false},
		{"defaults with text", Query{Text: "ca phe", Today: "2026-03-01"}, func(q Query) bool { return q.Sort == SortRelevance }, false},
		{"relevance without text is newest", Query{Sort: SortRelevance}, func(q Query) bool { return q.Sort == SortNewest }, false},
		{"today filled", Query{}, func(q Query) bool { return len(q.Today) == 10 }, false},
		{"text cleaned", Query{Text: " \tCa\u0300  phe\u0302\x00 "}, func(q Query) bool { return q.Text == "Cà phê" }, false},
		{"slugs deduplicated", Query{Provinces: []string{"son-la", "son-la"}}, func(q Query) bool { return len(q.Provinces) == 1 }, false},
		{"long text cut on a word", Query{Text: strings.Repeat("phê ", 3000)}, func(q Query) bool {
			return utf8.RuneCountInString(q.Text) <= MaxTextRunes && strings.HasSuffix(q.Text, "phê")
		}, false},
		{"per_page 100", Query{PerPage: 100}, func(q Query) bool { return q.PerPage == 100 }, false},
		{"per_page 101", Query{PerPage: 101}, nil, true},
		{"page too deep", Query{Page: MaxPage + 1}, nil, true},
		{"unknown sort", Query{Sort: "popular"}, nil, true},
		{"invalid UTF-8", Query{Text: "\xff"}, nil, true},
		{"stars 1", Query{MinStars: 1}, nil, true},
		{"bad date", Query{Today: "2026-02-30"}, nil, true},
		{"too many slugs", Query{Provinces: make([]string, MaxFilterValues+1)}, nil, true},
		{"slug with space", Query{Cooperatives: []string{"htx a"}}, nil, true},
		{"slug with quote", Query{Categories: []string{`a"`}}, nil, true},
		{"negative max price", Query{MaxPrice: -5}, nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.in.Normalize()
			if c.bad {
				if !errors.Is(err, ErrBadQuery) {
					t.Errorf("err %v, want ErrBadQuery", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !c.want(got) {
				t.Errorf("Normalize() = %+v", got)
			}
		})
	}
}

func TestDateNumberAndStars(t *testing.T) {
	n, err := DateNumber("2027-06-26")
	if err != nil || n != 20270626 {
		t.Errorf("DateNumber = %d, %v", n, err)
	}
	d := Document{ID: 1, Stars: 4, StarsExpiresOn: "2026-03-01"}
	for today, want := range map[int]int{20260228: 4, 20260301: 4, 20260302: 0} {
		if got := d.StarsIfValid(today); got != want {
			t.Errorf("StarsIfValid(%d) = %d, want %d", today, got, want)
		}
	}
}

func TestDocumentValidate(t *testing.T) {
	cases := []struct {
		d  Document
		ok bool
	}{
		{Document{ID: 1}, true},
		{Document{ID: 1, Stars: 5, StarsExpiresOn: "2027-01-01"}, true},
		{Document{ID: 0}, false},
		{Document{ID: 1, Stars: 2, StarsExpiresOn: "2027-01-01"}, false},
		{Document{ID: 1, Stars: 4}, false},
		{Document{ID: 1, Stars: 4, StarsExpiresOn: "27/01/01"}, false},
	}
	for _, c := range cases {
		if err := c.d.Validate(); (err == nil) != c.ok {
			t.Errorf("Validate(%+v) = %v", c.d, err)
		}
	}
}

func TestCleanDisplay(t *testing.T) {
	if got := CleanDisplay("Cà\ue000 phê\xff"); got != "Cà phê\uFFFD" {
		t.Errorf("CleanDisplay = %q", got)
	}
}
