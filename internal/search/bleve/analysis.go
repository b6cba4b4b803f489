package bleve

import (
	"bytes"
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"

	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// Analyzer and token filter names registered with bleve. Filters work on
// tokens, not on the text, so term locations keep pointing into the original
// text and highlights show it with its accents.
const (
	// FoldAnalyzer matches without accents: "Đồng Tháp" → "dong", "thap".
	FoldAnalyzer = "ocop_vi_fold"
	// ExactAnalyzer keeps accents, lower-cased: "Đồng Tháp" → "đồng", "tháp".
	ExactAnalyzer = "ocop_vi_exact"

	foldFilter  = "ocop_vi_fold_filter"
	exactFilter = "ocop_vi_nfc_lower"
)

func init() {
	// Bleve resolves analysis components by name through its registry;
	// registration happens once, before any index is opened.
	if err := registry.RegisterTokenFilter(foldFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return tokenFunc(foldTerm), nil
	}); err != nil {
		panic(fmt.Sprintf("bleve: register %s: %v", foldFilter, err))
	}
	if err := registry.RegisterTokenFilter(exactFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return tokenFunc(exactTerm), nil
	}); err != nil {
		panic(fmt.Sprintf("bleve: register %s: %v", exactFilter, err))
	}
}

// foldTerm folds a token with textfold (NFD, strip marks, đ→d, lower).
func foldTerm(s string) string { return textfold.Fold(s) }

// exactTerm lower-cases an NFC-normalised token, keeping its marks.
func exactTerm(s string) string { return string(bytes.ToLower(norm.NFC.Bytes([]byte(s)))) }

// tokenFunc maps every term of a stream and drops terms that become empty
// (a token made only of combining marks).
type tokenFunc func(string) string

// Filter implements analysis.TokenFilter.
func (f tokenFunc) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		term := f(string(t.Term))
		if term == "" {
			continue
		}
		t.Term = []byte(term)
		out = append(out, t)
	}
	return out
}

func addAnalyzers(m *mapping.IndexMappingImpl) error {
	for name, filter := range map[string]string{FoldAnalyzer: foldFilter, ExactAnalyzer: exactFilter} {
		if err := m.AddCustomAnalyzer(name, map[string]interface{}{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": []string{filter},
		}); err != nil {
			return fmt.Errorf("bleve: analyzer %s: %w", name, err)
		}
	}
	return nil
}

// queryTerm is one word of the query text in both forms.
type queryTerm struct {
	exact, fold string
}

// queryTerms splits text the way the analyzers do and returns each word in
// its exact and folded form, skipping words that fold to nothing.
func queryTerms(text string) []queryTerm {
	tokens := unicode.NewUnicodeTokenizer().Tokenize([]byte(text))
	out := make([]queryTerm, 0, len(tokens))
	for _, t := range tokens {
		f := foldTerm(string(t.Term))
		if f == "" {
			continue
		}
		out = append(out, queryTerm{exact: exactTerm(string(t.Term)), fold: f})
	}
	return out
}
