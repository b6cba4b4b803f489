package main

import (
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// freeAddr is a loopback address with a port nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// serve answers the public routes on ADDR and the metrics on METRICS_ADDR
// alone, and stops on SIGTERM.
func TestServeMetricsApart(t *testing.T) {
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	env := envOf(map[string]string{"DATA_DIR": t.TempDir(), "AUTO_MIGRATE": "1", "LOG_LEVEL": "error",
		"ADDR": addr, "METRICS_ADDR": metricsAddr})
	errc := make(chan error, 1)
	go func() { errc <- run([]string{"serve"}, env, io.Discard) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-errc:
			t.Fatalf("serve stopped before answering: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve does not answer on %s: %v", addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	if status, _ := fetch(t, "http://"+addr+"/metrics"); status != http.StatusNotFound {
		t.Errorf("ADDR answers /metrics with %d, want 404: the metrics are not public", status)
	}
	status, body := fetch(t, "http://"+metricsAddr+"/metrics")
	if status != http.StatusOK {
		t.Fatalf("METRICS_ADDR /metrics %d: %s", status, body)
	}
	for _, want := range []string{`ocopmarket_http_requests_total{method="GET",route="/healthz",status="2xx"}`,
		`ocopmarket_outbox_pending_jobs{kind=`, "go_goroutines"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%s", want, body)
		}
	}
	if status, _ := fetch(t, "http://"+metricsAddr+"/healthz"); status != http.StatusNotFound {
		t.Errorf("METRICS_ADDR answers /healthz with %d, want 404: it serves the metrics and profiles alone", status)
	}
	if status, body := fetch(t, "http://"+metricsAddr+"/debug/pprof/heap?debug=1"); status != http.StatusOK || !strings.Contains(body, "heap profile") {
		t.Errorf("METRICS_ADDR /debug/pprof/heap %d, want the heap profile: %.200s", status, body)
	}
	if status, _ := fetch(t, "http://"+addr+"/debug/pprof/"); status != http.StatusNotFound {
		t.Errorf("ADDR answers /debug/pprof/ with %d, want 404: the profiles are not public", status)
	}

	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("serve after SIGTERM: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	if _, err := http.Get("http://" + metricsAddr + "/metrics"); err == nil {
		t.Error("the metrics listener outlived serve")
	}
}

// A METRICS_ADDR that cannot be listened on stops serve with an error
// rather than running without metrics.
func TestServeMetricsAddrInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	env := envOf(map[string]string{"DATA_DIR": t.TempDir(), "AUTO_MIGRATE": "1", "LOG_LEVEL": "error",
		"ADDR": freeAddr(t), "METRICS_ADDR": ln.Addr().String()})
	err = run([]string{"serve"}, env, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "metrics") {
		t.Fatalf("serve with METRICS_ADDR in use: %v, want an error naming the metrics", err)
	}
}
