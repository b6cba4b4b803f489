package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"
)

// unseenFigures are the latencies of URLs asked once each, one at a time.
type unseenFigures struct {
	urls          int
	errors        int
	p50, p95, max time.Duration
}

// askOnce GETs each path once, in turn, over one keep-alive connection,
// and returns the latency figures; a path answered with another status
// than 200 counts as an error.
func askOnce(ctx context.Context, base string, paths []string) (unseenFigures, error) {
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	defer client.CloseIdleConnections()
	f := unseenFigures{urls: len(paths)}
	var lat []time.Duration
	for _, p := range paths {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+p, nil)
		if err != nil {
			return f, err
		}
		start := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return f, fmt.Errorf("GET %s: %w", p, err)
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		lat = append(lat, time.Since(start))
		if err != nil {
			return f, fmt.Errorf("GET %s: %w", p, err)
		}
		if res.StatusCode != http.StatusOK {
			f.errors++
		}
	}
	if len(lat) == 0 {
		return f, nil
	}
	slices.Sort(lat)
	at := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
	f.p50, f.p95, f.max = at(0.50), at(0.95), lat[len(lat)-1]
	return f, nil
}
