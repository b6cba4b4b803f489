package meili

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/searchtest"
)

// TestSuite runs the shared suite against a real Meilisearch named by
// TEST_MEILISEARCH_URL (and TEST_MEILISEARCH_KEY); without one, the contract
// tests in this package cover the backend.
func TestSuite(t *testing.T) {
	url := os.Getenv("TEST_MEILISEARCH_URL")
	if url == "" {
		t.Skip("TEST_MEILISEARCH_URL not set; the contract tests check the requests instead")
	}
	var n atomic.Int64
	run := time.Now().UnixNano()
	searchtest.Run(t, func(t *testing.T) search.Index {
		uid := fmt.Sprintf("ocop_test_%d_%d", run, n.Add(1))
		idx, err := New(Config{URL: url, APIKey: os.Getenv("TEST_MEILISEARCH_KEY"), Index: uid, PollInterval: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if task, err := idx.client.DeleteIndexWithContext(ctx, uid); err == nil {
				_ = idx.wait(ctx, task)
			}
		})
		return idx
	})
}
