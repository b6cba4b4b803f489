package bleve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ocopmarket/ocopmarket/internal/search"
	"github.com/ocopmarket/ocopmarket/internal/search/searchtest"
)

func TestQueryTerms(t *testing.T) {
	cases := []struct {
		in   string
		want []queryTerm
	}{
		{"Cà phê", []queryTerm{{"cà", "ca"}, {"phê", "phe"}}},
		{"ĐỒNG Tháp", []queryTerm{{"đồng", "dong"}, {"tháp", "thap"}}},
		{"Ca\u0300 phe\u0302", []queryTerm{{"cà", "ca"}, {"phê", "phe"}}},
		{`" OR 1=1`, []queryTerm{{"or", "or"}, {"1", "1"}, {"1", "1"}}},
		{"bơ, bò & bố!", []queryTerm{{"bơ", "bo"}, {"bò", "bo"}, {"bố", "bo"}}},
		{"", []queryTerm{}},
	}
	for _, c := range cases {
		if got := queryTerms(c.in); !slices.Equal(got, c.want) {
			t.Errorf("queryTerms(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestReopenKeepsDocuments(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	idx := New(dir)
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if err := idx.Index(ctx, searchtest.Fixture()...); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Search(ctx, search.Query{}); err == nil {
		t.Error("search on a closed index succeeded")
	}

	again := New(dir)
	if err := again.Init(ctx); err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	res, err := again.Search(ctx, search.Query{Text: "dong thap", Today: searchtest.Today})
	if err != nil || res.Total != 2 {
		t.Errorf("after reopen: %d hits, %v", res.Total, err)
	}
}

func TestRebuildSwapsGenerations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	idx := New(dir)
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	before := generations(t, dir)

	// A write during the rebuild wins over the rebuild's older copy.
	fresh := searchtest.Fixture()[0]
	fresh.Name = "Cà phê mới 2026"
	err := idx.Rebuild(ctx, func(yield func(search.Document) error) error {
		if err := idx.Index(ctx, fresh); err != nil {
			return err
		}
		for _, d := range searchtest.Fixture() {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	after := generations(t, dir)
	if len(after) != 1 || slices.Equal(after, before) {
		t.Errorf("generations before %v, after %v: want one new one", before, after)
	}
	cur, _ := os.ReadFile(filepath.Join(dir, currentFile))
	if strings.TrimSpace(string(cur)) != after[0] {
		t.Errorf("CURRENT %q, folder %v", cur, after)
	}
	res, err := idx.Search(ctx, search.Query{Text: "mới 2026", Today: searchtest.Today})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != fresh.ID {
		t.Errorf("write during rebuild lost: %+v, %v", res.Hits, err)
	}

	// Reopening uses the new generation.
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if err := idx.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := idx.Count(ctx); n != 11 {
		t.Errorf("Count after reopen = %d, want 11", n)
	}
}

func generations(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestCorruptCurrentFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, currentFile), []byte("../etc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := New(dir).Init(context.Background()); err == nil {
		t.Error("Init accepted a CURRENT file pointing outside the folder")
	}
}
