// Package textfold folds Vietnamese text for matching: lower case, no tone or
// vowel marks, and đ mapped to d, so that "Cà phê Sơn La" and "ca phe son la"
// compare equal. The original text is kept elsewhere for display.
package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s lower-cased, decomposed, stripped of combining marks, with
// đ/Đ mapped to d and runs of white space collapsed to one space. Bytes
// that are not UTF-8 are dropped first: left in, they keep the normaliser
// from decomposing the letter after them.
func Fold(s string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case r == unicode.ReplacementChar:
			continue
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), " ")
}
