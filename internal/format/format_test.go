package format

import (
	"math"
	"testing"
	"time"
)

func TestVND(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0 ₫"},
		{5, "5 ₫"},
		{999, "999 ₫"},
		{1000, "1.000 ₫"},
		{15000, "15.000 ₫"},
		{180000, "180.000 ₫"},
		{1250000, "1.250.000 ₫"},
		{99999999, "99.999.999 ₫"},
		{-1250000, "-1.250.000 ₫"},
		{math.MaxInt64, "9.223.372.036.854.775.807 ₫"},
		{math.MinInt64, "-9.223.372.036.854.775.808 ₫"},
	}
	for _, tt := range tests {
		if got := VND(tt.in); got != tt.want {
			t.Errorf("VND(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 6, 26, 0, 0, 0, 0, time.UTC), "26/06/2025"},
		{time.Date(2028, 1, 5, 23, 59, 0, 0, time.UTC), "05/01/2028"},
		{time.Time{}, ""},
	}
	for _, tt := range tests {
		if got := Date(tt.in); got != tt.want {
			t.Errorf("Date(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDateTime(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 6, 26, 7, 5, 0, 0, time.UTC), "14:05 26/06/2025"},
		{time.Date(2025, 6, 26, 18, 30, 0, 0, time.UTC), "01:30 27/06/2025"}, // the next day in Vietnam
		{time.Date(2025, 6, 26, 14, 5, 0, 0, Vietnam()), "14:05 26/06/2025"},
		{time.Time{}, ""},
	}
	for _, tt := range tests {
		if got := DateTime(tt.in); got != tt.want {
			t.Errorf("DateTime(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestVietnamHasNoSummerTime(t *testing.T) {
	for _, m := range []time.Month{time.January, time.July} {
		_, off := time.Date(2025, m, 1, 0, 0, 0, 0, Vietnam()).Zone()
		if off != 7*60*60 {
			t.Errorf("offset in %s = %ds, want UTC+7", m, off)
		}
	}
}
