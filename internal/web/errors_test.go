package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/db"
	"github.com/ocopmarket/ocopmarket/internal/fault"
	"github.com/ocopmarket/ocopmarket/internal/web"
	"github.com/ocopmarket/ocopmarket/internal/web/i18n"
)

type errorBody struct {
	Error struct {
		Code       string            `json:"code"`
		Message    string            `json:"message"`
		Fields     map[string]string `json:"fields"`
		FieldCodes map[string]string `json:"field_codes"`
	} `json:"error"`
}

func catalogs(t *testing.T) *i18n.Catalog {
	t.Helper()
	msgs, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

func TestErrorHandler(t *testing.T) {
	msgs := catalogs(t)
	app := fiber.New(fiber.Config{ErrorHandler: web.ErrorHandler(slog.New(slog.DiscardHandler), msgs, nil)})
	var f fault.Fields
	f.Add("email", "invalid_email", nil)
	f.Add("address.line", "too_long", fault.Params{"max": 200})
	errs := map[string]error{
		"invalid":  fmt.Errorf("account: register: %w", f.Err()),
		"limited":  fault.New(fault.TooMany, "too_many_attempts").After(90 * time.Second).With(fault.Params{"count": 2}),
		"internal": errors.New("pq: password authentication failed for user secret"),
		"fiber":    fiber.NewError(http.StatusMethodNotAllowed, "Use GET."),
		"down":     fault.New(fault.Unavailable, "cart_unavailable").After(30 * time.Second).Wrap(errors.New("dial tcp: refused")),
		"db-down":  fmt.Errorf("order: checkout: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}),
		"db-full":  fmt.Errorf("order: checkout: %w", diskFull(t)),
	}
	app.Get("/api/v1/:case", func(c *fiber.Ctx) error { return errs[c.Params("case")] })
	tests := []struct {
		path, lang  string
		status      int
		code        string
		message     string
		fields      map[string]string
		fieldCodes  map[string]string
		retryAfter  string
		notInAnswer string
	}{
		{"invalid", "en", 400, "invalid_input", "Some values are not valid: address.line, email.",
			map[string]string{"email": "Enter an email address such as lan@example.vn.", "address.line": "This can be at most 200 characters."},
			map[string]string{"email": "invalid_email", "address.line": "too_long"}, "", ""},
		{"invalid", "vi", 400, "invalid_input", "Một số giá trị chưa hợp lệ: address.line, email.",
			map[string]string{"email": "Hãy nhập email đúng dạng, ví dụ lan@example.vn.", "address.line": "Tối đa 200 ký tự."},
			map[string]string{"email": "invalid_email", "address.line": "too_long"}, "", ""},
		{"limited", "en", 429, "too_many_attempts", "Too many attempts: wait 2 minutes and try again.", nil, nil, "90", ""},
		{"limited", "vi", 429, "too_many_attempts", "Bạn đã thử quá nhiều lần: hãy đợi 2 phút rồi thử lại.", nil, nil, "90", ""},
		{"internal", "en", 500, "internal_error", "Something went wrong on our side. Please try again.", nil, nil, "", "secret"},
		{"fiber", "vi", 405, "method_not_allowed", "Use GET.", nil, nil, "", ""},
		{"db-down", "en", 503, "database_unavailable",
			"The shop cannot reach its database for a moment: nothing was changed, please try again in a few seconds.", nil, nil, "5", "dial"},
		{"db-full", "en", 507, "storage_full",
			"The shop has no room left to save right now: nothing was changed, please try again later. The operators have been told.", nil, nil, "60", "disk"},
		{"down", "en", 503, "cart_unavailable", "The cart is unavailable for a moment. Browsing still works: please try again in a minute.", nil, nil, "30", "dial"},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.lang, func(t *testing.T) {
			res, err := app.Test(httptest.NewRequest(http.MethodGet, "/api/v1/"+tt.path+"?lang="+tt.lang, nil))
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(res.Body)
			var b errorBody
			if err := json.Unmarshal(raw, &b); err != nil {
				t.Fatalf("%s: %v", raw, err)
			}
			e := b.Error
			if res.StatusCode != tt.status || e.Code != tt.code || e.Message != tt.message {
				t.Fatalf("%d %s %q, want %d %s %q", res.StatusCode, e.Code, e.Message, tt.status, tt.code, tt.message)
			}
			if fmt.Sprint(e.Fields) != fmt.Sprint(tt.fields) || fmt.Sprint(e.FieldCodes) != fmt.Sprint(tt.fieldCodes) {
				t.Fatalf("fields %v %v, want %v %v", e.Fields, e.FieldCodes, tt.fields, tt.fieldCodes)
			}
			if got := res.Header.Get("Retry-After"); got != tt.retryAfter {
				t.Fatalf("Retry-After %q, want %q", got, tt.retryAfter)
			}
			if tt.notInAnswer != "" && strings.Contains(string(raw), tt.notInAnswer) {
				t.Fatalf("the answer shows the cause: %s", raw)
			}
		})
	}
}

// diskFull is the error of a write to a SQLite database that has no room
// left: one capped at its current size by max_page_count.
func diskFull(t *testing.T) error {
	t.Helper()
	d, err := db.Open(context.Background(), "", filepath.Join(t.TempDir(), "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	conn, err := d.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{"CREATE TABLE t (v TEXT)", "PRAGMA max_page_count = 3"} {
		if _, err := conn.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	_, err = conn.ExecContext(context.Background(), "INSERT INTO t (v) VALUES (?)", strings.Repeat("x", 1<<20))
	if !db.OutOfSpace(err) {
		t.Fatalf("insert into a full database: %v, want an out-of-space error", err)
	}
	return err
}

func TestFormErrors(t *testing.T) {
	msgs := catalogs(t)
	var f fault.Fields
	f.Add("password", "password_too_short", fault.Params{"min": 8})
	tests := []struct {
		lang string
		err  error
		want map[string]string
		ok   bool
	}{
		{"vi", fmt.Errorf("wrapped: %w", f.Err()), map[string]string{"password": "Mật khẩu cần ít nhất 8 ký tự."}, true},
		{"en", f.Err(), map[string]string{"password": "The password needs at least 8 characters."}, true},
		{"en", fault.New(fault.Unauthorized, "invalid_credentials"), nil, false},
		{"en", errors.New("plain"), nil, false},
	}
	for _, tt := range tests {
		got, ok := web.FormErrors(msgs, tt.lang, tt.err)
		if ok != tt.ok || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("FormErrors(%s, %v) = %v, %v; want %v, %v", tt.lang, tt.err, got, ok, tt.want, tt.ok)
		}
	}
}

// codeInSource finds the codes the Go code gives its coded errors.
var codeInSource = regexp.MustCompile(`(?:fault\.New\(fault\.[A-Za-z]+, |\.Add\([^,()]+, |InvalidField\([^,()]+, |q\.Invalid\([^,()]+, |bad\([^,()]+, |code :?= |RejectedError\{Code: )"([a-z_]+)"`)

// TestEveryCodeHasAMessage reads the Go sources of the repository: each
// code an error is given has a message in the catalogs.
func TestEveryCodeHasAMessage(t *testing.T) {
	msgs := catalogs(t)
	root := filepath.Join("..", "..")
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range codeInSource.FindAllSubmatch(src, -1) {
			code := string(m[1])
			if code == "error" { // the fallback for a status without a name
				continue
			}
			seen[code] = true
			if !hasMessage(msgs, web.MessageID(code)) {
				t.Errorf("%s: code %s has no message", path, code)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 30 {
		t.Fatalf("found only %d codes: %v", len(seen), seen)
	}
}

// hasMessage reports whether the catalogs hold id.
func hasMessage(msgs *i18n.Catalog, id string) bool {
	_, err := msgs.Translate(i18n.Default, id, nil)
	return err == nil
}
