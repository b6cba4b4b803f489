package vietqr

// BankName returns the short name shoppers know a NAPAS 247 member bank by
// (Vietcombank for BIN 970436), or "" for a BIN it does not know; pages
// then show the BIN itself.
func BankName(bin string) string {
	switch bin {
	case "970436":
		return "Vietcombank"
	case "970415":
		return "VietinBank"
	case "970418":
		return "BIDV"
	case "970405":
		return "Agribank"
	case "970407":
		return "Techcombank"
	case "970422":
		return "MB"
	case "970416":
		return "ACB"
	case "970432":
		return "VPBank"
	case "970423":
		return "TPBank"
	case "970403":
		return "Sacombank"
	case "970437":
		return "HDBank"
	case "970441":
		return "VIB"
	case "970443":
		return "SHB"
	case "970426":
		return "MSB"
	}
	return ""
}
