package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/blob"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/media"
	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// Who recognises OCOP stars (Decision 148/QĐ-TTg): a province's People's
// Committee for 3★ and 4★, the ministry for 5★.
const (
	// Ministry recognises 5★ products since 1 March 2025.
	Ministry = "Bộ Nông nghiệp và Môi trường"
	// FormerMinistry recognised them before.
	FormerMinistry = "Bộ Nông nghiệp và Phát triển nông thôn"
)

// ministrySince is when Ministry took over from FormerMinistry.
func ministrySince() db.Date {
	return db.Date{Time: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
}

// provincesSince is when the 34 provinces replaced the 63.
func provincesSince() db.Date {
	return db.Date{Time: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}
}

// Committee is the People's Committee of a province as OCOP decisions name
// it: "UBND tỉnh Sơn La", "UBND thành phố Hà Nội".
func Committee(p Province) string {
	name := strings.TrimPrefix(p.Name, "TP ")
	if p.Kind == "city" {
		return "UBND thành phố " + name
	}
	return "UBND tỉnh " + name
}

// ReminderDays is how long before its expiry a verified certificate's
// cooperative is reminded to renew it.
const ReminderDays = 60

// Claim is what a cooperative states of an OCOP certificate of its product.
type Claim struct {
	Stars      int
	DecisionNo string
	IssuedBy   string
	IssuedOn   string // YYYY-MM-DD
}

// Errors of claims.
var (
	errNoPendingClaim = fault.New(fault.Conflict, "no_pending_claim")
)

// issuers returns the bodies that may have recognised a product of stars
// on issued, by their folded names, with the name to record.
func (s *Store) issuers(ctx context.Context, stars int, issued db.Date) (map[string]string, error) {
	out := map[string]string{}
	if stars == 5 {
		if issued.Before(ministrySince().Time) {
			out[foldIssuer(FormerMinistry)] = FormerMinistry
		} else {
			out[foldIssuer(Ministry)] = Ministry
		}
		return out, nil
	}
	ps, err := s.Provinces(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		out[foldIssuer(Committee(p))] = Committee(p)
	}
	if issued.Before(provincesSince().Time) {
		// Before the merger the 63 provinces decided, under their names.
		var old []string
		if err := s.db.SelectContext(ctx, &old, `SELECT name FROM province_aliases`); err != nil {
			return nil, fmt.Errorf("catalog: issuers: %w", err)
		}
		for _, name := range old {
			for _, c := range []string{"UBND tỉnh " + name, "UBND thành phố " + strings.TrimPrefix(name, "TP ")} {
				if _, ok := out[foldIssuer(c)]; !ok {
					out[foldIssuer(c)] = c
				}
			}
		}
	}
	return out, nil
}

// foldIssuer folds a body's name for comparison, "Ủy ban nhân dân" and
// "UBND" alike.
func foldIssuer(s string) string {
	f := strings.Join(strings.Fields(textfold.Fold(s)), " ")
	f = strings.Replace(f, "uy ban nhan dan ", "ubnd ", 1)
	return strings.Replace(f, "tp ", "thanh pho ", 1)
}

// CheckClaim validates c for a claim of productID made today and returns
// the certificate it states, the issuing body written as recorded, for
// ClaimOCOP.
func (s *Store) CheckClaim(ctx context.Context, productID int64, c Claim) (Certificate, error) {
	var f fault.Fields
	if c.Stars < 3 || c.Stars > 5 {
		f.Add("stars", "out_of_range", fault.Params{"min": 3, "max": 5})
	}
	c.DecisionNo = strings.TrimSpace(c.DecisionNo)
	switch {
	case c.DecisionNo == "":
		f.Add("decision_no", "required", nil)
	case len([]rune(c.DecisionNo)) > 64:
		f.Add("decision_no", "too_long", fault.Params{"max": 64})
	case strings.ContainsFunc(c.DecisionNo, func(r rune) bool { return r < ' ' || r == '<' || r == '>' }):
		f.Add("decision_no", "invalid_text", nil)
	}
	today := s.Today()
	issued, err := db.ParseDate(strings.TrimSpace(c.IssuedOn))
	switch {
	case strings.TrimSpace(c.IssuedOn) == "":
		f.Add("issued_on", "required", nil)
	case err != nil:
		f.Add("issued_on", "invalid_date", nil)
	case issued.After(today.Time):
		f.Add("issued_on", "date_in_future", nil)
	case ExpiryOf(issued).Before(today.Time):
		f.Add("issued_on", "certificate_expired", fault.Params{"expires_on": ExpiryOf(issued).Format("02/01/2006")})
	}
	by := ""
	if strings.TrimSpace(c.IssuedBy) == "" {
		f.Add("issued_by", "required", nil)
	} else if !f.Has("stars") && !f.Has("issued_on") {
		bodies, err := s.issuers(ctx, c.Stars, issued)
		if err != nil {
			return Certificate{}, err
		}
		var ok bool
		if by, ok = bodies[foldIssuer(c.IssuedBy)]; !ok {
			code := "wrong_issuer_province"
			if c.Stars == 5 {
				code = "wrong_issuer_ministry"
			}
			f.Add("issued_by", code, fault.Params{"stars": c.Stars})
		}
	}
	if err := f.Err(); err != nil {
		return Certificate{}, err
	}
	return Certificate{ProductID: productID, Stars: c.Stars, DecisionNo: c.DecisionNo, IssuedBy: by, IssuedOn: issued,
		ExpiresOn: ExpiryOf(issued), Status: CertPending}, nil
}

const claimColumns = `id, product_id, stars, score, decision_no, issued_by, issued_on, expires_on, status, reject_reason,
	reviewed_at, created_at, scan_digest, scan_content_type, reminded_at`

// ClaimOCOP records, inside the caller's transaction q, the claim of an
// OCOP certificate (from CheckClaim) of a product of the cooperative
// coopID, waiting for staff to verify it, with its scan when scan is not
// nil. It replaces the claim still waiting, which it returns; a verified
// certificate stays until the new one is verified. Nothing shoppers see
// changes until then.
func (s *Store) ClaimOCOP(ctx context.Context, q Querier, coopID int64, claim Certificate, scan *media.Variant) (Certificate, *Certificate, error) {
	productID := claim.ProductID
	var replaced *Certificate
	if err := s.ownProduct(ctx, q, coopID, productID); err != nil {
		return Certificate{}, nil, err
	}
	claim.Status, claim.ExpiresOn = CertPending, ExpiryOf(claim.IssuedOn)
	if old, err := s.pendingClaim(ctx, q, productID); err == nil {
		replaced = &old
		if _, err := q.ExecContext(ctx, s.db.Rebind(`DELETE FROM ocop_certificates WHERE id = ?`), old.ID); err != nil {
			return Certificate{}, nil, fmt.Errorf("catalog: product %d: replace claim %d: %w", productID, old.ID, err)
		}
	} else if !errors.Is(err, ErrNotFound) {
		return Certificate{}, nil, err
	}
	claim.CreatedAt = s.now().UTC()
	if err := q.GetContext(ctx, &claim.ID, s.db.Rebind(`INSERT INTO ocop_certificates (product_id, stars, decision_no,
		issued_by, issued_on, expires_on, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		productID, claim.Stars, claim.DecisionNo, claim.IssuedBy, claim.IssuedOn, claim.ExpiresOn, claim.Status, claim.CreatedAt); err != nil {
		return Certificate{}, nil, fmt.Errorf("catalog: product %d: claim: %w", productID, err)
	}
	if scan != nil {
		var err error
		if claim, err = s.setScan(ctx, q, claim, *scan); err != nil {
			return Certificate{}, nil, err
		}
	}
	return claim, replaced, nil
}

// AttachScan stores the scan of the certificate of the claim of a product
// of coopID still waiting for verification, inside the caller's
// transaction q, and returns the claim before and after; without a claim
// waiting it is a conflict.
func (s *Store) AttachScan(ctx context.Context, q Querier, coopID, productID int64, scan media.Variant) (before, after Certificate, err error) {
	if err := s.ownProduct(ctx, q, coopID, productID); err != nil {
		return Certificate{}, Certificate{}, err
	}
	before, err = s.pendingClaim(ctx, q, productID)
	if errors.Is(err, ErrNotFound) {
		return Certificate{}, Certificate{}, errNoPendingClaim
	}
	if err != nil {
		return Certificate{}, Certificate{}, err
	}
	after, err = s.setScan(ctx, q, before, scan)
	return before, after, err
}

func (s *Store) setScan(ctx context.Context, q Querier, c Certificate, scan media.Variant) (Certificate, error) {
	digest, err := s.PutImageData(ctx, q, scan.ContentType, scan.Data)
	if err != nil {
		return Certificate{}, fmt.Errorf("catalog: claim %d: scan: %w", c.ID, err)
	}
	if _, err := q.ExecContext(ctx, s.db.Rebind(`UPDATE ocop_certificates SET scan_digest = ?, scan_content_type = ? WHERE id = ?`),
		digest, scan.ContentType, c.ID); err != nil {
		return Certificate{}, fmt.Errorf("catalog: claim %d: scan: %w", c.ID, err)
	}
	c.ScanDigest, c.ScanContentType = digest, scan.ContentType
	c.ScanURL = ScanURL(c.ID, digest, scan.ContentType)
	return c, nil
}

func (s *Store) pendingClaim(ctx context.Context, q Querier, productID int64) (Certificate, error) {
	var c Certificate
	err := q.GetContext(ctx, &c, s.db.Rebind(`SELECT `+claimColumns+` FROM ocop_certificates
		WHERE product_id = ? AND status = 'pending' ORDER BY id DESC LIMIT 1`), productID)
	if db.NoRows(err) {
		return Certificate{}, fmt.Errorf("catalog: product %d: pending claim: %w", productID, ErrNotFound)
	}
	if err != nil {
		return Certificate{}, fmt.Errorf("catalog: product %d: pending claim: %w", productID, err)
	}
	c.fill()
	return c, nil
}

// fill sets what a read certificate derives from its columns.
func (c *Certificate) fill() {
	if c.ScanDigest != "" {
		c.ScanURL = ScanURL(c.ID, c.ScanDigest, c.ScanContentType)
	}
}

// Claims returns the OCOP claims and certificates of a product of the
// cooperative coopID, newest first.
func (s *Store) Claims(ctx context.Context, coopID, productID int64) ([]Certificate, error) {
	if err := s.ownProduct(ctx, s.db, coopID, productID); err != nil {
		return nil, err
	}
	cs := []Certificate{}
	if err := s.db.SelectContext(ctx, &cs, s.db.Rebind(`SELECT `+claimColumns+` FROM ocop_certificates
		WHERE product_id = ? ORDER BY id DESC`), productID); err != nil {
		return nil, fmt.Errorf("catalog: product %d: claims: %w", productID, err)
	}
	for i := range cs {
		cs[i].fill()
	}
	return cs, nil
}

// ScanURL is the immutable address of the scan of certificate id.
func ScanURL(id int64, digest, contentType string) string {
	ext := "pdf"
	switch contentType {
	case media.JPEG:
		ext = "jpg"
	case media.PNG:
		ext = "png"
	}
	if len(digest) > 16 {
		digest = digest[:16]
	}
	return fmt.Sprintf("/images/s%d-%s.%s", id, digest, ext)
}

// ScanFile returns the content type and bytes of the scan of certificate
// id, when its digest starts with prefix.
func (s *Store) ScanFile(ctx context.Context, id int64, prefix string) (contentType string, data []byte, err error) {
	var row struct {
		Digest      string `db:"scan_digest"`
		ContentType string `db:"scan_content_type"`
	}
	err = s.db.GetContext(ctx, &row, s.db.Rebind(`SELECT scan_digest, scan_content_type FROM ocop_certificates WHERE id = ?`), id)
	if db.NoRows(err) || (err == nil && (row.Digest == "" || prefix == "" || !strings.HasPrefix(row.Digest, prefix))) {
		return "", nil, fmt.Errorf("catalog: scan %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", nil, fmt.Errorf("catalog: scan %d: %w", id, err)
	}
	o, err := s.blobs.Get(ctx, row.Digest)
	if errors.Is(err, blob.ErrNotFound) {
		return "", nil, fmt.Errorf("catalog: scan %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", nil, fmt.Errorf("catalog: scan %d: %w", id, err)
	}
	return row.ContentType, o.Data, nil
}
