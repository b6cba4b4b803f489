package vietqr

import "testing"

func TestBankName(t *testing.T) {
	for bin, want := range map[string]string{"970436": "Vietcombank", "970415": "VietinBank", "970418": "BIDV",
		"970405": "Agribank", "970407": "Techcombank", "970422": "MB", "970416": "ACB", "970432": "VPBank",
		"970423": "TPBank", "970403": "Sacombank", "970437": "HDBank", "970441": "VIB", "970443": "SHB",
		"970426": "MSB", "123456": "", "": ""} {
		if got := BankName(bin); got != want {
			t.Errorf("BankName(%q) = %q, want %q", bin, got, want)
		}
	}
}
