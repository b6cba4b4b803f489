package pagecache

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// encoding is a content coding the cache keeps bodies in.
type encoding int

const (
	encIdentity encoding = iota
	encGzip
	encBrotli
)

// Levels of the kept compressed forms: each is made once per entry, so
// they compress harder than the site's on-the-fly compression (brotli 4,
// gzip 6) for a smaller page on a phone's link.
const (
	brotliLevel = 6
	gzipLevel   = 7
)

// name is the Content-Encoding of enc.
func (enc encoding) name() string {
	switch enc {
	case encGzip:
		return "gzip"
	case encBrotli:
		return "br"
	}
	return ""
}

// compress returns body in enc.
func compress(enc encoding, body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 4)
	switch enc {
	case encBrotli:
		w := brotli.NewWriterLevel(&buf, brotliLevel)
		_, _ = w.Write(body) // writes to memory do not fail
		_ = w.Close()
	case encGzip:
		w, _ := gzip.NewWriterLevel(&buf, gzipLevel) // the level is valid
		_, _ = w.Write(body)
		_ = w.Close()
	default:
		return body
	}
	return bytes.Clone(buf.Bytes()) // without the buffer's spare room, which the cache would keep
}

// accepted picks the best coding an Accept-Encoding header allows:
// brotli, then gzip, else the body as it is. A coding given q=0 is
// refused; "*" stands for any coding not named.
func accepted(header []byte) encoding {
	if len(header) == 0 {
		return encIdentity
	}
	if !bytes.ContainsAny(header, ";*") {
		// The usual header ("gzip, deflate, br, zstd"): no weights to read.
		enc := encIdentity
		for part := range bytes.SplitSeq(header, []byte(",")) {
			switch part = bytes.TrimSpace(part); {
			case bytes.EqualFold(part, []byte("br")):
				return encBrotli
			case bytes.EqualFold(part, []byte("gzip")), bytes.EqualFold(part, []byte("x-gzip")):
				enc = encGzip
			}
		}
		return enc
	}
	br, gz := -1.0, -1.0 // -1: not named
	star := -1.0
	for part := range strings.SplitSeq(string(header), ",") {
		coding, params, _ := strings.Cut(part, ";")
		q := 1.0
		for p := range strings.SplitSeq(params, ";") {
			if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(coding)) {
		case "br":
			br = q
		case "gzip", "x-gzip":
			gz = q
		case "*":
			star = q
		}
	}
	if br < 0 {
		br = star
	}
	if gz < 0 {
		gz = star
	}
	switch {
	case br > 0 && br >= gz:
		return encBrotli
	case gz > 0:
		return encGzip
	}
	return encIdentity
}
