package s3blob_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/blob/blobtest"
	"github.com/ocopmarket/ocopmarket/internal/blob/s3blob"
)

func TestStore(t *testing.T) {
	blobtest.Run(t, blobtest.S3(t))
}

func TestInit(t *testing.T) {
	ctx := context.Background()
	cfg := blobtest.S3Config(t)
	s, err := s3blob.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("ping before Init made the bucket: want an error")
	}
	for i := range 2 {
		if err := s.Init(ctx); err != nil {
			t.Fatalf("Init %d: %v", i+1, err)
		}
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("ping after Init: %v", err)
	}

	// Another instance, as one starting at the same time, finds the bucket.
	again, err := s3blob.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Init(ctx); err != nil {
		t.Errorf("Init of an existing bucket: %v", err)
	}
}

func TestWrongSecret(t *testing.T) {
	ctx := context.Background()
	cfg := blobtest.S3Config(t)
	good, err := s3blob.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := good.Init(ctx); err != nil {
		t.Fatal(err)
	}
	cfg.SecretKey += "-wrong"
	bad, err := s3blob.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func() error
	}{
		{"ping", func() error { return bad.Ping(ctx) }},
		{"init", func() error { return bad.Init(ctx) }},
		{"put", func() error { return bad.Put(ctx, "k", "image/png", []byte("x")) }},
		{"get", func() error { _, err := bad.Get(ctx, "k"); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil {
				t.Fatal("want an error with a wrong secret")
			}
			if strings.Contains(err.Error(), cfg.SecretKey) {
				t.Errorf("the error shows the secret: %v", err)
			}
		})
	}
}

func TestParseURL(t *testing.T) {
	tests := []struct {
		raw  string
		want s3blob.Config
		err  string // part of the error; empty means none
	}{
		{raw: "s3://AK:s3cr3t@s3.example.vn/ocop-photos",
			want: s3blob.Config{Endpoint: "s3.example.vn", Bucket: "ocop-photos", AccessKey: "AK", SecretKey: "s3cr3t", TLS: true}},
		{raw: "s3://AK:S%2FK@127.0.0.1:8333/photos?tls=false&region=ap-southeast-1",
			want: s3blob.Config{Endpoint: "127.0.0.1:8333", Bucket: "photos", AccessKey: "AK", SecretKey: "S/K", Region: "ap-southeast-1"}},
		{raw: "s3://AK:s3cr3t@host/photos?tls=true", want: s3blob.Config{Endpoint: "host", Bucket: "photos", AccessKey: "AK", SecretKey: "s3cr3t", TLS: true}},
		{raw: "http://AK:s3cr3t@host/photos", err: "scheme s3"},
		{raw: "s3://AK:s3cr3t@/photos", err: "host"},
		{raw: "s3://host/photos", err: "access key and secret"},
		{raw: "s3://AK@host/photos", err: "access key and secret"},
		{raw: "s3://AK:@host/photos", err: "access key and secret"},
		{raw: "s3://AK:s3cr3t@host", err: "bucket"},
		{raw: "s3://AK:s3cr3t@host/Photos", err: "bucket"},
		{raw: "s3://AK:s3cr3t@host/a/b", err: "bucket"},
		{raw: "s3://AK:s3cr3t@host/ab", err: "bucket"},
		{raw: "s3://AK:s3cr3t@host/-photos", err: "bucket"},
		{raw: "s3://AK:s3cr3t@host/photos?tls=maybe", err: "tls=true"},
		{raw: "s3://AK:s3cr3t@host/photos?tls=true&tls=false", err: "tls=true"},
		{raw: "s3://AK:s3cr3t@host/photos?secure=1", err: "unknown parameter"},
		{raw: "s3://AK:s3cr3t@host:bad/photos%zz", err: "want a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := s3blob.ParseURL(tt.raw)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				if strings.Contains(err.Error(), "s3cr3t") {
					t.Errorf("the error shows the secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
