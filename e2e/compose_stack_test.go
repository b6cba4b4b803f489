package e2e

import (
	"context"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/ocopmarket/ocopmarket/internal/config"
	"github.com/ocopmarket/ocopmarket/internal/metrics"
	"github.com/ocopmarket/ocopmarket/internal/outbox"
)

// everything loads the file with every profile active.
func everything(t *testing.T) *types.Project { return mustLoad(t, "test", "monitoring") }

// configContent is the inline content of a top-level config.
func configContent(t *testing.T, p *types.Project, name string) string {
	t.Helper()
	c, ok := p.Configs[name]
	if !ok || c.Content == "" {
		t.Fatalf("no config %q with inline content (configs: %v)", name, p.Configs)
	}
	return c.Content
}

// appConfig is the configuration the app's environment in the file makes.
func appConfig(t *testing.T, p *types.Project) *config.Config {
	t.Helper()
	env := service(t, p, "app").Environment
	cfg, err := config.Load(func(k string) string {
		if v := env[k]; v != nil {
			return *v
		}
		return ""
	})
	if err != nil {
		t.Fatalf("the app's environment in %s: %v", composeFile, err)
	}
	return cfg
}

func port(t *testing.T, addr string) uint32 {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.ParseUint(p, 10, 16)
	if err != nil {
		t.Fatal(err)
	}
	return uint32(n)
}

// TestComposeTwoReplicasBehindTheProxy checks that two replicas of the app
// run and that the proxy balances over all of them, checking each.
func TestComposeTwoReplicasBehindTheProxy(t *testing.T) {
	p := mustLoad(t)
	app := service(t, p, "app")
	if app.Deploy == nil || app.Deploy.Replicas == nil || *app.Deploy.Replicas != 2 {
		t.Fatalf("app deploy = %+v, want 2 replicas", app.Deploy)
	}
	if app.ContainerName != "" {
		t.Errorf("app has container_name %q, which allows one container only", app.ContainerName)
	}
	proxy := service(t, p, "proxy")
	if !slices.ContainsFunc(proxy.Configs, func(c types.ServiceConfigObjConfig) bool {
		return c.Source == "haproxy" && c.Target == "/usr/local/etc/haproxy/haproxy.cfg"
	}) {
		t.Fatalf("the proxy does not read the haproxy config: %+v", proxy.Configs)
	}
	cfg := configContent(t, p, "haproxy")
	listen := port(t, appConfig(t, p).Addr)
	m := regexp.MustCompile(`(?m)^\s*server-template\s+\S+\s+(\d+)\s+app:(\d+)\s*$`).FindStringSubmatch(cfg)
	if m == nil {
		t.Fatalf("the proxy does not find the replicas by the service's name (server-template … app:PORT):\n%s", cfg)
	}
	if slots, _ := strconv.Atoi(m[1]); slots < *app.Deploy.Replicas {
		t.Errorf("server-template has %d slots for %d replicas", slots, *app.Deploy.Replicas)
	}
	if m[2] != strconv.Itoa(int(listen)) {
		t.Errorf("the proxy sends to port %s, the app listens on %d", m[2], listen)
	}
	for _, want := range []string{
		"balance roundrobin",
		"option httpchk",
		"http-check send meth GET uri /healthz",
		"default-server check ",
		"resolvers docker",
		"option forwardfor",
		"option redispatch",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("haproxy config lacks %q:\n%s", want, cfg)
		}
	}
	if d, ok := proxy.DependsOn["app"]; !ok || d.Condition != types.ServiceConditionStarted {
		t.Errorf("proxy depends on app as %+v, want service_started (its own checks follow each replica)", d)
	}
	if app.StopGracePeriod == nil || time.Duration(*app.StopGracePeriod) <= appConfig(t, p).ShutdownTimeout {
		t.Errorf("app stop_grace_period %v is not longer than its SHUTDOWN_TIMEOUT %v", app.StopGracePeriod, appConfig(t, p).ShutdownTimeout)
	}
}

// TestComposeOnlyTheProxyIsPublic checks that the proxy publishes the one
// public port, to the app's port, and that nothing else, the app and its
// metrics least of all, is published beyond the loopback.
func TestComposeOnlyTheProxyIsPublic(t *testing.T) {
	p := everything(t)
	cfg := appConfig(t, p)
	if cfg.MetricsAddr == "" {
		t.Fatal("the app serves no metrics: METRICS_ADDR is not set")
	}
	if port(t, cfg.MetricsAddr) == port(t, cfg.Addr) {
		t.Fatalf("METRICS_ADDR %s shares the port of ADDR %s, which the proxy forwards", cfg.MetricsAddr, cfg.Addr)
	}
	if app := service(t, p, "app"); len(app.Ports) != 0 {
		t.Errorf("app publishes %+v; only the proxy may", app.Ports)
	}
	var public []string
	for _, s := range p.Services {
		for _, pc := range s.Ports {
			if pc.HostIP == "127.0.0.1" || pc.HostIP == "::1" {
				continue
			}
			public = append(public, s.Name+":"+strconv.Itoa(int(pc.Target)))
		}
	}
	if want := []string{"proxy:" + strconv.Itoa(int(port(t, cfg.Addr)))}; !slices.Equal(public, want) {
		t.Errorf("public ports %v, want %v", public, want)
	}
	// The port the proxy listens on is the one it publishes.
	if !strings.Contains(configContent(t, p, "haproxy"), "bind :"+strconv.Itoa(int(service(t, p, "proxy").Ports[0].Target))+"\n") {
		t.Errorf("the proxy does not listen on the port it publishes")
	}
}

