// Package config reads the environment into a typed Config, once, at start,
// and says clearly what is wrong with it.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/blob/s3blob"
)

// Config is the whole configuration of a process; every subcommand reads
// the same variables.
type Config struct {
	Addr        string // ADDR: listen address
	MetricsAddr string // METRICS_ADDR: listen address of /metrics, apart from ADDR; empty serves no metrics
	DataDir     string // DATA_DIR: SQLite file, Bleve index
	DatabaseURL string // DATABASE_URL: postgres://…; empty means SQLite in DataDir
	RedisURL    string // REDIS_URL: redis://…; empty means the SQL-backed stores
	SearchURL   string // SEARCH_URL: Meilisearch; empty means Bleve in DataDir
	// SearchPath is SEARCH_DIR: the folder of the Bleve index, DATA_DIR's
	// search/ when empty. Two instances on one SQLite file need one each.
	SearchPath   string
	SearchAPIKey string // SEARCH_API_KEY
	// S3 is BLOB_URL, s3://ACCESS_KEY:SECRET@host:port/bucket?tls=false:
	// the bucket that holds photos and scans. Nil (BLOB_URL empty) keeps
	// them in the database.
	S3              *s3blob.Config
	BaseURL         *url.URL      // BASE_URL: public address, for links in emails and cookies
	LogLevel        slog.Level    // LOG_LEVEL: debug, info, warn, error
	LogFormat       string        // LOG_FORMAT: text or json
	AutoMigrate     bool          // AUTO_MIGRATE: migrate at start instead of refusing an old schema
	SeedDemo        bool          // SEED_DEMO: seed the demo data when the database has none
	DemoPassword    string        // OCOP_DEMO_PASSWORD: password of the demo accounts
	RequestTimeout  time.Duration // REQUEST_TIMEOUT: read/write timeout of a request
	ShutdownTimeout time.Duration // SHUTDOWN_TIMEOUT: grace period for requests in flight
	ShutdownDrain   time.Duration // SHUTDOWN_DRAIN: how long a stopping instance still serves, unready, before it stops listening
	SMTPURL         string        // SMTP_URL: smtp://user:pass@host:587 or smtps://…; empty means emails are only logged
	SMTPFrom        string        // SMTP_FROM: sender of the emails
	SessionMaxAge   time.Duration // SESSION_MAX_AGE: how long a login lasts
	// TrustedProxies (TRUSTED_PROXIES: comma-separated IPs or CIDRs) are the
	// load balancers whose X-Forwarded-For and X-Forwarded-Host are believed;
	// without them every shopper would share the balancer's address in
	// rate limits. A single address is a prefix of its full length.
	TrustedProxies []netip.Prefix
	// CommissionPercent is COMMISSION_PERCENT: the platform's share of each
	// order's item subtotal, 0–100 (e.g. 5 or 7.5).
	CommissionPercent float64
	// PaymentTTL is BANK_TRANSFER_TTL: how long an unpaid bank transfer (or
	// card) order holds its stock before it is cancelled.
	PaymentTTL           time.Duration
	StripeSecretKey      string // STRIPE_SECRET_KEY: sk_…; empty turns card payments off
	StripePublishableKey string // STRIPE_PUBLISHABLE_KEY: pk_… for Stripe.js on the checkout page
	StripeWebhookSecret  string // STRIPE_WEBHOOK_SECRET: whsec_… of the webhook endpoint
	StripeAPIURL         string // STRIPE_API_URL: another Stripe API address (stripe-mock in tests)
	// PageCacheMB is PAGE_CACHE_MB: the megabytes of rendered answers the
	// page cache keeps, their compressed forms included.
	PageCacheMB int
}

// SQLitePath is where the embedded database lives.
func (c *Config) SQLitePath() string { return filepath.Join(c.DataDir, "ocopmarket.db") }

// SearchDir is where the embedded Bleve index lives.
func (c *Config) SearchDir() string {
	if c.SearchPath != "" {
		return c.SearchPath
	}
	return filepath.Join(c.DataDir, "search")
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c *Config) SecureCookies() bool { return c.BaseURL.Scheme == "https" }

