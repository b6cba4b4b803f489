// Package coopmedia is what a cooperative does to the photos and the OCOP
// claims of its products, for the panel's pages and API alike: each upload
// is checked by internal/media before anything is stored, and each change
// commits in one transaction with its audit record (and, through the
// catalog, the search index job when what shoppers see changes).
package coopmedia

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/catalog"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/media"
)

// MaxAltRunes is the longest alt text of a photo.
const MaxAltRunes = 200

// Service changes the photos and OCOP claims of a cooperative's products.
type Service struct {
	db    *db.DB
	cat   *catalog.Store
	audit *audit.Log
	// decoding holds a place for each upload being decoded: a 40 MP photo
	// takes about 160 MB, so only MaxDecoding are decoded at once.
	decoding chan struct{}
}

// MaxDecoding is how many uploads one process decodes at the same time;
// the others wait their turn (or give up with a 503 when their request
// ends first).
const MaxDecoding = 2

// errBusy refuses an upload whose request ended while it waited for a
// decoding place.
var errBusy = fault.New(fault.Unavailable, "uploads_busy").After(5 * time.Second)

// New returns the Service over d.
func New(d *db.DB, cat *catalog.Store, log *audit.Log) *Service {
	return &Service{db: d, cat: cat, audit: log, decoding: make(chan struct{}, MaxDecoding)}
}

// decode runs fn, the decoding of an upload, once a decoding place is free.
func decode[T any](ctx context.Context, s *Service, fn func() (T, error)) (T, error) {
	select {
	case s.decoding <- struct{}{}:
		defer func() { <-s.decoding }()
		return fn()
	case <-ctx.Done():
		var zero T
		return zero, errBusy.Wrap(ctx.Err())
	}
}

// Photos returns the photos of a product of coopID, in order.
func (s *Service) Photos(ctx context.Context, coopID, productID int64) ([]catalog.Image, error) {
	return s.cat.CoopImages(ctx, coopID, productID)
}

// Claims returns the OCOP claims of a product of coopID, newest first.
func (s *Service) Claims(ctx context.Context, coopID, productID int64) ([]catalog.Certificate, error) {
	return s.cat.Claims(ctx, coopID, productID)
}

// CheckAlt returns the alt text of a photo trimmed, or what is wrong with it.
func CheckAlt(alt string) (string, error) {
	switch {
	case !utf8.ValidString(alt):
		return "", fault.InvalidField("alt", "invalid_text", nil)
	case strings.ContainsFunc(alt, unicode.IsControl):
		return "", fault.InvalidField("alt", "control_characters", nil)
	}
	alt = strings.TrimSpace(alt)
	if utf8.RuneCountInString(alt) > MaxAltRunes {
		return "", fault.InvalidField("alt", "too_long", fault.Params{"max": MaxAltRunes})
	}
	return alt, nil
}

func (s *Service) record(ctx context.Context, tx *sqlx.Tx, actor audit.Actor, coopID int64, action, kind string, id int64, before, after any) error {
	return s.audit.Record(ctx, tx, audit.Entry{Actor: actor, CooperativeID: &coopID, Action: action,
		Subject: audit.Subject{Kind: kind, ID: audit.SubjectID(id)}, Before: before, After: after})
}

// AddPhoto checks an uploaded photo, stores its sizes as the last photo of
// a product of coopID and returns it. A refused upload stores nothing.
func (s *Service) AddPhoto(ctx context.Context, actor audit.Actor, coopID, productID int64, alt string, data []byte) (catalog.Image, error) {
	if _, err := s.cat.CoopImages(ctx, coopID, productID); err != nil {
		return catalog.Image{}, err // another cooperative's product is a 404 before any check of the file
	}
	alt, err := CheckAlt(alt)
	if err != nil {
		return catalog.Image{}, err
	}
	sizes, err := decode(ctx, s, func() ([]media.Variant, error) { return media.Photo(data) })
	if err != nil {
		return catalog.Image{}, err
	}
	var im catalog.Image
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		if im, err = s.cat.AddPhoto(ctx, tx, coopID, productID, alt, sizes); err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "product.image.add", "product_image", im.ID, nil, Describe(im))
	})
	if err != nil {
		return catalog.Image{}, fmt.Errorf("coopmedia: product %d: add photo: %w", productID, err)
	}
	return im, nil
}

// ChangePhoto changes the alt text or the place of a photo.
func (s *Service) ChangePhoto(ctx context.Context, actor audit.Actor, coopID, productID, imageID int64, ch catalog.ImageChange) (catalog.Image, error) {
	if ch.Alt != nil {
		alt, err := CheckAlt(*ch.Alt)
		if err != nil {
			return catalog.Image{}, err
		}
		ch.Alt = &alt
	}
	if ch.Position != nil && *ch.Position < 0 {
		return catalog.Image{}, fault.InvalidField("position", "negative", nil)
	}
	var after catalog.Image
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, a, err := s.cat.ChangeImage(ctx, tx, coopID, productID, imageID, ch)
		if err != nil {
			return err
		}
		after = a
		return s.record(ctx, tx, actor, coopID, "product.image.update", "product_image", imageID, Describe(before), Describe(after))
	})
	if err != nil {
		return catalog.Image{}, fmt.Errorf("coopmedia: image %d: %w", imageID, err)
	}
	ims, err := s.cat.CoopImages(ctx, coopID, productID)
	if err != nil {
		return catalog.Image{}, err
	}
	for i, im := range ims {
		if im.ID == imageID {
			im.Position = i
			return im, nil
		}
	}
	return after, nil
}

