package seed

import (
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/seed/artwork"
)

// coopSpec is one demo cooperative and its products.
type coopSpec struct {
	Slug, Name     string
	Province       string // current province slug
	Former         string // name of the pre-2025 province that issued older decisions, if merged
	Ward, Place    string // commune/ward, and village or street within it
	Representative string
	Description    string
	Founded        int
	Status         string // "" means active
	BankBIN        string
	ShipFee        int64
	FreeOver       int64
	Code           string // trace code prefix, e.g. "SL-BT"
	Products       []productSpec
}

// productSpec is one demo product.
//
// OCOP is "" (no certificate) or stars followed by a status letter:
// v verified and valid, x verified but expired, p pending, r rejected.
// Certs is a space-separated list of certification slugs.
type productSpec struct {
	Name, Category, Unit string
	Price                int64
	Stock                int
	OCOP                 string
	GI                   string
	Certs                string
	Art                  artwork.Kind
	Hidden               bool
	Ward                 string // origin ward when it differs from the cooperative's
	Desc                 string
}

// indications returns the geographical indications the demo products carry.
// Certificate numbers are illustrative.
func indications() []catalog.GeographicalIndication {
	return []catalog.GeographicalIndication{
		{Slug: "nuoc-mam-phu-quoc", Name: "Nước mắm Phú Quốc", ProvinceSlug: "an-giang", CertificateNo: "00001"},
		{Slug: "ca-phe-buon-ma-thuot", Name: "Cà phê Buôn Ma Thuột", ProvinceSlug: "dak-lak", CertificateNo: "00002"},
		{Slug: "che-shan-tuyet-moc-chau", Name: "Chè Shan tuyết Mộc Châu", ProvinceSlug: "son-la", CertificateNo: "00005"},
		{Slug: "xoai-cat-hoa-loc", Name: "Xoài cát Hòa Lộc", ProvinceSlug: "dong-thap", CertificateNo: "00006"},
		{Slug: "hoi-lang-son", Name: "Hồi Lạng Sơn", ProvinceSlug: "lang-son", CertificateNo: "00007"},
		{Slug: "vai-thieu-thanh-ha", Name: "Vải thiều Thanh Hà", ProvinceSlug: "hai-phong", CertificateNo: "00009"},
		{Slug: "buoi-phuc-trach", Name: "Bưởi Phúc Trạch", ProvinceSlug: "ha-tinh", CertificateNo: "00011"},
		{Slug: "xoai-tron-yen-chau", Name: "Xoài tròn Yên Châu", ProvinceSlug: "son-la", CertificateNo: "00016"},
		{Slug: "ho-tieu-chu-se", Name: "Hồ tiêu Chư Sê", ProvinceSlug: "gia-lai", CertificateNo: "00018"},
		{Slug: "cam-vinh", Name: "Cam Vinh", ProvinceSlug: "nghe-an", CertificateNo: "00021"},
		{Slug: "mat-ong-bac-ha-meo-vac", Name: "Mật ong bạc hà Mèo Vạc", ProvinceSlug: "tuyen-quang", CertificateNo: "00028"},
		{Slug: "vai-thieu-luc-ngan", Name: "Vải thiều Lục Ngạn", ProvinceSlug: "bac-ninh", CertificateNo: "00030"},
		{Slug: "cam-cao-phong", Name: "Cam Cao Phong", ProvinceSlug: "phu-tho", CertificateNo: "00049"},
		{Slug: "toi-ly-son", Name: "Tỏi Lý Sơn", ProvinceSlug: "quang-ngai", CertificateNo: "00054"},
		{Slug: "dua-sap-cau-ke", Name: "Dừa sáp Cầu Kè", ProvinceSlug: "vinh-long", CertificateNo: "00060"},
		{Slug: "ca-phe-son-la", Name: "Cà phê Sơn La", ProvinceSlug: "son-la", CertificateNo: "00064"},
		{Slug: "hat-de-trung-khanh", Name: "Hạt dẻ Trùng Khánh", ProvinceSlug: "cao-bang", CertificateNo: "00073"},
		{Slug: "cua-ca-mau", Name: "Cua Cà Mau", ProvinceSlug: "ca-mau", CertificateNo: "00074"},
		{Slug: "gao-st25", Name: "Gạo ST25 Sóc Trăng", ProvinceSlug: "can-tho", CertificateNo: "00101"},
	}
}

// rejectReasons are what promotion staff wrote when refusing a claim.
func rejectReasons() []string {
	return []string{
		"Số quyết định không có trong danh sách công nhận sản phẩm OCOP của UBND tỉnh; đề nghị tải lên bản chụp quyết định có dấu đỏ.",
		"Tên sản phẩm trên giấy chứng nhận không khớp với sản phẩm đăng bán (khác quy cách đóng gói).",
	}
}

