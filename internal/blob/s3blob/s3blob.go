// Package s3blob keeps blobs in a bucket of S3-compatible object storage
// (Amazon S3, MinIO, SeaweedFS, Ceph), for a marketplace whose photos
// outgrow its database.
package s3blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/ocopmarket/ocopmarket/internal/blob"
)

var _ blob.Store = (*Store)(nil)

// Config says where the bucket is and how to sign in.
type Config struct {
	Endpoint  string // host:port of the S3 API
	Bucket    string
	AccessKey string
	SecretKey string
	TLS       bool   // HTTPS to the endpoint
	Region    string // empty asks the endpoint
}

// Store is a blob.Store over one bucket; each blob is an object named by
// its key, with its content type.
type Store struct {
	client *minio.Client
	bucket string
}

// New returns a Store for cfg. It does not connect: Init does.
func New(cfg Config) (*Store, error) {
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.TLS,
		Region: cfg.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("s3blob: %s: %w", cfg.Endpoint, err)
	}
	return &Store{client: c, bucket: cfg.Bucket}, nil
}

// Init creates the bucket when it does not exist yet.
func (s *Store) Init(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("s3blob: bucket %s: %w", s.bucket, err)
	}
	if ok {
		return nil
	}
	if err := s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{}); err != nil {
		// Another instance starting at the same time may have made it.
		if code := minio.ToErrorResponse(err).Code; code != minio.BucketAlreadyOwnedByYou && code != minio.BucketAlreadyExists {
			return fmt.Errorf("s3blob: create bucket %s: %w", s.bucket, err)
		}
	}
	return nil
}

// Put stores data as the object key.
func (s *Store) Put(ctx context.Context, key, contentType string, data []byte) error {
	_, err := s.client.PutObject(ctx, s.bucket, key, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: contentType})
	if err != nil {
		return fmt.Errorf("s3blob: put %s: %w", key, err)
	}
	return nil
}

// Get returns the object key.
func (s *Store) Get(ctx context.Context, key string) (blob.Object, error) {
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return blob.Object{}, fmt.Errorf("s3blob: get %s: %w", key, err)
	}
	defer obj.Close()
	info, err := obj.Stat()
	if err != nil {
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return blob.Object{}, fmt.Errorf("s3blob: get %s: %w", key, blob.ErrNotFound)
		}
		return blob.Object{}, fmt.Errorf("s3blob: get %s: %w", key, err)
	}
	buf := bytes.NewBuffer(make([]byte, 0, info.Size))
	if _, err := buf.ReadFrom(obj); err != nil {
		return blob.Object{}, fmt.Errorf("s3blob: get %s: %w", key, err)
	}
	return blob.Object{ContentType: info.ContentType, Data: buf.Bytes()}, nil
}

// Delete removes the object key.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("s3blob: delete %s: %w", key, err)
	}
	return nil
}

// errNoBucket means the endpoint answers but the bucket is gone.
var errNoBucket = errors.New("the bucket does not exist")

// Ping reports whether the endpoint answers and holds the bucket.
func (s *Store) Ping(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("s3blob: ping %s: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("s3blob: ping %s: %w", s.bucket, errNoBucket)
	}
	return nil
}
