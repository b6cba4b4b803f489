package vietqr_test

import (
	"errors"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/payment"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr/vietqrtest"
)

// A worked example: Vietcombank, account 1017595600, 180000 ₫, purpose
// "thanh toan don hang".
const worked = "00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA"

func TestWorkedExampleRoundTrips(t *testing.T) {
	want := vietqr.Transfer{BankBIN: "970436", AccountNo: "1017595600", AmountVND: 180000, Purpose: "thanh toan don hang"}
	got, err := vietqr.Payload(want)
	if err != nil {
		t.Fatal(err)
	}
	if got != worked {
		t.Fatalf("payload\n got %s\nwant %s", got, worked)
	}
	back, err := vietqrtest.Parse(worked)
	if err != nil {
		t.Fatal(err)
	}
	if back != want {
		t.Fatalf("parsed %+v, want %+v", back, want)
	}
}

func TestCRC16(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint16
	}{
		{"123456789", 0x29B1}, // the CRC-16/CCITT-FALSE check value
		{"", 0xFFFF},
		{worked[:len(worked)-4], 0x70FA},
	} {
		if got := vietqr.CRC16([]byte(tc.in)); got != tc.want {
			t.Errorf("CRC16(%q) = %04X, want %04X", tc.in, got, tc.want)
		}
	}
}

func TestPayloadRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    vietqr.Transfer
	}{
		{"short BIN", vietqr.Transfer{BankBIN: "97043", AccountNo: "1", AmountVND: 1}},
		{"letters in BIN", vietqr.Transfer{BankBIN: "97043x", AccountNo: "1", AmountVND: 1}},
		{"no account", vietqr.Transfer{BankBIN: "970436", AmountVND: 1}},
		{"account with spaces", vietqr.Transfer{BankBIN: "970436", AccountNo: "10 17", AmountVND: 1}},
		{"negative amount", vietqr.Transfer{BankBIN: "970436", AccountNo: "1", AmountVND: -1}},
		{"diacritics in purpose", vietqr.Transfer{BankBIN: "970436", AccountNo: "1", Purpose: "đơn hàng"}},
		{"long purpose", vietqr.Transfer{BankBIN: "970436", AccountNo: "1", Purpose: "12345678901234567890123456"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := vietqr.Payload(tc.t); !errors.Is(err, vietqr.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestParseRejectsTampering(t *testing.T) {
	for _, tc := range []struct {
		name, payload string
		want          error
	}{
		{"amount changed", worked[:60] + "9" + worked[61:], vietqrtest.ErrBadCRC},
		{"crc changed", worked[:len(worked)-1] + "B", vietqrtest.ErrBadCRC},
		{"no crc", worked[:len(worked)-8], vietqrtest.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := vietqrtest.Parse(tc.payload); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestStaticAndOrderPayloads(t *testing.T) {
	for _, tc := range []vietqr.Transfer{
		{BankBIN: "970415", AccountNo: "113366668888"},
		{BankBIN: "970422", AccountNo: "0123456789", AmountVND: 1_250_000, Purpose: "OC-7KD2Q9-1"},
	} {
		p, err := vietqr.Payload(tc)
		if err != nil {
			t.Fatal(err)
		}
		back, err := vietqrtest.Parse(p)
		if err != nil || back != tc {
			t.Fatalf("round trip of %+v: %+v, %v", tc, back, err)
		}
		wantKind := "010212"
		if tc.AmountVND == 0 {
			wantKind = "010211"
		}
		if p[6:12] != wantKind {
			t.Errorf("point of initiation %s, want %s", p[6:12], wantKind)
		}
	}
}

func TestMethod(t *testing.T) {
	var m vietqr.Method
	payee := payment.Payee{BankBIN: "970436", AccountNo: "1017595600", AccountName: "HTX CA PHE BICH THAO"}
	o := payment.Order{Code: "OC-7KD2Q9-1", GroupCode: "OC-7KD2Q9", TotalVND: 210000, Payee: payee}
	if err := m.Check(payment.Group{Orders: []payment.Order{o}}); err != nil {
		t.Fatal(err)
	}
	in, err := m.Instructions(o)
	if err != nil {
		t.Fatal(err)
	}
	back, err := vietqrtest.Parse(in.VietQR.Payload)
	if err != nil || back.Purpose != o.Code || back.AmountVND != o.TotalVND || back.AccountNo != payee.AccountNo {
		t.Fatalf("instructions %+v parse to %+v, %v", in.VietQR, back, err)
	}
	noBank := o
	noBank.Payee = payment.Payee{}
	if err := m.Check(payment.Group{Orders: []payment.Order{o, noBank}}); !errors.Is(err, payment.ErrRejected) {
		t.Fatalf("check without bank account: %v", err)
	}
}
