package bleve

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Bleve's searchers match a text query document at a time: for every
// candidate, every clause of every word moves through a heap of posting
// iterators. At 100,000 products a common word ("sản", in nine products of
// ten) took 50 ms of a core that way (pprof: ConjunctionSearcher and
// DisjunctionHeapSearcher 80 % of the search). The matcher below reads the
// same posting lists a term at a time instead, straight from each
// segment, adding each posting's weight into arrays indexed by document
// number: "sản" takes 20 ms of a core instead of 53. The scores keep
// Bleve's TF-IDF shape (boost × idf² × √freq × norm, a word's clauses
// summed and scaled by the share of its clauses that matched, the words
// summed), so relevance ranks as it did.

// clauseKind says how a clause's text matches a field's terms.
type clauseKind uint8

const (
	clauseTerm   clauseKind = iota // the term itself
	clauseFuzzy                    // every term within one edit of it
	clausePrefix                   // every term starting with it
)

// clause is one way a query word matches: a term of a field, or the
// field's terms within one typo of it or starting with it.
type clause struct {
	field, text string
	kind        clauseKind
	boost       float64
}

// terms returns the snapshot's terms that the clause matches.
func (c clause) terms(r index.IndexReader) ([]string, error) {
	var dict index.FieldDict
	var err error
	switch c.kind {
	case clauseFuzzy:
		fr, ok := r.(index.IndexReaderFuzzy)
		if !ok {
			return nil, fmt.Errorf("terms of %s:%q: reader %T has no fuzzy dictionary", c.field, c.text, r)
		}
		dict, err = fr.FieldDictFuzzy(c.field, c.text, 1, "")
	case clausePrefix:
		dict, err = r.FieldDictPrefix(c.field, []byte(c.text))
	default:
		return []string{c.text}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("terms of %s:%q: %w", c.field, c.text, err)
	}
	defer dict.Close()
	var out []string
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("terms of %s:%q: %w", c.field, c.text, err)
		}
		if e == nil {
			return out, nil
		}
		out = append(out, e.Term)
	}
}

// textMatch is a text query: each word must match (or, with any, one word
// must) through one of its clauses.
type textMatch struct {
	words [][]clause
	any   bool
}

// textQuery builds the relevance query: each word must match (or, with any,
// one word must) in some field, in its exact form (boosted), folded form,
// and, in every field but the description, with one typo when it has
// fuzzyMinRune letters or more, or, for the last word, as a prefix. A
// description's many words would make every typo and prefix a match of
// thousands of products, for matches that the name, cooperative and places
// already give.
func textQuery(text string, any bool) *textMatch {
	terms := queryTerms(text)
	if len(terms) == 0 {
		return nil
	}
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	tm := &textMatch{any: any}
	for i, t := range terms {
		last := i == len(terms)-1
		var alts []clause
		for _, f := range textFields {
			if f.exact != "" {
				alts = append(alts, clause{field: f.exact, text: t.exact, boost: f.boost * exactBoost})
			}
			alts = append(alts, foldClauses(f.fold, t.fold, last && f.fold != fDescFold, f.fold != fDescFold, f.boost)...)
		}
		tm.words = append(tm.words, alts)
	}
	return tm
}

// expansion is, for each clause of each word of a text query, the
// snapshot's terms it matches with their document counts, looked up once
// for all the parts of a search.
type expansion [][][]expanded

// expanded is one term of a clause and how many live documents hold it.
type expanded struct {
	text string
	df   uint64
}

// expand looks up the terms of tm's clauses in the snapshot r, whose
// segments are spans, and counts their documents.
func (tm *textMatch) expand(r index.IndexReader, spans []span) (expansion, error) {
	out := make(expansion, len(tm.words))
	for wi, alts := range tm.words {
		out[wi] = make([][]expanded, len(alts))
		for ci, c := range alts {
			terms, err := c.terms(r)
			if err != nil {
				return nil, err
			}
			for _, t := range terms {
				var df uint64
				for _, sp := range spans {
					pl, err := postings(sp, c.field, t)
					if err != nil {
						return nil, err
					}
					df += pl.Count()
				}
				if df > 0 {
					out[wi][ci] = append(out[wi][ci], expanded{text: t, df: df})
				}
			}
		}
	}
	return out, nil
}

// postings returns the live postings of term t in field of the segment sp.
func postings(sp span, field, t string) (segment.PostingsList, error) {
	dict, err := sp.seg.Segment().Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("dictionary of %s: %w", field, err)
	}
	pl, err := dict.PostingsList([]byte(t), sp.seg.Deleted(), nil)
	if err != nil {
		return nil, fmt.Errorf("postings of %s:%q: %w", field, t, err)
	}
	return pl, nil
}

// marked returns the terms of field that the query matched in r, as
// expanded: the words to mark in its highlights.
func (tm *textMatch) marked(ex expansion, field string) map[string]bool {
	out := map[string]bool{}
	for wi, alts := range tm.words {
		for ci, c := range alts {
			if c.field == field {
				for _, t := range ex[wi][ci] {
					out[t.text] = true
				}
			}
		}
	}
	return out
}

// foldClauses match a folded word in a folded field: as is, with one typo
// when fuzzy and long enough, and as a prefix when it is the last word.
func foldClauses(field, word string, last, fuzzy bool, boost float64) []clause {
	out := []clause{{field: field, text: word, boost: boost}}
	n := utf8.RuneCountInString(word)
	if fuzzy && n >= fuzzyMinRune {
		out = append(out, clause{field: field, text: word, kind: clauseFuzzy, boost: boost * 0.3})
	}
	if last && n >= 2 {
		out = append(out, clause{field: field, text: word, kind: clausePrefix, boost: boost * 0.2})
	}
	return out
}

