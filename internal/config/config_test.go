package config

import (
	"strings"
	"testing"
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
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.AutoMigrate || !c.SecureCookies() || c.RequestTimeout.Seconds() != 5 || c.LogLevel.String() != "DEBUG" ||
		len(c.TrustedProxies) != 2 || c.TrustedProxies[1] != "192.168.1.7" {
		t.Errorf("values: %+v", c)
	}
}
