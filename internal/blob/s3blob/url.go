package s3blob

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// ParseURL reads the address of a bucket,
// s3://ACCESS_KEY:SECRET@host:port/bucket?tls=false&region=…, into a
// Config; TLS is on unless tls=false. Its errors never quote the URL,
// which holds the secret.
func ParseURL(raw string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Config{}, errors.New("want a URL such as s3://ACCESS_KEY:SECRET@host:9000/bucket")
	}
	if u.Scheme != "s3" {
		return Config{}, errors.New("want a URL with scheme s3")
	}
	if u.Host == "" {
		return Config{}, errors.New("want the host of the S3 endpoint")
	}
	secret, ok := u.User.Password()
	if u.User == nil || u.User.Username() == "" || !ok || secret == "" {
		return Config{}, errors.New("want the access key and secret as s3://ACCESS_KEY:SECRET@host/bucket")
	}
	bucket := strings.TrimPrefix(u.Path, "/")
	if !validBucket(bucket) {
		return Config{}, errors.New("want a bucket name of 3 to 63 lowercase letters, digits, dots and hyphens as the path")
	}
	cfg := Config{Endpoint: u.Host, Bucket: bucket, AccessKey: u.User.Username(), SecretKey: secret, TLS: true}
	for name, values := range u.Query() {
		switch name {
		case "tls":
			b, err := strconv.ParseBool(values[0])
			if err != nil || len(values) > 1 {
				return Config{}, errors.New("want tls=true or tls=false")
			}
			cfg.TLS = b
		case "region":
			cfg.Region = values[0]
		default:
			// Not named: a misplaced secret would show.
			return Config{}, errors.New("unknown parameter: want only tls and region")
		}
	}
	return cfg, nil
}

// validBucket follows S3's naming rules for new buckets.
func validBucket(name string) bool {
	if len(name) < 3 || len(name) > 63 {
		return false
	}
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case (r == '-' || r == '.') && i > 0 && i < len(name)-1:
		default:
			return false
		}
	}
	return true
}
