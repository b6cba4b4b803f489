// Package vnphone reads Vietnamese phone numbers the way shoppers type
// them, so that accounts, addresses and checkout accept the same numbers.
package vnphone

import (
	"regexp"
	"strings"
)

var (
	separators = strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "")
	mobile     = regexp.MustCompile(`^0[35789][0-9]{8}$`)
	landline   = regexp.MustCompile(`^02[0-9]{9}$`)
)

// Normalize reads a mobile number (0912 345 678, +84 912 345 678,
// 84912345678) or a landline (024 3826 1234) and returns it as 10 or 11
// digits starting with 0, and false when s is neither.
func Normalize(s string) (string, bool) {
	p := separators.Replace(strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(p, "+84"):
		p = "0" + p[3:]
	case strings.HasPrefix(p, "84") && len(p) >= 11:
		p = "0" + p[2:]
	}
	if mobile.MatchString(p) || landline.MatchString(p) {
		return p, true
	}
	return "", false
}
