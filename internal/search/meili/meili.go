// Package meili is the production search backend on Meilisearch. Meilisearch
// folds Vietnamese itself (marks removed, đ→d); this package sets the index
// up (ranked searchable attributes, filters, sorts, typo tolerance), writes
// documents in batches and waits for every task, so a call that returns nil
// is visible to the next search.
package meili

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/ocopmarket/ocopmarket/internal/search"
)

var (
	_ search.Index     = (*Index)(nil)
	_ search.Rebuilder = (*Index)(nil)
)

// Defaults for Config.
const (
	DefaultIndex     = "products"
	DefaultBatchSize = 1000
	DefaultPoll      = 50 * time.Millisecond
)

// Config says where Meilisearch is and how to talk to it.
type Config struct {
	// URL of the Meilisearch server, e.g. "http://127.0.0.1:7700".
	URL string
	// APIKey is sent as a bearer token when set.
	APIKey string
	// Index is the index UID; DefaultIndex when empty.
	Index string
	// BatchSize is the number of documents per write; DefaultBatchSize
	// when 0.
	BatchSize int
	// PollInterval is how often a task is polled while waiting for it;
	// DefaultPoll when 0.
	PollInterval time.Duration
	// HTTPClient replaces the client's default HTTP client when set.
	HTTPClient *http.Client
}

// Index is a Meilisearch index of products. It is safe for concurrent use.
type Index struct {
	cfg    Config
	client meilisearch.ServiceManager

	rebuildMu sync.Mutex // one rebuild at a time
	// During a rebuild, writes also go to the index being built (next), and
	// the IDs written win over the rebuild's older copies.
	nextMu  sync.Mutex
	next    string
	written map[int64]bool
}

// New returns a backend for cfg; call Init before use.
func New(cfg Config) (*Index, error) {
	if cfg.URL == "" {
		return nil, errors.New("meili: no URL")
	}
	if cfg.Index == "" {
		cfg.Index = DefaultIndex
	}
	if !validUID(cfg.Index) {
		return nil, fmt.Errorf("meili: index name %q: use letters, digits, '-' and '_'", cfg.Index)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPoll
	}
	var opts []meilisearch.Option
	if cfg.APIKey != "" {
		opts = append(opts, meilisearch.WithAPIKey(cfg.APIKey))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, meilisearch.WithCustomClient(cfg.HTTPClient))
	}
	return &Index{cfg: cfg, client: meilisearch.New(cfg.URL, opts...)}, nil
}