// demoCooperatives returns the demo data set: cooperatives drawn from
// provincial OCOP reports, each with the products it sells.
func demoCooperatives() []coopSpec {
	return []coopSpec{
		{
			Slug: "htx-ca-phe-bich-thao", Name: "HTX Cà phê Bích Thao", Province: "son-la",
			Ward: "Xã Mai Sơn", Place: "Bản Hin Nam", Representative: "Nguyễn Thị Bích Thao", Founded: 2016,
			BankBIN: "970405", ShipFee: 30000, FreeOver: 500000, Code: "SL-BT",
			Description: "Hợp tác xã trồng và chế biến cà phê Arabica trên vùng đồi cao 700–900 m của Sơn La. " +
				"Quả chỉ được hái khi chín đỏ, sơ chế ướt và rang mộc tại xưởng của hợp tác xã, không tẩm hương liệu. " +
				"Sản phẩm cà phê rang xay của hợp tác xã đạt OCOP 5 sao.",
			Products: []productSpec{
				{Name: "Cà phê rang xay Bích Thao", Category: "ca-phe", Unit: "gói 500g", Price: 185000, Stock: 140, OCOP: "5v", GI: "ca-phe-son-la", Certs: "vietgap",
					Desc: "Cà phê Arabica Sơn La rang mộc ở mức rang vừa, xay sẵn cỡ hạt dành cho phin. Vị chua thanh, hậu ngọt, thoảng mùi trái cây chín. Túi zip có van một chiều, sau khi mở nên dùng hết trong 3–4 tuần."},
				{Name: "Trà vỏ quả cà phê Cascara", Category: "che", Unit: "hộp 200g", Price: 95000, Stock: 80, OCOP: "4v", Art: artwork.Tea,
					Desc: "Vỏ quả cà phê chín được tách thủ công, phơi trong nhà kính rồi sấy lạnh. Hãm 5g với 300ml nước 90°C trong 4 phút, nước màu hổ phách, vị ngọt dịu như mận khô. Có thể pha lạnh để qua đêm trong tủ mát."},
				{Name: "Cà phê hạt Arabica rang mộc", Category: "ca-phe", Unit: "gói 1kg", Price: 320000, Stock: 60, OCOP: "4v", GI: "ca-phe-son-la",
					Desc: "Hạt Arabica Catimor chọn lọc, rang mộc theo mẻ nhỏ 15kg. Phù hợp pha máy espresso và pha thủ công. Bảo quản nơi khô ráo, tránh ánh nắng; xay ngay trước khi pha để giữ hương."},
				{Name: "Cà phê phin giấy Arabica", Category: "ca-phe", Unit: "hộp 10 gói", Price: 89000, Stock: 200,
					Desc: "Mỗi gói phin giấy chứa 15g cà phê Arabica xay, chỉ cần treo lên cốc và rót nước sôi hai lần. Tiện mang đi công tác, dã ngoại. Hộp giấy kraft 10 gói, hạn dùng 12 tháng."},
				{Name: "Cà phê Arabica sơ chế mật ong", Category: "ca-phe", Unit: "gói 250g", Price: 145000, Stock: 35, OCOP: "5p",
					Desc: "Hạt cà phê được phơi cùng lớp thịt quả trên giàn cao (phương pháp honey), tạo vị ngọt đậm và hương mật. Rang sáng màu để giữ độ chua trái cây. Sản lượng mỗi vụ chỉ khoảng 300kg."},
				{Name: "Cà phê nhân xanh Arabica Sơn La", Category: "ca-phe", Unit: "bao 5kg", Price: 650000, Stock: 20, Certs: "vietgap", GI: "ca-phe-son-la",
					Desc: "Cà phê nhân đã phân loại sàng 16 trở lên, độ ẩm dưới 12,5%. Dành cho quán và người tự rang tại nhà. Đóng bao PE hai lớp, bảo quản nơi thoáng mát."},
				{Name: "Trà hoa cà phê túi lọc", Category: "che", Unit: "hộp 20 túi", Price: 65000, Stock: 0, Art: artwork.Tea,
					Desc: "Hoa cà phê hái vào tháng Hai, sấy nhẹ rồi đóng túi lọc 2g. Nước trà vàng nhạt, hương thơm như hoa nhài, không chứa caffeine đáng kể. Hàng đang chờ vụ hoa mới."},
			},
		},
		{
			Slug: "htx-thuy-san-ho-quynh", Name: "HTX Thủy sản Hồ Quỳnh", Province: "son-la",
			Ward: "Xã Quỳnh Nhai", Place: "Bản Phiêng Nèn", Representative: "Lò Văn Quỳnh", Founded: 2018,
			BankBIN: "970418", ShipFee: 40000, FreeOver: 800000, Code: "SL-HQ",
			Description: "Hợp tác xã nuôi cá lồng trên lòng hồ thủy điện Sơn La, mặt nước sạch và sâu quanh năm. " +
				"Cá lăng, cá chiên được nuôi từ 18 tháng trở lên rồi chế biến ngay tại bến thành chả, ruốc và cá sấy. " +
				"Xưởng chế biến đạt chứng nhận HACCP.",
			Products: []productSpec{
				{Name: "Cá lăng sông Đà làm sạch", Category: "nong-san-tuoi", Unit: "kg", Price: 320000, Stock: 25, Certs: "vietgap", Art: artwork.Fish,
					Desc: "Cá lăng nuôi lồng trên hồ Quỳnh Nhai, mỗi con 2–4kg, làm sạch, bỏ mang và cắt khúc theo yêu cầu. Thịt trắng, chắc, không tanh, hợp nấu lẩu măng chua hoặc nướng riềng mẻ. Đóng túi hút chân không, giao kèm đá gel; bảo quản ngăn đá tới 3 tháng."},
				{Name: "Chả cá lăng Hồ Quỳnh", Category: "thuc-pham-che-bien", Unit: "hộp 500g", Price: 150000, Stock: 70, OCOP: "4v", Certs: "haccp", Art: artwork.Box,
					Desc: "Chả cá lăng giã từ phi lê tươi, trộn thì là và hạt tiêu, không dùng hàn the. Chỉ cần rán vàng hai mặt hoặc hấp 10 phút. Bảo quản ở −18°C, dùng trong 6 tháng."},
				{Name: "Ruốc cá lăng", Category: "thuc-pham-che-bien", Unit: "hũ 200g", Price: 120000, Stock: 90, OCOP: "3v", Certs: "haccp", Art: artwork.Jar,
					Desc: "Ruốc làm từ thịt cá lăng hấp chín, xé tơi rồi sao lửa nhỏ với nước mắm cho khô và bông. Ăn kèm cháo, xôi hoặc cơm nóng, hợp với trẻ nhỏ. Hũ thủy tinh, sau khi mở bảo quản ngăn mát, dùng trong 30 ngày."},
				{Name: "Cá lăng sấy khô", Category: "nong-san-so-che", Unit: "gói 500g", Price: 420000, Stock: 18, OCOP: "4x", Art: artwork.Fish,
					Desc: "Cá lăng phi lê tẩm muối nhạt, sấy nhiệt độ thấp trong 24 giờ nên thịt vẫn dẻo. Nướng than hoặc chiên sơ rồi xé nhỏ chấm tương ớt. Để nơi khô mát, sau khi mở nên cất tủ lạnh."},
				{Name: "Cá chiên sấy khô", Category: "nong-san-so-che", Unit: "gói 300g", Price: 260000, Stock: 12, Art: artwork.Fish,
					Desc: "Cá chiên sông Đà là loài cá da trơn quý, thịt béo. Cá được mổ phanh, ướp gừng và muối rồi sấy khô. Món nhắm quen thuộc của vùng lòng hồ, nướng lên thơm mùi mỡ cá."},
				{Name: "Cá rô phi phi lê đông lạnh", Category: "thuc-pham-che-bien", Unit: "túi 1kg", Price: 110000, Stock: 0, Certs: "haccp", Art: artwork.Fish,
					Desc: "Phi lê cá rô phi nuôi lồng, lọc sạch xương, cấp đông nhanh từng miếng. Hợp chiên xù, kho tộ hoặc nấu canh chua. Hết hàng, mẻ mới dự kiến có sau hai tuần."},
			},
		},
		{
			Slug: "htx-dvnn-truong-tien", Name: "HTX Dịch vụ nông nghiệp Trường Tiến", Province: "phu-tho", Former: "Hòa Bình",
			Ward: "Xã Cao Phong", Place: "Xóm Đồi Bưng", Representative: "Bùi Văn Tiến", Founded: 2012,
			BankBIN: "970405", ShipFee: 35000, FreeOver: 600000, Code: "PT-TT",
			Description: "Hợp tác xã của 42 hộ trồng cam, bưởi trên đất đồi Cao Phong với tổng diện tích 65 ha. " +
				"Vườn được canh tác theo VietGAP, ghi nhật ký phun tưới và cách ly đủ ngày trước khi hái. " +
				"Ngoài quả tươi, hợp tác xã làm nước cam ép và mứt vỏ bưởi để tận dụng quả loại hai.",
			Products: []productSpec{
				{Name: "Cam V2 Cao Phong", Category: "nong-san-tuoi", Unit: "kg", Price: 35000, Stock: 800, OCOP: "4v", Certs: "vietgap", GI: "cam-cao-phong", Art: artwork.Orange,
					Desc: "Giống cam V2 không hạt, vỏ mỏng, mọng nước, chín vào tháng 11–12. Quả được hái khi đủ độ đường, không dùng chất bảo quản. Để nơi thoáng mát được 2–3 tuần."},
				{Name: "Cam đường canh", Category: "nong-san-tuoi", Unit: "kg", Price: 30000, Stock: 450, OCOP: "3v", Certs: "vietgap", Art: artwork.Orange,
					Desc: "Cam đường canh quả nhỏ, vỏ mỏng màu vàng cam, bóc tay dễ, vị ngọt đậm. Được ưa chuộng dịp Tết để bày mâm ngũ quả. Thùng carton 10kg có lỗ thông khí."},
				{Name: "Bưởi đỏ Tân Lạc", Category: "nong-san-tuoi", Unit: "quả 1,2–1,5kg", Price: 65000, Stock: 120, OCOP: "3p", Art: artwork.Pomelo,
					Desc: "Bưởi đỏ vỏ hồng, tép màu đỏ hồng, vị ngọt thanh pha chút the nhẹ đặc trưng. Quả để được 1–2 tháng, càng để lâu vỏ càng mỏng và ngọt hơn. Thường dùng bày mâm cỗ và làm quà biếu."},
				{Name: "Hộp quà cam Cao Phong 5kg", Category: "nong-san-tuoi", Unit: "hộp 5kg", Price: 190000, Stock: 60, GI: "cam-cao-phong", Certs: "vietgap", Art: artwork.Box,
					Desc: "Hộp quà in logo hợp tác xã, gồm 5kg cam Cao Phong loại một, mỗi quả bọc lưới xốp. Có thiệp viết tay theo yêu cầu. Giao trong 2–3 ngày tới các tỉnh miền Bắc."},
				{Name: "Nước cam ép nguyên chất", Category: "do-uong-khac", Unit: "chai 330ml", Price: 35000, Stock: 150, Art: artwork.Bottle,
					Desc: "Ép lạnh từ cam V2 trong ngày, không thêm đường, không chất bảo quản. Bảo quản 2–6°C, dùng trong 5 ngày. Lắc đều trước khi uống."},
				{Name: "Mứt vỏ bưởi", Category: "thuc-pham-che-bien", Unit: "hộp 250g", Price: 55000, Stock: 75, Art: artwork.Box,
					Desc: "Vỏ bưởi được ngâm nước vo gạo cho hết đắng rồi sên với đường phèn, giữ vị dẻo và hơi the. Món mứt quen thuộc dịp Tết, pha trà ăn kèm rất hợp. Hộp nhựa kín, dùng trong 4 tháng."},
				{Name: "Tinh dầu vỏ bưởi", Category: "san-pham-tu-duoc-lieu", Unit: "chai 50ml", Price: 85000, Stock: 40, Hidden: true, Art: artwork.Bottle,
					Desc: "Chưng cất hơi nước từ vỏ bưởi tươi, dùng xông phòng hoặc pha loãng ủ tóc. Chai thủy tinh màu hổ phách có nắp nhỏ giọt. Sản phẩm đang hoàn thiện hồ sơ công bố nên tạm ẩn."},
			},
		},
		{
			Slug: "htx-na-sach-dong-banh", Name: "HTX Na sạch Đồng Bành", Province: "lang-son",
			Ward: "Xã Chi Lăng", Place: "Thôn Đồng Bành", Representative: "Hoàng Văn Bành", Founded: 2017,
			BankBIN: "970422", ShipFee: 30000, FreeOver: 500000, Code: "LS-DB",
			Description: "Hợp tác xã trồng na trên núi đá vôi Chi Lăng, nơi đất nhiều khoáng cho quả thơm và ngọt sắc. " +
				"Các thành viên thụ phấn bằng tay và bọc quả từ khi còn nhỏ để hạn chế sâu bệnh. " +
				"Mùa na kéo dài từ tháng 7 đến tháng 9; ngoài mùa, hợp tác xã bán hồi và tinh dầu hồi.",
			Products: []productSpec{
				{Name: "Na dai Chi Lăng loại 1", Category: "nong-san-tuoi", Unit: "kg", Price: 80000, Stock: 300, OCOP: "4v", Certs: "vietgap", Art: artwork.CustardApple,
					Desc: "Na dai quả 300–450g, mắt to đều, cùi dày, ít hạt. Quả được hái già, giao khi còn cứng; để 1–2 ngày ở nhiệt độ phòng là chín mềm. Không bỏ tủ lạnh khi quả chưa chín."},
				{Name: "Na bở Đồng Bành", Category: "nong-san-tuoi", Unit: "kg", Price: 60000, Stock: 180, OCOP: "3v", Certs: "vietgap", Art: artwork.CustardApple,
					Desc: "Na bở thơm đậm, thịt mềm tan, hợp người lớn tuổi. Quả chín nhanh nên hợp tác xã chỉ giao trong bán kính 300km. Ăn ngay khi quả mở mắt."},
				{Name: "Hộp quà na Chi Lăng 3kg", Category: "nong-san-tuoi", Unit: "hộp 3kg", Price: 260000, Stock: 40, Art: artwork.Box,
					Desc: "Tám đến mười quả na dai loại đẹp, xếp trong khay giấy định hình chống dập. Kèm hướng dẫn ủ chín. Thích hợp làm quà biếu trong mùa na tháng 8."},
				{Name: "Hoa hồi khô Lạng Sơn", Category: "gia-vi", Unit: "gói 500g", Price: 140000, Stock: 110, OCOP: "4v", GI: "hoi-lang-son", Art: artwork.Nuts,
					Desc: "Hồi vụ tháng Tám, cánh to đều 8 cánh, phơi nắng tự nhiên nên giữ màu nâu đỏ và mùi thơm ngọt. Dùng nấu phở, kho thịt, ngâm rượu. Bảo quản trong lọ kín được 18 tháng."},
				{Name: "Tinh dầu hồi nguyên chất", Category: "san-pham-tu-duoc-lieu", Unit: "chai 100ml", Price: 150000, Stock: 30, OCOP: "3x", Art: artwork.Bottle,
					Desc: "Chưng cất từ quả hồi tươi bằng nồi đồng truyền thống. Dùng xoa bóp giảm đau mỏi, xông phòng đuổi muỗi. Không dùng cho trẻ dưới 2 tuổi, tránh tiếp xúc với mắt."},
				{Name: "Mứt na dẻo", Category: "thuc-pham-che-bien", Unit: "hộp 300g", Price: 70000, Stock: 0, Art: artwork.Box,
					Desc: "Cùi na bỏ hạt, sên cùng đường mía ở lửa nhỏ đến khi dẻo quánh. Vị chua ngọt, thơm mùi na chín. Hàng làm theo mùa, đã hết."},
			},
		},
		{
			Slug: "htx-nong-san-moc-chau", Name: "HTX Nông sản Mộc Châu", Province: "son-la",
			Ward: "Phường Mộc Châu", Place: "Tiểu khu Bó Bun", Representative: "Hà Thị Thu", Founded: 2015,
			BankBIN: "970436", ShipFee: 30000, FreeOver: 450000, Code: "SL-MC",
			Description: "Hợp tác xã liên kết các hộ trồng chè Shan tuyết, mận hậu và xoài tròn trên cao nguyên Mộc Châu. " +
				"Chè được hái một tôm hai lá từ những cây trên 30 năm tuổi, sao thủ công trong chảo gang. " +
				"Hợp tác xã còn đón khách tham quan đồi chè và trải nghiệm sao chè.",
			Products: []productSpec{
				{Name: "Chè Shan tuyết Mộc Châu", Category: "che", Unit: "hộp 200g", Price: 220000, Stock: 95, OCOP: "5v", GI: "che-shan-tuyet-moc-chau", Certs: "organic",
					Desc: "Búp chè Shan tuyết phủ lông tơ trắng, sao suốt hai giờ trong chảo gang. Nước xanh vàng, vị chát dịu và hậu ngọt kéo dài. Pha 5g với 150ml nước 85°C, hãm 2 phút; một ấm pha được 4–5 lần nước."},
				{Name: "Chè Ô long Mộc Châu", Category: "che", Unit: "hộp 250g", Price: 180000, Stock: 70, OCOP: "4v",
					Desc: "Chè Ô long vo viên, lên men nhẹ khoảng 30%, hương hoa lan thanh. Nước vàng sáng, hợp pha ấm tử sa. Túi hút chân không bên trong hộp thiếc."},
				{Name: "Xoài tròn Yên Châu", Category: "nong-san-tuoi", Unit: "kg", Price: 55000, Stock: 200, OCOP: "3v", GI: "xoai-tron-yen-chau", Certs: "vietgap", Art: artwork.Mango, Ward: "Xã Yên Châu",
					Desc: "Giống xoài địa phương quả nhỏ, tròn, vỏ mỏng, thơm nồng, ăn cả khi còn xanh chấm muối ớt. Chín vào tháng 5–6. Xoài chín nên ăn trong 3 ngày."},
				{Name: "Mận hậu Mộc Châu", Category: "nong-san-tuoi", Unit: "kg", Price: 45000, Stock: 250, Certs: "vietgap", Art: artwork.Lychee,
					Desc: "Mận hậu giòn, vị chua ngọt, chín rộ vào tháng 5 và tháng 6. Quả hái trong ngày, đóng thùng xốp có lỗ thoáng. Bảo quản ngăn mát được 7–10 ngày."},
				{Name: "Mận hậu sấy dẻo", Category: "nong-san-so-che", Unit: "gói 300g", Price: 75000, Stock: 140, OCOP: "3p", Art: artwork.Dried,
					Desc: "Mận chín bỏ hạt, ngâm đường nhẹ rồi sấy ở 60°C cho dẻo mà không khô cứng. Ăn vặt hoặc pha trà. Túi zip, dùng trong 6 tháng."},
				{Name: "Tour trải nghiệm đồi chè Mộc Châu", Category: "du-lich-cong-dong", Unit: "người", Price: 350000, Stock: 30, Art: artwork.House,
					Desc: "Nửa ngày trên đồi chè trái tim: hái chè cùng người dân, học sao chè trong chảo gang và thưởng trà Shan tuyết. Giá gồm hướng dẫn viên người địa phương, bữa trưa và 100g chè mang về. Đặt trước ít nhất hai ngày."},
				{Name: "Chè xanh Mộc Châu túi lọc", Category: "che", Unit: "hộp 25 túi", Price: 45000, Stock: 300,
					Desc: "Chè xanh sấy khô, nghiền vừa và đóng túi lọc 2g. Tiện pha tại văn phòng, hãm 3 phút với nước 80°C. Hộp giấy 25 túi, hạn dùng 18 tháng."},
			},
		},
		{
			Slug: "htx-che-tan-cuong-hoang-binh", Name: "HTX Chè Tân Cương Hoàng Bình", Province: "thai-nguyen",
			Ward: "Xã Tân Cương", Place: "Xóm Hồng Thái", Representative: "Hoàng Văn Bình", Founded: 2010,
			BankBIN: "970415", ShipFee: 25000, FreeOver: 400000, Code: "TN-HB",
			Description: "Hợp tác xã chè ở vùng chè đặc sản Tân Cương, nơi có đất, nước và sương sớm làm nên vị chè riêng. " +
				"Thành viên hái tay búp non vào buổi sáng và sao chè bằng tôn quay trong ngày. " +
				"Hợp tác xã có 28 ha chè đạt VietGAP và một xưởng chế biến riêng.",
			Products: []productSpec{
				{Name: "Chè móc câu Tân Cương", Category: "che", Unit: "gói 500g", Price: 250000, Stock: 160, OCOP: "4v", Certs: "vietgap",
					Desc: "Búp chè một tôm hai lá, sao săn xoăn hình móc câu. Nước xanh trong, hương cốm non, vị chát dịu rồi ngọt hậu. Bảo quản trong hộp kín, tránh mùi lạ."},
				{Name: "Chè nõn tôm Tân Cương", Category: "che", Unit: "hộp 200g", Price: 280000, Stock: 80, OCOP: "5v", Certs: "vietgap",
					Desc: "Chỉ lấy phần tôm và lá non nhất, sao hai lần nên cánh chè nhỏ, đều, có lớp phấn trắng. Nước màu vàng xanh, hương thơm lâu. Thích hợp làm quà biếu."},
				{Name: "Trà đinh Tân Cương", Category: "che", Unit: "hộp 100g", Price: 450000, Stock: 25, OCOP: "5x",
					Desc: "Trà đinh làm từ phần búp non nhất, nhỏ như chiếc đinh, cần khoảng 10kg búp tươi cho 1kg chè. Vị đậm, ngọt sâu, pha được nhiều nước. Hộp gỗ sơn mài."},
				{Name: "Chè búp xanh loại 1", Category: "che", Unit: "gói 200g", Price: 90000, Stock: 400, OCOP: "3v", Certs: "vietgap",
					Desc: "Chè búp uống hằng ngày, cánh xoăn vừa, nước xanh, vị đậm. Gói hút chân không 200g giữ hương tốt. Pha 8g cho ấm 300ml."},
				{Name: "Hồng trà Thái Nguyên", Category: "che", Unit: "hộp 200g", Price: 160000, Stock: 50,
					Desc: "Lá chè trung du được làm héo, vò và lên men hoàn toàn. Nước đỏ nâu, vị ngọt mạch nha, hợp pha trà sữa hoặc uống nóng với mật ong. Hộp thiếc 200g."},
				{Name: "Chè xanh túi lọc Tân Cương", Category: "che", Unit: "hộp 50 túi", Price: 70000, Stock: 220, OCOP: "3r",
					Desc: "Chè xanh nghiền đóng túi lọc 2g, túi giấy không tẩy trắng. Nhúng 2–3 phút trong nước 80°C. Hộp 50 túi cho văn phòng."},
				{Name: "Bánh chưng Bờ Đậu", Category: "thuc-pham-che-bien", Unit: "chiếc 1kg", Price: 90000, Stock: 45, OCOP: "3v", Art: artwork.Box, Ward: "Xã Phú Lương",
					Desc: "Bánh chưng gói bằng lá dong rừng, nếp cái hoa vàng, đỗ xanh và thịt ba chỉ, luộc 10 tiếng. Vỏ bánh xanh, dẻo và không bị nát. Để ngăn mát được 7 ngày, hấp lại trước khi ăn."},
			},
		},
		{
			Slug: "htx-ong-mat-meo-vac", Name: "HTX Ong mật Mèo Vạc", Province: "tuyen-quang", Former: "Hà Giang",
			Ward: "Xã Mèo Vạc", Place: "Thôn Tả Lủng", Representative: "Sùng Mí Chứ", Founded: 2014,
			BankBIN: "970405", ShipFee: 35000, FreeOver: 600000, Code: "TQ-MV",
			Description: "Hợp tác xã của đồng bào Mông nuôi ong nội trên cao nguyên đá Đồng Văn. " +
				"Mỗi năm chỉ có một vụ mật vào tháng 11–12, khi hoa bạc hà dại nở tím các sườn núi. " +
				"Mật được quay bằng máy inox, lọc và hạ thủy phần ngay tại hợp tác xã.",
			Products: []productSpec{
				{Name: "Mật ong bạc hà Mèo Vạc", Category: "mat-ong", Unit: "chai 500ml", Price: 450000, Stock: 60, OCOP: "4v", GI: "mat-ong-bac-ha-meo-vac", Art: artwork.Honey,
					Desc: "Mật ong từ hoa bạc hà dại trên cao nguyên đá, màu vàng sáng, vị ngọt thanh và hơi the. Mật có thể kết tinh khi trời lạnh, đó là hiện tượng tự nhiên. Bảo quản nhiệt độ phòng, tránh ánh nắng."},
				{Name: "Mật ong bạc hà chai 1 lít", Category: "mat-ong", Unit: "chai 1 lít", Price: 850000, Stock: 20, GI: "mat-ong-bac-ha-meo-vac", Art: artwork.Honey,
					Desc: "Cùng loại mật bạc hà, đóng chai thủy tinh 1 lít cho gia đình dùng lâu. Mỗi chai có tem truy xuất ghi ngày quay mật. Dùng pha nước ấm, ngâm chanh hoặc ăn kèm bánh."},
				{Name: "Mật ong hoa rừng", Category: "mat-ong", Unit: "chai 500ml", Price: 320000, Stock: 45, OCOP: "3v", Art: artwork.Honey,
					Desc: "Mật ong nội thu từ nhiều loại hoa rừng trên núi đá, màu hổ phách sẫm, vị đậm. Độ ẩm dưới 21%. Không cho trẻ dưới 12 tháng tuổi dùng."},
				{Name: "Sáp ong nguyên chất", Category: "mat-ong", Unit: "bánh 500g", Price: 150000, Stock: 0, Art: artwork.Honey,
					Desc: "Sáp ong nấu từ bánh tổ cũ, lọc nhiều lần và đổ khuôn. Dùng làm nến, làm son dưỡng hoặc đánh bóng đồ gỗ. Hết hàng đến vụ mật sau."},
				{Name: "Phấn hoa bạc hà", Category: "mat-ong", Unit: "hũ 250g", Price: 180000, Stock: 35, OCOP: "3p", Art: artwork.Jar,
					Desc: "Phấn hoa ong nội thu vào mùa hoa bạc hà, sấy lạnh để giữ dưỡng chất. Mỗi ngày dùng 1–2 thìa cà phê với sữa chua hoặc mật ong. Bảo quản ngăn mát."},
				{Name: "Mật ong ngâm chanh đào", Category: "mat-ong", Unit: "hũ 500g", Price: 160000, Stock: 55, Art: artwork.Jar,
					Desc: "Chanh đào rừng thái lát ngâm trong mật ong hoa rừng ít nhất ba tháng. Pha một thìa với nước ấm khi bị ho, rát họng. Hũ thủy tinh nắp gỗ."},
				{Name: "Bánh tam giác mạch", Category: "thuc-pham-che-bien", Unit: "túi 10 chiếc", Price: 45000, Stock: 120, Art: artwork.Box,
					Desc: "Bánh làm từ bột hạt tam giác mạch xay cối đá, hấp chín rồi phơi. Nướng trên than hoặc chiên, chấm mật ong. Đặc sản của cao nguyên đá vào mùa hoa."},
			},
		},
		{
			Slug: "htx-tom-lua-my-xuyen", Name: "HTX Nông nghiệp Tôm – Lúa Mỹ Xuyên", Province: "can-tho", Former: "Sóc Trăng",
			Ward: "Xã Mỹ Xuyên", Place: "Ấp Hòa Lý", Representative: "Thạch Sô Phal", Founded: 2013,
			BankBIN: "970405", ShipFee: 30000, FreeOver: 500000, Code: "CT-MX",
			Description: "Hợp tác xã canh tác theo mô hình luân canh tôm – lúa trên đất nhiễm mặn: mùa khô nuôi tôm, mùa mưa trồng lúa ST25. " +
				"Ruộng không dùng thuốc diệt cỏ vì lúa phải an toàn cho vụ tôm kế tiếp. " +
				"Lúa được sấy và xay tại nhà máy liên kết, đóng túi hút chân không.",
			Products: []productSpec{
				{Name: "Gạo ST25 túi 5kg", Category: "nong-san-so-che", Unit: "túi 5kg", Price: 185000, Stock: 500, OCOP: "4v", GI: "gao-st25", Certs: "vietgap", Art: artwork.Rice,
					Desc: "Gạo ST25 hạt dài, trắng trong, cơm dẻo, thơm mùi lá dứa và vẫn mềm khi nguội. Lúa vụ mới, xay xát trong tháng. Túi 5kg hút chân không, bảo quản nơi khô mát."},
				{Name: "Gạo ST25 lúa tôm hữu cơ", Category: "nong-san-so-che", Unit: "túi 5kg", Price: 240000, Stock: 240, OCOP: "5v", GI: "gao-st25", Certs: "organic", Art: artwork.Rice,
					Desc: "Lúa trồng trên ruộng nuôi tôm, không phân bón hóa học, không thuốc bảo vệ thực vật, chứng nhận hữu cơ TCVN 11041. Hạt gạo hơi ngà, thơm đậm. Nấu với lượng nước ít hơn gạo thường khoảng 10%."},
				{Name: "Gạo ST24", Category: "nong-san-so-che", Unit: "túi 5kg", Price: 160000, Stock: 320, OCOP: "3v", Art: artwork.Rice,
					Desc: "Gạo ST24 thơm nhẹ, cơm mềm dẻo vừa, giá hợp lý cho bữa cơm hằng ngày. Đóng túi PA hai lớp. Dùng trong 6 tháng kể từ ngày đóng gói."},
				{Name: "Gạo lứt đỏ ST25", Category: "nong-san-so-che", Unit: "túi 2kg", Price: 90000, Stock: 150, Art: artwork.Rice,
					Desc: "Gạo lứt chỉ xay bỏ vỏ trấu, giữ lớp cám đỏ giàu chất xơ. Ngâm 2 giờ trước khi nấu hoặc dùng chế độ gạo lứt của nồi cơm điện. Hợp người ăn kiêng."},
				{Name: "Bánh pía sầu riêng trứng muối", Category: "thuc-pham-che-bien", Unit: "hộp 4 cái (500g)", Price: 75000, Stock: 200, OCOP: "4v", Art: artwork.Box, Ward: "Phường Phú Lợi",
					Desc: "Vỏ bánh nhiều lớp mỏng, nhân đậu xanh, sầu riêng và lòng đỏ trứng muối. Bánh làm thủ công theo công thức người Hoa ở Sóc Trăng. Dùng trong 60 ngày, ngon hơn khi nướng lại 3 phút."},
				{Name: "Tôm khô lúa tôm", Category: "nong-san-so-che", Unit: "gói 250g", Price: 320000, Stock: 40, Art: artwork.Dried,
					Desc: "Tôm sú nuôi trên ruộng lúa, luộc chín rồi phơi nắng, bóc vỏ bằng tay. Thịt tôm đỏ tự nhiên, ngọt, không phẩm màu. Ngâm nước ấm 10 phút trước khi nấu canh hoặc xào."},
				{Name: "Lạp xưởng tươi Sóc Trăng", Category: "thuc-pham-che-bien", Unit: "gói 500g", Price: 130000, Stock: 65, OCOP: "3x", Art: artwork.Box,
					Desc: "Lạp xưởng tươi làm từ thịt heo nạc vai, mỡ phần và rượu mai quế lộ, phơi một nắng. Chiên nhỏ lửa hoặc nướng than. Bảo quản ngăn mát 15 ngày, ngăn đá 3 tháng."},
			},
		},
		{
			Slug: "htx-nuoc-mam-ham-ninh", Name: "HTX Nước mắm Hàm Ninh", Province: "an-giang", Former: "Kiên Giang",
			Ward: "Đặc khu Phú Quốc", Place: "Ấp Rạch Hàm", Representative: "Trần Văn Lộc", Founded: 2009,
			BankBIN: "970403", ShipFee: 35000, FreeOver: 600000, Code: "AG-HN",
			Description: "Hợp tác xã của các nhà thùng ủ nước mắm truyền thống ở Phú Quốc. " +
				"Cá cơm được ướp muối ngay trên tàu, chượp trong thùng gỗ bời lời từ 12 đến 15 tháng rồi mới kéo nước nhĩ. " +
				"Xưởng đóng chai đạt HACCP, mỗi chai ghi độ đạm và số thùng ủ.",
			Products: []productSpec{
				{Name: "Nước mắm Phú Quốc 43 độ đạm", Category: "gia-vi", Unit: "chai 500ml", Price: 165000, Stock: 220, OCOP: "5v", GI: "nuoc-mam-phu-quoc", Certs: "haccp", Art: artwork.Bottle,
					Desc: "Nước mắm nhĩ kéo lần đầu, 43 độ đạm, màu cánh gián trong, thơm và ngọt hậu. Chỉ làm từ cá cơm và muối, không phụ gia. Dùng chấm trực tiếp hoặc pha nước chấm; để nơi thoáng mát, không cần bỏ tủ lạnh."},
				{Name: "Nước mắm cá cơm 35 độ đạm", Category: "gia-vi", Unit: "chai 500ml", Price: 95000, Stock: 400, OCOP: "4v", GI: "nuoc-mam-phu-quoc", Certs: "haccp", Art: artwork.Bottle,
					Desc: "Nước mắm truyền thống 35 độ đạm, vị mặn vừa, hợp nêm nếm món kho và canh. Chai nhựa PET an toàn thực phẩm. Xuất hiện tinh thể muối ở đáy chai là bình thường."},
				{Name: "Nước mắm nhĩ 40 độ đạm chai thủy tinh", Category: "gia-vi", Unit: "chai 750ml", Price: 210000, Stock: 90, OCOP: "4x", GI: "nuoc-mam-phu-quoc", Art: artwork.Bottle,
					Desc: "Nước mắm nhĩ 40 độ đạm đóng chai thủy tinh có hộp giấy, thích hợp làm quà. Ủ thùng gỗ 15 tháng. Hạn dùng 3 năm."},
				{Name: "Hồ tiêu Phú Quốc", Category: "gia-vi", Unit: "hũ 200g", Price: 90000, Stock: 130, OCOP: "3v", Art: artwork.Nuts,
					Desc: "Tiêu đen trồng trên đất đỏ Phú Quốc, hạt chắc, cay nồng và thơm. Phơi nắng và sàng sạch tạp chất. Xay ngay trước khi dùng để giữ mùi."},
				{Name: "Rượu sim Phú Quốc", Category: "ruou", Unit: "chai 500ml", Price: 150000, Stock: 75, OCOP: "3v", Art: artwork.Bottle,
					Desc: "Rượu lên men từ trái sim rừng chín tím, ủ thêm ba tháng cho dịu. Nồng độ 18%, vị ngọt chát nhẹ. Uống lạnh; không dành cho người dưới 18 tuổi."},
				{Name: "Cá cơm sấy khô", Category: "nong-san-so-che", Unit: "gói 500g", Price: 180000, Stock: 60, Art: artwork.Fish,
					Desc: "Cá cơm than luộc nước muối trên ghe rồi phơi ngay trong ngày. Rim mắm đường, chiên giòn hoặc nấu canh chua. Bảo quản ngăn mát sau khi mở gói."},
			},
		},
		{
			Slug: "htx-nong-nghiep-xuan-huong", Name: "HTX Nông nghiệp Xuân Hương Đà Lạt", Province: "lam-dong",
			Ward: "Phường Xuân Hương – Đà Lạt", Place: "Đường Trần Quang Diệu", Representative: "Nguyễn Thị Hồng Nhung", Founded: 2011,
			BankBIN: "970407", ShipFee: 30000, FreeOver: 400000, Code: "LD-XH",
			Description: "Hợp tác xã rau, hoa và atiso của nông dân Đà Lạt, trồng trong nhà kính và theo VietGAP. " +
				"Rau được thu hái buổi sáng, sơ chế lạnh và giao trong ngày tới các cửa hàng ở Đà Lạt và TP Hồ Chí Minh. " +
				"Hợp tác xã cũng làm trà atiso và hồng treo gió theo cách truyền thống.",
			Products: []productSpec{
				{Name: "Cà chua beef Đà Lạt", Category: "nong-san-tuoi", Unit: "kg", Price: 45000, Stock: 180, Certs: "vietgap", Art: artwork.Vegetable,
					Desc: "Cà chua beef quả to 200–300g, thịt dày, ít hạt, trồng trong nhà kính. Hợp làm salad, sốt và nướng. Bảo quản nơi thoáng, không nên để tủ lạnh khi chưa chín đỏ."},
				{Name: "Xà lách lô lô xanh thủy canh", Category: "nong-san-tuoi", Unit: "túi 300g", Price: 35000, Stock: 90, OCOP: "3v", Certs: "vietgap globalgap", Art: artwork.Vegetable,
					Desc: "Xà lách trồng thủy canh hồi lưu, lá giòn, không đất cát. Còn nguyên rễ để tươi lâu hơn. Bảo quản ngăn rau 5–7 ngày."},
				{Name: "Cải bó xôi Đà Lạt", Category: "nong-san-tuoi", Unit: "kg", Price: 50000, Stock: 0, Certs: "vietgap", Art: artwork.Vegetable,
					Desc: "Cải bó xôi lá dày, xanh đậm, thu hoạch khi cây 35 ngày tuổi. Xào tỏi, nấu canh hoặc làm sinh tố. Tạm hết do mưa lớn, vụ mới sau 10 ngày."},
				{Name: "Bông atiso tươi", Category: "nong-san-tuoi", Unit: "kg", Price: 90000, Stock: 60, Certs: "vietgap", Art: artwork.Vegetable,
					Desc: "Bông atiso hái khi còn búp chặt, mỗi kg khoảng 3–4 bông. Hầm với giò heo hoặc hấp chấm muối tiêu chanh. Bảo quản ngăn mát tối đa 5 ngày."},
				{Name: "Trà atiso túi lọc", Category: "san-pham-tu-duoc-lieu", Unit: "hộp 20 túi", Price: 55000, Stock: 260, OCOP: "4v", Art: artwork.Herb,
					Desc: "Trà từ thân, rễ và lá atiso sấy khô, đóng túi lọc 2g. Uống nóng hoặc lạnh, vị ngọt nhẹ, hỗ trợ thanh nhiệt. Người huyết áp thấp nên dùng vừa phải."},
				{Name: "Cao atiso Đà Lạt", Category: "san-pham-tu-duoc-lieu", Unit: "hũ 200g", Price: 160000, Stock: 50, OCOP: "3v", Art: artwork.Jar,
					Desc: "Cao đặc nấu từ lá atiso tươi trong 48 giờ, màu đen bóng, vị đắng nhẹ. Pha một thìa cà phê với 200ml nước ấm. Bảo quản ngăn mát sau khi mở."},
				{Name: "Dâu tây Đà Lạt", Category: "nong-san-tuoi", Unit: "hộp 500g", Price: 120000, Stock: 40, OCOP: "3p", Certs: "globalgap", Art: artwork.Lychee,
					Desc: "Dâu tây giống Nhật trồng giá thể trong nhà màng, quả đỏ đều, vị ngọt thơm. Hái sáng, giao trong ngày ở Đà Lạt và 24 giờ đi TP Hồ Chí Minh. Chỉ rửa ngay trước khi ăn."},
				{Name: "Hồng treo gió Đà Lạt", Category: "nong-san-so-che", Unit: "hộp 500g", Price: 230000, Stock: 55, OCOP: "4v", Art: artwork.Dried,
					Desc: "Hồng chín được gọt vỏ, treo trong phòng gió lạnh và xoa tay hằng ngày suốt 4–5 tuần theo kiểu Nhật. Quả dẻo, ngọt tự nhiên, có lớp đường trắng mỏng. Bảo quản ngăn mát dùng trong 2 tháng."},
				{Name: "Hồng sấy dẻo", Category: "nong-san-so-che", Unit: "gói 500g", Price: 160000, Stock: 110, Art: artwork.Dried,
					Desc: "Hồng giòn được cắt lát, sấy nhiệt độ thấp, không đường thêm. Dẻo, màu cam đẹp, hợp ăn vặt và làm quà. Túi zip 500g."},
			},
		},
		{
			Slug: "htx-nong-nghiep-ea-kao", Name: "HTX Nông nghiệp Ea Kao", Province: "dak-lak",
			Ward: "Phường Ea Kao", Place: "Buôn Ea Kao", Representative: "H'Hen Niê", Founded: 2014,
			BankBIN: "970418", ShipFee: 30000, FreeOver: 500000, Code: "DL-EK",
			Description: "Hợp tác xã của các hộ Ê Đê và Kinh trồng cà phê Robusta, hồ tiêu và sầu riêng quanh Buôn Ma Thuột. " +
				"Cà phê được hái chín trên 90% và phơi trên giàn, rang tại xưởng của hợp tác xã. " +
				"Thành viên được tập huấn canh tác bền vững, giảm phân bón hóa học.",
			Products: []productSpec{
				{Name: "Cà phê Robusta Buôn Ma Thuột rang mộc", Category: "ca-phe", Unit: "gói 500g", Price: 140000, Stock: 260, OCOP: "4v", GI: "ca-phe-buon-ma-thuot", Certs: "vietgap",
					Desc: "Robusta hái chín, phơi giàn, rang mộc không bơ không đường. Vị đắng đậm, nhiều caffeine, hậu vị sô-cô-la. Pha phin với sữa đặc là chuẩn vị cà phê Ban Mê."},
				{Name: "Cà phê Robusta hạt chín đỏ rang xay", Category: "ca-phe", Unit: "gói 250g", Price: 85000, Stock: 300, OCOP: "3v", GI: "ca-phe-buon-ma-thuot",
					Desc: "Chỉ dùng quả chín đỏ, rang mức vừa để bớt gắt. Xay cỡ trung bình cho phin và pha kiểu cold brew. Túi có van thoát khí."},
				{Name: "Cà phê Culi Buôn Ma Thuột", Category: "ca-phe", Unit: "gói 500g", Price: 160000, Stock: 75, OCOP: "4x", GI: "ca-phe-buon-ma-thuot",
					Desc: "Hạt culi (hạt tròn, một nhân) tuyển tay, rang đậm. Vị mạnh, béo, thơm lâu. Dành cho người thích cà phê đặc."},
				{Name: "Bột ca cao nguyên chất Đắk Lắk", Category: "ca-phe", Unit: "hộp 250g", Price: 150000, Stock: 85, OCOP: "3v", Art: artwork.Jar,
					Desc: "Hạt ca cao lên men 6 ngày, rang và nghiền, ép bớt bơ còn 12% chất béo. Không đường, không sữa. Pha 2 thìa với sữa nóng hoặc làm bánh."},
				{Name: "Hạt mắc ca sấy nứt vỏ", Category: "nong-san-so-che", Unit: "hũ 500g", Price: 190000, Stock: 120, Art: artwork.Nuts,
					Desc: "Mắc ca trồng xen trong vườn cà phê, sấy 3 ngày rồi khía vỏ, kèm dụng cụ tách. Hạt béo, giòn, thơm. Đậy kín hũ sau khi dùng."},
				{Name: "Tiêu đen Đắk Lắk", Category: "gia-vi", Unit: "gói 500g", Price: 120000, Stock: 140, Certs: "vietgap", Art: artwork.Nuts,
					Desc: "Tiêu đen hạt to, dung trọng 550 g/l, phơi sân gạch. Cay thơm, dùng ướp thịt, kho cá. Bảo quản trong lọ kín tránh ẩm."},
				{Name: "Sầu riêng Ri6 Krông Pắc", Category: "nong-san-tuoi", Unit: "kg", Price: 95000, Stock: 70, OCOP: "3p", Certs: "globalgap", Art: artwork.CustardApple, Ward: "Xã Krông Pắc",
					Desc: "Sầu riêng Ri6 cơm vàng, hạt lép, vị béo ngọt. Chỉ cắt khi quả đủ 105 ngày tuổi, để chín tự nhiên không dùng thuốc. Quả nặng 2,5–4kg, giá tính theo cân thực tế."},
			},
		},
		{
			Slug: "htx-xoai-my-xuong", Name: "HTX Xoài Mỹ Xương", Province: "dong-thap",
			Ward: "Xã Mỹ Thọ", Place: "Ấp Mỹ Phú", Representative: "Lê Văn Xương", Founded: 2008,
			BankBIN: "970436", ShipFee: 25000, FreeOver: 400000, Code: "DT-MX",
			Description: "Một trong những hợp tác xã xoài đầu tiên của Đồng Tháp, xuất khẩu xoài sang Hàn Quốc và Nhật Bản. " +
				"Vườn được cấp mã số vùng trồng, quả được bao từ khi còn nhỏ. " +
				"Hợp tác xã còn liên kết với các hộ trồng sen ở Tháp Mười và làm nem Lai Vung.",
			Products: []productSpec{
				{Name: "Xoài cát Hòa Lộc", Category: "nong-san-tuoi", Unit: "kg", Price: 90000, Stock: 160, OCOP: "4v", GI: "xoai-cat-hoa-loc", Certs: "globalgap", Art: artwork.Mango, Ward: "Xã Cái Bè",
					Desc: "Xoài cát Hòa Lộc quả 400–600g, vỏ vàng, thịt mịn không xơ, ngọt đậm và thơm. Hái già, ủ chín tự nhiên. Chín rồi bảo quản ngăn mát được 4–5 ngày."},
				{Name: "Xoài cát Chu Cao Lãnh", Category: "nong-san-tuoi", Unit: "kg", Price: 45000, Stock: 400, OCOP: "3v", Certs: "vietgap", Art: artwork.Mango,
					Desc: "Xoài cát Chu vị chua ngọt hài hòa, vỏ mỏng, hột nhỏ. Quả đều 300–400g, đóng thùng 10kg. Ăn chín hoặc ăn sống đều ngon."},
				{Name: "Xoài sấy dẻo", Category: "nong-san-so-che", Unit: "gói 200g", Price: 65000, Stock: 250, OCOP: "4v", Art: artwork.Dried,
					Desc: "Xoài cát Chu chín cây cắt lát dày 8mm, sấy lạnh, ít đường. Miếng xoài dẻo, màu vàng tự nhiên. Túi zip, dùng trong 9 tháng."},
				{Name: "Hạt sen sấy Tháp Mười", Category: "nong-san-so-che", Unit: "gói 500g", Price: 110000, Stock: 180, OCOP: "3v", Art: artwork.Nuts, Ward: "Xã Tháp Mười",
					Desc: "Hạt sen già bóc vỏ, bỏ tim, sấy khô giữ màu trắng ngà. Nấu chè, hầm gà hoặc nấu cháo. Ngâm 30 phút trước khi nấu."},
				{Name: "Trà tim sen", Category: "san-pham-tu-duoc-lieu", Unit: "hộp 100g", Price: 85000, Stock: 90, Art: artwork.Herb, Ward: "Xã Tháp Mười",
					Desc: "Tim sen sao vàng hạ thổ, pha trà giúp dễ ngủ, thanh nhiệt. Dùng 2–3g mỗi lần với nước sôi. Người thể hàn, hay lạnh bụng nên hạn chế."},
				{Name: "Nem Lai Vung", Category: "thuc-pham-che-bien", Unit: "chục 10 cái", Price: 60000, Stock: 100, OCOP: "3x", Art: artwork.Box, Ward: "Xã Lai Vung",
					Desc: "Nem chua gói lá chuối và lá vông theo cách làm làng nghề Lai Vung, thịt heo đùi tươi trong ngày. Nem chín sau 36 giờ, vị chua thơm, có thể nướng. Bảo quản ngăn mát 7 ngày."},
			},
		},
		{
			Slug: "htx-thuy-san-tan-hung", Name: "HTX Thủy sản Tân Hưng", Province: "ca-mau",
			Ward: "Xã Năm Căn", Place: "Ấp Xóm Lớn", Representative: "Nguyễn Minh Hưng", Founded: 2012,
			BankBIN: "970437", ShipFee: 40000, FreeOver: 800000, Code: "CM-TH",
			Description: "Hợp tác xã nuôi tôm, cua quảng canh dưới tán rừng ngập mặn Năm Căn. " +
				"Con giống thả tự nhiên, không thức ăn công nghiệp, nên cua chắc thịt và tôm ngọt. " +
				"Các sản phẩm khô được phơi trên giàn lưới, sạch cát.",
			Products: []productSpec{
				{Name: "Cua Cà Mau gạch son", Category: "nong-san-tuoi", Unit: "kg", Price: 520000, Stock: 30, OCOP: "4v", GI: "cua-ca-mau", Art: artwork.Crab,
					Desc: "Cua gạch son 2–3 con/kg, buộc dây bằng lát, giao sống trong thùng xốp có mạt cưa ẩm. Hấp bia hoặc rang me. Nhận hàng nên chế biến trong ngày."},
				{Name: "Tôm khô Rạch Gốc", Category: "nong-san-so-che", Unit: "gói 500g", Price: 650000, Stock: 25, OCOP: "4v", Art: artwork.Dried,
					Desc: "Tôm đất nuôi quảng canh, luộc nước muối rồi phơi nắng ba ngày và đập vỏ. Tôm màu đỏ cam tự nhiên, ngọt đậm. Ăn với củ kiệu hoặc nấu canh bí."},
				{Name: "Khô cá sặc rằn U Minh", Category: "nong-san-so-che", Unit: "gói 500g", Price: 160000, Stock: 80, OCOP: "3v", Art: artwork.Fish, Ward: "Xã U Minh",
					Desc: "Cá sặc rằn đồng làm sạch, ướp muối nhạt và phơi một nắng. Chiên vàng ăn với cơm trắng và xoài bằm. Cất ngăn đá để dùng lâu."},
				{Name: "Khô cá lóc đồng", Category: "nong-san-so-che", Unit: "gói 500g", Price: 230000, Stock: 45, Art: artwork.Fish, Ward: "Xã U Minh",
					Desc: "Cá lóc đồng xẻ bướm, phơi nắng tự nhiên, thịt dày. Nướng than xé nhỏ chấm mắm me. Bảo quản ngăn mát."},
				{Name: "Mật ong rừng U Minh", Category: "mat-ong", Unit: "chai 500ml", Price: 380000, Stock: 35, OCOP: "4v", Art: artwork.Honey, Ward: "Xã U Minh",
					Desc: "Mật ong khai thác bằng kèo ong truyền thống trong rừng tràm U Minh. Mật sánh, màu sẫm, thơm hoa tràm. Hàng có số lượng ít theo mùa gác kèo."},
				{Name: "Chả tôm Cà Mau", Category: "thuc-pham-che-bien", Unit: "gói 500g", Price: 180000, Stock: 50, OCOP: "3p", Art: artwork.Box,
					Desc: "Chả quết từ tôm thẻ tươi với một ít mỡ heo, hấp chín và đóng gói. Chiên vàng hoặc nấu canh rau. Bảo quản −18°C."},
				{Name: "Ba khía muối Rạch Gốc", Category: "thuc-pham-che-bien", Unit: "hũ 500g", Price: 95000, Stock: 60, Art: artwork.Crab,
					Desc: "Ba khía bắt ở bãi bồi, muối theo cách người Năm Căn. Trộn tỏi, ớt, đường, chanh trước khi ăn. Bảo quản ngăn mát sau khi mở."},
			},
		},
		{
			Slug: "htx-det-tho-cam-ta-phin", Name: "HTX Dệt thổ cẩm Tả Phìn", Province: "lao-cai",
			Ward: "Phường Sa Pa", Place: "Thôn Tả Chải", Representative: "Tẩn Thị Mẩy", Founded: 2015,
			BankBIN: "970422", ShipFee: 30000, FreeOver: 500000, Code: "LC-TP",
			Description: "Hợp tác xã của 60 phụ nữ Dao đỏ và Mông gìn giữ nghề dệt, nhuộm chàm và thêu tay. " +
				"Mỗi tấm vải được dệt trên khung gỗ và thêu các họa tiết truyền thống, có sản phẩm mất hàng tháng mới xong. " +
				"Hợp tác xã còn bán lá tắm thuốc của người Dao và đón khách ở homestay.",
			Products: []productSpec{
				{Name: "Khăn quàng thổ cẩm dệt tay", Category: "det-may", Unit: "chiếc", Price: 280000, Stock: 35, OCOP: "3v", Art: artwork.Brocade,
					Desc: "Khăn dệt tay từ sợi bông nhuộm chàm, kích thước 180 × 40 cm, viền tua. Giặt tay bằng nước lạnh lần đầu để giữ màu. Mỗi chiếc có họa tiết hơi khác nhau."},
				{Name: "Túi đeo chéo thổ cẩm Dao đỏ", Category: "det-may", Unit: "chiếc", Price: 350000, Stock: 28, OCOP: "4v", Art: artwork.Brocade,
					Desc: "Túi thêu tay họa tiết hoa văn Dao đỏ, lót vải bông, có khóa kéo và ngăn nhỏ. Kích thước 25 × 20 cm, dây đeo điều chỉnh được. Tiện đựng điện thoại và ví."},
				{Name: "Áo thêu tay Dao đỏ", Category: "det-may", Unit: "chiếc", Price: 1450000, Stock: 6, Art: artwork.Brocade,
					Desc: "Áo thêu kín hai vạt và tay áo, mất khoảng hai tháng để hoàn thành. Nhận may theo số đo. Giặt tay, phơi trong bóng râm."},
				{Name: "Ví cầm tay thổ cẩm", Category: "det-may", Unit: "chiếc", Price: 120000, Stock: 0, Art: artwork.Brocade,
					Desc: "Ví nhỏ 18 × 10 cm làm từ vải thổ cẩm thừa sau khi may áo, khóa kéo kim loại. Món quà nhỏ gọn cho khách du lịch. Đang làm mẻ mới."},
				{Name: "Vỏ gối tựa thổ cẩm 45×45 cm", Category: "det-may", Unit: "chiếc", Price: 180000, Stock: 40, OCOP: "3p", Art: artwork.Brocade,
					Desc: "Vỏ gối vải lanh nhuộm chàm ghép mảnh thổ cẩm, khóa kéo ẩn. Không kèm ruột gối. Hợp trang trí sofa, homestay."},
				{Name: "Lá tắm người Dao đỏ", Category: "duoc-lieu-so-che", Unit: "gói 500g", Price: 90000, Stock: 150, OCOP: "4v", Art: artwork.Herb,
					Desc: "Hỗn hợp hơn 20 loại lá rừng phơi khô theo bài thuốc của người Dao. Đun một gói với 10 lít nước trong 30 phút rồi ngâm mình, giúp giảm mệt mỏi. Không dùng cho phụ nữ có thai."},
				{Name: "Nghỉ homestay bản Tả Phìn", Category: "du-lich-cong-dong", Unit: "người/đêm", Price: 450000, Stock: 20, Art: artwork.House,
					Desc: "Một đêm ở nhà sàn của gia đình người Dao, gồm bữa tối, bữa sáng và một lần tắm lá thuốc. Buổi chiều có thể học thêu cùng chị em trong hợp tác xã. Đặt trước để được đón tại trung tâm Sa Pa."},
			},
		},
		{
			Slug: "htx-my-nghe-dong-ky", Name: "HTX Mỹ nghệ Đồng Kỵ", Province: "bac-ninh",
			Ward: "Phường Đồng Nguyên", Place: "Khu phố Đồng Kỵ", Representative: "Nguyễn Văn Kỵ", Founded: 2005,
			BankBIN: "970407", ShipFee: 40000, FreeOver: 1000000, Code: "BN-DK",
			Description: "Hợp tác xã của các xưởng mộc gia đình ở làng nghề đồ gỗ Đồng Kỵ. " +
				"Sản phẩm làm từ gỗ có nguồn gốc hợp pháp, hoàn thiện bằng dầu tự nhiên thay cho sơn PU. " +
				"Bên cạnh đồ nội thất, hợp tác xã làm đồ gia dụng nhỏ để bán trực tuyến.",
			Products: []productSpec{
				{Name: "Bát gỗ tự nhiên nguyên khối", Category: "do-go", Unit: "chiếc", Price: 220000, Stock: 50, OCOP: "3v", Art: artwork.Bowl,
					Desc: "Bát tiện từ một khối gỗ xoan đào, đường kính 18 cm, phủ dầu óc chó an toàn thực phẩm. Dùng đựng salad, trái cây hoặc đồ khô. Rửa tay, lau khô ngay, không dùng máy rửa bát."},
				{Name: "Hộp đựng trà gỗ hương", Category: "do-go", Unit: "chiếc", Price: 350000, Stock: 30, OCOP: "4v", Art: artwork.Box,
					Desc: "Hộp gỗ hương có nắp trượt, chia bốn ngăn, mùi gỗ thơm nhẹ. Kích thước 24 × 16 × 8 cm. Khắc tên theo yêu cầu."},
				{Name: "Khay trà gỗ khảm trai", Category: "do-go", Unit: "chiếc", Price: 850000, Stock: 12, OCOP: "4x", Art: artwork.Bowl,
					Desc: "Khay trà gỗ gụ khảm trai họa tiết tùng hạc, nghệ nhân làm tay trong ba tuần. Kích thước 40 × 28 cm. Lau bằng khăn mềm, tránh ngâm nước."},
				{Name: "Bộ đũa gỗ mun 10 đôi", Category: "do-go", Unit: "bộ", Price: 150000, Stock: 80, Art: artwork.Bowl,
					Desc: "Đũa gỗ mun đen tự nhiên, không sơn, dài 24 cm. Gỗ nặng, không cong vênh khi dùng lâu. Hộp giấy kraft."},
				{Name: "Bộ muôi thìa gỗ 5 chiếc", Category: "do-go", Unit: "bộ", Price: 120000, Stock: 65, OCOP: "3r", Art: artwork.Bowl,
					Desc: "Gồm muôi canh, muôi thủng, xẻng, thìa và đũa xào, làm từ gỗ nhãn. Không làm xước chảo chống dính. Thoa dầu ăn định kỳ để gỗ bền."},
				{Name: "Đồng hồ treo tường gỗ sồi", Category: "do-go", Unit: "chiếc", Price: 480000, Stock: 15, Art: artwork.Bowl,
					Desc: "Mặt đồng hồ gỗ sồi đường kính 30 cm, máy kim trôi êm không tiếng tích tắc. Dùng một pin AA. Phong cách tối giản, hợp phòng khách."},
			},
		},
		{
			Slug: "htx-may-tre-dan-phu-vinh", Name: "HTX Mây tre đan Phú Vinh", Province: "ha-noi",
			Ward: "Xã Phú Nghĩa", Place: "Thôn Phú Vinh", Representative: "Nguyễn Thị Vinh", Founded: 2003,
			BankBIN: "970415", ShipFee: 30000, FreeOver: 500000, Code: "HN-PV",
			Description: "Hợp tác xã ở làng nghề mây tre đan Phú Vinh có lịch sử hơn 400 năm. " +
				"Các nghệ nhân chẻ mây, vót tre và đan hoàn toàn bằng tay, sấy chống mốc bằng lưu huỳnh đúng liều lượng. " +
				"Sản phẩm của làng đã xuất khẩu sang châu Âu và Nhật Bản.",
			Products: []productSpec{
				{Name: "Giỏ mây đan tay có nắp", Category: "may-tre-dan", Unit: "chiếc", Price: 260000, Stock: 45, OCOP: "4v", Art: artwork.Basket,
					Desc: "Giỏ mây tròn đường kính 30 cm, cao 25 cm, có nắp đậy. Đựng đồ len, đồ chơi hoặc làm giỏ picnic. Tránh để nơi ẩm ướt."},
				{Name: "Khay mây hình chữ nhật", Category: "may-tre-dan", Unit: "chiếc", Price: 180000, Stock: 60, OCOP: "3v", Art: artwork.Basket,
					Desc: "Khay đan mây 40 × 28 cm có tay cầm, đáy lót ván ép. Dùng bày trà, đựng bánh mứt ngày Tết. Lau bằng khăn ẩm."},
				{Name: "Đèn tre thả trần", Category: "may-tre-dan", Unit: "chiếc", Price: 450000, Stock: 20, Art: artwork.Basket,
					Desc: "Chao đèn đan từ nan tre già, đường kính 40 cm, ánh sáng hắt qua nan tạo bóng đẹp. Kèm đui đèn E27 và dây dài 1,2 m. Không kèm bóng."},
				{Name: "Làn mây đi chợ", Category: "may-tre-dan", Unit: "chiếc", Price: 320000, Stock: 35, OCOP: "5v", Art: artwork.Basket,
					Desc: "Làn mây đan kiểu truyền thống, quai cầm bọc mây, chịu được 10kg. Thay túi ni lông khi đi chợ. Bền hàng chục năm nếu giữ khô."},
				{Name: "Hộp đựng khăn giấy bằng mây", Category: "may-tre-dan", Unit: "chiếc", Price: 95000, Stock: 100, Art: artwork.Basket,
					Desc: "Hộp mây đan vừa gói khăn giấy rút tiêu chuẩn, đáy có khe để thay giấy. Màu mây tự nhiên. Hợp bàn ăn và quầy lễ tân."},
				{Name: "Bộ 3 giỏ tre đựng đồ", Category: "may-tre-dan", Unit: "bộ", Price: 390000, Stock: 25, OCOP: "3p", Art: artwork.Basket,
					Desc: "Ba giỏ lồng vào nhau, cỡ lớn nhất 40 cm, lót vải bố có thể tháo giặt. Đựng quần áo, đồ chơi trẻ em. Giao hàng gọn trong một thùng."},
			},
		},
		{
			Slug: "htx-gom-su-bat-trang", Name: "HTX Gốm sứ Bát Tràng", Province: "ha-noi",
			Ward: "Xã Bát Tràng", Place: "Thôn Giang Cao", Representative: "Phạm Văn Tràng", Founded: 2007,
			BankBIN: "970436", ShipFee: 40000, FreeOver: 1000000, Code: "HN-BT",
			Description: "Hợp tác xã của các lò gốm gia đình ở làng gốm Bát Tràng bên sông Hồng. " +
				"Gốm được tạo hình bằng bàn xoay, vẽ tay và nung lò ga ở 1.250°C. " +
				"Hợp tác xã mở lớp trải nghiệm làm gốm cho khách tham quan mỗi ngày.",
			Products: []productSpec{
				{Name: "Bình hoa gốm men lam", Category: "gom-su", Unit: "chiếc", Price: 450000, Stock: 24, OCOP: "4v", Art: artwork.Vase,
					Desc: "Bình cao 30 cm, vẽ tay họa tiết hoa sen bằng men lam cổ. Men không chì, an toàn khi cắm hoa tươi. Đóng gói xốp và hộp carton ba lớp."},
				{Name: "Bộ ấm chén men rạn", Category: "gom-su", Unit: "bộ", Price: 650000, Stock: 18, OCOP: "4v", Art: artwork.Vase,
					Desc: "Gồm một ấm 400ml, sáu chén và một khay, men rạn màu trắng ngà. Vết rạn tự nhiên trong lúc nguội lò. Rửa bằng nước ấm."},
				{Name: "Bộ bát ăn cơm men lam 10 chiếc", Category: "gom-su", Unit: "bộ", Price: 280000, Stock: 40, OCOP: "3v", Art: artwork.Bowl,
					Desc: "Bát đường kính 11,5 cm, men lam vẽ tay đường viền đơn giản. Dùng được với lò vi sóng và máy rửa bát. Mỗi chiếc có chút khác biệt do vẽ tay."},
				{Name: "Lọ hoa men hỏa biến", Category: "gom-su", Unit: "chiếc", Price: 1250000, Stock: 5, OCOP: "5v", Art: artwork.Vase,
					Desc: "Men hỏa biến đổi màu theo nhiệt lò nên mỗi chiếc là duy nhất. Cao 35 cm, kèm giấy chứng nhận của nghệ nhân. Thích hợp trưng bày."},
				{Name: "Đĩa gốm vẽ sen", Category: "gom-su", Unit: "chiếc", Price: 180000, Stock: 55, Art: artwork.Vase,
					Desc: "Đĩa đường kính 26 cm vẽ hoa sen bằng men màu. Dùng đựng thức ăn hoặc treo tường. An toàn với thực phẩm."},
				{Name: "Cốc sứ men xanh ngọc", Category: "gom-su", Unit: "chiếc", Price: 95000, Stock: 0, Art: artwork.Vase,
					Desc: "Cốc 300ml men xanh ngọc, quai cầm vừa tay. Giữ nhiệt tốt cho cà phê và trà. Hàng đang ra lò mẻ mới."},
				{Name: "Trải nghiệm làm gốm Bát Tràng", Category: "du-lich-cong-dong", Unit: "người", Price: 120000, Stock: 50, OCOP: "3v", Art: artwork.House,
					Desc: "Hai giờ tự tay nặn gốm trên bàn xoay và vẽ men cùng nghệ nhân. Sản phẩm được nung và gửi về sau 7 ngày. Phù hợp cho gia đình có trẻ em từ 5 tuổi."},
			},
		},
		{
			Slug: "htx-duoc-lieu-ba-che", Name: "HTX Dược liệu Ba Chẽ", Province: "quang-ninh",
			Ward: "Xã Ba Chẽ", Place: "Thôn Làng Mới", Representative: "Chíu Văn Sáng", Founded: 2013,
			BankBIN: "970418", ShipFee: 30000, FreeOver: 500000, Code: "QN-BC",
			Description: "Hợp tác xã trồng dược liệu dưới tán rừng ở Ba Chẽ, chủ yếu ba kích tím và trà hoa vàng. " +
				"Cây được trồng theo hướng hữu cơ, thu hoạch đúng tuổi: ba kích từ 3 năm, hoa vàng hái khi vừa nở. " +
				"Xưởng sơ chế sấy lạnh giữ màu và hoạt chất.",
			Products: []productSpec{
				{Name: "Ba kích tím khô Ba Chẽ", Category: "duoc-lieu-so-che", Unit: "kg", Price: 550000, Stock: 40, OCOP: "4v", Art: artwork.Herb,
					Desc: "Củ ba kích tím trên 3 năm tuổi, rút lõi, phơi khô. Dùng ngâm rượu hoặc sắc nước uống. Bảo quản trong túi kín nơi khô ráo."},
				{Name: "Rượu ba kích tím", Category: "ruou", Unit: "chai 750ml", Price: 320000, Stock: 55, OCOP: "3v", Art: artwork.Bottle,
					Desc: "Ba kích tím ngâm rượu gạo 40 độ trong 6 tháng, màu tím đỏ đặc trưng. Uống mỗi lần một chén nhỏ trong bữa ăn. Không dành cho người dưới 18 tuổi."},
				{Name: "Trà hoa vàng Ba Chẽ", Category: "che", Unit: "hộp 50g", Price: 650000, Stock: 30, OCOP: "5v", Certs: "organic", Art: artwork.Tea,
					Desc: "Hoa trà vàng hái khi vừa nở, sấy lạnh giữ nguyên cánh vàng óng. Pha 2–3 bông với nước 90°C, nước vàng sánh, vị ngọt dịu. Loài trà quý mọc dưới tán rừng Quảng Ninh."},
				{Name: "Cao ba kích", Category: "san-pham-tu-duoc-lieu", Unit: "hũ 100g", Price: 380000, Stock: 20, OCOP: "3x", Art: artwork.Jar,
					Desc: "Cao đặc chiết xuất từ ba kích tím, cô đặc ở nhiệt độ thấp. Pha 3g với nước ấm. Bảo quản ngăn mát sau khi mở."},
				{Name: "Trà hoa vàng túi lọc", Category: "che", Unit: "hộp 20 túi", Price: 180000, Stock: 70, Art: artwork.Tea,
					Desc: "Hoa và lá trà hoa vàng nghiền, đóng túi lọc 2g. Tiện dùng hằng ngày, vị thanh. Hạn dùng 18 tháng."},
				{Name: "Sâm Ba Chẽ khô", Category: "duoc-lieu-so-che", Unit: "gói 500g", Price: 160000, Stock: 60, OCOP: "3p", Art: artwork.Herb,
					Desc: "Rễ sâm Ba Chẽ (cây dây nổ) thái lát, phơi khô. Người địa phương dùng sắc nước uống hoặc ngâm rượu. Bảo quản nơi khô, tránh mối mọt."},
			},
		},
		{
			Slug: "htx-hai-san-ha-long", Name: "HTX Hải sản Hạ Long", Province: "quang-ninh", Status: catalog.CoopPending,
			Ward: "Phường Hồng Gai", Place: "Tổ 5, khu 3", Representative: "Vũ Thị Hải", Founded: 2021,
			BankBIN: "970443", ShipFee: 35000, FreeOver: 700000, Code: "QN-HL",
			Description: "Hợp tác xã mới thành lập của các hộ làm chả mực và hải sản khô ven vịnh Hạ Long. " +
				"Mực được mua từ tàu cập cảng buổi sáng và giã tay bằng cối đá trong ngày. " +
				"Hồ sơ của hợp tác xã đang chờ cán bộ xúc tiến thương mại xác minh.",
			Products: []productSpec{
				{Name: "Chả mực giã tay Hạ Long", Category: "thuc-pham-che-bien", Unit: "kg", Price: 420000, Stock: 40, OCOP: "4p", Art: artwork.Box,
					Desc: "Mực ống tươi giã tay bằng cối đá đến khi dẻo dai, viên thành miếng và rán vàng. Giòn sần sật, thơm mùi mực. Bảo quản ngăn đá 3 tháng."},
				{Name: "Sá sùng khô Quan Lạn", Category: "nong-san-so-che", Unit: "gói 100g", Price: 450000, Stock: 15, Art: artwork.Dried,
					Desc: "Sá sùng đào ở bãi cát Quan Lạn, lộn ruột, phơi và nướng khô. Dùng nấu nước dùng phở hoặc rang giòn nhắm rượu. Giá cao vì sản lượng ít."},
				{Name: "Mực khô Cô Tô", Category: "nong-san-so-che", Unit: "gói 500g", Price: 750000, Stock: 20, Art: artwork.Dried,
					Desc: "Mực câu đêm ở Cô Tô, phơi nắng hai ngày, mỗi kg 10–12 con. Nướng than rồi xé, chấm tương ớt. Bảo quản ngăn đá."},
				{Name: "Ruốc tôm Hạ Long", Category: "thuc-pham-che-bien", Unit: "hũ 200g", Price: 140000, Stock: 30, Art: artwork.Jar,
					Desc: "Ruốc tôm he sao khô, màu hồng cam tự nhiên. Ăn với cháo, xôi và bánh mì. Dùng trong 3 tháng."},
				{Name: "Nước mắm Cái Rồng", Category: "gia-vi", Unit: "chai 500ml", Price: 85000, Stock: 60, Art: artwork.Bottle, Ward: "Đặc khu Vân Đồn",
					Desc: "Nước mắm cá cơm ủ chượp truyền thống ở Vân Đồn, 30 độ đạm. Vị mặn đậm, hậu ngọt. Dùng nêm nếm và chấm."},
			},
		},
		{
			Slug: "htx-cam-xa-doai", Name: "HTX Sản xuất cam Xã Đoài", Province: "nghe-an",
			Ward: "Xã Nghi Lộc", Place: "Xóm 6 Nghi Diên", Representative: "Hồ Văn Đoài", Founded: 2016,
			BankBIN: "970405", ShipFee: 30000, FreeOver: 500000, Code: "NA-XD",
			Description: "Hợp tác xã giữ giống cam Xã Đoài, một trong những giống cam làm nên chỉ dẫn địa lý Cam Vinh. " +
				"Vườn cam được ghép từ cây đầu dòng và tưới bằng nước giếng khoan. " +
				"Hợp tác xã bán kèm đặc sản Nghệ An như tương Nam Đàn và nhút Thanh Chương.",
			Products: []productSpec{
				{Name: "Cam Vinh Xã Đoài", Category: "nong-san-tuoi", Unit: "kg", Price: 55000, Stock: 350, OCOP: "4v", GI: "cam-vinh", Certs: "vietgap", Art: artwork.Orange,
					Desc: "Cam Xã Đoài vỏ mỏng màu vàng xanh, múi mọng, vị ngọt sắc và thơm. Chín vào tháng 11 đến Tết. Để nơi thoáng mát được 3 tuần."},
				{Name: "Hộp quà cam Vinh 5kg", Category: "nong-san-tuoi", Unit: "hộp 5kg", Price: 290000, Stock: 50, GI: "cam-vinh", Art: artwork.Box,
					Desc: "Cam Vinh loại một, quả đều 200–250g, xếp hộp quà có tem chỉ dẫn địa lý. Quà Tết được ưa chuộng. Nhận đặt số lượng lớn cho doanh nghiệp."},
				{Name: "Tương Nam Đàn", Category: "gia-vi", Unit: "chai 500ml", Price: 40000, Stock: 200, OCOP: "3v", Art: artwork.Bottle, Ward: "Xã Nam Đàn",
					Desc: "Tương ủ từ gạo nếp, đậu tương rang và muối, phơi nắng ba tháng trong chum sành. Chấm rau muống luộc, thịt luộc hay kho cá. Càng để lâu càng ngon."},
				{Name: "Nhút Thanh Chương", Category: "thuc-pham-che-bien", Unit: "hũ 500g", Price: 35000, Stock: 150, OCOP: "3v", Art: artwork.Jar, Ward: "Xã Thanh Chương",
					Desc: "Mít non thái sợi muối chua cùng gừng, ớt và muối, món ăn dân dã xứ Nghệ. Ăn sống, xào thịt hoặc nấu canh. Bảo quản ngăn mát, dùng trong 1 tháng."},
				{Name: "Nước cam Vinh ép lạnh", Category: "do-uong-khac", Unit: "chai 300ml", Price: 30000, Stock: 0, Art: artwork.Bottle,
					Desc: "Nước cam ép lạnh từ cam Xã Đoài, không đường, không chất bảo quản. Dùng trong 4 ngày, bảo quản 2–6°C. Chỉ bán trong mùa cam."},
			},
		},
		{
			Slug: "htx-buoi-phuc-trach", Name: "HTX Bưởi Phúc Trạch", Province: "ha-tinh",
			Ward: "Xã Phúc Trạch", Place: "Thôn Phúc Đồng", Representative: "Phan Văn Trạch", Founded: 2011,
			BankBIN: "970436", ShipFee: 30000, FreeOver: 500000, Code: "HT-PT",
			Description: "Hợp tác xã của các hộ trồng bưởi Phúc Trạch dọc sông Ngàn Sâu. " +
				"Bưởi được trồng trên đất phù sa, bón phân chuồng hoai và thu hoạch từ tháng 8 đến tháng 10. " +
				"Hợp tác xã làm thêm tinh dầu bưởi và kẹo cu đơ, đặc sản Hà Tĩnh.",
			Products: []productSpec{
				{Name: "Bưởi Phúc Trạch", Category: "nong-san-tuoi", Unit: "quả 1,2–1,6kg", Price: 70000, Stock: 300, OCOP: "4v", GI: "buoi-phuc-trach", Certs: "vietgap", Art: artwork.Pomelo,
					Desc: "Bưởi Phúc Trạch vỏ mỏng, tép hồng nhạt, ráo nước, ngọt thanh không đắng. Để 7–10 ngày sau khi hái ăn ngon nhất. Có tem truy xuất trên từng quả."},
				{Name: "Hộp quà bưởi Phúc Trạch 2 quả", Category: "nong-san-tuoi", Unit: "hộp", Price: 160000, Stock: 80, GI: "buoi-phuc-trach", Art: artwork.Box,
					Desc: "Hai quả bưởi loại một trong hộp giấy có quai xách. Quà biếu dịp Trung thu và Tết. Giao toàn quốc."},
				{Name: "Kẹo cu đơ Hà Tĩnh", Category: "thuc-pham-che-bien", Unit: "hộp 500g", Price: 65000, Stock: 180, OCOP: "4v", Art: artwork.Box, Ward: "Phường Thành Sen",
					Desc: "Kẹo làm từ mật mía, lạc rang và gừng, kẹp giữa hai lớp bánh đa mỏng. Giòn, ngọt, thơm gừng. Ăn kèm chè xanh nóng đúng kiểu Hà Tĩnh."},
				{Name: "Tinh dầu bưởi Phúc Trạch", Category: "san-pham-tu-duoc-lieu", Unit: "chai 100ml", Price: 120000, Stock: 60, OCOP: "3v", Art: artwork.Bottle,
					Desc: "Chưng cất từ vỏ bưởi Phúc Trạch tươi, thơm mát. Pha vài giọt vào dầu gội hoặc dùng máy khuếch tán. Tránh ánh nắng trực tiếp."},
				{Name: "Nước ép bưởi", Category: "do-uong-khac", Unit: "chai 330ml", Price: 30000, Stock: 90, OCOP: "3r", Art: artwork.Bottle,
					Desc: "Nước ép từ tép bưởi tươi, có vị the nhẹ. Không đường thêm. Bảo quản ngăn mát, dùng trong 3 ngày."},
				{Name: "Cam bù Hương Sơn", Category: "nong-san-tuoi", Unit: "kg", Price: 50000, Stock: 140, OCOP: "3v", Certs: "vietgap", Art: artwork.Orange, Ward: "Xã Hương Sơn",
					Desc: "Cam bù vỏ sần, màu vàng cam, chín vào tháng Chạp. Múi nhiều nước, vị ngọt đậm. Để được lâu, hợp bày mâm ngũ quả."},
			},
		},
		{
			Slug: "htx-vai-thieu-thanh-ha", Name: "HTX Vải thiều Thanh Hà", Province: "hai-phong", Former: "Hải Dương",
			Ward: "Xã Thanh Hà", Place: "Thôn Thúy Lâm", Representative: "Đỗ Văn Hà", Founded: 2010,
			BankBIN: "970432", ShipFee: 30000, FreeOver: 500000, Code: "HP-TH",
			Description: "Hợp tác xã của vùng vải tổ, nơi còn cây vải trên trăm năm tuổi. " +
				"Vải được hái vào sáng sớm, bó cành và giao ngay trong ngày để giữ độ tươi. " +
				"Hợp tác xã có vùng trồng đạt GlobalG.A.P. phục vụ xuất khẩu và làm vải sấy khô bằng lò than hoa.",
			Products: []productSpec{
				{Name: "Vải thiều Thanh Hà", Category: "nong-san-tuoi", Unit: "kg", Price: 60000, Stock: 500, OCOP: "4v", GI: "vai-thieu-thanh-ha", Certs: "globalgap", Art: artwork.Lychee,
					Desc: "Vải thiều quả tròn, vỏ đỏ, cùi dày, hạt nhỏ, ngọt thanh. Mùa vải chỉ khoảng một tháng từ cuối tháng 5. Bảo quản ngăn mát trong túi giấy để giữ màu vỏ."},
				{Name: "Vải thiều sấy khô", Category: "nong-san-so-che", Unit: "kg", Price: 180000, Stock: 120, OCOP: "3v", GI: "vai-thieu-thanh-ha", Art: artwork.Dried,
					Desc: "Vải sấy nguyên quả bằng lò than hoa trong 3 ngày, cùi dẻo màu nâu cánh gián. Ăn vặt hoặc nấu chè long nhãn vải. Để nơi khô được một năm."},
				{Name: "Bánh gai Ninh Giang", Category: "thuc-pham-che-bien", Unit: "chục 10 chiếc", Price: 90000, Stock: 70, OCOP: "4v", Art: artwork.Box, Ward: "Xã Ninh Giang",
					Desc: "Vỏ bánh từ lá gai và gạo nếp cái, nhân đậu xanh, dừa, mỡ phần và hạt sen. Gói lá chuối khô, buộc lạt giang. Ăn trong 5 ngày, hấp lại khi bánh cứng."},
				{Name: "Bánh đậu xanh Hải Dương", Category: "thuc-pham-che-bien", Unit: "hộp 400g", Price: 55000, Stock: 240, OCOP: "4v", Art: artwork.Box, Ward: "Phường Hải Dương",
					Desc: "Bánh đậu xanh mịn, tan trong miệng, làm từ đậu xanh, đường và mỡ. Hộp 20 bánh nhỏ bọc giấy bạc. Ăn kèm trà nóng."},
				{Name: "Mật ong hoa vải", Category: "mat-ong", Unit: "chai 500ml", Price: 190000, Stock: 85, Art: artwork.Honey,
					Desc: "Mật ong thu vào mùa vải nở hoa tháng Hai, màu vàng nhạt, thơm mùi vải. Vị ngọt dịu, ít kết tinh. Dùng pha nước chanh hoặc ăn kèm bánh."},
				{Name: "Rượu vải Thanh Hà", Category: "ruou", Unit: "chai 500ml", Price: 180000, Stock: 30, Hidden: true, Art: artwork.Bottle,
					Desc: "Rượu vang lên men từ vải thiều chín, nồng độ 14%. Đang chờ giấy phép sản xuất rượu nên chưa mở bán. Không dành cho người dưới 18 tuổi."},
			},
		},
		{
			Slug: "htx-ruou-lang-van", Name: "HTX Rượu Làng Vân", Province: "bac-ninh", Former: "Bắc Giang",
			Ward: "Xã Vân Hà", Place: "Thôn Thổ Hà", Representative: "Nguyễn Văn Vân", Founded: 2009,
			BankBIN: "970443", ShipFee: 35000, FreeOver: 700000, Code: "BN-LV",
			Description: "Hợp tác xã nấu rượu theo bí quyết men lá của làng Vân, một trong những làng rượu nổi tiếng nhất miền Bắc. " +
				"Rượu được chưng cất từ gạo nếp cái hoa vàng và hạ thổ trong chum sành ít nhất sáu tháng. " +
				"Hợp tác xã bán thêm vải thiều Lục Ngạn và mì Chũ của các hợp tác xã bạn.",
			Products: []productSpec{
				{Name: "Rượu Làng Vân 40 độ", Category: "ruou", Unit: "chai 500ml", Price: 150000, Stock: 160, OCOP: "4v", Art: artwork.Bottle,
					Desc: "Rượu nếp cái hoa vàng nấu bằng men lá truyền thống, hạ thổ 6 tháng cho êm. Trong, thơm, uống không gắt cổ. Không dành cho người dưới 18 tuổi."},
				{Name: "Rượu Làng Vân hũ sành 2 lít", Category: "ruou", Unit: "hũ 2 lít", Price: 520000, Stock: 25, Art: artwork.Jar,
					Desc: "Rượu hạ thổ một năm đựng trong hũ sành men nâu, nút gỗ bọc lá chuối. Quà biếu dịp Tết. Giao cẩn thận trong thùng gỗ."},
				{Name: "Rượu nếp cái hoa vàng", Category: "ruou", Unit: "chai 500ml", Price: 120000, Stock: 140, OCOP: "3v", Art: artwork.Bottle,
					Desc: "Rượu 35 độ nấu từ nếp cái hoa vàng, vị ngọt hậu, thơm mùi nếp. Uống lạnh sau bữa ăn. Không dành cho người dưới 18 tuổi."},
				{Name: "Vải thiều Lục Ngạn", Category: "nong-san-tuoi", Unit: "kg", Price: 55000, Stock: 400, OCOP: "3x", GI: "vai-thieu-luc-ngan", Certs: "vietgap", Art: artwork.Lychee, Ward: "Xã Lục Ngạn",
					Desc: "Vải thiều Lục Ngạn quả đều, vỏ đỏ tươi, cùi dày, vị ngọt đậm. Hái trong ngày, đóng thùng xốp có đá. Ăn trong 3–4 ngày."},
				{Name: "Rượu mơ Làng Vân", Category: "ruou", Unit: "chai 500ml", Price: 160000, Stock: 0, Art: artwork.Bottle,
					Desc: "Mơ rừng Hương Sơn ngâm rượu Làng Vân và đường phèn một năm. Vị chua ngọt, nồng độ 25%. Hết hàng, mẻ mới sau Tết."},
				{Name: "Mì Chũ", Category: "nong-san-so-che", Unit: "gói 500g", Price: 40000, Stock: 300, OCOP: "4v", Art: artwork.Rice, Ward: "Phường Chũ",
					Desc: "Mì gạo làm từ gạo bao thai hồng, phơi nắng trên giàn tre. Sợi dai, không nát khi xào hay nấu. Trụng nước sôi 2 phút là dùng được."},
			},
		},
		{
			Slug: "htx-sen-hue-tinh-tam", Name: "HTX Sen Huế Tịnh Tâm", Province: "hue",
			Ward: "Phường Phú Xuân", Place: "Đường Đinh Tiên Hoàng", Representative: "Tôn Nữ Thị Hoa", Founded: 2017,
			BankBIN: "970423", ShipFee: 30000, FreeOver: 500000, Code: "HUE-TT",
			Description: "Hợp tác xã của các hộ trồng sen và làm đặc sản cố đô. " +
				"Hạt sen được lấy từ những đầm sen quanh kinh thành, tách vỏ và bỏ tim bằng tay. " +
				"Hợp tác xã còn liên kết với làng hương Thủy Xuân và làng nón lá để đón khách tham quan.",
			Products: []productSpec{
				{Name: "Hạt sen Huế sấy khô", Category: "nong-san-so-che", Unit: "gói 500g", Price: 180000, Stock: 140, OCOP: "4v", Art: artwork.Nuts,
					Desc: "Hạt sen Huế hạt tròn, bùi và dẻo, bóc vỏ lụa và bỏ tim. Sấy lạnh nên nấu nhanh mềm. Dùng nấu chè sen long nhãn hoặc cơm hạt sen."},
				{Name: "Trà cung đình Huế", Category: "san-pham-tu-duoc-lieu", Unit: "hộp 20 túi", Price: 65000, Stock: 160, OCOP: "3v", Art: artwork.Herb,
					Desc: "Phối từ cỏ ngọt, hoa cúc, hoa hòe, la hán quả và táo đỏ theo công thức trà ngự dùng. Vị ngọt tự nhiên, uống nóng hoặc lạnh. Hộp 20 túi lọc."},
				{Name: "Mè xửng Huế", Category: "thuc-pham-che-bien", Unit: "hộp 250g", Price: 40000, Stock: 220, OCOP: "3v", Art: artwork.Box,
					Desc: "Kẹo mè xửng dẻo làm từ mạch nha, đậu phộng và mè rang. Mỗi miếng gói giấy kiếng riêng. Món quà quen thuộc khi ghé Huế."},
				{Name: "Mắm ruốc Huế", Category: "gia-vi", Unit: "hũ 500g", Price: 75000, Stock: 90, OCOP: "3x", Art: artwork.Jar,
					Desc: "Mắm ruốc làm từ con ruốc biển Thuận An, ủ muối ba tháng. Xào sả ớt để chấm thịt luộc, nấu bún bò. Bảo quản nơi mát, đậy kín nắp."},
				{Name: "Tinh dầu tràm Huế", Category: "san-pham-tu-duoc-lieu", Unit: "chai 100ml", Price: 95000, Stock: 200, OCOP: "4v", Art: artwork.Bottle,
					Desc: "Chưng cất từ lá tràm gió vùng cát Phong Điền. Thoa ngực, lòng bàn chân cho trẻ nhỏ giữ ấm, xua muỗi. Không thoa lên vết thương hở."},
				{Name: "Nón lá bài thơ", Category: "may-tre-dan", Unit: "chiếc", Price: 120000, Stock: 75, Art: artwork.Basket,
					Desc: "Nón lá làng Tây Hồ 16 vành, lá mỏng, soi lên ánh sáng thấy hình và câu thơ giữa hai lớp lá. Quai lụa nhiều màu. Tránh để nón ướt lâu."},
				{Name: "Tham quan làng hương Thủy Xuân", Category: "du-lich-cong-dong", Unit: "người", Price: 150000, Stock: 40, Art: artwork.House,
					Desc: "Nửa buổi cùng nghệ nhân làm hương trầm, nhuộm chân hương và chụp ảnh giữa những bó hương nhiều màu. Giá gồm nước uống và một hộp hương quà tặng. Có xe đón ở trung tâm Huế."},
			},
		},
		{
			Slug: "htx-ho-tieu-chu-se", Name: "HTX Hồ tiêu Chư Sê", Province: "gia-lai",
			Ward: "Xã Chư Sê", Place: "Làng Ia Glai", Representative: "Ksor H'Bin", Founded: 2015,
			BankBIN: "970405", ShipFee: 30000, FreeOver: 500000, Code: "GL-CS",
			Description: "Hợp tác xã của các hộ Jrai và Kinh trồng hồ tiêu trên đất đỏ bazan Chư Sê. " +
				"Tiêu được hái khi chùm có quả chín đỏ, phơi trên bạt sạch và tuyển bằng máy. " +
				"Hợp tác xã còn trồng xen cà phê và nuôi ong lấy mật hoa cà phê.",
			Products: []productSpec{
				{Name: "Hồ tiêu đen Chư Sê", Category: "gia-vi", Unit: "gói 500g", Price: 140000, Stock: 200, OCOP: "4v", GI: "ho-tieu-chu-se", Certs: "vietgap", Art: artwork.Nuts,
					Desc: "Hạt tiêu đen to, chắc, vị cay nồng và thơm đặc trưng đất đỏ bazan. Phơi nắng tự nhiên đến độ ẩm dưới 13%. Xay ngay khi dùng."},
				{Name: "Tiêu sọ trắng Chư Sê", Category: "gia-vi", Unit: "gói 250g", Price: 120000, Stock: 80, OCOP: "4x", GI: "ho-tieu-chu-se", Art: artwork.Nuts,
					Desc: "Tiêu chín ngâm nước chảy cho bong vỏ rồi phơi khô, hạt trắng ngà. Cay dịu, thơm, hợp món súp và cháo. Lọ kín tránh ẩm."},
				{Name: "Tiêu xanh ngâm muối", Category: "gia-vi", Unit: "hũ 300g", Price: 85000, Stock: 65, Art: artwork.Jar,
					Desc: "Chùm tiêu xanh tươi ngâm nước muối nhạt. Dùng xào bò, nấu lẩu hoặc làm gỏi. Bảo quản ngăn mát."},
				{Name: "Cà phê Robusta Chư Sê rang xay", Category: "ca-phe", Unit: "gói 500g", Price: 110000, Stock: 120, OCOP: "3v",
					Desc: "Robusta trồng xen vườn tiêu, rang vừa, xay cho phin. Đắng đậm, ít chua. Pha với sữa đặc hoặc uống đá."},
				{Name: "Mật ong hoa cà phê Gia Lai", Category: "mat-ong", Unit: "chai 500ml", Price: 220000, Stock: 50, OCOP: "3p", Art: artwork.Honey,
					Desc: "Mật thu vào mùa hoa cà phê tháng Hai, màu vàng sẫm, thơm nhẹ mùi hoa cà phê. Vị ngọt đậm. Đóng chai thủy tinh."},
				{Name: "Hạt điều rang muối", Category: "nong-san-so-che", Unit: "hũ 500g", Price: 210000, Stock: 95, Art: artwork.Nuts,
					Desc: "Hạt điều loại W320 còn vỏ lụa, rang củi với muối biển. Giòn, béo, mặn nhẹ. Đậy kín nắp sau khi dùng."},
			},
		},
		{
			Slug: "htx-toi-ly-son", Name: "HTX Tỏi Lý Sơn", Province: "quang-ngai",
			Ward: "Đặc khu Lý Sơn", Place: "Thôn Đông An Vĩnh", Representative: "Võ Văn Sơn", Founded: 2012,
			BankBIN: "970441", ShipFee: 35000, FreeOver: 600000, Code: "QNg-LS",
			Description: "Hợp tác xã trồng tỏi trên cát trắng phủ lên đất đỏ núi lửa của đảo Lý Sơn. " +
				"Tỏi được trồng vụ đông xuân, tưới bằng nước giếng và bón rong biển. " +
				"Sau thu hoạch, tỏi được phơi gió trên giàn và bện túm để bảo quản lâu.",
			Products: []productSpec{
				{Name: "Tỏi cô đơn Lý Sơn", Category: "gia-vi", Unit: "kg", Price: 350000, Stock: 45, OCOP: "4v", GI: "toi-ly-son", Art: artwork.Nuts,
					Desc: "Củ tỏi một tép duy nhất, hiếm gặp nên giá cao. Vị cay dịu, thơm, thường dùng ngâm rượu hoặc ăn sống. Để nơi khô thoáng, treo túm."},
				{Name: "Tỏi Lý Sơn loại 1", Category: "gia-vi", Unit: "kg", Price: 130000, Stock: 260, OCOP: "3v", GI: "toi-ly-son", Art: artwork.Nuts,
					Desc: "Tỏi nhiều tép, củ nhỏ, vỏ trắng, thơm hăng dịu. Giữ được 6–8 tháng nếu để nơi khô. Dùng cho mọi món xào và nước chấm."},
				{Name: "Tỏi đen Lý Sơn", Category: "san-pham-tu-duoc-lieu", Unit: "hũ 250g", Price: 260000, Stock: 40, OCOP: "3p", Art: artwork.Jar,
					Desc: "Tỏi một tép lên men ở 70°C trong 40 ngày, tép đen dẻo, vị ngọt chua nhẹ, không còn mùi hăng. Ăn 2–3 tép mỗi ngày. Bảo quản nơi khô mát."},
				{Name: "Hành tím Lý Sơn", Category: "gia-vi", Unit: "kg", Price: 55000, Stock: 180, Art: artwork.Vegetable,
					Desc: "Hành tím củ nhỏ, chắc, thơm, trồng trên cát đảo. Phi hành, làm dưa hành ngày Tết. Để nơi khô, tránh ánh nắng."},
				{Name: "Mạch nha Thi Phổ", Category: "thuc-pham-che-bien", Unit: "hũ 500g", Price: 60000, Stock: 100, OCOP: "3v", Art: artwork.Jar, Ward: "Xã Mộ Đức",
					Desc: "Mạch nha nấu từ gạo và mầm lúa theo cách làng nghề Thi Phổ, màu vàng trong, dẻo quánh. Ăn kèm bánh tráng hoặc nêm món kho. Không cần bảo quản lạnh."},
			},
		},
		{
			Slug: "htx-nho-thai-an", Name: "HTX Nho Thái An", Province: "khanh-hoa", Former: "Ninh Thuận",
			Ward: "Xã Vĩnh Hải", Place: "Thôn Thái An", Representative: "Đặng Thị Nga", Founded: 2012,
			BankBIN: "970426", ShipFee: 35000, FreeOver: 600000, Code: "KH-TA",
			Description: "Hợp tác xã trồng nho và táo trên vùng đất nắng gió ven biển Ninh Hải. " +
				"Vườn nho được tưới nhỏ giọt, thu hoạch ba vụ mỗi năm. " +
				"Du khách có thể vào vườn tự tay cắt nho và thử rượu vang của hợp tác xã.",
			Products: []productSpec{
				{Name: "Nho đỏ Ninh Thuận", Category: "nong-san-tuoi", Unit: "kg", Price: 75000, Stock: 160, OCOP: "3v", Certs: "vietgap", Art: artwork.Lychee,
					Desc: "Nho đỏ Cardinal chùm đều, vỏ mỏng, vị chua ngọt. Cắt từ vườn và đóng thùng trong ngày. Bảo quản ngăn mát, rửa ngay trước khi ăn."},
				{Name: "Nho xanh NH01-48", Category: "nong-san-tuoi", Unit: "kg", Price: 90000, Stock: 120, OCOP: "4v", Certs: "vietgap", Art: artwork.Lychee,
					Desc: "Giống nho xanh NH01-48 quả giòn, ngọt đậm khi chín vàng. Chùm nặng 400–600g. Giữ tươi 7 ngày trong ngăn mát."},
				{Name: "Rượu vang nho Ninh Thuận", Category: "ruou", Unit: "chai 750ml", Price: 180000, Stock: 70, OCOP: "3v", Art: artwork.Bottle,
					Desc: "Vang đỏ lên men từ nho Cardinal của hợp tác xã, nồng độ 12%. Vị trái cây, chát nhẹ. Uống ở 14–16°C; không dành cho người dưới 18 tuổi."},
				{Name: "Nho khô Ninh Thuận", Category: "nong-san-so-che", Unit: "hũ 500g", Price: 120000, Stock: 90, OCOP: "4x", Art: artwork.Dried,
					Desc: "Nho đỏ sấy khô tự nhiên, không đường, không chất tạo màu. Dùng ăn vặt, trộn ngũ cốc hoặc làm bánh. Đậy kín hũ."},
				{Name: "Mật nho", Category: "do-uong-khac", Unit: "chai 500ml", Price: 95000, Stock: 60, Art: artwork.Bottle,
					Desc: "Nước cốt nho cô đặc với đường phèn. Pha 1 phần mật với 4 phần nước lạnh và đá. Bảo quản ngăn mát sau khi mở."},
				{Name: "Táo xanh Ninh Thuận", Category: "nong-san-tuoi", Unit: "kg", Price: 40000, Stock: 200, Art: artwork.Pomelo,
					Desc: "Táo xanh quả to, giòn, vị ngọt mát. Hái khi quả vừa chuyển màu xanh sáng. Ăn tươi hoặc chấm muối ớt."},
			},
		},
		{
			Slug: "htx-dua-sap-cau-ke", Name: "HTX Dừa sáp Cầu Kè", Province: "vinh-long", Former: "Trà Vinh", Status: catalog.CoopSuspended,
			Ward: "Xã Cầu Kè", Place: "Ấp Ô Tưng", Representative: "Kim Thị Sóc", Founded: 2014,
			BankBIN: "970405", ShipFee: 35000, FreeOver: 600000, Code: "VL-CK",
			Description: "Hợp tác xã trồng dừa sáp, giống dừa đặc sản có cơm dày và nước sánh như sương sáo. " +
				"Tỷ lệ trái sáp trên mỗi buồng thấp nên mỗi trái đều được gõ thử và chọn tay. " +
				"Hợp tác xã tạm ngừng bán trên sàn để hoàn thiện hồ sơ an toàn thực phẩm.",
			Products: []productSpec{
				{Name: "Dừa sáp Cầu Kè", Category: "nong-san-tuoi", Unit: "trái", Price: 120000, Stock: 40, OCOP: "3v", GI: "dua-sap-cau-ke", Art: artwork.Nuts,
					Desc: "Dừa sáp trái 1–1,5kg, cơm dày đặc sệt, thơm béo. Ăn kèm sữa đặc và đá hoặc xay sinh tố. Bảo quản ngăn mát 7 ngày."},
				{Name: "Kẹo dừa sáp", Category: "thuc-pham-che-bien", Unit: "hộp 400g", Price: 45000, Stock: 150, OCOP: "4v", Art: artwork.Box,
					Desc: "Kẹo dừa nấu từ cơm dừa sáp, mạch nha và đường, có vị lá dứa và sầu riêng. Mỗi viên gói giấy gạo. Dùng trong 6 tháng."},
				{Name: "Dầu dừa nguyên chất ép lạnh", Category: "thuc-pham-che-bien", Unit: "chai 500ml", Price: 130000, Stock: 60, OCOP: "3v", Art: artwork.Bottle,
					Desc: "Ép lạnh từ cơm dừa tươi, không qua nhiệt, màu trong và thơm nhẹ. Dùng nấu ăn, dưỡng da và tóc. Đông đặc dưới 24°C là bình thường."},
				{Name: "Thạch dừa", Category: "thuc-pham-che-bien", Unit: "hũ 500g", Price: 35000, Stock: 80, Art: artwork.Jar,
					Desc: "Thạch dừa lên men từ nước dừa già, cắt hạt lựu. Dùng làm chè, trà sữa, sữa chua. Bảo quản ngăn mát."},
				{Name: "Giỏ cọng dừa đan tay", Category: "may-tre-dan", Unit: "chiếc", Price: 150000, Stock: 30, Art: artwork.Basket,
					Desc: "Giỏ đan từ cọng lá dừa phơi khô, đường kính 28 cm. Đựng trái cây, bánh mì. Tránh để ẩm để không bị mốc."},
			},
		},
		{
			Slug: "htx-hat-de-trung-khanh", Name: "HTX Hạt dẻ Trùng Khánh", Province: "cao-bang", Status: catalog.CoopPending,
			Ward: "Xã Trùng Khánh", Place: "Xóm Bản Khoòng", Representative: "Nông Văn Khánh", Founded: 2022,
			BankBIN: "970405", ShipFee: 35000, FreeOver: 600000, Code: "CB-TK",
			Description: "Hợp tác xã của đồng bào Tày, Nùng trồng hạt dẻ và làm miến dong ở Trùng Khánh. " +
				"Hạt dẻ được nhặt khi vỏ gai tự nứt vào tháng 8–9, sấy bằng củi. " +
				"Hợp tác xã vừa đăng ký và đang chờ xác minh.",
			Products: []productSpec{
				{Name: "Hạt dẻ Trùng Khánh", Category: "nong-san-so-che", Unit: "kg", Price: 180000, Stock: 100, OCOP: "3p", GI: "hat-de-trung-khanh", Art: artwork.Nuts,
					Desc: "Hạt dẻ nhỏ, vỏ nâu bóng, ruột vàng, bùi và thơm. Rang cát hoặc luộc đều ngon. Bảo quản ngăn mát để không bị mọt."},
				{Name: "Miến dong Cao Bằng", Category: "nong-san-so-che", Unit: "gói 500g", Price: 60000, Stock: 200, OCOP: "3v", Art: artwork.Rice,
					Desc: "Miến làm từ bột củ dong riềng, phơi nắng, sợi dai và trong. Ngâm nước lạnh 10 phút rồi trụng qua. Hợp nấu miến gà, miến lươn."},
				{Name: "Lạp sườn hun khói Cao Bằng", Category: "thuc-pham-che-bien", Unit: "kg", Price: 380000, Stock: 30, Art: artwork.Box,
					Desc: "Lạp sườn thịt lợn đen, tẩm rượu ngô và mắc khén, hun khói gác bếp. Hấp rồi thái lát mỏng. Bảo quản ngăn mát."},
				{Name: "Thớt gỗ nghiến", Category: "do-go", Unit: "chiếc", Price: 250000, Stock: 35, Art: artwork.Bowl,
					Desc: "Thớt nghiến nguyên khối đường kính 35 cm, dày 5 cm, gỗ cứng ít mùn. Ngâm nước muối trước lần dùng đầu. Rửa và dựng đứng cho khô."},
				{Name: "Rượu men lá Cao Bằng", Category: "ruou", Unit: "can 2 lít", Price: 200000, Stock: 20, Art: artwork.Bottle,
					Desc: "Rượu ngô nấu bằng men lá rừng, 40 độ. Vị thơm, êm. Không dành cho người dưới 18 tuổi."},
			},
		},
	}
}
