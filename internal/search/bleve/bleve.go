// Package bleve is the embedded search backend: a Bleve index stored in the
// data folder, folding Vietnamese for matching while ranking exact-accent
// matches first. It suits a single machine; search/meili is the scale-out
// backend.
package bleve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"golang.org/x/text/unicode/norm"

	"github.com/ocopmarket/ocopmarket/internal/search"
)

var (
	_ search.Index     = (*Index)(nil)
	_ search.Rebuilder = (*Index)(nil)
)

// Field names in the Bleve documents.
const (
	fNameExact = "name_exact"
	fNameFold  = "name_fold"
	fCoopExact = "coop_exact"
	fCoopFold  = "coop_fold"
	fGIExact   = "gi_exact"
	fGIFold    = "gi_fold"
	fDescExact = "desc_exact"
	fDescFold  = "desc_fold"
	fPlaceFold = "place_fold" // province, ward and category names
	// fFacet holds every facet value of a product as prefixed keywords
	// ("p:son-la", "c:ca-phe", "co:htx-x", "ce:vietgap", "s:5:20270626"),
	// in doc values so that one visit per hit feeds all facets (see
	// collect.go); its terms also serve filters.
	fFacet = "facet"
	// fFilter holds the filter-only keywords ("g:do-uong", "in"), without
	// doc values, which stay small.
	fFilter = "filter"
	// fSortKey holds one term per product with every sort value (see
	// sortKey), in doc values.
	fSortKey = "sortkey"
)

// Layout and limits of the index.
const (
	currentFile  = "CURRENT"
	genPrefix    = "gen-"
	batchSize    = 2000
	maxTerms     = 32
	facetSize    = 100
	filterBoost  = 1e-6 // filters must not move relevance
	fuzzyMinRune = 5
	// schemaKey names the internal value recording the document layout a
	// generation was built with; schemaVersion changes with the mapping, and
	// a generation of another version is not opened (see Init).
	schemaKey     = "ocop_schema"
	schemaVersion = "6"
)

// Text fields with their weight: name > cooperative > geographical
// indication > description > place names. The exact-accent twin of a field
// weighs exactBoost times more, so "bơ" ranks "Bơ sáp" above "Thịt bò".
var textFields = [...]struct {
	exact, fold string
	boost       float64
}{
	{fNameExact, fNameFold, 10},
	{fCoopExact, fCoopFold, 5},
	{fGIExact, fGIFold, 3},
	{fDescExact, fDescFold, 1},
	{"", fPlaceFold, 1},
}

const exactBoost = 2.5

// Index is a Bleve search index kept in a folder. The live index is a
// generation sub-folder named in the folder's CURRENT file, so Rebuild can
// fill a new generation aside and swap it in. It is safe for concurrent use.
type Index struct {
	dir string
	// texts reads the names and descriptions that highlights and
	// suggestions are cut from: the index stores no text (newMapping).
	texts search.Texts

	mu  sync.RWMutex // guards idx and gen; held for reading by every operation
	idx bleve.Index
	gen string

	// writes counts the changes made to the live index (and swaps of it);
	// cached facets are valid only for the count they were computed at.
	writes atomic.Uint64
	facets *facetCache
	// cols holds the sort keys and facets of the live segments.
	cols *columnCache
	// parts bounds how many goroutines read one search's documents, each a
	// range of at least partDocs of them (parts.go).
	parts, partDocs int
	// scores holds the arrays that text searches score in (textmatch.go).
	scores sync.Pool

	rebuildMu sync.Mutex // one rebuild at a time
	// batchMu lets one batch at a time into the index (the indexer's jobs,
	// the shelf's refresh and the expiry sweep write side by side).
	batchMu sync.Mutex
	// next is the index being rebuilt: writes go to both, and the IDs written
	// directly win over the rebuild's (older) copy of the document.
	nextMu  sync.Mutex
	next    bleve.Index
	written map[int64]bool
}

// New returns an index stored in dir, whose highlights and suggestions are
// cut from the texts it reads (the catalog's); call Init before use.
func New(dir string, texts search.Texts) *Index {
	return &Index{
		dir: dir, texts: texts, facets: newFacetCache(), cols: newColumnCache(),
		parts: runtime.GOMAXPROCS(0), partDocs: defaultPartDocs,
	}
}