// scores are the per-document sums of one part of a text search, indexed
// by document number minus the part's first.
type scores struct {
	total []float32 // the words' scores so far
	mask  []uint32  // bit i: word i matched
	word  []float32 // the current word's clause weights
	count []uint8   // how many of the current word's clauses matched
	last  []uint16  // the last clause that counted for the document
}

// getScores returns zeroed scores for n documents, from pool when it has
// some; put them back there when done.
func getScores(pool *sync.Pool, n int) *scores {
	s, _ := pool.Get().(*scores)
	if s == nil || cap(s.total) < n {
		return &scores{total: make([]float32, n), mask: make([]uint32, n), word: make([]float32, n), count: make([]uint8, n), last: make([]uint16, n)}
	}
	s.total, s.mask, s.word, s.count, s.last = s.total[:n], s.mask[:n], s.word[:n], s.count[:n], s.last[:n]
	clear(s.total)
	clear(s.mask)
	clear(s.word)
	clear(s.count)
	clear(s.last)
	return s
}

// matchRange scores the documents rg of the snapshot r against tm, whose
// terms are ex, keeps those that root (the filters; nil for none) also
// matches, and passes them to col.
func (x *Index) matchRange(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, tm *textMatch, ex expansion, root query.Query, col *collector, spans []span, rg docRange) error {
	col.start()
	var end uint64
	if len(spans) > 0 {
		end = spans[len(spans)-1].end
	}
	from, to := rg.from, min(rg.to, end)
	if from >= to {
		return nil
	}
	docs, err := r.DocCount()
	if err != nil {
		return fmt.Errorf("document count: %w", err)
	}
	sc := getScores(&x.scores, int(to-from))
	defer x.scores.Put(sc)
	var id uint16
	for wi, alts := range tm.words {
		for ci, c := range alts {
			id++
			for _, t := range ex[wi][ci] {
				if err := sc.addTerm(ctx, spans, c, t, docs, id, from, to); err != nil {
					return err
				}
			}
		}
		share := 1 / float32(len(alts))
		bit := uint32(1) << wi
		for i, n := range sc.count {
			if n > 0 {
				sc.total[i] += sc.word[i] * float32(n) * share
				sc.mask[i] |= bit
				sc.word[i], sc.count[i] = 0, 0
			}
		}
	}
	words := len(tm.words)
	all := uint32(1)<<words - 1
	take := func(at *int, d uint64) error {
		i := d - from
		mask := sc.mask[i]
		if mask == 0 || (!tm.any && mask != all) {
			return nil
		}
		score := float64(sc.total[i])
		if tm.any {
			score *= float64(bits.OnesCount32(mask)) / float64(words)
		}
		return col.take(spans, at, d, score)
	}
	at := 0
	if root == nil {
		for i := range sc.mask {
			if i%checkDoneEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := take(&at, from+uint64(i)); err != nil {
				return err
			}
		}
		return nil
	}
	return eachMatch(ctx, r, m, root, rg, false, func(d uint64, _ float64) error {
		if d >= to {
			return nil
		}
		return take(&at, d)
	})
}

// addTerm adds the weight of the postings of t in c's field, between the
// documents from and to, to the current word's sums; id is c's number.
// It reads each segment's postings directly: the snapshot's term reader
// would wrap every posting in a TermFieldDoc, a third of the time taken.
func (sc *scores) addTerm(ctx context.Context, spans []span, c clause, t expanded, docs uint64, id uint16, from, to uint64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	idf := 1 + math.Log(float64(docs)/float64(t.df+1))
	weight := float32(c.boost * idf * idf)
	var it segment.PostingsIterator
	for _, sp := range spans {
		if sp.end <= from || sp.start >= to {
			continue
		}
		pl, err := postings(sp, c.field, t.text)
		if err != nil {
			return err
		}
		it = pl.Iterator(true, true, false, it)
		var p segment.Posting
		if from > sp.start {
			p, err = it.Advance(from - sp.start)
		} else {
			p, err = it.Next()
		}
		for ; err == nil && p != nil; p, err = it.Next() {
			d := sp.start + p.Number()
			if d >= to {
				break
			}
			i := d - from
			sc.word[i] += weight * float32(math.Sqrt(float64(p.Frequency()))*p.Norm())
			if sc.last[i] != id {
				sc.last[i] = id
				sc.count[i]++
			}
		}
		if err != nil {
			return fmt.Errorf("postings of %s:%q: %w", c.field, t.text, err)
		}
	}
	return nil
}

// eachMatch calls fn with each document of rg that q matches, in order,
// and its score when scored.
func eachMatch(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, q query.Query, rg docRange, scored bool, fn func(doc uint64, score float64) error) (err error) {
	opts := search.SearcherOptions{Score: "none"}
	if scored {
		opts.Score = "" // Bleve's default scoring
	}
	s, err := q.Searcher(ctx, r, m, opts)
	if err != nil {
		return fmt.Errorf("searcher: %w", err)
	}
	defer func() {
		if cerr := s.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close searcher: %w", cerr)
		}
	}()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: r}
	var dm *search.DocumentMatch
	if rg.from > 0 {
		start := make(index.IndexInternalID, 8)
		start.SetValue(rg.from)
		dm, err = s.Advance(sctx, start)
	} else {
		dm, err = s.Next(sctx)
	}
	for n := 0; err == nil && dm != nil; n++ {
		if n%checkDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d, score := dm.IndexInternalID.Value(), dm.Score
		sctx.DocumentMatchPool.Put(dm)
		if d >= rg.to {
			return nil
		}
		if err := fn(d, score); err != nil {
			return err
		}
		dm, err = s.Next(sctx)
	}
	return err
}