// DeletePhoto removes a photo of a product of coopID.
func (s *Service) DeletePhoto(ctx context.Context, actor audit.Actor, coopID, productID, imageID int64) error {
	err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		gone, err := s.cat.DeleteImage(ctx, tx, coopID, productID, imageID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coopID, "product.image.delete", "product_image", imageID, Describe(gone), nil)
	})
	if err != nil {
		return fmt.Errorf("coopmedia: delete image %d: %w", imageID, err)
	}
	return nil
}

// Claim records an OCOP claim of a product of coopID, with the scan of its
// certificate when scan is not empty, waiting for staff to verify it.
func (s *Service) Claim(ctx context.Context, actor audit.Actor, coopID, productID int64, c catalog.Claim, scan []byte) (catalog.Certificate, error) {
	if _, err := s.cat.Claims(ctx, coopID, productID); err != nil {
		return catalog.Certificate{}, err
	}
	cert, err := s.cat.CheckClaim(ctx, productID, c)
	if err != nil {
		return catalog.Certificate{}, err
	}
	var file *media.Variant
	if len(scan) > 0 {
		v, err := decode(ctx, s, func() (media.Variant, error) { return media.Scan(scan) })
		if err != nil {
			return catalog.Certificate{}, err
		}
		file = &v
	}
	var claim catalog.Certificate
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		cl, replaced, err := s.cat.ClaimOCOP(ctx, tx, coopID, cert, file)
		if err != nil {
			return err
		}
		claim = cl
		var before any
		if replaced != nil {
			before = replaced
		}
		return s.record(ctx, tx, actor, coopID, "product.ocop.claim", "ocop_certificate", claim.ID, before, claim)
	})
	if err != nil {
		return catalog.Certificate{}, fmt.Errorf("coopmedia: product %d: claim: %w", productID, err)
	}
	return claim, nil
}

// AttachScan checks the scan of a certificate and attaches it to the claim
// of a product of coopID waiting for verification.
func (s *Service) AttachScan(ctx context.Context, actor audit.Actor, coopID, productID int64, data []byte) (catalog.Certificate, error) {
	if _, err := s.cat.Claims(ctx, coopID, productID); err != nil {
		return catalog.Certificate{}, err
	}
	scan, err := decode(ctx, s, func() (media.Variant, error) { return media.Scan(data) })
	if err != nil {
		return catalog.Certificate{}, err
	}
	var after catalog.Certificate
	err = s.db.Tx(ctx, func(tx *sqlx.Tx) error {
		before, a, err := s.cat.AttachScan(ctx, tx, coopID, productID, scan)
		if err != nil {
			return err
		}
		after = a
		return s.record(ctx, tx, actor, coopID, "product.ocop.scan", "ocop_certificate", a.ID, before, after)
	})
	if err != nil {
		return catalog.Certificate{}, fmt.Errorf("coopmedia: product %d: scan: %w", productID, err)
	}
	return after, nil
}

// Photo is a photo as the panel's API answers it.
type Photo struct {
	ID       int64                  `json:"id"`
	URL      string                 `json:"url"`
	Alt      string                 `json:"alt"`
	Position int                    `json:"position"`
	Width    int                    `json:"width"`
	Height   int                    `json:"height"`
	Variants []catalog.ImageVariant `json:"variants"`
}

// Describe is im as the API answers it and the audit log records it.
func Describe(im catalog.Image) Photo {
	vs := im.Variants
	if vs == nil {
		vs = []catalog.ImageVariant{}
	}
	return Photo{ID: im.ID, URL: im.URL, Alt: im.Alt, Position: im.Position, Width: im.Width, Height: im.Height, Variants: vs}
}

// ClaimView is an OCOP claim as the panel shows it: with whether it has
// expired and how many days it has left.
type ClaimView struct {
	catalog.Certificate
	Expired bool `json:"expired"`
	// DaysLeft counts the days until expires_on, 0 on the day itself and
	// below 0 once expired.
	DaysLeft int `json:"days_left"`
	// ExpiringSoon is a verified certificate within catalog.ReminderDays of
	// its expiry.
	ExpiringSoon bool `json:"expiring_soon"`
}

// View returns c as the panel shows it today.
func (s *Service) View(c catalog.Certificate) ClaimView {
	days := int(c.ExpiresOn.Sub(s.cat.Today().Time).Hours() / 24)
	return ClaimView{Certificate: c, Expired: days < 0, DaysLeft: days,
		ExpiringSoon: c.Status == catalog.CertVerified && days >= 0 && days <= catalog.ReminderDays}
}

// Product returns the id, slug and name of a product of coopID.
func (s *Service) Product(ctx context.Context, coopID, productID int64) (catalog.Ref, error) {
	return s.cat.OwnProductRef(ctx, coopID, productID)
}
