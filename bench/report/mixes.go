package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/textfold"
)

// product is what the report needs of a product summary of the API.
type product struct {
	ID      int64  `json:"id"`
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	InStock bool   `json:"in_stock"`
}

// catalogData is what the URL mixes are drawn from: products shoppers see,
// and the provinces and categories of the filters.
type catalogData struct {
	visible    int // products the API lists in all
	products   []product
	provinces  []string
	categories []string
}

// getJSON GETs base+path and decodes its JSON answer into v.
func getJSON(ctx context.Context, client *http.Client, base, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return err
	}
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", path, res.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

// fetchCatalog reads up to want products (newest first), how many the API
// lists in all and the reference data, through the public API.
func fetchCatalog(ctx context.Context, base string, want int) (catalogData, error) {
	client := &http.Client{Timeout: time.Minute}
	var d catalogData
	for page := 1; len(d.products) < want; page++ {
		var list struct {
			Items []product `json:"items"`
			Total int       `json:"total"`
		}
		if err := getJSON(ctx, client, base, fmt.Sprintf("/api/v1/products?per_page=100&page=%d", page), &list); err != nil {
			return d, err
		}
		if len(list.Items) == 0 {
			break
		}
		d.visible = list.Total
		d.products = append(d.products, list.Items...)
	}
	if len(d.products) > want {
		d.products = d.products[:want]
	}
	var provinces struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	if err := getJSON(ctx, client, base, "/api/v1/provinces", &provinces); err != nil {
		return d, err
	}
	for _, p := range provinces.Items {
		d.provinces = append(d.provinces, p.Slug)
	}
	type category struct {
		Slug     string     `json:"slug"`
		Children []category `json:"children"`
	}
	var categories struct {
		Items []category `json:"items"`
	}
	if err := getJSON(ctx, client, base, "/api/v1/categories", &categories); err != nil {
		return d, err
	}
	var walk func([]category)
	walk = func(cs []category) {
		for _, c := range cs {
			d.categories = append(d.categories, c.Slug)
			walk(c.Children)
		}
	}
	walk(categories.Items)
	if len(d.products) == 0 || len(d.provinces) == 0 || len(d.categories) == 0 {
		return d, fmt.Errorf("catalog: %d products, %d provinces, %d categories: nothing to draw URLs from",
			len(d.products), len(d.provinces), len(d.categories))
	}
	return d, nil
}

// mixes are the URL lists of the report: every list is free of
// duplicates, and the unseen ones share no URL with the others (the unseen
// product pages are of products past the mix's slugs).
type mixes struct {
	productAPI, productPage []string
	listingAPI, listingPage []string
	searchAPI               []string
	unseenProductPage       []string
	unseenListingAPI        []string
	unseenListingPage       []string
	unseenSearchAPI         []string
	productIDs              []int64 // in stock, for the cart
}