// TestComposeHealthchecks checks that every service, in every profile, has
// a health check that runs a command.
func TestComposeHealthchecks(t *testing.T) {
	for _, s := range everything(t).Services {
		hc := s.HealthCheck
		if hc == nil || hc.Disable || len(hc.Test) < 2 || hc.Test[0] != "CMD" {
			t.Errorf("%s has no health check command: %+v", s.Name, hc)
		}
	}
}

// TestComposeNetworks checks that the data services sit on an internal
// network the proxy cannot reach, and the app on both.
func TestComposeNetworks(t *testing.T) {
	p := everything(t)
	if n, ok := p.Networks["backend"]; !ok || !n.Internal {
		t.Fatalf("no internal backend network: %+v", p.Networks)
	}
	for _, tt := range []struct {
		service string
		want    []string
	}{
		{"proxy", []string{"edge"}},
		{"app", []string{"backend", "edge"}},
		{"postgres", []string{"backend"}},
		{"redis", []string{"backend"}},
		{"meilisearch", []string{"backend"}},
		{"objectstorage", []string{"backend"}},
		{"prometheus", []string{"edge"}},
	} {
		got := slices.Sorted(maps.Keys(service(t, p, tt.service).Networks))
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s is on networks %v, want %v", tt.service, got, tt.want)
		}
	}
}

// TestComposeAppIsStateless checks that the replicas keep nothing of their
// own: every store is a service, so DATA_DIR (the embedded SQLite and
// Bleve) is never written and the app needs no volume.
func TestComposeAppIsStateless(t *testing.T) {
	p := mustLoad(t)
	cfg := appConfig(t, p)
	if cfg.DatabaseURL == "" || cfg.RedisURL == "" || cfg.SearchURL == "" || cfg.S3 == nil {
		t.Errorf("a replica keeps data in DATA_DIR: database %q, redis %q, search %q, blobs %+v",
			cfg.DatabaseURL, cfg.RedisURL, cfg.SearchURL, cfg.S3)
	}
	if app := service(t, p, "app"); len(app.Volumes) != 0 {
		t.Errorf("app mounts %+v: replicas sharing a volume would share files", app.Volumes)
	}
}

// TestComposePrometheus checks that Prometheus scrapes the metrics port of
// every replica and that its alert rules name only series the app exports.
func TestComposePrometheus(t *testing.T) {
	p := everything(t)
	var scrape struct {
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName string `yaml:"job_name"`
			DNS     []struct {
				Names []string `yaml:"names"`
				Type  string   `yaml:"type"`
				Port  uint32   `yaml:"port"`
			} `yaml:"dns_sd_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal([]byte(configContent(t, p, "prometheus")), &scrape); err != nil {
		t.Fatalf("prometheus config: %v", err)
	}
	metricsPort := port(t, appConfig(t, p).MetricsAddr)
	if len(scrape.ScrapeConfigs) != 1 || len(scrape.ScrapeConfigs[0].DNS) != 1 ||
		!slices.Equal(scrape.ScrapeConfigs[0].DNS[0].Names, []string{"app"}) || scrape.ScrapeConfigs[0].DNS[0].Type != "A" ||
		scrape.ScrapeConfigs[0].DNS[0].Port != metricsPort {
		t.Errorf("prometheus does not scrape every replica of app on %d: %+v", metricsPort, scrape.ScrapeConfigs)
	}
	prom := service(t, p, "prometheus")
	for _, f := range scrape.RuleFiles {
		if !slices.ContainsFunc(prom.Configs, func(c types.ServiceConfigObjConfig) bool { return c.Target == f && c.Source == "prometheus-rules" }) {
			t.Errorf("rule file %s is not mounted from the prometheus-rules config", f)
		}
	}

	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `yaml:"alert"`
				Expr  string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal([]byte(configContent(t, p, "prometheus-rules")), &rules); err != nil {
		t.Fatalf("prometheus rules: %v", err)
	}
	exported := exportedFamilies(t)
	var alerts []string
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			alerts = append(alerts, r.Alert)
			for _, name := range regexp.MustCompile(`ocopmarket_[a-z_]+`).FindAllString(r.Expr, -1) {
				family := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_count"), "_sum")
				if !exported[family] {
					t.Errorf("alert %s uses %s, which the app does not export (it exports %v)", r.Alert, name, exported)
				}
			}
		}
	}
	for _, want := range []string{"OcopMarketErrors", "OcopMarketSlow", "OcopMarketOutboxBacklog", "OcopMarketDeadJobs"} {
		if !slices.Contains(alerts, want) {
			t.Errorf("no alert %s among %v", want, alerts)
		}
	}
}

// exportedFamilies are the names of the app's own metric families, from a
// scrape of a registry that has seen a request and a job.
func exportedFamilies(t *testing.T) map[string]bool {
	t.Helper()
	m := metrics.New()
	backlog := func(context.Context) ([]outbox.Backlog, error) {
		return []outbox.Backlog{{Kind: "email", Pending: 1, Dead: 1}}, nil
	}
	if err := m.Register(metrics.NewOutbox(backlog, nil, time.Second)); err != nil {
		t.Fatal(err)
	}
	m.ObserveRequest("/", http.MethodGet, 200, time.Millisecond)
	rec := httptest.NewRecorder()
	m.Handler(slog.New(slog.DiscardHandler)).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	out := map[string]bool{}
	for _, f := range regexp.MustCompile(`(?m)^# TYPE (ocopmarket_\S+) `).FindAllStringSubmatch(rec.Body.String(), -1) {
		out[f[1]] = true
	}
	if len(out) == 0 {
		t.Fatalf("no ocopmarket_ metrics in a scrape:\n%s", rec.Body)
	}
	return out
}
