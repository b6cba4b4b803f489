package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// shopper sends the requests that set the report's state up: guest carts
// and logins.
type shopper struct {
	base   string
	client *http.Client
}

func newShopper(base string) *shopper {
	return &shopper{base: base, client: &http.Client{Timeout: time.Minute}}
}

// post sends a JSON POST with the cookie header and returns the answer's
// cookies, failing unless it is a 2xx.
func (s *shopper) post(ctx context.Context, path, cookie, body string) ([]*http.Cookie, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+path, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	res, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("POST %s: %w", path, err)
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		return nil, fmt.Errorf("POST %s %s: %d %s", path, body, res.StatusCode, bytes.TrimSpace(answer))
	}
	return res.Cookies(), nil
}

// cart fills a new guest cart with one unit of each product and returns
// its Cookie header.
func (s *shopper) cart(ctx context.Context, products []int64) (string, error) {
	cookie := ""
	for _, id := range products {
		cookies, err := s.post(ctx, "/api/v1/cart/items", cookie, fmt.Sprintf(`{"product_id":%d,"quantity":1}`, id))
		if err != nil {
			return "", err
		}
		for _, c := range cookies {
			if c.Name == "ocop_cart" && c.Value != "" {
				cookie = c.Name + "=" + c.Value
			}
		}
		if cookie == "" {
			return "", fmt.Errorf("cart: no ocop_cart cookie after adding product %d", id)
		}
	}
	return cookie, nil
}

// carts fills n guest carts of per products each, drawn in turn from
// products, and returns their Cookie headers.
func (s *shopper) carts(ctx context.Context, n, per int, products []int64) ([]string, error) {
	var out []string
	for i := range n {
		var mine []int64
		for j := range per {
			mine = append(mine, products[(i*per+j)%len(products)])
		}
		c, err := s.cart(ctx, mine)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// login logs email in through the API and returns the Cookie header of
// its session.
func (s *shopper) login(ctx context.Context, email, password string) (string, error) {
	cookies, err := s.post(ctx, "/api/v1/auth/login", "", fmt.Sprintf(`{"email":%q,"password":%q}`, email, password))
	if err != nil {
		return "", err
	}
	var pairs []string
	for _, c := range cookies {
		if c.Value != "" {
			pairs = append(pairs, c.Name+"="+c.Value)
		}
	}
	if len(pairs) == 0 {
		return "", fmt.Errorf("login %s: no cookie", email)
	}
	return strings.Join(pairs, "; "), nil
}

// stockCheck is the state of the checkout's products in the database.
type stockCheck struct {
	stock, sold map[int64]int64
}

// readStock reads the stock of products and the units of them on orders,
// in one statement so that both come from one snapshot of the database.
func readStock(ctx context.Context, d *db.DB, products []int64) (stockCheck, error) {
	s := stockCheck{stock: map[int64]int64{}, sold: map[int64]int64{}}
	q, args, err := sqlx.In(`SELECT p.id, p.stock,
		COALESCE((SELECT SUM(i.quantity) FROM order_items i WHERE i.product_id = p.id), 0) AS sold
		FROM products p WHERE p.id IN (?)`, products)
	if err != nil {
		return s, err
	}
	var rows []struct {
		ID    int64 `db:"id"`
		Stock int64 `db:"stock"`
		Sold  int64 `db:"sold"`
	}
	if err := d.SelectContext(ctx, &rows, d.Rebind(q), args...); err != nil {
		return s, fmt.Errorf("stock: %w", err)
	}
	for _, r := range rows {
		s.stock[r.ID], s.sold[r.ID] = r.Stock, r.Sold
	}
	return s, nil
}

// settledStock reads the stock of products until two reads 200 ms apart
// agree: the checkouts wrk left in flight when it stopped have then been
// answered.
func settledStock(ctx context.Context, d *db.DB, products []int64) (stockCheck, error) {
	last, err := readStock(ctx, d, products)
	if err != nil {
		return last, err
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		now, err := readStock(ctx, d, products)
		if err != nil {
			return now, err
		}
		if maps.Equal(now.stock, last.stock) && maps.Equal(now.sold, last.sold) {
			return now, nil
		}
		last = now
	}
	return last, errors.New("stock: still changing 30 s after the checkouts stopped")
}

// oversell compares the state before and after the checkouts: it returns
// the units sold meanwhile and a description of every product whose stock
// plus units sold is not its initial stock or whose stock is negative.
func oversell(before, after stockCheck) (sold int64, problems []string) {
	for id, initial := range before.stock {
		delta := after.sold[id] - before.sold[id]
		sold += delta
		if now := after.stock[id]; now+delta != initial || now < 0 {
			problems = append(problems, fmt.Sprintf("product %d: stock %d + units sold %d ≠ initial stock %d", id, now, delta, initial))
		}
	}
	return sold, problems
}