// uniques draws strings from next until it has n that seen has not had,
// marking them seen.
func uniques(n int, seen map[string]bool, next func() string) ([]string, error) {
	var out []string
	for tries := 0; len(out) < n; tries++ {
		if tries > 1000*n {
			return out, fmt.Errorf("only %d distinct of %d wanted", len(out), n)
		}
		s := next()
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, nil
}

// buildMixes draws the URL mixes from d: slugs products, listings listing
// queries (filters by province, category, stars and price, sorts, pages),
// searches search queries (accented, unaccented and with typos), and
// unseen more of the last two for the one-client-at-a-time measurement.
func buildMixes(d catalogData, slugs, listings, searches, unseen int) (mixes, error) {
	if len(d.products) < slugs {
		return mixes{}, fmt.Errorf("mixes: %d products seen, %d slugs wanted", len(d.products), slugs)
	}
	var m mixes
	for _, p := range d.products[:slugs] {
		m.productAPI = append(m.productAPI, "/api/v1/products/"+p.Slug)
		m.productPage = append(m.productPage, "/san-pham/"+p.Slug)
	}
	for _, p := range d.products[slugs:min(len(d.products), slugs+unseen)] {
		m.unseenProductPage = append(m.unseenProductPage, "/san-pham/"+p.Slug)
	}
	for _, p := range d.products {
		if p.InStock {
			m.productIDs = append(m.productIDs, p.ID)
		}
	}
	rng := rand.New(rand.NewPCG(11, 2026))
	seen := map[string]bool{}
	queries, err := uniques(listings+2*unseen, seen, func() string { return listingQuery(rng, d) })
	if err != nil {
		return mixes{}, fmt.Errorf("mixes: listing URLs: %w", err)
	}
	for i, q := range queries {
		api, page := "/api/v1/products?per_page=24&"+q, "/san-pham?"+q
		if i < listings {
			m.listingAPI, m.listingPage = append(m.listingAPI, api), append(m.listingPage, page)
			continue
		}
		// The unseen page and API take different halves, so that neither
		// has answered the other's query (a shared index would cache it).
		if i%2 == 0 {
			m.unseenListingAPI = append(m.unseenListingAPI, api)
		} else {
			m.unseenListingPage = append(m.unseenListingPage, page)
		}
	}
	terms, err := uniques(searches+unseen, map[string]bool{}, func() string { return searchTerms(rng, d) })
	if err != nil {
		return mixes{}, fmt.Errorf("mixes: search queries: %w", err)
	}
	for i, t := range terms {
		u := "/api/v1/products?per_page=24&q=" + url.QueryEscape(t)
		if i < searches {
			m.searchAPI = append(m.searchAPI, u)
		} else {
			m.unseenSearchAPI = append(m.unseenSearchAPI, u)
		}
	}
	return m, nil
}

// priceBands are min_price–max_price filters in đồng (0: no bound).
var priceBands = [][2]int{{0, 50000}, {50000, 100000}, {100000, 200000}, {200000, 0}, {0, 150000}, {80000, 300000}, {300000, 0}}

var sorts = []string{"newest", "price_asc", "price_desc", "stars"}

// listingQuery draws a query string of filters, a sort and a page.
func listingQuery(rng *rand.Rand, d catalogData) string {
	q := url.Values{}
	filters := 0
	if rng.IntN(2) == 0 {
		q.Set("province", d.provinces[rng.IntN(len(d.provinces))])
		filters++
	}
	if rng.IntN(2) == 0 {
		q.Set("category", d.categories[rng.IntN(len(d.categories))])
		filters++
	}
	if rng.IntN(10) < 3 {
		q.Set("stars", strconv.Itoa(3+rng.IntN(3)))
		filters++
	}
	if rng.IntN(4) == 0 {
		b := priceBands[rng.IntN(len(priceBands))]
		if b[0] > 0 {
			q.Set("min_price", strconv.Itoa(b[0]))
		}
		if b[1] > 0 {
			q.Set("max_price", strconv.Itoa(b[1]))
		}
		filters++
	}
	if rng.IntN(10) < 6 {
		q.Set("sort", sorts[rng.IntN(len(sorts))])
	}
	// Narrow listings have few pages: deep pages only without filters.
	pages := []int{10, 5, 3, 2, 1}[min(filters, 4)]
	if p := 1 + rng.IntN(pages); p > 1 {
		q.Set("page", strconv.Itoa(p))
	}
	return q.Encode()
}

// searchTerms draws one to three consecutive words of a product's name,
// as written (accented), folded to ASCII (unaccented) or folded with a
// typo, in equal shares.
func searchTerms(rng *rand.Rand, d catalogData) string {
	words := strings.Fields(strings.ToLower(d.products[rng.IntN(len(d.products))].Name))
	if len(words) == 0 {
		return ""
	}
	n := 1 + rng.IntN(min(3, len(words)))
	from := rng.IntN(len(words) - n + 1)
	terms := strings.Join(words[from:from+n], " ")
	switch rng.IntN(3) {
	case 0:
		return terms
	case 1:
		return textfold.Fold(terms)
	}
	return typo(rng, textfold.Fold(terms))
}

// typo drops, doubles or swaps a letter of the longest word of s; it
// returns "" when no word is long enough to survive it.
func typo(rng *rand.Rand, s string) string {
	words := strings.Fields(s)
	longest := 0
	for i, w := range words {
		if len(w) > len(words[longest]) {
			longest = i
		}
	}
	w := []byte(words[longest])
	if len(w) < 4 {
		return ""
	}
	i := 1 + rng.IntN(len(w)-2)
	switch rng.IntN(3) {
	case 0:
		w = append(w[:i:i], w[i+1:]...)
	case 1:
		w = append(w[:i+1:i+1], w[i:]...)
	default:
		w[i], w[i+1] = w[i+1], w[i]
	}
	words[longest] = string(w)
	return strings.Join(words, " ")
}
