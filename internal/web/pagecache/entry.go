package pagecache

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
	"github.com/klauspost/compress/s2"
)

// field is a response header a handler set, replayed on every hit.
type field struct{ name, value string }

// entry is one kept answer: always a 200 without cookies.
type entry struct {
	key     string
	version uint64
	header  []field
	// packed is the anonymous page, markers taken out, in S2: a third to
	// a fifth of its size, decoded at gigabytes a second for the answers
	// sent as they are (a personal block spliced in, no coding asked for),
	// so that the cache holds several times more pages in its bytes.
	packed []byte
	raw    int // the page's length
	// block is where the personal block lies in body, [start, end), when
	// hasBlock.
	block    [2]int
	hasBlock bool
	// etag is strong and quoted: the version and a hash of the body, the
	// same on every instance that renders the same bytes.
	etag string
	// tags are the ETags of the compressed forms, by encoding.
	tags   [3]string
	gzip   variant
	brotli variant
	used   atomic.Bool // hit since the CLOCK hand last passed
	gone   atomic.Bool // evicted or replaced
}

// variant is a compressed form of an entry's body, kept from its second
// demand on.
type variant struct {
	asked atomic.Int32 // demands made before the form was kept
	once  sync.Once
	// body is nil until made, and empty when compressing did not make it
	// smaller (the identity body is sent instead).
	body atomic.Pointer[[]byte]
}

// newEntry makes the entry of a rendered answer at version.
func newEntry(key string, version uint64, header []field, body []byte, block [2]int, hasBlock bool) *entry {
	h := xxhash.New()
	_, _ = h.Write(body)
	var v [8]byte
	binary.LittleEndian.PutUint64(v[:], version)
	_, _ = h.Write(v[:])
	etag := `"` + strconv.FormatUint(version, 36) + "-" + strconv.FormatUint(h.Sum64(), 36) + `"`
	// s2.Encode writes into a buffer of MaxEncodedLen, larger than the body;
	// keeping it whole held four times the bytes the cache counted (pprof:
	// 108 MB in use for 27 MB of entries at 100,000 products).
	e := &entry{key: key, version: version, header: header, packed: bytes.Clone(s2.Encode(nil, body)), raw: len(body),
		block: block, hasBlock: hasBlock, etag: etag}
	for _, enc := range []encoding{encGzip, encBrotli} {
		e.tags[enc] = etag[:len(etag)-1] + "-" + enc.name() + `"`
	}
	return e
}

// body appends the page to dst.
func (e *entry) body(dst []byte) []byte {
	n := len(dst)
	dst = slices.Grow(dst, e.raw)[:n+e.raw]
	if _, err := s2.Decode(dst[n:], e.packed); err != nil {
		panic("pagecache: an entry's own S2 block does not decode: " + err.Error()) // made by s2.Encode above
	}
	return dst
}

// size is the bytes the entry holds, compressed forms made so far
// included.
func (e *entry) size() int {
	n := len(e.key) + cap(e.packed) + 3*len(e.etag) + 128
	for _, f := range e.header {
		n += len(f.name) + len(f.value)
	}
	for _, v := range []*variant{&e.gzip, &e.brotli} {
		if b := v.body.Load(); b != nil {
			n += cap(*b)
		}
	}
	return n
}

// compressed returns the body in encoding enc, and made, the bytes it
// added to the entry. The first demand of a form compresses it for that
// answer only; the second keeps it: a form asked for once (the one visit
// of a long-tail page, a crawler) would have held a third more bytes of
// the cache for nothing. It returns nil when that form is no smaller than
// the body.
func (e *entry) compressed(enc encoding) (body []byte, made int) {
	v := &e.gzip
	if enc == encBrotli {
		v = &e.brotli
	}
	if v.body.Load() == nil && v.asked.Add(1) == 1 {
		if b := compress(enc, e.body(nil)); len(b) < e.raw {
			return b, 0
		}
		return nil, 0
	}
	v.once.Do(func() {
		b := compress(enc, e.body(nil))
		if len(b) >= e.raw {
			b = []byte{}
		}
		v.body.Store(&b)
		made = cap(b) // as size counts it, so that the cache's total stays exact
	})
	b := *v.body.Load()
	if len(b) == 0 {
		return nil, made
	}
	return b, made
}
