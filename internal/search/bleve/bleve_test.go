package bleve

import (
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/searchtest"
)

func TestSuite(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) search.Index { return New(t.TempDir(), searchtest.Texts(searchtest.Fixture())) })
}

// TestSuiteInParts runs the contract with every search split into three
// parts, as large catalogs are, so that the merged pages, totals and facets
// are those of one pass.
func TestSuiteInParts(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) search.Index {
		x := New(t.TempDir(), searchtest.Texts(searchtest.Fixture()))
		x.parts, x.partDocs = 3, 1
		return x
	})
}
