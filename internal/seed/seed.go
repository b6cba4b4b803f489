// Package seed fills the database with data to look at and to measure: Demo
// creates a realistic demo data set (cooperatives, products with OCOP
// certificates, origin labels, drawn pictures, and the demo logins) once, and
// Synthetic adds many generated products for benchmarks.
package seed

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/account"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/seed/artwork"
	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// Deps are what the seeders write with.
type Deps struct {
	DB       *db.DB
	Catalog  *catalog.Store
	Accounts *account.Store   // needed by Demo only
	Now      func() time.Time // the clock certificates and dates are set against; time.Now when nil
}

func (d Deps) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func (d Deps) check(needAccounts bool) error {
	if d.DB == nil || d.Catalog == nil {
		return errors.New("seed: DB and Catalog are required")
	}
	if needAccounts && d.Accounts == nil {
		return errors.New("seed: Accounts is required")
	}
	return nil
}

// Demo account e-mails (the README lists them); each cooperative's staff
// log in as <cooperative-slug>@ocop.local.
const (
	AdminEmail     = "admin@ocop.local"
	PromotionEmail = "xuctien@ocop.local"
	// SonLaStaffEmail is promotion staff of Sơn La's alliance only.
	SonLaStaffEmail = "xuctien-son-la@ocop.local"
	ShopperEmail    = "khach@ocop.local"
	EmailDomain     = "ocop.local"
)

// Login is a demo account.
type Login struct {
	Email       string
	Role        string
	Cooperative string // slug of the cooperative a coop_staff account is bound to
}

// Summary says what Demo did.
type Summary struct {
	// AlreadySeeded is true when cooperatives existed and Demo created no
	// catalogue data (it only restores missing demo logins, if any).
	AlreadySeeded bool
	Cooperatives  int
	Products      int
	Images        int
	Certificates  int // OCOP certificates and claims
	Logins        []Login
}

