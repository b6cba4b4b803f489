package order

// Carriers a cooperative hands its parcels to, by the code stored with a
// shipped order.
const (
	CarrierVNPost      = "vnpost"
	CarrierViettelPost = "viettel_post"
	CarrierGHN         = "ghn"
	CarrierGHTK        = "ghtk"
	CarrierJT          = "jt_express"
	CarrierNinjaVan    = "ninja_van"
	CarrierOther       = "other"
)

// Carriers lists the carrier codes a shipment may name, the most used first.
func Carriers() []string {
	return []string{CarrierVNPost, CarrierViettelPost, CarrierGHN, CarrierGHTK, CarrierJT, CarrierNinjaVan, CarrierOther}
}

// CarrierName is the brand name of a carrier, as printed on its parcels
// in every language; "" for other carriers and for none.
func CarrierName(code string) string {
	return map[string]string{
		CarrierVNPost: "VNPost", CarrierViettelPost: "Viettel Post", CarrierGHN: "GHN", CarrierGHTK: "GHTK",
		CarrierJT: "J&T Express", CarrierNinjaVan: "Ninja Van",
	}[code]
}
