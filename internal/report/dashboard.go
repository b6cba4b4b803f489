package report

import (
	"context"
	"fmt"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// ExpiringWithinDays is how far ahead the dashboard looks for OCOP
// certificates that lapse.
const ExpiringWithinDays = 60

// TopCooperatives is how many cooperatives the dashboard ranks.
const TopCooperatives = 5

// Dashboard is what the staff dashboard shows of its scope.
type Dashboard struct {
	Month Range  `json:"month"`
	Sales Totals `json:"sales_month"`
	// PendingCooperatives wait for staff approval.
	PendingCooperatives int64 `json:"pending_cooperatives"`
	// PendingClaims are OCOP claims waiting for staff verification.
	PendingClaims int64 `json:"pending_claims"`
	// ExpiringClaims are verified certificates that lapse from today to
	// ExpiringWithinDays days ahead.
	ExpiringClaims int64 `json:"expiring_claims"`
	// Top are the cooperatives with the largest revenue this month.
	Top []Row `json:"top_cooperatives"`
}

// Dashboard computes the staff dashboard: this month's sales and top
// cooperatives, and what waits for staff.
func (s *Service) Dashboard(ctx context.Context, sc Scope) (*Dashboard, error) {
	today := s.Today()
	month := MonthOf(today)
	sales, err := s.Sales(ctx, SalesQuery{GroupBy: ByCooperative, Range: month, Scope: sc})
	if err != nil {
		return nil, fmt.Errorf("report: dashboard: %w", err)
	}
	d := &Dashboard{Month: month, Sales: sales.Total, Top: sales.Rows[:min(len(sales.Rows), TopCooperatives)]}
	scope, _ := sc.where(nil)
	var args []any
	count := func(a ...any) { // the arguments of one count, then its scope's
		args = append(args, a...)
		if sc.Province != "" {
			args = append(args, sc.Province)
		}
	}
	count()
	count(today, db.Date{Time: today.AddDate(0, 0, ExpiringWithinDays)})
	count()
	claims := ` FROM ocop_certificates c JOIN products p ON p.id = c.product_id
		JOIN cooperatives co ON co.id = p.cooperative_id WHERE `
	err = s.db.QueryRowxContext(ctx, s.db.Rebind(`SELECT
		(SELECT COUNT(*) FROM cooperatives co WHERE co.status = 'pending'`+scope+`),
		(SELECT COUNT(*)`+claims+`c.status = 'verified' AND c.expires_on >= ? AND c.expires_on <= ?`+scope+`),
		(SELECT COUNT(*)`+claims+`c.status = 'pending'`+scope+`)`), args...).
		Scan(&d.PendingCooperatives, &d.ExpiringClaims, &d.PendingClaims)
	if err != nil {
		return nil, fmt.Errorf("report: dashboard: counts: %w", err)
	}
	return d, nil
}
