package vietqr_test

import (
	"errors"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr/vietqrtest"
)

// FuzzPayload checks the QR a shopper's banking app scans: a transfer
// Payload accepts is printable ASCII, ends in its own CRC and reads back
// (by vietqrtest's independent reading) as the very same transfer; one it
// refuses is ErrInvalid.
func FuzzPayload(f *testing.F) {
	f.Add("970436", "1017595600", int64(180000), "thanh toan don hang")
	f.Add("970415", "A1", int64(0), "")
	f.Add("970418", "1234567890123456789", int64(9_999_999_999_999), "DH-2027-000001-HTX-0001ab")
	f.Add("97043", "1", int64(1), "x")
	f.Add("970436", "12 34", int64(-1), "đơn hàng")
	f.Add("970436", "6304", int64(6304), "6304ABCD")
	f.Fuzz(func(t *testing.T, bin, account string, amount int64, purpose string) {
		in := vietqr.Transfer{BankBIN: bin, AccountNo: account, AmountVND: amount, Purpose: purpose}
		p, err := vietqr.Payload(in)
		if err != nil {
			if !errors.Is(err, vietqr.ErrInvalid) || p != "" {
				t.Fatalf("Payload(%+v) = %q, %v", in, p, err)
			}
			return
		}
		for i := 0; i < len(p); i++ {
			if p[i] < 0x20 || p[i] > 0x7e {
				t.Fatalf("Payload(%+v) = %q: byte %d is not printable ASCII", in, p, i)
			}
		}
		got, err := vietqrtest.Parse(p)
		if err != nil || got != in {
			t.Fatalf("Payload(%+v) = %q, read back as %+v, %v", in, p, got, err)
		}
		again, err := vietqr.Payload(got)
		if err != nil || again != p {
			t.Fatalf("Payload of the read-back transfer = %q, %v; want %q", again, err, p)
		}
	})
}
