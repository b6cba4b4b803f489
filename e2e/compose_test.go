// Package e2e holds tests of the project as it is deployed: the production
// docker-compose.yml, and browser journeys through the real binary
// (stack_test.go starts it, browser_test.go drives Chromium).
package e2e

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/ocopmarket/ocopmarket/internal/blob/s3blob"
)

const composeFile = "../docker-compose.yml"

// secrets are the variables docker-compose.yml requires, with test values.
var secrets = map[string]string{
	"POSTGRES_PASSWORD": "pg-secret-0123456789",
	"REDIS_PASSWORD":    "redis-secret-0123456789",
	"MEILI_MASTER_KEY":  "meili-secret-0123456789",
	"S3_ACCESS_KEY":     "s3-key-0123456789",
	"S3_SECRET_KEY":     "s3-secret-0123456789",
}

// loadCompose loads docker-compose.yml as `docker compose` would, with env
// as the only environment (not the test process's, nor a .env file) and the
// given profiles active.
func loadCompose(t *testing.T, env map[string]string, profiles ...string) (*types.Project, error) {
	t.Helper()
	vars := make([]string, 0, len(env))
	for k, v := range env {
		vars = append(vars, k+"="+v)
	}
	opts, err := cli.NewProjectOptions([]string{composeFile},
		cli.WithName("ocopmarket"),
		cli.WithEnv(vars),
		cli.WithProfiles(profiles),
	)
	if err != nil {
		t.Fatalf("compose options: %v", err)
	}
	return opts.LoadProject(context.Background())
}

// mustLoad loads docker-compose.yml with the required secrets set.
func mustLoad(t *testing.T, profiles ...string) *types.Project {
	t.Helper()
	p, err := loadCompose(t, secrets, profiles...)
	if err != nil {
		t.Fatalf("load %s: %v", composeFile, err)
	}
	return p
}

func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, err := p.GetService(name)
	if err != nil {
		t.Fatalf("service %q: %v (services: %v)", name, err, p.ServiceNames())
	}
	return s
}

// TestComposeServices checks that the production stack has its services and
// that stripe-mock is not among them unless the test profile is active.
func TestComposeServices(t *testing.T) {
	p := mustLoad(t)
	for _, name := range []string{"proxy", "app", "postgres", "redis", "meilisearch", "objectstorage"} {
		s := service(t, p, name)
		if len(s.Profiles) != 0 {
			t.Errorf("service %q has profiles %v; it must always start", name, s.Profiles)
		}
	}
	for _, name := range []string{"stripe-mock", "prometheus"} {
		if _, err := p.GetService(name); err == nil {
			t.Errorf("%s is enabled without its profile", name)
		}
		if _, err := p.GetDisabledService(name); err != nil {
			t.Errorf("%s is not declared: %v", name, err)
		}
	}
}

// TestComposeStripeMockProfile checks that stripe-mock starts with the test
// profile and belongs to that profile only.
func TestComposeStripeMockProfile(t *testing.T) {
	p := mustLoad(t, "test")
	s := service(t, p, "stripe-mock")
	if !slices.Equal(s.Profiles, []string{"test"}) {
		t.Errorf("stripe-mock profiles = %v, want [test]", s.Profiles)
	}
	if !strings.HasPrefix(s.Image, "stripe/stripe-mock:") {
		t.Errorf("stripe-mock image = %q", s.Image)
	}
}

// TestComposeAppDependsOnHealthyServices checks that the app waits for each
// backing service to pass its own health check, and that each has one.
func TestComposeAppDependsOnHealthyServices(t *testing.T) {
	p := mustLoad(t)
	app := service(t, p, "app")
	for _, dep := range []string{"postgres", "redis", "meilisearch", "objectstorage"} {
		t.Run(dep, func(t *testing.T) {
			d, ok := app.DependsOn[dep]
			if !ok {
				t.Fatalf("app does not depend on %s (depends_on: %v)", dep, app.GetDependencies())
			}
			if d.Condition != types.ServiceConditionHealthy {
				t.Errorf("app depends on %s with condition %q, want %q", dep, d.Condition, types.ServiceConditionHealthy)
			}
			hc := service(t, p, dep).HealthCheck
			if hc == nil || hc.Disable || len(hc.Test) == 0 {
				t.Errorf("%s has no health check, so service_healthy would never hold", dep)
			}
		})
	}
}

