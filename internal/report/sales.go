package report

import (
	"context"
	"fmt"
)

// The groupings of a sales report.
const (
	ByProvince    = "province"    // the cooperative's province
	ByCooperative = "cooperative" // the selling cooperative
	ByCategory    = "category"    // the OCOP product group: the top-level category of the product
	ByStars       = "stars"       // the product's verified, unexpired OCOP stars today, or NoStars
	ByShowcase    = "showcase"    // the trade fair the order came through (its id), or NoShowcase
)

// NoShowcase is the key of the orders that came through no fair.
const NoShowcase = "none"

// NoStars is the key of the products without verified, unexpired OCOP stars.
const NoStars = "none"

// Groupings are the values of group_by, in the order forms offer them.
func Groupings() []string {
	return []string{ByProvince, ByCooperative, ByCategory, ByStars, ByShowcase}
}

// grouping is how the items of the reported orders are put in groups:
// the key and names of an item's group, and the joins they read, beside
// orders o, their items oi and their cooperative co. A grouping is one
// case of groupingOf: a fair's would join orders.showcase_id to showcases.
type grouping struct {
	key, name, nameEn string
	groupBy           string // the columns key and names read
	joins             string
	// today is true when the joins take today's date as an argument.
	today bool
}

func groupingOf(by string) (grouping, bool) {
	switch by {
	case ByProvince:
		return grouping{key: "pr.slug", name: "pr.name", nameEn: "''", groupBy: "pr.slug, pr.name",
			joins: " JOIN provinces pr ON pr.slug = co.province_slug"}, true
	case ByCooperative:
		return grouping{key: "co.slug", name: "co.name", nameEn: "''", groupBy: "co.slug, co.name"}, true
	case ByCategory:
		return grouping{key: "grp.slug", name: "grp.name", nameEn: "grp.name_en", groupBy: "grp.slug, grp.name, grp.name_en",
			joins: ` JOIN products p ON p.id = oi.product_id
			JOIN categories cat ON cat.slug = p.category_slug
			JOIN categories grp ON grp.slug = COALESCE(cat.parent_slug, cat.slug)`}, true
	case ByStars:
		key := "COALESCE(CAST(st.stars AS TEXT), '" + NoStars + "')"
		return grouping{key: key, name: key, nameEn: "''", groupBy: key, today: true,
			joins: ` LEFT JOIN (SELECT product_id, MAX(stars) AS stars FROM ocop_certificates
				WHERE status = 'verified' AND expires_on >= ? GROUP BY product_id) st ON st.product_id = oi.product_id`}, true
	case ByShowcase:
		key := "COALESCE(CAST(sc.id AS TEXT), '" + NoShowcase + "')"
		return grouping{key: key, name: "COALESCE(sc.title, '')", nameEn: "''", groupBy: key + ", sc.title",
			joins: " LEFT JOIN showcases sc ON sc.id = o.showcase_id"}, true
	}
	return grouping{}, false
}

// Row is one group of a sales report. Orders counts the orders with at
// least one item in the group; Items the units sold in it; RevenueVND the
// line totals of those items (before shipping).
type Row struct {
	Key        string `json:"key" db:"key"`
	Name       string `json:"name" db:"name"`
	NameEn     string `json:"name_en,omitempty" db:"name_en"`
	Orders     int64  `json:"orders" db:"orders"`
	Items      int64  `json:"items" db:"items"`
	RevenueVND int64  `json:"revenue_vnd" db:"revenue_vnd"`
}

// Totals are the figures of a whole report: each order counted once,
// however many groups its items fall in.
type Totals struct {
	Orders     int64 `json:"orders" db:"orders"`
	Items      int64 `json:"items" db:"items"`
	RevenueVND int64 `json:"revenue_vnd" db:"revenue_vnd"`
}

// Sales is a sales report: its groups, largest revenue first, and totals.
type Sales struct {
	GroupBy string `json:"group_by"`
	Range
	Rows  []Row  `json:"rows"`
	Total Totals `json:"total"`
}

// SalesQuery asks for a sales report.
type SalesQuery struct {
	GroupBy string // one of Groupings
	Range   Range
	Scope   Scope
}

// What a sales report counts: the items of the orders placed in the range
// that are not cancelled, of the cooperatives in scope.
const salesFrom = ` FROM orders o
	JOIN cooperatives co ON co.id = o.cooperative_id
	JOIN order_items oi ON oi.order_id = o.id`

const salesWhere = ` WHERE o.created_at >= ? AND o.created_at < ? AND o.status <> 'cancelled'`

const salesFigures = `COUNT(DISTINCT o.id) AS orders, CAST(COALESCE(SUM(oi.quantity), 0) AS BIGINT) AS items,
	CAST(COALESCE(SUM(oi.line_total_vnd), 0) AS BIGINT) AS revenue_vnd`

// Sales computes a sales report: two queries, the groups and the totals.
func (s *Service) Sales(ctx context.Context, q SalesQuery) (*Sales, error) {
	g, ok := groupingOf(q.GroupBy)
	if !ok {
		return nil, fmt.Errorf("report: sales: no grouping %q", q.GroupBy)
	}
	total, err := s.totals(ctx, q.Range, q.Scope)
	if err != nil {
		return nil, err
	}
	start, end := q.Range.bounds()
	var args []any
	if g.today {
		args = append(args, s.Today())
	}
	args = append(args, start, end)
	scope, args := q.Scope.where(args)
	query := `SELECT ` + g.key + ` AS key, ` + g.name + ` AS name, ` + g.nameEn + ` AS name_en, ` + salesFigures +
		salesFrom + g.joins + salesWhere + scope +
		` GROUP BY ` + g.groupBy + ` ORDER BY revenue_vnd DESC, key`
	rows := []Row{}
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(query), args...); err != nil {
		return nil, fmt.Errorf("report: sales by %s: %w", q.GroupBy, err)
	}
	return &Sales{GroupBy: q.GroupBy, Range: q.Range, Rows: rows, Total: total}, nil
}

// totals are the figures of the orders of a range, each order once.
func (s *Service) totals(ctx context.Context, r Range, sc Scope) (Totals, error) {
	start, end := r.bounds()
	scope, args := sc.where([]any{start, end})
	var t Totals
	if err := s.db.GetContext(ctx, &t, s.db.Rebind(`SELECT `+salesFigures+salesFrom+salesWhere+scope), args...); err != nil {
		return Totals{}, fmt.Errorf("report: sales totals: %w", err)
	}
	return t, nil
}
