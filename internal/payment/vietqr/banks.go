package vietqr

// Bank is a NAPAS 247 member bank: the BIN a VietQR payload names it by
// and the short name shoppers know it by.
type Bank struct {
	BIN  string `json:"bin"`
	Name string `json:"name"`
}

// Banks lists the banks most Vietnamese cooperatives and shoppers use, for
// the bank a cooperative is paid into.
func Banks() []Bank {
	return []Bank{
		{"970436", "Vietcombank"}, {"970415", "VietinBank"}, {"970418", "BIDV"}, {"970405", "Agribank"},
		{"970407", "Techcombank"}, {"970422", "MB"}, {"970416", "ACB"}, {"970432", "VPBank"},
		{"970423", "TPBank"}, {"970403", "Sacombank"}, {"970437", "HDBank"}, {"970441", "VIB"},
		{"970443", "SHB"}, {"970426", "MSB"},
	}
}

// BankName returns the short name shoppers know a NAPAS 247 member bank by
// (Vietcombank for BIN 970436), or "" for a BIN it does not know; pages
// then show the BIN itself.
func BankName(bin string) string {
	for _, b := range Banks() {
		if b.BIN == bin {
			return b.Name
		}
	}
	return ""
}