func validUID(s string) bool {
	if s == "" || len(s) > 400 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// doc is a product as stored in Meilisearch.
type doc struct {
	ID              int64  `json:"id"`
	Slug            string `json:"slug"`
	Name            string `json:"name"`
	Description     string `json:"description"`
	CooperativeID   int64  `json:"cooperative_id"`
	Cooperative     string `json:"cooperative"`
	CooperativeName string `json:"cooperative_name"`
	Province        string `json:"province"`
	ProvinceName    string `json:"province_name"`
	Ward            string `json:"ward"`
	// Category is the leaf slug (faceted); CategoryPath holds the group and
	// the leaf, so one filter matches either.
	Category       string   `json:"category"`
	CategoryPath   []string `json:"category_path"`
	CategoryName   string   `json:"category_name"`
	Stars          int      `json:"stars"`
	StarsExpiresOn int      `json:"stars_expires_on"` // yyyymmdd, 0 without stars
	Certifications []string `json:"certifications"`
	GI             string   `json:"geographical_indication"`
	PriceVND       int64    `json:"price_vnd"`
	InStock        bool     `json:"in_stock"`
	Published      bool     `json:"published"`
	CreatedAt      int64    `json:"created_at"` // Unix seconds
}

func toDoc(d search.Document) doc {
	exp, _ := search.DateNumber(d.StarsExpiresOn)
	stars := d.Stars
	if stars == 0 {
		exp = 0
	}
	path := []string{}
	for _, s := range []string{d.GroupSlug, d.CategorySlug} {
		if s != "" && !slices.Contains(path, s) {
			path = append(path, s)
		}
	}
	certs := d.Certifications
	if certs == nil {
		certs = []string{}
	}
	t := search.CleanDisplay
	return doc{
		ID: d.ID, Slug: d.Slug, Name: t(d.Name), Description: t(d.Description),
		CooperativeID: d.CooperativeID, Cooperative: d.CooperativeSlug, CooperativeName: t(d.CooperativeName),
		Province: d.ProvinceSlug, ProvinceName: t(d.ProvinceName), Ward: t(d.Ward),
		Category: d.CategorySlug, CategoryPath: path, CategoryName: t(d.CategoryName),
		Stars: stars, StarsExpiresOn: exp, Certifications: certs, GI: t(d.GeographicalIndication),
		PriceVND: d.PriceVND, InStock: d.InStock, Published: d.Published, CreatedAt: d.CreatedAt.Unix(),
	}
}

// Settings returns the index settings the backend applies: searchable
// attributes ranked name > cooperative > geographical indication >
// description (then place and category names), the filterable and sortable
// attributes, "sort" as the first ranking rule so that an explicit sort is
// strict, and typo tolerance (one typo from 5 letters, two from 9).
func Settings() *meilisearch.Settings {
	return &meilisearch.Settings{
		RankingRules: []string{"sort", "words", "typo", "proximity", "attribute", "exactness"},
		SearchableAttributes: []string{
			"name", "cooperative_name", "geographical_indication", "description",
			"category_name", "province_name", "ward",
		},
		FilterableAttributes: []string{
			"stars", "stars_expires_on", "province", "category", "category_path",
			"cooperative", "certifications", "price_vnd", "in_stock", "published",
		},
		SortableAttributes: []string{"price_vnd", "created_at", "stars", "id"},
		TypoTolerance: &meilisearch.TypoTolerance{
			Enabled:             true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
		},
		Pagination: &meilisearch.Pagination{MaxTotalHits: search.MaxHits},
	}
}

// Init creates the index if needed and applies Settings, waiting for both.
func (x *Index) Init(ctx context.Context) error {
	if err := x.setUp(ctx, x.cfg.Index); err != nil {
		return fmt.Errorf("meili: init: %w", err)
	}
	return nil
}

func (x *Index) setUp(ctx context.Context, uid string) error {
	task, err := x.client.CreateIndexWithContext(ctx, &meilisearch.IndexConfig{Uid: uid, PrimaryKey: "id"})
	if err != nil {
		return fmt.Errorf("create index %s: %w", uid, err)
	}
	if err := x.wait(ctx, task); err != nil && !isCode(err, "index_already_exists") {
		return fmt.Errorf("create index %s: %w", uid, err)
	}
	task, err = x.client.Index(uid).UpdateSettingsWithContext(ctx, Settings())
	if err != nil {
		return fmt.Errorf("settings of %s: %w", uid, err)
	}
	if err := x.wait(ctx, task); err != nil {
		return fmt.Errorf("settings of %s: %w", uid, err)
	}
	return nil
}

// taskError is a task that Meilisearch ran and failed.
type taskError struct {
	uid           int64
	code, message string
}

func (e *taskError) Error() string {
	return fmt.Sprintf("task %d failed: %s (%s)", e.uid, e.message, e.code)
}

func isCode(err error, code string) bool {
	var te *taskError
	return errors.As(err, &te) && te.code == code
}

// wait polls a task until it ends and turns a failed task into an error.
func (x *Index) wait(ctx context.Context, info *meilisearch.TaskInfo) error {
	if info == nil {
		return errors.New("no task")
	}
	task, err := x.client.WaitForTaskWithContext(ctx, info.TaskUID, x.cfg.PollInterval)
	if err != nil {
		return fmt.Errorf("wait for task %d: %w", info.TaskUID, err)
	}
	if task.Status != meilisearch.TaskStatusSucceeded {
		return &taskError{uid: info.TaskUID, code: task.Error.Code, message: cmpOr(task.Error.Message, string(task.Status))}
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Ping checks that Meilisearch answers and is available.
func (x *Index) Ping(ctx context.Context) error {
	h, err := x.client.HealthWithContext(ctx)
	if err != nil {
		return fmt.Errorf("meili: ping: %w", err)
	}
	if h.Status != "available" {
		return fmt.Errorf("meili: ping: status %q", h.Status)
	}
	return nil
}

// Close releases the client's idle connections.
func (x *Index) Close() error {
	x.client.Close()
	return nil
}

// Index upserts documents in batches of Config.BatchSize and waits for each
// batch. Unpublished documents are stored with published=false, which every
// search filters out.
func (x *Index) Index(ctx context.Context, docs ...search.Document) error {
	out := make([]doc, len(docs))
	for i, d := range docs {
		if err := d.Validate(); err != nil {
			return fmt.Errorf("meili: index: %w", err)
		}
		out[i] = toDoc(d)
	}
	for start := 0; start < len(out); start += x.cfg.BatchSize {
		chunk := out[start:min(start+x.cfg.BatchSize, len(out))]
		err := x.write(func(uid string) error { return x.addDocs(ctx, uid, chunk) }, func() []int64 {
			ids := make([]int64, len(chunk))
			for i, d := range chunk {
				ids[i] = d.ID
			}
			return ids
		})
		if err != nil {
			return fmt.Errorf("meili: index: %w", err)
		}
	}
	return nil
}

func (x *Index) addDocs(ctx context.Context, uid string, docs []doc) error {
	pk := "id"
	task, err := x.client.Index(uid).AddDocumentsWithContext(ctx, docs, &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err != nil {
		return fmt.Errorf("add %d documents to %s: %w", len(docs), uid, err)
	}
	return x.wait(ctx, task)
}

// Delete removes documents by ID in batches and waits for each batch.
func (x *Index) Delete(ctx context.Context, ids ...int64) error {
	for start := 0; start < len(ids); start += x.cfg.BatchSize {
		chunk := ids[start:min(start+x.cfg.BatchSize, len(ids))]
		keys := make([]string, len(chunk))
		for i, id := range chunk {
			keys[i] = strconv.FormatInt(id, 10)
		}
		err := x.write(func(uid string) error {
			task, err := x.client.Index(uid).DeleteDocumentsWithContext(ctx, keys, nil)
			if err != nil {
				return fmt.Errorf("delete from %s: %w", uid, err)
			}
			return x.wait(ctx, task)
		}, func() []int64 { return chunk })
		if err != nil {
			return fmt.Errorf("meili: delete: %w", err)
		}
	}
	return nil
}

// write runs op on the live index and, during a rebuild, on the index being
// built, recording the IDs it touched.
// Writes hold nextMu throughout, so none straddles a swap.
func (x *Index) write(op func(uid string) error, ids func() []int64) error {
	x.nextMu.Lock()
	defer x.nextMu.Unlock()
	if err := op(x.cfg.Index); err != nil {
		return err
	}
	if x.next == "" {
		return nil
	}
	if err := op(x.next); err != nil {
		return fmt.Errorf("rebuild copy: %w", err)
	}
	for _, id := range ids() {
		x.written[id] = true
	}
	return nil
}

// Rebuild fills a temporary index from src (settings first), swaps it with
// the live index in one Meilisearch task, and deletes the old one. Searches
// use the live index throughout; writes reach both.
func (x *Index) Rebuild(ctx context.Context, src search.Source) error {
	x.rebuildMu.Lock()
	defer x.rebuildMu.Unlock()
	tmp := fmt.Sprintf("%s_rebuild_%d", x.cfg.Index, time.Now().UnixNano())
	if err := x.setUp(ctx, tmp); err != nil {
		return fmt.Errorf("meili: rebuild: %w", err)
	}
	dropTmp := func() {
		// best effort, on a fresh context: the caller's may be done
		c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if task, err := x.client.DeleteIndexWithContext(c, tmp); err == nil {
			_ = x.wait(c, task)
		}
	}
	x.nextMu.Lock()
	x.next, x.written = tmp, map[int64]bool{}
	x.nextMu.Unlock()
	stopDual := func() {
		x.nextMu.Lock()
		x.next, x.written = "", nil
		x.nextMu.Unlock()
	}

	var pending []doc
	flush := func() error {
		x.nextMu.Lock()
		defer x.nextMu.Unlock()
		keep := pending[:0]
		for _, d := range pending {
			if !x.written[d.ID] {
				keep = append(keep, d)
			}
		}
		pending = pending[:0]
		if len(keep) == 0 {
			return nil
		}
		return x.addDocs(ctx, tmp, keep)
	}
	err := src(func(d search.Document) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return err
		}
		pending = append(pending, toDoc(d))
		if len(pending) >= x.cfg.BatchSize {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		var task *meilisearch.TaskInfo
		// Holding nextMu keeps writes out while the swap runs, so none is
		// applied to one index only.
		x.nextMu.Lock()
		task, err = x.client.SwapIndexesWithContext(ctx, []*meilisearch.SwapIndexesParams{{Indexes: []string{x.cfg.Index, tmp}}})
		if err == nil {
			err = x.wait(ctx, task)
		}
		x.next, x.written = "", nil
		x.nextMu.Unlock()
	}
	stopDual()
	// After a swap, tmp holds the old documents; otherwise the partial build.
	dropTmp()
	if err != nil {
		return fmt.Errorf("meili: rebuild: %w", err)
	}
	return nil
}
