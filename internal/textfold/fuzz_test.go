package textfold

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzFold checks what search and province lookup rely on: folding is
// idempotent, the same whether the browser sent composed (NFC) or
// decomposed (NFD) text, and leaves no marks, no đ, no upper case and no
// runs of white space.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Cà phê Sơn La", "ĐỒNG THÁP", "  Chè  Shan\ttuyết ", "Ca\u0300 phe\u0302", "abc\xffdef",
		"Bưởi Năm Roi – Vĩnh Long", "İstanbul", "ǅ ǈ ǋ", "\u00a0nbsp\u2003em", "x\u0345y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if again := Fold(got); again != got {
			t.Fatalf("Fold(%q) = %q, but Fold of that is %q", s, got, again)
		}
		if utf8.ValidString(s) {
			if nfc, nfd := Fold(norm.NFC.String(s)), Fold(norm.NFD.String(s)); nfc != got || nfd != got {
				t.Fatalf("Fold(%q) = %q, of its NFC %q, of its NFD %q", s, got, nfc, nfd)
			}
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Fold(%q) = %q: white space not collapsed", s, got)
		}
		for _, r := range got {
			if unicode.Is(unicode.Mn, r) || r == 'đ' || r == 'Đ' || r == utf8.RuneError || (unicode.IsSpace(r) && r != ' ') {
				t.Fatalf("Fold(%q) = %q: holds %q", s, got, r)
			}
		}
	})
}
