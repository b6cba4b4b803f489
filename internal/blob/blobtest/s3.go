package blobtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/ocopmarket/ocopmarket/internal/blob/s3blob"
)

// S3Env names the variable holding the address of the test S3 server, in
// the form of BLOB_URL: s3://ACCESS_KEY:SECRET@127.0.0.1:PORT/bucket?tls=false.
const S3Env = "TEST_S3_URL"

// S3Config returns the configuration of the test S3 server with a bucket
// name of the test's own (not yet created), failing the test with
// instructions when TEST_S3_URL is not set. The bucket and its objects are
// removed when the test ends.
func S3Config(t testing.TB) s3blob.Config {
	t.Helper()
	raw := os.Getenv(S3Env)
	if raw == "" {
		t.Fatalf("blobtest: %s is not set: run the tests with `make test`, which starts a throwaway S3 server (SeaweedFS), "+
			"or point %s at an S3 server the tests may create buckets on (s3://ACCESS_KEY:SECRET@host:port/bucket?tls=false)", S3Env, S3Env)
	}
	cfg, err := s3blob.ParseURL(raw)
	if err != nil {
		t.Fatalf("blobtest: %s: %v", S3Env, err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	cfg.Bucket = "test-" + hex.EncodeToString(b)
	t.Cleanup(func() { removeBucket(t, cfg) })
	return cfg
}

// S3 returns a Store on a fresh bucket of the test S3 server.
func S3(t testing.TB) *s3blob.Store {
	t.Helper()
	s, err := s3blob.New(S3Config(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init(context.Background()); err != nil {
		t.Fatalf("blobtest: %s does not answer: %v", S3Env, err)
	}
	return s
}

// removeBucket empties and removes the test's bucket, if it was made.
func removeBucket(t testing.TB, cfg s3blob.Config) {
	ctx := context.Background()
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.TLS,
		Region: cfg.Region,
	})
	if err != nil {
		t.Errorf("blobtest: clean up bucket %s: %v", cfg.Bucket, err)
		return
	}
	if ok, err := c.BucketExists(ctx, cfg.Bucket); err != nil || !ok {
		return
	}
	for o := range c.ListObjects(ctx, cfg.Bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Errorf("blobtest: clean up bucket %s: %v", cfg.Bucket, o.Err)
			return
		}
		if err := c.RemoveObject(ctx, cfg.Bucket, o.Key, minio.RemoveObjectOptions{}); err != nil {
			t.Errorf("blobtest: clean up %s/%s: %v", cfg.Bucket, o.Key, err)
		}
	}
	if err := c.RemoveBucket(ctx, cfg.Bucket); err != nil {
		t.Errorf("blobtest: remove bucket %s: %v", cfg.Bucket, err)
	}
}
