package web

import (
	"strconv"
	"time"
)

// VND formats a whole number of đồng the Vietnamese way, with dots between
// thousands and the đồng sign after: 1250000 → "1.250.000 ₫".
func VND(n int64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-(n + 1)) + 1 // safe for math.MinInt64
	}
	digits := strconv.FormatUint(u, 10)
	b := make([]byte, 0, len(digits)+len(digits)/3+8)
	if neg {
		b = append(b, '-')
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, digits[i])
	}
	return string(b) + " ₫"
}

// DateLayout is how pages show a day: 26/06/2025.
const DateLayout = "02/01/2006"

// Date formats a day as dd/mm/yyyy, the order used in Vietnam; the zero time
// gives "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}
