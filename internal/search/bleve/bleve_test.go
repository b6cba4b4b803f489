package bleve

import (
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/searchtest"
)

func TestSuite(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) search.Index { return New(t.TempDir()) })
}