// Load reads the configuration from getenv (os.Getenv in main) and returns
// every problem found at once.
func Load(getenv func(string) string) (*Config, error) {
	p := parser{getenv: getenv}
	c := &Config{
		Addr:                 p.str("ADDR", ":8080"),
		MetricsAddr:          p.str("METRICS_ADDR", ""),
		DataDir:              p.str("DATA_DIR", "./data"),
		SearchPath:           p.str("SEARCH_DIR", ""),
		DatabaseURL:          p.str("DATABASE_URL", ""),
		RedisURL:             p.str("REDIS_URL", ""),
		SearchURL:            p.str("SEARCH_URL", ""),
		SearchAPIKey:         p.str("SEARCH_API_KEY", ""),
		LogFormat:            p.str("LOG_FORMAT", "text"),
		AutoMigrate:          p.boolean("AUTO_MIGRATE"),
		SeedDemo:             p.boolean("SEED_DEMO"),
		DemoPassword:         p.str("OCOP_DEMO_PASSWORD", "ocop-demo-2025"),
		RequestTimeout:       p.duration("REQUEST_TIMEOUT", 30*time.Second),
		ShutdownTimeout:      p.duration("SHUTDOWN_TIMEOUT", 15*time.Second),
		ShutdownDrain:        p.duration("SHUTDOWN_DRAIN", 2*time.Second),
		SMTPURL:              p.str("SMTP_URL", ""),
		SMTPFrom:             p.str("SMTP_FROM", "OCOP Market <no-reply@localhost>"),
		SessionMaxAge:        p.duration("SESSION_MAX_AGE", 14*24*time.Hour),
		TrustedProxies:       p.addresses("TRUSTED_PROXIES"),
		PaymentTTL:           p.duration("BANK_TRANSFER_TTL", 24*time.Hour),
		StripeSecretKey:      p.str("STRIPE_SECRET_KEY", ""),
		StripePublishableKey: p.str("STRIPE_PUBLISHABLE_KEY", ""),
		StripeWebhookSecret:  p.str("STRIPE_WEBHOOK_SECRET", ""),
		StripeAPIURL:         p.str("STRIPE_API_URL", ""),
	}
	c.CommissionPercent = p.percent("COMMISSION_PERCENT", 5)
	c.PageCacheMB = p.integer("PAGE_CACHE_MB", 32, 1, 1<<16)
	if c.StripeSecretKey != "" && c.StripeWebhookSecret == "" {
		p.fail("STRIPE_WEBHOOK_SECRET", "is required with STRIPE_SECRET_KEY: card payments are confirmed by the signed webhook")
	}
	p.url("STRIPE_API_URL", "", "http", "https")
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			p.fail("METRICS_ADDR", "want a listen address such as :9090 or 127.0.0.1:9090")
		} else if c.MetricsAddr == c.Addr {
			p.fail("METRICS_ADDR", "must differ from ADDR: the metrics are not for the public")
		}
	}
	c.BaseURL = p.url("BASE_URL", "http://localhost"+portOf(c.Addr), "http", "https")
	if c.BaseURL != nil && c.BaseURL.User != nil {
		p.fail("BASE_URL", "must not hold a user or password: it is shown in links and logs")
	}
	p.url("DATABASE_URL", "", "postgres", "postgresql")
	p.url("REDIS_URL", "", "redis", "rediss", "unix")
	p.url("SEARCH_URL", "", "http", "https")
	if raw := p.str("BLOB_URL", ""); raw != "" {
		s3, err := s3blob.ParseURL(raw)
		if err != nil {
			p.fail("BLOB_URL", err.Error())
		} else {
			c.S3 = &s3
		}
	}
	p.url("SMTP_URL", "", "smtp", "smtps")
	if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
		p.fail("SMTP_FROM", "want an email address such as OCOP Market <no-reply@example.vn>")
	}
	if err := c.LogLevel.UnmarshalText([]byte(p.str("LOG_LEVEL", "info"))); err != nil {
		p.fail("LOG_LEVEL", "want debug, info, warn or error")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		p.fail("LOG_FORMAT", "want text or json")
	}
	if len(c.DemoPassword) < 8 {
		p.fail("OCOP_DEMO_PASSWORD", "want at least 8 characters")
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		p.fail("DATA_DIR", "must not be empty when DATABASE_URL is not set")
	}
	if err := errors.Join(p.errs...); err != nil {
		return nil, err
	}
	return c, nil
}

func portOf(addr string) string {
	if i := strings.LastIndex(addr, ":"); i >= 0 && addr[i+1:] != "80" {
		return addr[i:]
	}
	return ""
}

type parser struct {
	getenv func(string) string
	errs   []error
}

// fail records what is wrong with a variable. The value is quoted to help
// spot a typo, except where it may hold a secret (see secret).
func (p *parser) fail(name, msg string) {
	if secret(name) {
		p.errs = append(p.errs, fmt.Errorf("config: %s: %s", name, msg))
		return
	}
	p.errs = append(p.errs, fmt.Errorf("config: %s=%q: %s", name, p.getenv(name), msg))
}

// secret reports whether a variable's value may hold a password or a key,
// so that no error ever prints it: a URL may carry user:password, and keys,
// secrets and passwords are what their names say.
func secret(name string) bool {
	for _, suffix := range []string{"_URL", "_KEY", "_SECRET", "_PASSWORD"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

func (p *parser) str(name, def string) string {
	if v := strings.TrimSpace(p.getenv(name)); v != "" {
		return v
	}
	return def
}

// addresses reads a comma-separated list of IP addresses and CIDR ranges.
func (p *parser) addresses(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, v := range strings.Split(p.str(name, ""), ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(v)
		if err != nil {
			addr, aerr := netip.ParseAddr(v)
			if aerr != nil {
				p.fail(name, "want IP addresses or CIDR ranges separated by commas, such as 10.0.0.0/8")
				return nil
			}
			addr = addr.Unmap()
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		out = append(out, prefix.Masked())
	}
	return out
}

func (p *parser) boolean(name string) bool {
	v := p.str(name, "false")
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(name, "want 1, true, 0 or false")
	}
	return b
}

func (p *parser) duration(name string, def time.Duration) time.Duration {
	v := p.str(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		p.fail(name, "want a positive duration such as 30s or 2m")
		return def
	}
	return d
}

func (p *parser) percent(name string, def float64) float64 {
	v := p.str(name, "")
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 100 {
		p.fail(name, "want a percentage from 0 to 100, such as 5 or 7.5")
		return def
	}
	return f
}

func (p *parser) integer(name string, def, lo, hi int) int {
	v := p.str(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.fail(name, fmt.Sprintf("want a whole number from %d to %d", lo, hi))
		return def
	}
	return n
}

func (p *parser) url(name, def string, schemes ...string) *url.URL {
	v := p.str(name, def)
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" {
		p.fail(name, "want a URL such as "+schemes[0]+"://…")
		return nil
	}
	for _, s := range schemes {
		if u.Scheme == s {
			return u
		}
	}
	p.fail(name, "want a URL with scheme "+strings.Join(schemes, " or "))
	return nil
}
