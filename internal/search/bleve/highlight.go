package bleve

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"

	ocsearch "github.com/ocopmarket/ocopmarket/internal/search"
)

// Highlights are marked in the name and description of the page's hits, as
// the catalog has them now (Index.texts), by analyzing them again and
// marking the words whose folded form the query matched (its terms as the
// search expanded them). Bleve's highlighter needed a second search, with
// term locations, over the page's documents: walking to 24 documents in
// posting lists of 90,000 took 3 ms of each search at 100,000 products,
// more than the rest of its set-up.

// fragmentSize is about how many bytes of a description its highlight
// shows.
const fragmentSize = 200

// highlights returns, for each product of ids, its "name" and
// "description" highlights in texts for the query tm whose terms are ex.
func highlights(m mapping.IndexMapping, tm *textMatch, ex expansion, ids []int64, texts map[int64]ocsearch.Text) ([]map[string]string, error) {
	a := m.AnalyzerNamed(FoldAnalyzer)
	if a == nil {
		return nil, fmt.Errorf("highlight: no analyzer %s", FoldAnalyzer)
	}
	name, desc := tm.marked(ex, fNameFold), tm.marked(ex, fDescFold)
	out := make([]map[string]string, len(ids))
	for i, id := range ids {
		t := texts[id]
		out[i] = map[string]string{}
		if h, ok := mark(a, t.Name, name, true); ok {
			out[i]["name"] = h
		}
		if h, ok := mark(a, t.Description, desc, false); ok {
			out[i]["description"] = h
		}
	}
	return out, nil
}

// mark returns text, HTML-escaped, with the words whose folded form is in
// terms inside <mark>; unless whole, a text longer than fragmentSize is cut
// to about fragmentSize bytes around the most marks, "…" showing the cuts.
// ok is false when no word is marked.
func mark(a analysis.Analyzer, text string, terms map[string]bool, whole bool) (string, bool) {
	var marks [][2]int
	for _, t := range a.Analyze([]byte(text)) {
		if terms[string(t.Term)] {
			marks = append(marks, [2]int{t.Start, t.End})
		}
	}
	if len(marks) == 0 {
		return "", false
	}
	from, to := 0, len(text)
	if !whole && len(text) > fragmentSize {
		from, to = window(text, marks)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	at := from
	for _, m := range marks {
		if m[0] < at || m[1] > to {
			continue
		}
		b.WriteString(html.EscapeString(text[at:m[0]]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[m[0]:m[1]]))
		b.WriteString("</mark>")
		at = m[1]
	}
	b.WriteString(html.EscapeString(text[at:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String(), true
}

// window returns the bytes [from, to) of text, about fragmentSize long and
// cut between words, that hold the most marks (in order, not overlapping).
func window(text string, marks [][2]int) (from, to int) {
	best, most := 0, 0
	for i := range marks {
		n := 0
		for j := i; j < len(marks) && marks[j][1] <= marks[i][0]+fragmentSize; j++ {
			n++
		}
		if n > most {
			best, most = i, n
		}
	}
	first := marks[best][0]
	// Start a few words before the first mark, at a word's start.
	from = max(0, first-fragmentSize/5)
	if from > 0 {
		if sp := strings.IndexByte(text[from:first], ' '); sp >= 0 {
			from += sp + 1
		} else {
			from = first
		}
	}
	to = min(len(text), from+fragmentSize)
	if to < len(text) {
		if sp := strings.LastIndexByte(text[marks[best][1]:to], ' '); sp >= 0 {
			to = marks[best][1] + sp
		}
	}
	for to < len(text) && !utf8.RuneStart(text[to]) {
		to++
	}
	return from, to
}