// Init opens the current generation in the folder, or creates a first one.
func (x *Index) Init(ctx context.Context) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx != nil {
		return nil
	}
	if err := os.MkdirAll(x.dir, 0o755); err != nil {
		return fmt.Errorf("bleve: init: %w", err)
	}
	gen, err := x.readCurrent()
	if err != nil {
		return err
	}
	var idx bleve.Index
	if gen != "" {
		idx, err = bleve.Open(filepath.Join(x.dir, gen))
		if err != nil {
			return fmt.Errorf("bleve: open %s: %w", gen, err)
		}
		// A generation built with another document layout cannot answer
		// queries correctly: start an empty one instead, which the app sees
		// as empty and rebuilds in the background.
		if v, err := idx.GetInternal([]byte(schemaKey)); err != nil || string(v) != schemaVersion {
			if cerr := idx.Close(); cerr != nil {
				return fmt.Errorf("bleve: close outdated %s: %w", gen, cerr)
			}
			idx, gen = nil, ""
		}
	}
	if idx == nil {
		gen, idx, err = x.create()
		if err != nil {
			return err
		}
		if err := x.writeCurrent(gen); err != nil {
			_ = idx.Close()
			return err
		}
	}
	x.idx, x.gen = idx, gen
	x.writes.Add(1)
	x.removeStale(gen)
	return nil
}

// Ping reports whether the index is open.
func (x *Index) Ping(ctx context.Context) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return errors.New("bleve: ping: index not open")
	}
	if _, err := x.idx.DocCount(); err != nil {
		return fmt.Errorf("bleve: ping: %w", err)
	}
	return nil
}

// Close closes the index; it may be opened again with Init.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return nil
	}
	err := x.idx.Close()
	x.idx = nil
	x.writes.Add(1)
	if err != nil {
		return fmt.Errorf("bleve: close: %w", err)
	}
	return nil
}

// Count returns the number of documents in the index (all published).
func (x *Index) Count(ctx context.Context) (int, error) {
	idx, unlock, err := x.reader()
	if err != nil {
		return 0, err
	}
	defer unlock()
	n, err := idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("bleve: count: %w", err)
	}
	return int(n), nil
}

// reader returns the live index held for reading; call unlock when done.
func (x *Index) reader() (bleve.Index, func(), error) {
	x.mu.RLock()
	if x.idx == nil {
		x.mu.RUnlock()
		return nil, nil, errors.New("bleve: index not open")
	}
	return x.idx, x.mu.RUnlock, nil
}

// Index upserts documents; unpublished documents are removed instead.
func (x *Index) Index(ctx context.Context, docs ...search.Document) error {
	for _, d := range docs {
		if err := d.Validate(); err != nil {
			return fmt.Errorf("bleve: index: %w", err)
		}
	}
	idx, unlock, err := x.reader()
	if err != nil {
		return err
	}
	defer unlock()
	for start := 0; start < len(docs); start += batchSize {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("bleve: index: %w", err)
		}
		chunk := docs[start:min(start+batchSize, len(docs))]
		if err := x.write(idx, func(b *bleve.Batch) error { return fillBatch(b, chunk) }, idsOf(chunk)); err != nil {
			return fmt.Errorf("bleve: index: %w", err)
		}
	}
	return nil
}

// Delete removes documents by ID.
func (x *Index) Delete(ctx context.Context, ids ...int64) error {
	idx, unlock, err := x.reader()
	if err != nil {
		return err
	}
	defer unlock()
	for start := 0; start < len(ids); start += batchSize {
		chunk := ids[start:min(start+batchSize, len(ids))]
		err := x.write(idx, func(b *bleve.Batch) error {
			for _, id := range chunk {
				b.Delete(docID(id))
			}
			return nil
		}, chunk)
		if err != nil {
			return fmt.Errorf("bleve: delete: %w", err)
		}
	}
	return nil
}

// write applies one batch to the live index and, during a rebuild, to the
// index being built, remembering the IDs so the rebuild does not overwrite
// them with older copies.
// batch applies b to idx, one batch at a time. A panic inside bleve (seen
// in zapx's dictionary cache once a write failed on a full disk) becomes
// an error: the index is then behind, listings answer from the shelf and
// SQL, and the outbox retries, rather than the whole shop going down.
func (x *Index) batch(idx bleve.Index, b *bleve.Batch) (err error) {
	x.batchMu.Lock()
	defer x.batchMu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("bleve: batch: %v", p)
		}
	}()
	return idx.Batch(b)
}

