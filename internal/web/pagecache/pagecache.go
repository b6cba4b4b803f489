// Package pagecache keeps rendered answers in memory, per address, query
// and language, for as long as the catalog version they were rendered at
// is the current one. A hit costs a map lookup and a write of bytes that
// were compressed once (gzip and brotli), and a browser that already has
// the page gets 304 Not Modified from its ETag.
//
// A page may hold one personal block (the shopper's login and cart count):
// the cache renders the page as for an anonymous visitor, with the block
// between BlockStart and BlockEnd, and for a visitor who carries a
// personal cookie only that block is rendered again and spliced in.
//
// The middleware is mounted on a route, after the language middleware of
// internal/web/i18n, so every request still goes through the site's own
// middleware (security headers, request ids, the access log).
package pagecache

import (
	"sync"

	"github.com/gofiber/fiber/v2"
)

// DefaultMaxBytes bounds the cache when Config.MaxBytes is 0.
const DefaultMaxBytes = 32 << 20

// Off is the version that turns the cache off: while Config.Version
// returns it, every request is answered by its handler as if no cache
// were mounted.
const Off uint64 = 0

// Config is what a Cache is built from.
type Config struct {
	// Version is the current version of everything the cached answers
	// show; an entry is served only while its version is the current one.
	// While it is Off, nothing is kept nor served.
	// It is called on every request, so it must be cheap (an atomic load).
	Version func() uint64
	// MaxBytes bounds the bytes the entries hold (bodies, their compressed
	// forms and their keys); DefaultMaxBytes when 0.
	MaxBytes int
}

// Cache holds rendered answers. It is safe for concurrent use.
type Cache struct {
	version func() uint64
	shards  [shardCount]shard
	pages   sync.Pool // *[]byte buffers to decode a kept page into
}

// New returns an empty cache.
func New(cfg Config) *Cache {
	if cfg.Version == nil {
		panic("pagecache: Config.Version is nil")
	}
	limit := cfg.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	c := &Cache{version: cfg.Version}
	for i := range c.shards {
		c.shards[i].init(int64(limit / shardCount))
	}
	return c
}

// Locals of a request the cache is rendering.
const (
	localStoring = "pagecache.storing"
	localNoStore = "pagecache.nostore"
)

// NoStore marks the answer of the request as one the cache must not keep
// (a search answered without its index, a list missing a part): it is
// sent as it is and rendered again next time.
func NoStore(c *fiber.Ctx) { c.Locals(localNoStore, true) }

// Storing reports whether the request is being rendered for the cache:
// the page must then be drawn as for an anonymous visitor, with its
// personal block between BlockStart and BlockEnd, no form token and no
// cookie set.
func Storing(c *fiber.Ctx) bool {
	s, _ := c.Locals(localStoring).(bool)
	return s
}

// Stats are counts of what the cache holds.
type Stats struct {
	Entries int
	Bytes   int64
}

// Stats returns the number of entries and the bytes they hold, stale ones
// included until they are evicted or rendered again.
func (c *Cache) Stats() Stats {
	var s Stats
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		s.Entries += len(sh.entries)
		sh.mu.RUnlock()
		s.Bytes += sh.bytes.Load()
	}
	return s
}
