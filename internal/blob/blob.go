// Package blob stores immutable blobs, such as product photos and
// certificate scans, under content-addressed keys. Store is the interface;
// each backend lives in a package of its own: sqlblob keeps the blobs in
// the app's database, s3blob in S3-compatible object storage. blobtest is
// the suite every backend passes.
package blob

import (
	"context"
	"errors"
)

// ErrNotFound is returned by Get when no blob has the key.
var ErrNotFound = errors.New("blob: not found")

// Object is a stored blob.
type Object struct {
	ContentType string
	Data        []byte
}

// Store holds blobs by key. A key names one content (the digest of its
// bytes), so a second Put of a key is harmless and a blob is never changed
// in place.
type Store interface {
	// Put stores data under key with its content type.
	Put(ctx context.Context, key, contentType string, data []byte) error
	// Get returns the blob under key, or an error wrapping ErrNotFound.
	Get(ctx context.Context, key string) (Object, error)
	// Delete removes the blob under key; a missing key is no error.
	Delete(ctx context.Context, key string) error
	// Ping reports whether the store answers.
	Ping(ctx context.Context) error
}
