package account

import (
	"testing"
	"unicode/utf8"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

// FuzzCheckAddressText checks the rules every name, street line and ward
// of an address or checkout goes through: text accepted comes out clean
// (single spaces, at most max runes) and is accepted again unchanged;
// text refused is refused with one code on its field.
func FuzzCheckAddressText(f *testing.F) {
	for _, s := range []string{"12 Lê Lợi", "  Phường   Tô\tHiệu ", "a\x00b", "\xff", "", " ", "Nguyễn\u00a0Thị\u2003Lan", "x\u200by"} {
		f.Add(s, MaxWardLen)
	}
	f.Fuzz(func(t *testing.T, v string, max int) {
		if max < 1 || max > MaxLineLen {
			max = MaxLineLen
		}
		var errs fault.Fields
		got := CheckText(&errs, "line", v, max, true)
		if errs.Has("line") {
			if len(errs) != 1 {
				t.Fatalf("CheckText(%q): %d codes", v, len(errs))
			}
			return
		}
		var again fault.Fields
		if back := CheckText(&again, "line", got, max, true); again.Has("line") || back != got {
			t.Fatalf("CheckText(%q) = %q, which reads again as %q, %v", v, got, back, again.Err())
		}
		if got == "" || utf8.RuneCountInString(got) > max {
			t.Fatalf("CheckText(%q) = %q", v, got)
		}
	})
}
