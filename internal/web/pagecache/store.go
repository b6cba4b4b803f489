package pagecache

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
)

// shardCount is how many independently locked parts the cache has: hits
// take a read lock of one of them, so writers of one key block few readers.
const shardCount = 32

var seed = maphash.MakeSeed()

// shard is one part of the cache: a map guarded by a read-write lock and
// a CLOCK ring that picks what to evict. A hit only sets its entry's
// reference bit (when not set already), so hits never write shared state
// under a lock.
type shard struct {
	mu      sync.RWMutex
	entries map[string]*entry
	ring    []*entry // CLOCK order; may hold entries replaced since
	hand    int
	flights map[string]*flight
	bytes   atomic.Int64
	limit   int64
}

func (s *shard) init(limit int64) {
	s.entries = map[string]*entry{}
	s.flights = map[string]*flight{}
	s.limit = limit
}

// decode returns e's page in a buffer of the cache's, for release once
// copied. One pool serves every shard: a pool per shard kept as many idle
// page-sized buffers as there were shards (12 MB of a 44 MB heap at
// 100,000 products).
func (c *Cache) decode(e *entry) *[]byte {
	buf, _ := c.pages.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	*buf = e.body((*buf)[:0])
	return buf
}

// release gives a buffer of decode back.
func (c *Cache) release(buf *[]byte) { c.pages.Put(buf) }

// shardOf returns the shard of key.
func (c *Cache) shardOf(key []byte) *shard {
	return &c.shards[maphash.Bytes(seed, key)%shardCount]
}

// get returns the entry of key, or nil.
func (s *shard) get(key []byte) *entry {
	s.mu.RLock()
	e := s.entries[string(key)]
	s.mu.RUnlock()
	if e != nil && !e.used.Load() {
		e.used.Store(true)
	}
	return e
}

// putLocked stores e under its key, replacing what was there, and evicts
// until the shard is within its bytes; the caller holds the write lock.
// An entry larger than the whole shard is not kept.
func (s *shard) putLocked(e *entry) {
	if int64(e.size()) > s.limit {
		return
	}
	if old := s.entries[e.key]; old != nil {
		s.bytes.Add(-int64(old.size()))
		old.gone.Store(true)
	}
	s.entries[e.key] = e
	s.ring = append(s.ring, e)
	s.bytes.Add(int64(e.size()))
	s.evict()
}

// grew accounts for bytes an entry gained after it was stored (a
// compressed form made on first demand) and evicts if need be.
func (s *shard) grew(e *entry, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.gone.Load() {
		return // already removed, and its size with it
	}
	s.bytes.Add(int64(n))
	s.evict()
}

// evict removes entries in CLOCK order until the shard is within its
// limit: an entry hit since the hand last passed gets a second chance.
// The caller holds the write lock.
func (s *shard) evict() {
	for s.bytes.Load() > s.limit && len(s.ring) > 0 {
		if s.hand >= len(s.ring) {
			s.hand = 0
		}
		e := s.ring[s.hand]
		if !e.gone.Load() && e.used.Load() {
			e.used.Store(false)
			s.hand++
			continue
		}
		last := len(s.ring) - 1
		s.ring[s.hand] = s.ring[last]
		s.ring[last] = nil
		s.ring = s.ring[:last]
		if e.gone.Load() {
			continue // replaced earlier; its bytes are already gone
		}
		e.gone.Store(true)
		delete(s.entries, e.key)
		s.bytes.Add(-int64(e.size()))
	}
	// Replaced entries are dropped from the ring once they outnumber the
	// live ones, so that it does not grow without end.
	if len(s.ring) > 2*len(s.entries)+64 {
		live := s.ring[:0]
		for _, e := range s.ring {
			if !e.gone.Load() {
				live = append(live, e)
			}
		}
		clear(s.ring[len(live):])
		s.ring, s.hand = live, 0
	}
}

// flight is one render of a key that concurrent misses of the same key
// wait for instead of rendering it again.
type flight struct {
	done  chan struct{}
	entry *entry // nil when the answer could not be kept
}

// join returns the flight of key under way, or starts one (lead true),
// which the caller must end with land.
func (s *shard) join(key string) (f *flight, lead bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.flights[key]; f != nil {
		return f, false
	}
	f = &flight{done: make(chan struct{})}
	s.flights[key] = f
	return f, true
}

// land ends the flight of key with e, stored in the same step so that no
// request finds neither; e is nil when the answer could not be kept.
func (s *shard) land(key string, f *flight, e *entry) {
	s.mu.Lock()
	delete(s.flights, key)
	if e != nil {
		s.putLocked(e)
	}
	s.mu.Unlock()
	f.entry = e
	close(f.done)
}
