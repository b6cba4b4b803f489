// Package mail sends the emails of the marketplace (password reset links,
// order notices) over SMTP with github.com/wneessen/go-mail, or only logs them when no
// SMTP server is configured (the embedded default).
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is a plain-text email to one recipient.
type Message struct {
	// ID names the message for good (letters, digits, dots and dashes),
	// the same each time the same message is sent again: it becomes the
	// Message-ID, by which mail servers and clients drop a repeat. A
	// message without one gets a random Message-ID.
	ID      string
	To      string
	Subject string
	Text    string
}

// Sender sends messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through an SMTP server.
type SMTP struct {
	from string
	opts []gomail.Option
	host string
	// domain is the domain of the sender address, the right side of
	// Message-IDs.
	domain string
}

var _ Sender = (*SMTP)(nil)

// NewSMTP reads an SMTP URL:
//
//	smtp://[user:password@]host[:port][?tls=opportunistic|mandatory|none]
//	smtps://[user:password@]host[:port]   (TLS from the first byte, port 465)
//
// smtp:// uses STARTTLS when the server offers it (tls=opportunistic, the
// default) on port 587 unless one is given. from is the sender address.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP URL: %w", err)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("mail: SMTP URL %q has no host", u.Redacted())
	}
	opts := []gomail.Option{gomail.WithTimeout(15 * time.Second)}
	port := 0
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port <= 0 || port > 65535 {
			return nil, fmt.Errorf("mail: SMTP URL %q: bad port", u.Redacted())
		}
	}
	switch u.Scheme {
	case "smtps":
		opts = append(opts, gomail.WithSSL())
		if port == 0 {
			port = 465
		}
	case "smtp":
		policy := gomail.TLSOpportunistic
		switch u.Query().Get("tls") {
		case "", "opportunistic":
		case "mandatory":
			policy = gomail.TLSMandatory
		case "none":
			policy = gomail.NoTLS
		default:
			return nil, fmt.Errorf("mail: SMTP URL %q: tls must be opportunistic, mandatory or none", u.Redacted())
		}
		opts = append(opts, gomail.WithTLSPolicy(policy))
		if port == 0 {
			port = 587
		}
	default:
		return nil, fmt.Errorf("mail: SMTP URL %q: scheme must be smtp or smtps", u.Redacted())
	}
	opts = append(opts, gomail.WithPort(port))
	if user := u.User.Username(); user != "" {
		pass, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(user), gomail.WithPassword(pass))
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address %q: %w", from, err)
	}
	_, domain, _ := strings.Cut(addr.Address, "@")
	return &SMTP{from: from, opts: opts, host: u.Hostname(), domain: domain}, nil
}

// Send implements Sender; each message gets its own connection.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("mail: from %q: %w", s.from, err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail: to %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	if m.ID != "" {
		msg.SetMessageIDWithValue(m.ID + "@" + s.domain)
	} else {
		msg.SetMessageID()
	}
	// RFC 3834: no vacation replies to a machine.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("mail: client for %s: %w", s.host, err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send %q to %s: %w", m.Subject, m.To, err)
	}
	return nil
}

// Log only logs messages: without SMTP_URL, the operator of the embedded
// default reads reset links in the log.
type Log struct {
	log *slog.Logger
}

var _ Sender = (*Log)(nil)

// NewLog returns a Sender that writes messages to log.
func NewLog(log *slog.Logger) *Log { return &Log{log: log} }

// Send implements Sender.
func (l *Log) Send(ctx context.Context, m Message) error {
	l.log.InfoContext(ctx, "email not sent (no SMTP_URL): its text follows", "id", m.ID, "to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}
