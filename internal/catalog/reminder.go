package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// JobOCOPExpiry is the outbox job that emails a cooperative that an OCOP
// certificate of its product expires in ReminderDays.
const JobOCOPExpiry = "ocop.expiry_reminder"

// ExpiryReminder is the payload of a JobOCOPExpiry job.
type ExpiryReminder struct {
	CertificateID int64 `json:"certificate_id"`
}

// QueueExpiryReminders queues, once per certificate, the reminder of every
// verified OCOP certificate that expires within ReminderDays and has not
// expired: the mark and the job commit together, so a reminder is neither
// lost nor queued twice. It returns how many it queued.
func (s *Store) QueueExpiryReminders(ctx context.Context) (int, error) {
	today := s.Today()
	until := db.Date{Time: today.AddDate(0, 0, ReminderDays)}
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, s.db.Rebind(`SELECT id FROM ocop_certificates
		WHERE status = 'verified' AND reminded_at IS NULL AND expires_on >= ? AND expires_on <= ? ORDER BY id`), today, until); err != nil {
		return 0, fmt.Errorf("catalog: expiry reminders: %w", err)
	}
	n := 0
	for _, id := range ids {
		queued := false
		err := s.db.Tx(ctx, func(tx *sqlx.Tx) error {
			res, err := tx.ExecContext(ctx, tx.Rebind(`UPDATE ocop_certificates SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL`),
				s.now().UTC(), id)
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil || k == 0 {
				return err // another process queued it
			}
			queued = true
			return s.jobs.Enqueue(ctx, tx, JobOCOPExpiry, ExpiryReminder{CertificateID: id})
		})
		if err != nil {
			return n, fmt.Errorf("catalog: expiry reminder of certificate %d: %w", id, err)
		}
		if queued {
			n++
		}
	}
	return n, nil
}

// ReminderFacts is what the expiry reminder of a certificate says, and to
// whom.
type ReminderFacts struct {
	Certificate Certificate
	ProductName string
	ProductID   int64
	Cooperative string
	// To are the cooperative's address and its staff's, each once.
	To []string
}

// ReminderOf reads the facts of the expiry reminder of certificate id.
func (s *Store) ReminderOf(ctx context.Context, id int64) (ReminderFacts, error) {
	var r ReminderFacts
	if err := s.db.GetContext(ctx, &r.Certificate, s.db.Rebind(`SELECT `+claimColumns+` FROM ocop_certificates WHERE id = ?`), id); err != nil {
		if db.NoRows(err) {
			return r, fmt.Errorf("catalog: certificate %d: %w", id, ErrNotFound)
		}
		return r, fmt.Errorf("catalog: certificate %d: %w", id, err)
	}
	var row struct {
		Product string `db:"product"`
		Coop    string `db:"coop"`
		CoopID  int64  `db:"coop_id"`
		Email   string `db:"email"`
	}
	if err := s.db.GetContext(ctx, &row, s.db.Rebind(`SELECT p.name AS product, c.name AS coop, c.id AS coop_id, c.email
		FROM products p JOIN cooperatives c ON c.id = p.cooperative_id WHERE p.id = ?`), r.Certificate.ProductID); err != nil {
		return r, fmt.Errorf("catalog: certificate %d: product: %w", id, err)
	}
	r.ProductName, r.ProductID, r.Cooperative = row.Product, r.Certificate.ProductID, row.Coop
	var staff []string
	if err := s.db.SelectContext(ctx, &staff, s.db.Rebind(`SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE u.cooperative_id = ? AND r.role = 'coop_staff' ORDER BY u.id`), row.CoopID); err != nil {
		return r, fmt.Errorf("catalog: certificate %d: staff: %w", id, err)
	}
	seen := map[string]bool{}
	for _, e := range append([]string{row.Email}, staff...) {
		if k := strings.ToLower(strings.TrimSpace(e)); k != "" && !seen[k] {
			seen[k] = true
			r.To = append(r.To, strings.TrimSpace(e))
		}
	}
	return r, nil
}
