// Package vietqrtest reads VietQR payloads back, so that tests can check
// what a shopper's banking app would see in one. It decodes with its own
// reading of the EMVCo and NAPAS fields, not vietqr's, so that a mistake in
// the encoder is not repeated in the check.
package vietqrtest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ocopmarket/ocopmarket/internal/payment/vietqr"
)

// Errors of Parse.
var (
	ErrInvalid = errors.New("vietqrtest: not a VietQR transfer payload")
	ErrBadCRC  = errors.New("vietqrtest: checksum does not match")
)

// Parse reads a payload back, checking its CRC and its NAPAS fields.
func Parse(payload string) (vietqr.Transfer, error) {
	var none vietqr.Transfer
	if len(payload) < 8 || payload[len(payload)-8:len(payload)-4] != "6304" {
		return none, fmt.Errorf("%w: no CRC field at the end", ErrInvalid)
	}
	if want := fmt.Sprintf("%04X", vietqr.CRC16([]byte(payload[:len(payload)-4]))); payload[len(payload)-4:] != want {
		return none, ErrBadCRC
	}
	top, err := fields(payload[:len(payload)-8])
	if err != nil {
		return none, err
	}
	// 00 format 01, 53 currency VND (704), 58 country VN.
	if top["00"] != "01" || top["53"] != "704" || top["58"] != "VN" {
		return none, fmt.Errorf("%w: not a VND payload", ErrInvalid)
	}
	// 38 merchant account: NAPAS's GUID, the beneficiary, the service
	// "transfer to an account".
	acct, err := fields(top["38"])
	if err != nil {
		return none, err
	}
	if acct["00"] != "A000000727" || acct["02"] != "QRIBFTTA" {
		return none, fmt.Errorf("%w: not a NAPAS transfer to an account", ErrInvalid)
	}
	ben, err := fields(acct["01"])
	if err != nil {
		return none, err
	}
	t := vietqr.Transfer{BankBIN: ben["00"], AccountNo: ben["01"]}
	if a, ok := top["54"]; ok {
		if t.AmountVND, err = strconv.ParseInt(a, 10, 64); err != nil || !digits(a) {
			return none, fmt.Errorf("%w: amount %q", ErrInvalid, a)
		}
	}
	if add := top["62"]; add != "" {
		extra, err := fields(add)
		if err != nil {
			return none, err
		}
		t.Purpose = extra["08"]
	}
	return t, nil
}

// digits reports whether s is one or more ASCII digits: EMVCo lengths
// and amounts carry no sign.
func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// fields splits TLV fields: a 2-digit id, a 2-digit length, the value.
func fields(s string) (map[string]string, error) {
	out := map[string]string{}
	for len(s) > 0 {
		if len(s) < 4 {
			return nil, fmt.Errorf("%w: truncated field %q", ErrInvalid, s)
		}
		n, err := strconv.Atoi(s[2:4])
		if err != nil || !digits(s[2:4]) || len(s) < 4+n {
			return nil, fmt.Errorf("%w: bad length in field %q", ErrInvalid, s[:4])
		}
		out[s[:2]] = s[4 : 4+n]
		s = s[4+n:]
	}
	return out, nil
}