// Demo creates the demo data set in one transaction, then the demo accounts,
// all with password. When any cooperative exists it adds no catalogue data
// and reports AlreadySeeded, so it is safe to call on every start; it then
// only creates demo accounts that are missing while their cooperative
// exists (after an interrupted first run).
func Demo(ctx context.Context, d Deps, password string) (Summary, error) {
	if err := d.check(true); err != nil {
		return Summary{}, err
	}
	if password == "" {
		return Summary{}, errors.New("seed: empty demo password")
	}
	now := d.now().UTC()
	var sum Summary
	err := d.DB.Tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM cooperatives`); err != nil {
			return fmt.Errorf("seed: count cooperatives: %w", err)
		}
		if n > 0 {
			sum.AlreadySeeded = true
			return nil
		}
		return (&demo{Deps: d, tx: tx, now: now, sum: &sum}).run(ctx)
	})
	if err != nil {
		// Another process seeding at the same time wins the unique slugs.
		if db.IsUniqueViolation(err) {
			sum = Summary{AlreadySeeded: true}
		} else {
			return Summary{}, err
		}
	}
	logins, err := demoAccounts(ctx, d, password)
	if err != nil {
		return sum, err
	}
	sum.Logins = logins
	return sum, nil
}

// demo holds the state of one Demo run.
type demo struct {
	Deps
	tx         *sqlx.Tx
	now        time.Time
	sum        *Summary
	provinces  map[string]province
	categories map[string]string
	gis        map[string]catalog.GeographicalIndication
	slugs      map[string]bool
	k          int // running product number, drives the deterministic variation
}

type province struct {
	Slug string `db:"slug"`
	Name string `db:"name"`
	Kind string `db:"kind"`
}

// committee returns the issuing body of provincial OCOP decisions.
func (p province) committee() string {
	name := strings.TrimPrefix(p.Name, "TP ")
	if p.Kind == "city" {
		return "UBND thành phố " + name
	}
	return "UBND tỉnh " + name
}

// label is the province as written at the end of an address.
func (p province) label() string {
	name := strings.TrimPrefix(p.Name, "TP ")
	if p.Kind == "city" {
		return "thành phố " + name
	}
	return "tỉnh " + name
}

func loadReference(ctx context.Context, q sqlx.QueryerContext) (map[string]province, map[string]string, error) {
	var ps []province
	if err := sqlx.SelectContext(ctx, q, &ps, `SELECT slug, name, kind FROM provinces ORDER BY position`); err != nil {
		return nil, nil, fmt.Errorf("seed: provinces: %w", err)
	}
	pm := make(map[string]province, len(ps))
	for _, p := range ps {
		pm[p.Slug] = p
	}
	var cs []struct {
		Slug string `db:"slug"`
		Name string `db:"name"`
	}
	if err := sqlx.SelectContext(ctx, q, &cs, `SELECT slug, name FROM categories`); err != nil {
		return nil, nil, fmt.Errorf("seed: categories: %w", err)
	}
	cm := make(map[string]string, len(cs))
	for _, c := range cs {
		cm[c.Slug] = c.Name
	}
	return pm, cm, nil
}

func (s *demo) run(ctx context.Context) error {
	var err error
	if s.provinces, s.categories, err = loadReference(ctx, s.tx); err != nil {
		return err
	}
	s.gis = make(map[string]catalog.GeographicalIndication)
	s.slugs = make(map[string]bool)
	for _, g := range indications() {
		if _, ok := s.provinces[g.ProvinceSlug]; !ok {
			return fmt.Errorf("seed: indication %s: unknown province %s", g.Slug, g.ProvinceSlug)
		}
		if err := s.Catalog.CreateGeographicalIndication(ctx, s.tx, &g); err != nil {
			return fmt.Errorf("seed: indication %s: %w", g.Slug, err)
		}
		s.gis[g.Slug] = g
	}
	for i, c := range demoCooperatives() {
		if err := s.cooperative(ctx, i, c); err != nil {
			return fmt.Errorf("seed: cooperative %s: %w", c.Slug, err)
		}
	}
	if err := s.applications(ctx); err != nil { // apply
		return err
	}
	if err := s.traceBatches(ctx); err != nil { // trace
		return err
	}
	if err := s.media(ctx); err != nil { // media
		return err
	}
	if err := s.fairs(ctx); err != nil { // fairs
		return err
	}
	if err := s.reviewDemo(ctx); err != nil { // review: scans of pending OCOP claims
		return err
	}
	return s.orders(ctx) // orders
}

func (s *demo) cooperative(ctx context.Context, i int, c coopSpec) error {
	prov, ok := s.provinces[c.Province]
	if !ok {
		return fmt.Errorf("unknown province %s", c.Province)
	}
	status := c.Status
	if status == "" {
		status = catalog.CoopActive
	}
	coop := &catalog.Cooperative{
		Slug:                c.Slug,
		Name:                c.Name,
		Province:            catalog.NamedSlug{Slug: prov.Slug, Name: prov.Name},
		Ward:                c.Ward,
		Address:             c.Place + ", " + lowerFirst(c.Ward) + ", " + prov.label(),
		Representative:      c.Representative,
		Phone:               phoneFor(c.Slug),
		Email:               strings.ReplaceAll(c.Slug, "-", "") + "@gmail.com",
		Description:         c.Description,
		Status:              status,
		BankBIN:             c.BankBIN,
		BankAccountNo:       accountNoFor(c.Slug, c.BankBIN),
		BankAccountName:     strings.ToUpper(textfold.Fold(c.Name)),
		ShippingFeeVND:      c.ShipFee,
		FreeShippingOverVND: c.FreeOver,
		CreatedAt:           s.now.AddDate(0, 0, -(380 + 9*i)).Add(time.Duration(i%8+1) * time.Hour),
	}
	coop.FoundedYear.Int64, coop.FoundedYear.Valid = int64(c.Founded), c.Founded > 0
	if err := s.Catalog.CreateCooperative(ctx, s.tx, coop); err != nil {
		return err
	}
	s.sum.Cooperatives++
	for _, p := range c.Products {
		if err := s.product(ctx, c, coop, prov, p); err != nil {
			return fmt.Errorf("product %q: %w", p.Name, err)
		}
	}
	return nil
}

func (s *demo) product(ctx context.Context, c coopSpec, coop *catalog.Cooperative, prov province, p productSpec) error {
	k := s.k
	s.k++
	catName, ok := s.categories[p.Category]
	if !ok {
		return fmt.Errorf("unknown category %s", p.Category)
	}
	slug := catalog.Slugify(p.Name)
	if s.slugs[slug] {
		slug += "-" + strings.ToLower(c.Code)
	}
	s.slugs[slug] = true
	ward := p.Ward
	if ward == "" {
		ward = c.Ward
	}
	// Spread creation over the past eleven months in an order unlike the
	// data's, so that "newest" mixes cooperatives.
	created := s.now.AddDate(0, 0, -(2 + (k*37)%330)).Add(-time.Duration((k*7)%24) * time.Hour)
	np := catalog.NewProduct{
		CooperativeID:  coop.ID,
		CategorySlug:   p.Category,
		Slug:           slug,
		Name:           p.Name,
		Description:    p.Desc,
		PriceVND:       p.Price,
		Unit:           p.Unit,
		Stock:          p.Stock,
		Published:      !p.Hidden,
		ProvinceSlug:   prov.Slug,
		Ward:           ward,
		TraceCode:      fmt.Sprintf("%s-%d-%04d", c.Code, created.Year(), 11+(k*53)%9000),
		CreatedAt:      created,
		SearchKeywords: []string{c.Name, catName, prov.Name, ward},
	}
	if p.GI != "" {
		g, ok := s.gis[p.GI]
		if !ok {
			return fmt.Errorf("unknown indication %s", p.GI)
		}
		np.GIID = &g.ID
		np.SearchKeywords = append(np.SearchKeywords, g.Name)
	}
	id, err := s.Catalog.CreateProduct(ctx, s.tx, np)
	if err != nil {
		return err
	}
	s.sum.Products++

	kind := p.Art
	if kind == "" {
		kind = artwork.ForCategory(p.Category)
	}
	pics := []artwork.Picture{{Kind: kind, Label: p.Name}}
	if k%3 == 0 {
		pics = append(pics, artwork.Picture{Kind: kind, Label: p.Name, Subtitle: c.Name, Variant: 1})
	}
	for i, pic := range pics {
		alt := p.Name
		if i > 0 {
			alt = p.Name + " – " + c.Name
		}
		if _, err := s.Catalog.AddImage(ctx, s.tx, id, "image/svg+xml", alt, artwork.SVG(pic)); err != nil {
			return err
		}
		s.sum.Images++
	}

	today := db.NewDate(s.now)
	for i, cert := range strings.Fields(p.Certs) {
		code := certificationCode(cert, prov.Slug, kind, k*7+i, s.now)
		expires := today.AddMonths(4 + (k*5+i*11)%30)
		if err := s.Catalog.SetCertification(ctx, s.tx, id, cert, code, expires); err != nil {
			return err
		}
	}
	if p.OCOP != "" {
		cert, err := ocopCertificate(id, p.OCOP, k, prov, c.Former, s.now, created)
		if err != nil {
			return err
		}
		if err := s.Catalog.AddCertificate(ctx, s.tx, cert); err != nil {
			return err
		}
		s.sum.Certificates++
	}
	return nil
}

// ocopCertificate builds the certificate described by spec ("4v": 4 stars,
// verified; see productSpec) for the k-th product, dated against now.
func ocopCertificate(productID int64, spec string, k int, prov province, former string, now, listed time.Time) (*catalog.Certificate, error) {
	if len(spec) != 2 || spec[0] < '3' || spec[0] > '5' {
		return nil, fmt.Errorf("bad OCOP spec %q", spec)
	}
	stars := int(spec[0] - '0')
	today := db.NewDate(now)
	var issued db.Date
	status := catalog.CertVerified
	reason := ""
	switch spec[1] {
	case 'v': // valid: issued 2 to 31 months ago
		issued = today.AddMonths(-(2 + (k*5)%30))
	case 'x': // expired: issued more than 36 months ago
		issued = today.AddMonths(-(37 + k%14))
	case 'p': // a recent decision, claimed but not yet checked
		issued = today.AddMonths(-(1 + k%4))
		status = catalog.CertPending
	case 'r':
		issued = today.AddMonths(-(3 + k%6))
		status = catalog.CertRejected
		reasons := rejectReasons()
		reason = reasons[k%len(reasons)]
	default:
		return nil, fmt.Errorf("bad OCOP spec %q", spec)
	}
	issued = db.Date{Time: issued.AddDate(0, 0, -(k*3)%20)}
	score := scoreFor(stars, k)
	no := 100 + (k*397)%3800
	var decision, by string
	switch {
	case stars == 5 && !issued.Before(ministryMerged()):
		decision, by = fmt.Sprintf("%d/QĐ-BNNMT", no), "Bộ Nông nghiệp và Môi trường"
	case stars == 5:
		decision, by = fmt.Sprintf("%d/QĐ-BNN-KTHT", no), "Bộ Nông nghiệp và Phát triển nông thôn"
	case former != "" && issued.Before(provincesMerged()):
		decision, by = fmt.Sprintf("%d/QĐ-UBND", no), "UBND tỉnh "+former
	default:
		decision, by = fmt.Sprintf("%d/QĐ-UBND", no), prov.committee()
	}
	c := &catalog.Certificate{
		ProductID:    productID,
		Stars:        stars,
		Score:        &score,
		DecisionNo:   decision,
		IssuedBy:     by,
		IssuedOn:     issued,
		Status:       status,
		RejectReason: reason,
		CreatedAt:    listed,
	}
	if status != catalog.CertPending {
		r := listed.Add(time.Duration(26+k%90) * time.Hour)
		if r.After(now) {
			r = now
		}
		c.ReviewedAt = &r
	}
	return c, nil
}

// ministryMerged is when the ministry that recognises 5★ products took its
// current name (Bộ Nông nghiệp và Môi trường).
func ministryMerged() time.Time { return time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC) }

// provincesMerged is when the 34 provinces replaced the 63.
func provincesMerged() time.Time { return time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC) }

// scoreFor returns a plausible OCOP score out of 100 for a star rating.
func scoreFor(stars, k int) int {
	switch stars {
	case 5:
		return 90 + k%8
	case 4:
		return 70 + (k*3)%19
	}
	return 50 + (k*7)%19
}

// provinceCodes are the two-digit administrative codes of the provinces,
// which certificate codes embed.
func provinceCode(slug string) string {
	codes := map[string]string{
		"ha-noi": "01", "cao-bang": "04", "tuyen-quang": "08", "lao-cai": "10", "dien-bien": "11", "lai-chau": "12",
		"son-la": "14", "thai-nguyen": "19", "lang-son": "20", "quang-ninh": "22", "phu-tho": "25", "bac-ninh": "24",
		"hai-phong": "31", "hung-yen": "33", "ninh-binh": "37", "thanh-hoa": "38", "nghe-an": "40", "ha-tinh": "42",
		"quang-tri": "45", "hue": "46", "da-nang": "48", "quang-ngai": "51", "gia-lai": "52", "dak-lak": "66",
		"khanh-hoa": "56", "lam-dong": "68", "dong-nai": "75", "ho-chi-minh": "79", "tay-ninh": "72", "dong-thap": "82",
		"vinh-long": "86", "an-giang": "91", "can-tho": "92", "ca-mau": "96",
	}
	if c, ok := codes[slug]; ok {
		return c
	}
	return "00"
}

// certificationCode returns a real-looking certificate code for a product
// certification.
func certificationCode(slug, provinceSlug string, kind artwork.Kind, n int, now time.Time) string {
	yy := now.Year()%100 - 1 - n%3
	switch slug {
	case "vietgap":
		field := "TT" // trồng trọt
		if kind == artwork.Fish || kind == artwork.Crab {
			field = "TS" // thủy sản
		}
		return fmt.Sprintf("VietGAP-%s-%02d-%02d-%s-%04d", field, 11+n%19, 1+n%12, provinceCode(provinceSlug), 17+(n*131)%9900)
	case "globalgap":
		return fmt.Sprintf("GGN %d", 4063061000000+int64(100000+(n*7919)%899999))
	case "organic":
		return fmt.Sprintf("TCVN 11041:2017 HC-%02d-%s-%04d", yy, provinceCode(provinceSlug), 21+(n*97)%9000)
	case "haccp":
		return fmt.Sprintf("HACCP-%02d-%s-%04d", yy, provinceCode(provinceSlug), 31+(n*61)%9000)
	}
	return fmt.Sprintf("%s-%04d", strings.ToUpper(slug), n)
}

// demoAccounts creates the demo logins that do not exist yet and returns all
// of them. Coop staff accounts are created only for demo cooperatives that
// exist.
func demoAccounts(ctx context.Context, d Deps, password string) ([]Login, error) {
	type want struct {
		login account.User
		role  string
		coop  string
	}
	sonLa := "son-la"
	wants := []want{
		{account.User{Email: AdminEmail, Name: "Quản trị OCOP Market"}, account.RoleAdmin, ""},
		{account.User{Email: PromotionEmail, Name: "Trần Thị Xuân (Liên minh HTX)", Phone: "0243 826 1234"}, account.RolePromotionStaff, ""},
		{account.User{Email: SonLaStaffEmail, Name: "Lò Văn Hưng (Liên minh HTX Sơn La)", Phone: "0212 385 2345", StaffProvince: &sonLa},
			account.RolePromotionStaff, ""},
		{account.User{Email: ShopperEmail, Name: "Lê Thu Hà", Phone: "0987 654 321"}, account.RoleShopper, ""},
	}
	specs := append(demoCooperatives(), applications()...)
	slugs := make([]string, len(specs))
	for i, c := range specs {
		slugs[i] = c.Slug
		wants = append(wants, want{account.User{Email: c.Slug + "@" + EmailDomain, Name: c.Representative, Phone: phoneFor(c.Slug)},
			account.RoleCoopStaff, c.Slug})
	}
	q, args, err := sqlx.In(`SELECT id, slug FROM cooperatives WHERE slug IN (?)`, slugs)
	if err != nil {
		return nil, fmt.Errorf("seed: demo cooperatives: %w", err)
	}
	var rows []struct {
		ID   int64  `db:"id"`
		Slug string `db:"slug"`
	}
	if err := d.DB.SelectContext(ctx, &rows, d.DB.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("seed: demo cooperatives: %w", err)
	}
	ids := make(map[string]int64, len(rows))
	for _, r := range rows {
		ids[r.Slug] = r.ID
	}
	// Without the demo data set (say, only synthetic cooperatives) there
	// are no demo logins to make.
	if len(ids) == 0 {
		return nil, nil
	}
	var logins []Login
	var missing []account.User
	for _, w := range wants {
		u := w.login
		if w.coop != "" {
			id, ok := ids[w.coop]
			if !ok {
				continue
			}
			u.CooperativeID = &id
		}
		u.Roles = []string{w.role}
		_, err := d.Accounts.ByEmail(ctx, u.Email)
		switch {
		case errors.Is(err, account.ErrNotFound):
			missing = append(missing, u)
		case err != nil:
			return nil, fmt.Errorf("seed: account %s: %w", u.Email, err)
		}
		logins = append(logins, Login{Email: u.Email, Role: w.role, Cooperative: w.coop})
	}
	if err := createAccounts(ctx, d.Accounts, missing, password); err != nil {
		return nil, err
	}
	return logins, nil
}

// createAccounts creates users with a few goroutines, since hashing each
// password at production bcrypt cost takes a tenth of a second.
func createAccounts(ctx context.Context, accounts *account.Store, users []account.User, password string) error {
	errs := make([]error, len(users))
	sem := make(chan struct{}, max(1, min(runtime.NumCPU(), 8)))
	var wg sync.WaitGroup
	for i := range users {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			u := users[i]
			if err := accounts.Create(ctx, &u, password); err != nil && !errors.Is(err, account.ErrEmailTaken) {
				errs[i] = fmt.Errorf("seed: account %s: %w", u.Email, err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// phoneFor returns a Vietnamese mobile number, stable for a key.
func phoneFor(key string) string {
	prefixes := []string{"091", "098", "097", "094", "088", "086", "096", "083", "035", "038", "039", "032", "070", "077", "081", "084"}
	h := hash(key)
	p := prefixes[h%uint32(len(prefixes))]
	n := (h / 16) % 10000000
	return fmt.Sprintf("%s%d %03d %03d", p, n/1000000, (n/1000)%1000, n%1000)
}

// accountNoFor returns a bank account number of the length the bank uses,
// stable for a key.
func accountNoFor(key, bin string) string {
	length := map[string]int{"970436": 10, "970405": 13, "970415": 12, "970418": 14, "970407": 14, "970422": 13}[bin]
	if length == 0 {
		length = 12
	}
	h := uint64(hash(key))*2654435761 + uint64(hash(bin))
	var b strings.Builder
	b.WriteByte(byte('1' + h%9))
	for b.Len() < length {
		h = h*6364136223846793005 + 1442695040888963407
		b.WriteByte(byte('0' + (h>>33)%10))
	}
	return b.String()
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// lowerFirst lower-cases the first letter: "Xã Mai Sơn" → "xã Mai Sơn".
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
