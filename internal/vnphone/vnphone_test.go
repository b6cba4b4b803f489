package vnphone

import "testing"

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0912345678", "0912345678"},
		{"0912 345 678", "0912345678"},
		{"+84 912 345 678", "0912345678"},
		{"84912345678", "0912345678"},
		{"(024) 3826 1234", "02438261234"},
		{"0312.345.678", "0312345678"},
		{"0112345678", ""},
		{"0412345678", ""},
		{"abc", ""},
		{"", ""},
		{"09123456789", ""},
	} {
		got, ok := Normalize(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}
