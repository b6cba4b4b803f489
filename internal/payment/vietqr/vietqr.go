// Package vietqr is bank transfer by VietQR (NAPAS 247): each cooperative
// order gets an EMVCo QR payload for a transfer of its exact total to the
// cooperative's own account, with the order code as the purpose; the
// cooperative marks the order paid when the money arrives.
package vietqr

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ocopmarket/ocopmarket/internal/payment"
)

// NAPAS identifiers of the merchant account information template.
const (
	napasGUID     = "A000000727"
	serviceToAcct = "QRIBFTTA"
	currencyVND   = "704"
	countryVN     = "VN"
)

// Transfer is what one VietQR payload asks for.
type Transfer struct {
	BankBIN   string // 6 digits, e.g. 970436 for Vietcombank
	AccountNo string
	AmountVND int64 // 0 for a static QR without amount
	Purpose   string
}

// ErrInvalid means a transfer cannot be put in a payload.
var ErrInvalid = errors.New("vietqr: invalid transfer")

// Payload builds the EMVCo payload of a transfer: TLV fields 00, 01, 38
// (NAPAS GUID, beneficiary BIN and account, service QRIBFTTA), 53, 54, 58,
// 62.08 (purpose) and 63, the CRC-16/CCITT-FALSE of everything before it.
func Payload(t Transfer) (string, error) {
	if len(t.BankBIN) != 6 || !digits(t.BankBIN) {
		return "", fmt.Errorf("%w: bank BIN %q must be 6 digits", ErrInvalid, t.BankBIN)
	}
	if t.AccountNo == "" || len(t.AccountNo) > 19 || !alnum(t.AccountNo) {
		return "", fmt.Errorf("%w: account number %q must be 1 to 19 letters or digits", ErrInvalid, t.AccountNo)
	}
	if t.AmountVND < 0 || t.AmountVND > 9_999_999_999_999 {
		return "", fmt.Errorf("%w: amount %d out of range", ErrInvalid, t.AmountVND)
	}
	if len(t.Purpose) > 25 || !printableASCII(t.Purpose) {
		return "", fmt.Errorf("%w: purpose %q must be at most 25 ASCII characters", ErrInvalid, t.Purpose)
	}
	var b strings.Builder
	b.WriteString(tlv("00", "01"))
	if t.AmountVND > 0 {
		b.WriteString(tlv("01", "12"))
	} else {
		b.WriteString(tlv("01", "11"))
	}
	beneficiary := tlv("00", t.BankBIN) + tlv("01", t.AccountNo)
	b.WriteString(tlv("38", tlv("00", napasGUID)+tlv("01", beneficiary)+tlv("02", serviceToAcct)))
	b.WriteString(tlv("53", currencyVND))
	if t.AmountVND > 0 {
		b.WriteString(tlv("54", strconv.FormatInt(t.AmountVND, 10)))
	}
	b.WriteString(tlv("58", countryVN))
	if t.Purpose != "" {
		b.WriteString(tlv("62", tlv("08", t.Purpose)))
	}
	b.WriteString("6304")
	s := b.String()
	return s + fmt.Sprintf("%04X", CRC16([]byte(s))), nil
}

// CRC16 is CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no
// reflection, no final XOR.
func CRC16(data []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range data {
		crc ^= uint16(c) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

func tlv(id, value string) string { return fmt.Sprintf("%s%02d%s", id, len(value), value) }

func digits(s string) bool { return strings.Trim(s, "0123456789") == "" }

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

func printableASCII(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// Method is VietQR bank transfer to each cooperative's own account.
type Method struct{}

var _ payment.Method = Method{}

// Name implements payment.Method.
func (Method) Name() string { return payment.MethodBankTransfer }

// Check implements payment.Method: every cooperative of the group must have
// a valid bank account on file.
func (Method) Check(g payment.Group) error {
	for _, o := range g.Orders {
		if _, err := Payload(transferOf(o)); err != nil || o.Payee.AccountName == "" {
			return &payment.RejectedError{Code: "bank_transfer_unavailable"}
		}
	}
	return nil
}

// Instructions implements payment.Method: the QR payload and the account.
func (Method) Instructions(o payment.Order) (*payment.Instructions, error) {
	t := transferOf(o)
	p, err := Payload(t)
	if err != nil {
		return nil, fmt.Errorf("vietqr: order %s: %w", o.Code, err)
	}
	return &payment.Instructions{VietQR: &payment.VietQR{Payload: p, BankBIN: t.BankBIN, AccountNo: t.AccountNo,
		AccountName: o.Payee.AccountName, AmountVND: t.AmountVND, Purpose: t.Purpose}}, nil
}

// Begin implements payment.Method: the shopper transfers by themselves.
func (Method) Begin(context.Context, payment.Group) (*payment.Session, error) {
	return &payment.Session{}, nil
}

// Cancel implements payment.Method: the cooperative returns a received
// transfer itself; nothing runs here.
func (Method) Cancel(context.Context, payment.Cancellation) error { return nil }

func transferOf(o payment.Order) Transfer {
	return Transfer{BankBIN: o.Payee.BankBIN, AccountNo: o.Payee.AccountNo, AmountVND: o.TotalVND, Purpose: o.Code}
}
