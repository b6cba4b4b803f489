// Package audit keeps the log of every change made in the panels: who made
// it, what it touched, and the subject as it was before and after. A
// record is written in the transaction of the change it describes, so a
// change that rolls back leaves no record and one that commits always has
// one.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/ocopmarket/ocopmarket/internal/db"
)

// Actor is who made a change.
type Actor struct {
	ID    int64  `json:"id"`
	Email string `json:"email"`
}

// Subject is what a change touched: a kind ("product", "order",
// "cooperative", …) and its id.
type Subject struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// Entry is one change to record.
type Entry struct {
	Actor Actor
	// CooperativeID is the cooperative the subject belongs to, nil for
	// marketplace-wide changes; it is how a cooperative reads its own log.
	CooperativeID *int64
	// Action names the change, "product.update" or "order.ship".
	Action  string
	Subject Subject
	// Before and After are the subject as it was and as it is, marshalled
	// to JSON; nil for what did not exist before or no longer exists.
	Before, After any
}

// Record is a stored entry as the panels and the staff API show it.
type Record struct {
	ID            int64           `json:"id"`
	Actor         Actor           `json:"actor"`
	CooperativeID *int64          `json:"cooperative_id,omitempty"`
	Action        string          `json:"action"`
	Subject       Subject         `json:"subject"`
	Before        json.RawMessage `json:"before"`
	After         json.RawMessage `json:"after"`
	At            time.Time       `json:"at"`
}

// Log writes and reads the audit log.
type Log struct {
	db  *db.DB
	now func() time.Time
}

// New returns the audit log of d, stamping records with now.
func New(d *db.DB, now func() time.Time) *Log { return &Log{db: d, now: now} }

// SubjectID formats a numeric id as a subject id.
func SubjectID(id int64) string { return strconv.FormatInt(id, 10) }

// Record writes e inside the caller's transaction tx.
func (l *Log) Record(ctx context.Context, tx sqlx.ExecerContext, e Entry) error {
	before, err := marshal(e.Before)
	if err != nil {
		return fmt.Errorf("audit: %s: before: %w", e.Action, err)
	}
	after, err := marshal(e.After)
	if err != nil {
		return fmt.Errorf("audit: %s: after: %w", e.Action, err)
	}
	var actorID *int64
	if e.Actor.ID != 0 {
		actorID = &e.Actor.ID
	}
	if _, err := tx.ExecContext(ctx, l.db.Rebind(`INSERT INTO audit_log
		(actor_user_id, actor_email, cooperative_id, action, subject_kind, subject_id, before_json, after_json, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		actorID, e.Actor.Email, e.CooperativeID, e.Action, e.Subject.Kind, e.Subject.ID, before, after, l.now().UTC()); err != nil {
		return fmt.Errorf("audit: record %s of %s %s: %w", e.Action, e.Subject.Kind, e.Subject.ID, err)
	}
	return nil
}

func marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// Filter picks records; zero fields match everything.
type Filter struct {
	CooperativeID int64
	ActorID       int64
	ActorEmail    string
	// Province keeps the records of the province's cooperatives only.
	Province      string
	From, To      time.Time // [From, To)
	Page, PerPage int
}

type row struct {
	ID            int64     `db:"id"`
	ActorID       *int64    `db:"actor_user_id"`
	ActorEmail    string    `db:"actor_email"`
	CooperativeID *int64    `db:"cooperative_id"`
	Action        string    `db:"action"`
	SubjectKind   string    `db:"subject_kind"`
	SubjectID     string    `db:"subject_id"`
	Before        string    `db:"before_json"`
	After         string    `db:"after_json"`
	CreatedAt     time.Time `db:"created_at"`
}

func raw(s string) json.RawMessage {
	if s == "" {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}

// List returns one page of the records f picks, newest first, and how many
// it picks in all.
func (l *Log) List(ctx context.Context, f Filter) ([]Record, int, error) {
	where, args := " WHERE 1 = 1", []any{}
	if f.CooperativeID != 0 {
		where += " AND cooperative_id = ?"
		args = append(args, f.CooperativeID)
	}
	if f.ActorID != 0 {
		where += " AND actor_user_id = ?"
		args = append(args, f.ActorID)
	}
	if f.ActorEmail != "" {
		where += " AND actor_email = ?"
		args = append(args, f.ActorEmail)
	}
	if f.Province != "" {
		where += " AND cooperative_id IN (SELECT id FROM cooperatives WHERE province_slug = ?)"
		args = append(args, f.Province)
	}
	if !f.From.IsZero() {
		where += " AND created_at >= ?"
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where += " AND created_at < ?"
		args = append(args, f.To.UTC())
	}
	var total int
	if err := l.db.GetContext(ctx, &total, l.db.Rebind(`SELECT COUNT(*) FROM audit_log`+where), args...); err != nil {
		return nil, 0, fmt.Errorf("audit: count: %w", err)
	}
	page, per := max(f.Page, 1), f.PerPage
	if per <= 0 {
		per = 50
	}
	var rows []row
	if err := l.db.SelectContext(ctx, &rows, l.db.Rebind(`SELECT id, actor_user_id, actor_email, cooperative_id, action,
		subject_kind, subject_id, before_json, after_json, created_at FROM audit_log`+where+` ORDER BY id DESC LIMIT ? OFFSET ?`),
		append(args, per, (page-1)*per)...); err != nil {
		return nil, 0, fmt.Errorf("audit: list: %w", err)
	}
	out := make([]Record, len(rows))
	for i, r := range rows {
		out[i] = Record{ID: r.ID, CooperativeID: r.CooperativeID, Action: r.Action,
			Subject: Subject{Kind: r.SubjectKind, ID: r.SubjectID}, Before: raw(r.Before), After: raw(r.After), At: r.CreatedAt.UTC()}
		out[i].Actor.Email = r.ActorEmail
		if r.ActorID != nil {
			out[i].Actor.ID = *r.ActorID
		}
	}
	return out, total, nil
}
