// Package format writes money, days and moments the way the marketplace
// shows them to Vietnamese shoppers. It imports nothing of HTTP, so pages,
// emails and the domain packages share one rule for each.
package format

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

// DateTimeLayout is how pages show a moment: 14:05 26/06/2025.
const DateTimeLayout = "15:04 " + DateLayout

// Vietnam is the time zone the marketplace counts its days in and shows
// times in: UTC+7, with no summer time.
func Vietnam() *time.Location { return time.FixedZone("ICT", 7*60*60) }

// Date formats a day as dd/mm/yyyy, the order used in Vietnam; the zero time
// gives "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateLayout)
}

// DateTime formats a moment in Vietnam's time as hh:mm dd/mm/yyyy; the zero
// time gives "".
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Vietnam()).Format(DateTimeLayout)
}
