package media

import (
	"bytes"
	"compress/zlib"
	"io"
	"strconv"
)

// activeNames are the PDF names of what runs or opens something when the
// document is read: script, launching programs, embedded files.
func activeNames() []string {
	return []string{"JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA", "SubmitForm", "ImportData"}
}

// maxInflated is the most bytes checkPDF inflates from the streams of a
// document, so that a compressed bomb is refused instead of expanded.
const maxInflated = 64 << 20

// checkPDF accepts a whole PDF (its header and its final %%EOF) that names
// no active content, neither in its text nor in its Flate-compressed
// streams (where object streams hide dictionaries), names written with
// #xx escapes included.
func checkPDF(data []byte) error {
	tail := bytes.TrimRight(data, " \t\r\n\x00")
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(tail, []byte("%%EOF")) {
		return errOf("broken_pdf", nil)
	}
	if namesActive(data) {
		return errOf("active_pdf", nil)
	}
	budget := maxInflated
	rest := data
	for {
		i := bytes.Index(rest, []byte("stream"))
		if i < 0 {
			return nil
		}
		rest = rest[i+len("stream"):]
		if bytes.HasPrefix(rest, []byte("\r\n")) {
			rest = rest[2:]
		} else if bytes.HasPrefix(rest, []byte("\n")) {
			rest = rest[1:]
		} else {
			continue // "endstream", or the word inside text
		}
		end := bytes.Index(rest, []byte("endstream"))
		if end < 0 {
			return errOf("broken_pdf", nil)
		}
		body := rest[:end]
		rest = rest[end+len("endstream"):]
		zr, err := zlib.NewReader(bytes.NewReader(body))
		if err != nil {
			continue // not Flate: images and the like, already scanned as they are
		}
		// A damaged stream is judged by what it inflated to before the damage.
		inflated, _ := io.ReadAll(io.LimitReader(zr, int64(budget)+1))
		if len(inflated) > budget {
			return errOf("broken_pdf", nil)
		}
		budget -= len(inflated)
		if namesActive(inflated) {
			return errOf("active_pdf", nil)
		}
	}
}

// namesActive reports whether b holds a PDF name of activeNames, once the
// name's #xx escapes are decoded.
func namesActive(b []byte) bool {
	active := activeNames()
	for i := 0; i < len(b); i++ {
		if b[i] != '/' {
			continue
		}
		j := i + 1
		var name []byte
		for j < len(b) && regular(b[j]) {
			if b[j] == '#' && j+2 < len(b) {
				if v, err := strconv.ParseUint(string(b[j+1:j+3]), 16, 8); err == nil {
					name = append(name, byte(v))
					j += 3
					continue
				}
			}
			name = append(name, b[j])
			j++
		}
		for _, a := range active {
			if string(name) == a {
				return true
			}
		}
		i = j - 1
	}
	return false
}

// regular reports whether c may be part of a PDF name: neither white
// space nor a delimiter.
func regular(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\f', 0, '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return false
	}
	return true
}
