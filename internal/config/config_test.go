package config

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/blob/s3blob"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./data" || c.DatabaseURL != "" || c.BaseURL.String() != "http://localhost:8080" {
		t.Errorf("defaults: %+v", c)
	}
	if c.S3 != nil {
		t.Errorf("blobs: want the database by default, got %+v", c.S3)
	}
	if c.MetricsAddr != "" {
		t.Errorf("metrics: want none served by default, got %q", c.MetricsAddr)
	}
	if c.PageCacheMB != 32 {
		t.Errorf("page cache: %d MB by default, want 32", c.PageCacheMB)
	}
	if c.SQLitePath() != "data/ocopmarket.db" || c.SecureCookies() {
		t.Errorf("derived: %s %v", c.SQLitePath(), c.SecureCookies())
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"bad database url", map[string]string{"DATABASE_URL": "mysql://x"}, []string{"DATABASE_URL"}},
		{"bad level and bool", map[string]string{"LOG_LEVEL": "loud", "AUTO_MIGRATE": "yes please"}, []string{"LOG_LEVEL", "AUTO_MIGRATE"}},
		{"bad duration", map[string]string{"REQUEST_TIMEOUT": "-3s"}, []string{"REQUEST_TIMEOUT"}},
		{"bad base url", map[string]string{"BASE_URL": "localhost"}, []string{"BASE_URL"}},
		{"short demo password", map[string]string{"OCOP_DEMO_PASSWORD": "abc"}, []string{"OCOP_DEMO_PASSWORD"}},
		{"bad proxy", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, balancer"}, []string{"TRUSTED_PROXIES"}},
		{"blob url without bucket", map[string]string{"BLOB_URL": "s3://key:secret@s3.example.vn"}, []string{"BLOB_URL", "bucket"}},
		{"metrics address without a port", map[string]string{"METRICS_ADDR": "127.0.0.1"}, []string{"METRICS_ADDR", "listen address"}},
		{"metrics on the public address", map[string]string{"ADDR": ":8080", "METRICS_ADDR": ":8080"}, []string{"METRICS_ADDR", "differ from ADDR"}},
		{"blob url of another scheme", map[string]string{"BLOB_URL": "https://s3.example.vn/photos"}, []string{"BLOB_URL", "scheme s3"}},
		{"page cache of no bytes", map[string]string{"PAGE_CACHE_MB": "0"}, []string{"PAGE_CACHE_MB", "from 1 to 65536"}},
		{"page cache of a size with units", map[string]string{"PAGE_CACHE_MB": "64MB"}, []string{"PAGE_CACHE_MB", "whole number"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(env(tc.env))
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
		})
	}
}

func TestLoadValues(t *testing.T) {
	c, err := Load(env(map[string]string{
		"DATABASE_URL": "postgres://u@h/db", "REDIS_URL": "redis://h:6379/0", "BASE_URL": "https://ocop.vn",
		"AUTO_MIGRATE": "1", "LOG_LEVEL": "debug", "REQUEST_TIMEOUT": "5s", "TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7",
		"BLOB_URL": "s3://AKIAOCOP:s3cr3t@s3.example.vn:9000/ocop-photos?tls=false", "METRICS_ADDR": ":9090",
		"PAGE_CACHE_MB": "256",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.AutoMigrate || c.MetricsAddr != ":9090" || c.PageCacheMB != 256 || !c.SecureCookies() || c.RequestTimeout.Seconds() != 5 || c.LogLevel.String() != "DEBUG" ||
		len(c.TrustedProxies) != 2 || c.TrustedProxies[0] != netip.MustParsePrefix("10.0.0.0/8") ||
		c.TrustedProxies[1] != netip.MustParsePrefix("192.168.1.7/32") {
		t.Errorf("values: %+v", c)
	}
	want := s3blob.Config{Endpoint: "s3.example.vn:9000", Bucket: "ocop-photos", AccessKey: "AKIAOCOP", SecretKey: "s3cr3t"}
	if c.S3 == nil || *c.S3 != want {
		t.Errorf("BLOB_URL: got %+v, want %+v", c.S3, want)
	}
}

// A configuration error names the variable and what is wrong, and never
// prints the password or key it was given, however the value is broken.
func TestLoadErrorsHideSecrets(t *testing.T) {
	const pw = "s3cr3t-P4ss"
	cases := []struct {
		name, value string
		others      map[string]string
	}{
		{"DATABASE_URL", "mysql://ocop:" + pw + "@db/ocop", nil},
		{"DATABASE_URL", "postgres://ocop:" + pw + "@db:port/ocop", nil},
		{"DATABASE_URL", "postgres://ocop:" + pw + "@db:5432/ocop%zz", nil},
		{"DATABASE_URL", "ocop:" + pw + "@db/ocop", nil},
		{"DATABASE_URL", "postgres://ocop:" + pw + "@db/ocop\x7f", nil},
		{"REDIS_URL", "http://:" + pw + "@cache:6379/0", nil},
		{"REDIS_URL", "redis://:" + pw + "@cache:63a79/0", nil},
		{"SMTP_URL", "smtp://mailer:" + pw + "@mail:58 7", nil},
		{"SMTP_URL", "imap://mailer:" + pw + "@mail:587", nil},
		{"SEARCH_URL", "ftp://meili:" + pw + "@search", nil},
		{"BLOB_URL", "s3://AKIAOCOP:" + pw + "@s3.example.vn", nil},
		{"BLOB_URL", "s3://AKIAOCOP:" + pw + "@s3.example.vn/ocop-photos?tls=" + pw, nil},
		{"BLOB_URL", "s3://AKIAOCOP:" + pw + "@s3.example.vn/ocop-photos?" + pw + "=1", nil},
		{"BLOB_URL", "http://AKIAOCOP:" + pw + "@s3.example.vn:x/ocop-photos", nil},
		{"BLOB_URL", "s3://AKIAOCOP:" + pw + "@s3.example.vn/" + pw, nil},
		{"BASE_URL", "https://admin:" + pw + "@ocop.vn:x", nil},
		{"BASE_URL", "https://admin:" + pw + "@ocop.vn", nil},
		{"STRIPE_API_URL", "stripe://" + pw, nil},
		{"STRIPE_WEBHOOK_SECRET", "", map[string]string{"STRIPE_SECRET_KEY": "sk_test_" + pw}},
		{"OCOP_DEMO_PASSWORD", pw[:5], nil},
	}
	for _, tc := range cases {
		t.Run(tc.name+" "+tc.value, func(t *testing.T) {
			e := map[string]string{tc.name: tc.value, "SEARCH_API_KEY": "key-" + pw, "LOG_LEVEL": "loud"}
			for k, v := range tc.others {
				e[k] = v
			}
			_, err := Load(env(e))
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.name) || !strings.Contains(msg, "LOG_LEVEL") {
				t.Errorf("error %q does not name %s", msg, tc.name)
			}
			for _, s := range []string{pw, pw[:5], "s3cr3t"} {
				if strings.Contains(msg, s) {
					t.Errorf("error %q shows the secret %q", msg, s)
				}
			}
		})
	}
}
