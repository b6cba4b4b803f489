// Package blobtest is the suite every blob.Store backend passes, and the
// test S3 server that `make test` starts.
package blobtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/blob"
)

// Key is the content address of data, as the app names its blobs.
func Key(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func randomBytes(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// Run checks s against the contract of blob.Store. s must be empty of the
// random keys it uses, as a fresh store is.
func Run(t *testing.T, s blob.Store) {
	ctx := context.Background()
	put := func(t *testing.T, key, ctype string, data []byte) {
		t.Helper()
		if err := s.Put(ctx, key, ctype, data); err != nil {
			t.Fatalf("put %s: %v", key, err)
		}
	}
	want := func(t *testing.T, key, ctype string, data []byte) {
		t.Helper()
		o, err := s.Get(ctx, key)
		if err != nil {
			t.Fatalf("get %s: %v", key, err)
		}
		if o.ContentType != ctype {
			t.Errorf("get %s: content type %q, want %q", key, o.ContentType, ctype)
		}
		if !bytes.Equal(o.Data, data) {
			t.Errorf("get %s: %d bytes differ from the %d put", key, len(o.Data), len(data))
		}
	}
	gone := func(t *testing.T, key string) {
		t.Helper()
		if _, err := s.Get(ctx, key); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("get %s: %v, want blob.ErrNotFound", key, err)
		}
	}

	t.Run("ping", func(t *testing.T) {
		if err := s.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("round trip", func(t *testing.T) {
		tests := []struct {
			name  string
			ctype string
			data  []byte
		}{
			{"jpeg", "image/jpeg", randomBytes(t, 2048)},
			{"png", "image/png", randomBytes(t, 100)},
			{"webp", "image/webp", randomBytes(t, 1)},
			{"svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
			{"pdf", "application/pdf", randomBytes(t, 4096)},
			{"empty", "application/octet-stream", []byte{}},
			{"large 5 MB", "image/jpeg", randomBytes(t, 5<<20)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				key := Key(append([]byte(tt.ctype), tt.data...))
				put(t, key, tt.ctype, tt.data)
				want(t, key, tt.ctype, tt.data)
			})
		}
	})
	t.Run("second put of a key", func(t *testing.T) {
		data := randomBytes(t, 512)
		key := Key(data)
		put(t, key, "image/png", data)
		put(t, key, "image/png", data)
		want(t, key, "image/png", data)
	})
	t.Run("not found", func(t *testing.T) {
		gone(t, Key(randomBytes(t, 16)))
	})
	t.Run("delete", func(t *testing.T) {
		data, other := randomBytes(t, 256), randomBytes(t, 256)
		key, otherKey := Key(data), Key(other)
		put(t, key, "image/webp", data)
		put(t, otherKey, "image/webp", other)
		if err := s.Delete(ctx, key); err != nil {
			t.Fatalf("delete: %v", err)
		}
		gone(t, key)
		want(t, otherKey, "image/webp", other)
		if err := s.Delete(ctx, key); err != nil {
			t.Errorf("delete of a missing key: %v", err)
		}
		put(t, key, "image/webp", data)
		want(t, key, "image/webp", data)
	})
	t.Run("concurrent puts", func(t *testing.T) {
		const n = 12
		shared := randomBytes(t, 64<<10)
		blobs := make([][]byte, n)
		for i := range blobs {
			blobs[i] = randomBytes(t, 32<<10)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i := range n {
			wg.Go(func() {
				if err := s.Put(ctx, Key(blobs[i]), "image/jpeg", blobs[i]); err != nil {
					errs <- fmt.Errorf("put %d: %w", i, err)
				}
				if err := s.Put(ctx, Key(shared), "image/png", shared); err != nil {
					errs <- fmt.Errorf("put of the shared key by %d: %w", i, err)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for i := range blobs {
			want(t, Key(blobs[i]), "image/jpeg", blobs[i])
		}
		want(t, Key(shared), "image/png", shared)
	})
}
