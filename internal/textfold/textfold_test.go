package textfold

import "testing"

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Cà phê Sơn La", "ca phe son la"},
		{"cà phê sữa đá", "ca phe sua da"},
		{"ĐỒNG THÁP", "dong thap"},
		{"  Chè  Shan\ttuyết ", "che shan tuyet"},
		{"Ca\u0300 phe\u0302", "ca phe"}, // decomposed (NFD) input
		{"Bưởi đỏ", "buoi do"},
		{"bơ bò bố", "bo bo bo"},
		{"", ""},
		{"abc\xffdef", "abcdef"},
		{"\xf5\u06c0", "\u06d5"}, // a stray byte does not keep the next letter composed
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