func (x *Index) write(idx bleve.Index, fill func(*bleve.Batch) error, ids []int64) error {
	b := idx.NewBatch()
	if err := fill(b); err != nil {
		return err
	}
	err := x.batch(idx, b)
	// Count the write once it is visible to new readers (Batch returns
	// after that), even a failed one, which may have applied in part.
	x.writes.Add(1)
	if err != nil {
		return err
	}
	x.nextMu.Lock()
	defer x.nextMu.Unlock()
	if x.next == nil {
		return nil
	}
	nb := x.next.NewBatch()
	if err := fill(nb); err != nil {
		return err
	}
	if err := x.next.Batch(nb); err != nil {
		return fmt.Errorf("rebuild copy: %w", err)
	}
	for _, id := range ids {
		x.written[id] = true
	}
	return nil
}

func idsOf(docs []search.Document) []int64 {
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids
}

func docID(id int64) string { return strconv.FormatInt(id, 10) }

// fillBatch adds published documents to b and deletes unpublished ones.
func fillBatch(b *bleve.Batch, docs []search.Document) error {
	for _, d := range docs {
		if !d.Published {
			b.Delete(docID(d.ID))
			continue
		}
		if err := b.Index(docID(d.ID), toBleve(d)); err != nil {
			return fmt.Errorf("document %d: %w", d.ID, err)
		}
	}
	return nil
}

// toBleve turns a document into the field map the mapping describes.
func toBleve(d search.Document) map[string]interface{} {
	text := func(s string) string { return search.CleanDisplay(norm.NFC.String(s)) }
	name, coop, gi, desc := text(d.Name), text(d.CooperativeName), text(d.GeographicalIndication), text(d.Description)
	exp, _ := search.DateNumber(d.StarsExpiresOn)
	return map[string]interface{}{
		fNameExact: name,
		fNameFold:  name,
		fCoopExact: coop,
		fCoopFold:  coop,
		fGIExact:   gi,
		fGIFold:    gi,
		fDescExact: desc,
		fDescFold:  desc,
		fPlaceFold: text(strings.Join([]string{d.ProvinceName, d.Ward, d.CategoryName}, " ")),
		fFacet:     facetTerms(d, exp),
		fFilter:    filterTerms(d),
		fSortKey:   sortKey(sortVals{created: d.CreatedAt.UnixMilli(), price: d.PriceVND, id: d.ID, stars: d.Stars}),
	}
}

// Prefix and terms of fFilter.
const (
	pfxGroup    = "g:"
	termInStock = "in"
)

// cleanTerm makes a keyword safe for doc values, which separate terms with
// 0xff, a byte valid UTF-8 never holds.
func cleanTerm(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// facetTerms lists the fFacet keywords of a document.
func facetTerms(d search.Document, exp int) []string {
	out := make([]string, 0, 4+len(d.Certifications))
	out = append(out,
		pfxProvince+cleanTerm(d.ProvinceSlug),
		pfxCategory+cleanTerm(d.CategorySlug),
		pfxCoop+cleanTerm(d.CooperativeSlug))
	for _, c := range d.Certifications {
		out = append(out, pfxCert+cleanTerm(c))
	}
	if d.Stars > 0 {
		out = append(out, pfxStars+strconv.Itoa(d.Stars)+":"+strconv.Itoa(exp))
	}
	return out
}

// filterTerms lists the fFilter keywords of a document.
func filterTerms(d search.Document) []string {
	out := []string{pfxGroup + cleanTerm(d.GroupSlug)}
	if d.InStock {
		out = append(out, termInStock)
	}
	return out
}

// newMapping describes the indexed documents: text fields twice (exact
// and folded), one keyword field for filters and facets, one for sorts.
// Nothing is stored but the ids: highlights and suggestions read the
// page's texts (Index.texts), where the stored names, descriptions and
// keywords were 42 % of the index, which a few hundred searches mapped
// nearly whole into memory.
// The stars and price filters read the columns (columnFilter): numeric
// fields, sixteen shifted terms a value, took 12 % of the index.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()
	// No term vectors: highlights analyze the catalog's text again
	// (highlight.go), and positions would take a quarter of the index.
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	for _, tf := range textFields {
		if tf.exact != "" {
			doc.AddFieldMappingsAt(tf.exact, text(ExactAnalyzer))
		}
		doc.AddFieldMappingsAt(tf.fold, text(FoldAnalyzer))
	}
	for f, dv := range map[string]bool{fFacet: true, fSortKey: true, fFilter: false} {
		k := bleve.NewKeywordFieldMapping()
		k.Analyzer = keyword.Name
		k.Store = false
		k.IncludeInAll = false
		k.DocValues = dv
		doc.AddFieldMappingsAt(f, k)
	}
	m.DefaultMapping = doc
	m.DefaultAnalyzer = FoldAnalyzer
	return m, nil
}

