package vietqrtest

import (
	"errors"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
)

// FuzzParse checks the test reader of payloads on any text: it refuses
// with ErrInvalid or ErrBadCRC, never panics, and what it accepts that
// vietqr can encode encodes back to a payload it reads as the same
// transfer.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA",
		"00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang63040000",
		"6304", "00-1x6304FFFF", "0002015303704",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		tr, err := Parse(payload)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrBadCRC) {
				t.Fatalf("Parse(%q): %v", payload, err)
			}
			return
		}
		p, err := vietqr.Payload(tr)
		if err != nil {
			return // read, but not a transfer vietqr makes (a BIN of letters)
		}
		if again, err := Parse(p); err != nil || again != tr {
			t.Fatalf("Parse(%q) = %+v, encoded %q, read again %+v, %v", payload, tr, p, again, err)
		}
	})
}
