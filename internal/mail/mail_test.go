package mail_test

import (
	"context"
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/mail"
	"github.com/ocopmarket/ocopmarket/internal/mail/mailtest"
)

func TestSMTPDelivers(t *testing.T) {
	srv := mailtest.Start(t)
	s, err := mail.NewSMTP(srv.URL, "OCOP Market <no-reply@ocop.local>")
	if err != nil {
		t.Fatal(err)
	}
	text := "Xin chào Chị Lan,\nĐặt lại mật khẩu: https://ocop.local/reset?token=abc123\n"
	msg := mail.Message{ID: "reset.42", To: "lan@example.vn", Subject: "Đặt lại mật khẩu", Text: text}
	for range 2 {
		if err := s.Send(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
	}
	m := srv.Next(t, 10*time.Second)
	again := srv.Next(t, 10*time.Second)
	for _, got := range []string{m.Header.Get("Message-ID"), again.Header.Get("Message-ID")} {
		if got != "<reset.42@ocop.local>" {
			t.Errorf("Message-ID = %q, want the same stable id on every sending", got)
		}
	}
	if got := m.Header.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", got)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != "Đặt lại mật khẩu" {
		t.Errorf("subject = %q (%v)", subject, err)
	}
	if got := m.Header.Get("To"); !strings.Contains(got, "lan@example.vn") {
		t.Errorf("To = %q", got)
	}
	if body := mailtest.Body(t, m); !strings.Contains(body, "https://ocop.local/reset?token=abc123") || !strings.Contains(body, "Xin chào") {
		t.Errorf("body = %q", body)
	}
}

func TestNewSMTP(t *testing.T) {
	tests := []struct {
		url, from string
		ok        bool
	}{
		{"smtp://mail.example.vn", "no-reply@example.vn", true},
		{"smtp://user:pass@mail.example.vn:2525?tls=mandatory", "no-reply@example.vn", true},
		{"smtps://user:pass@mail.example.vn", "OCOP <no-reply@example.vn>", true},
		{"smtp://mail.example.vn?tls=maybe", "no-reply@example.vn", false},
		{"http://mail.example.vn", "no-reply@example.vn", false},
		{"smtp://mail.example.vn:99999", "no-reply@example.vn", false},
		{"smtp://", "no-reply@example.vn", false},
		{"smtp://mail.example.vn", "not an address", false},
	}
	for _, tt := range tests {
		_, err := mail.NewSMTP(tt.url, tt.from)
		if (err == nil) != tt.ok {
			t.Errorf("NewSMTP(%q, %q) error = %v, want ok=%v", tt.url, tt.from, err, tt.ok)
		}
	}
}
