// Package trace keeps the traceability batches of products (truy xuất
// nguồn gốc): one harvest of a product, packed on a day, with the public
// trace code its QR labels carry, and the record a shopper who scans the
// label reads. Every change of a batch is written with its audit record in
// one transaction. It owns its SQL and knows nothing of HTTP.
package trace

import (
	"crypto/rand"
	"net/url"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/audit"
	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/format"
	"github.com/ocopmarket/ocopmarket/internal/paths"
)

// errNotFound is a batch, product or trace code that does not exist or
// belongs to another cooperative.
var errNotFound = fault.New(fault.NotFound, "not_found")

// ErrBatchNoTaken is a batch number the product already has.
var ErrBatchNoTaken = fault.New(fault.Conflict, "batch_no_taken")

// notFound is the 404 of the thing named.
func notFound(what string) error { return errNotFound.With(fault.Params{"what": what}) }

// Service keeps the batches and answers trace codes.
type Service struct {
	db    *db.DB
	audit *audit.Log
	now   func() time.Time
	base  string // the public address of the site, without a trailing slash
}

// New returns the batches of d, recording every change in log, with the
// clock now (harvest and packing dates may not be after today in
// Vietnam) and the public address base that trace URLs start with.
func New(d *db.DB, log *audit.Log, now func() time.Time, base *url.URL) *Service {
	return &Service{db: d, audit: log, now: now, base: strings.TrimSuffix(base.String(), "/")}
}

// Today is the current day in Vietnam.
func (s *Service) Today() db.Date { return db.NewDate(s.now().In(format.Vietnam())) }

// TraceURL is the absolute address of the public page of a trace code,
// the one its QR code holds.
func (s *Service) TraceURL(code string) string { return s.base + paths.MustBuild(paths.Trace, code) }

// CodeLength is the number of characters of a trace code: 50 random bits,
// written in Crockford's base32.
const CodeLength = 10

// crockford is Crockford's base32 alphabet: digits and upper-case letters
// without I, L, O and U, so that a code read aloud or typed from a label
// is not misread.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCode returns a random trace code, for batches written by other means
// than the Service (the demo data).
func NewCode() string {
	b := make([]byte, CodeLength)
	// rand.Read never fails (it panics if the system's source breaks).
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = crockford[b[i]&31]
	}
	return string(b)
}

// NormalizeCode reads a trace code the way a shopper may type it: any
// case, with dashes or spaces, I and L for 1, O for 0. It returns false
// when what is left is not a code.
func NormalizeCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case '-', ' ':
			continue
		case 'I', 'L':
			r = '1'
		case 'O':
			r = '0'
		}
		if !strings.ContainsRune(crockford, r) {
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != CodeLength {
		return "", false
	}
	return b.String(), true
}
