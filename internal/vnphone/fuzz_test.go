package vnphone

import (
	"strings"
	"testing"
)

// FuzzNormalize checks that a number that is read is read for good: its
// normal form reads back as itself, also written the ways shoppers write
// it (+84, 84, spaces, dots, dashes), and is 10 or 11 digits starting
// with 0; a number that is not read gives "".
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"0912345678", "+84 912 345 678", "84912345678", "(024) 3826 1234", "0312.345.678",
		"0112345678", "+84+84912345678", "８４912345678", "84 0912 345 678", "0912-345-678 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := Normalize(s)
		if !ok {
			if p != "" {
				t.Fatalf("Normalize(%q) = %q, false", s, p)
			}
			return
		}
		if len(p) != 10 && len(p) != 11 || p[0] != '0' || strings.Trim(p, "0123456789") != "" {
			t.Fatalf("Normalize(%q) = %q: not 10 or 11 digits from 0", s, p)
		}
		for _, w := range []string{p, "+84" + p[1:], "84" + p[1:], "+84 " + p[1:4] + " " + p[4:7] + " " + p[7:],
			p[:4] + "." + p[4:7] + "." + p[7:], " (" + p[:3] + ") " + p[3:6] + "-" + p[6:] + " "} {
			if again, ok := Normalize(w); !ok || again != p {
				t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q, %v", s, p, w, again, ok)
			}
		}
	})
}