// TestComposeAppHealthcheck checks that the app's health check asks /readyz.
func TestComposeAppHealthcheck(t *testing.T) {
	app := service(t, mustLoad(t), "app")
	hc := app.HealthCheck
	if hc == nil || hc.Disable {
		t.Fatal("app has no health check")
	}
	if !slices.ContainsFunc(hc.Test, func(arg string) bool { return strings.HasSuffix(arg, "/readyz") }) {
		t.Errorf("app health check %v does not ask /readyz", hc.Test)
	}
	if app.Build == nil {
		t.Errorf("app is not built from the repository's Dockerfile")
	}
}

// TestComposeAppEnvironment checks that the app is pointed at the backing
// services and receives the secrets from the environment.
func TestComposeAppEnvironment(t *testing.T) {
	app := service(t, mustLoad(t), "app")
	tests := []struct {
		name string
		want string // the value must contain this
	}{
		{"DATABASE_URL", "postgres://ocop:" + secrets["POSTGRES_PASSWORD"] + "@postgres:5432/ocop"},
		{"REDIS_URL", "redis://:" + secrets["REDIS_PASSWORD"] + "@redis:6379/"},
		{"SEARCH_URL", "http://meilisearch:7700"},
		{"SEARCH_API_KEY", secrets["MEILI_MASTER_KEY"]},
		{"BLOB_URL", "s3://" + secrets["S3_ACCESS_KEY"] + ":" + secrets["S3_SECRET_KEY"] + "@objectstorage:8333/"},
		{"AUTO_MIGRATE", "1"},
		{"METRICS_ADDR", ":9090"},
		{"TRUSTED_PROXIES", "172.16.0.0/12"},
		{"BASE_URL", "http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, ok := app.Environment[tt.name]
			if !ok || v == nil {
				t.Fatalf("app environment has no %s", tt.name)
			}
			if !strings.Contains(*v, tt.want) {
				t.Errorf("app %s = %q, want it to contain %q", tt.name, *v, tt.want)
			}
		})
	}
}

// TestComposeBlobURL checks that the app's BLOB_URL names the bucket in
// the form the app accepts, signed with the key and secret of .env.
func TestComposeBlobURL(t *testing.T) {
	v := service(t, mustLoad(t), "app").Environment["BLOB_URL"]
	if v == nil {
		t.Fatal("app environment has no BLOB_URL")
	}
	cfg, err := s3blob.ParseURL(*v)
	if err != nil {
		t.Fatalf("BLOB_URL: %v", err)
	}
	want := s3blob.Config{Endpoint: "objectstorage:8333", Bucket: "ocop-photos",
		AccessKey: secrets["S3_ACCESS_KEY"], SecretKey: secrets["S3_SECRET_KEY"]}
	if cfg != want {
		t.Errorf("BLOB_URL is %+v, want %+v", cfg, want)
	}
}

// TestComposeDataVolumes checks that the data of every stateful service
// lives on a named volume declared by the file, so it outlives containers.
func TestComposeDataVolumes(t *testing.T) {
	p := mustLoad(t, "monitoring")
	tests := []struct {
		service string
		target  string
	}{
		{"postgres", "/var/lib/postgresql/data"},
		{"meilisearch", "/meili_data"},
		{"redis", "/data"},
		{"objectstorage", "/data"},
		{"prometheus", "/prometheus"},
	}
	for _, tt := range tests {
		t.Run(tt.service, func(t *testing.T) {
			s := service(t, p, tt.service)
			i := slices.IndexFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool { return v.Target == tt.target })
			if i < 0 {
				t.Fatalf("%s has no volume at %s (volumes: %+v)", tt.service, tt.target, s.Volumes)
			}
			v := s.Volumes[i]
			if v.Type != types.VolumeTypeVolume {
				t.Errorf("%s:%s is a %s mount, want a named volume", tt.service, tt.target, v.Type)
			}
			if _, ok := p.Volumes[v.Source]; !ok {
				t.Errorf("%s:%s uses volume %q, which is not declared under volumes:", tt.service, tt.target, v.Source)
			}
		})
	}
}

// TestComposeRequiresSecrets checks that the file refuses to load, naming
// the variable, when a secret is missing or empty, rather than falling back
// to a default password.
func TestComposeRequiresSecrets(t *testing.T) {
	for name := range secrets {
		for _, tt := range []struct {
			how string
			env func(map[string]string)
		}{
			{"unset", func(env map[string]string) { delete(env, name) }},
			{"empty", func(env map[string]string) { env[name] = "" }},
		} {
			t.Run(name+"/"+tt.how, func(t *testing.T) {
				env := maps.Clone(secrets)
				tt.env(env)
				_, err := loadCompose(t, env)
				if err == nil {
					t.Fatalf("loaded with %s %s; want an error", name, tt.how)
				}
				if !strings.Contains(err.Error(), name) {
					t.Errorf("error %q does not name %s", err, name)
				}
			})
		}
	}
}