// create makes a new, empty generation folder and opens it.
func (x *Index) create() (string, bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return "", nil, err
	}
	gen := genPrefix + strconv.FormatInt(time.Now().UnixNano(), 36)
	idx, err := bleve.New(filepath.Join(x.dir, gen), m)
	if err != nil {
		return "", nil, fmt.Errorf("bleve: create %s: %w", gen, err)
	}
	if err := idx.SetInternal([]byte(schemaKey), []byte(schemaVersion)); err != nil {
		_ = idx.Close()
		return "", nil, fmt.Errorf("bleve: create %s: record schema: %w", gen, err)
	}
	return gen, idx, nil
}

func (x *Index) readCurrent() (string, error) {
	b, err := os.ReadFile(filepath.Join(x.dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("bleve: read %s: %w", currentFile, err)
	}
	gen := strings.TrimSpace(string(b))
	if !strings.HasPrefix(gen, genPrefix) || strings.ContainsAny(gen, `/\`) {
		return "", fmt.Errorf("bleve: %s names %q, not a generation", currentFile, gen)
	}
	return gen, nil
}

// writeCurrent points CURRENT at gen atomically (write aside, rename).
func (x *Index) writeCurrent(gen string) error {
	tmp := filepath.Join(x.dir, currentFile+".tmp")
	if err := os.WriteFile(tmp, []byte(gen+"\n"), 0o644); err != nil {
		return fmt.Errorf("bleve: write %s: %w", currentFile, err)
	}
	if err := os.Rename(tmp, filepath.Join(x.dir, currentFile)); err != nil {
		return fmt.Errorf("bleve: write %s: %w", currentFile, err)
	}
	return nil
}

// removeStale deletes generation folders other than keep, left by an
// interrupted rebuild or a swapped-out generation. Errors are ignored: a
// stale folder only costs disk space.
func (x *Index) removeStale(keep string) {
	entries, err := os.ReadDir(x.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) && e.Name() != keep {
			_ = os.RemoveAll(filepath.Join(x.dir, e.Name()))
		}
	}
}

// Rebuild fills a new generation from src while searches and writes keep
// using the current one (writes also reach the new one), then swaps it in
// and removes the old generation.
func (x *Index) Rebuild(ctx context.Context, src search.Source) error {
	x.rebuildMu.Lock()
	defer x.rebuildMu.Unlock()
	if _, unlock, err := x.reader(); err != nil {
		return fmt.Errorf("bleve: rebuild: %w", err)
	} else {
		unlock()
	}

	gen, next, err := x.create()
	if err != nil {
		return fmt.Errorf("bleve: rebuild: %w", err)
	}
	x.nextMu.Lock()
	x.next, x.written = next, map[int64]bool{}
	x.nextMu.Unlock()
	abort := func(err error) error {
		x.nextMu.Lock()
		x.next, x.written = nil, nil
		x.nextMu.Unlock()
		_ = next.Close()
		_ = os.RemoveAll(filepath.Join(x.dir, gen))
		return fmt.Errorf("bleve: rebuild: %w", err)
	}

	var pending []search.Document
	flush := func() error {
		x.nextMu.Lock()
		defer x.nextMu.Unlock()
		b := next.NewBatch()
		var keep []search.Document
		for _, d := range pending {
			if !x.written[d.ID] {
				keep = append(keep, d)
			}
		}
		pending = pending[:0]
		if err := fillBatch(b, keep); err != nil {
			return err
		}
		return next.Batch(b)
	}
	err = src(func(d search.Document) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return err
		}
		pending = append(pending, d)
		if len(pending) >= batchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return abort(err)
	}

	x.mu.Lock()
	if x.idx == nil {
		x.mu.Unlock()
		return abort(errors.New("index closed during rebuild"))
	}
	if err := x.writeCurrent(gen); err != nil {
		x.mu.Unlock()
		return abort(err)
	}
	old, oldGen := x.idx, x.gen
	x.idx, x.gen = next, gen
	x.writes.Add(1)
	x.nextMu.Lock()
	x.next, x.written = nil, nil
	x.nextMu.Unlock()
	x.mu.Unlock()

	if err := old.Close(); err != nil {
		return fmt.Errorf("bleve: rebuild: close old generation: %w", err)
	}
	_ = os.RemoveAll(filepath.Join(x.dir, oldGen))
	return nil
}
