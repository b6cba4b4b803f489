package fault_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ocopmarket/ocopmarket/internal/fault"
)

var errTaken = fault.New(fault.Conflict, "email_taken")

type stockErr struct{ left int }

func (e *stockErr) Error() string { return fmt.Sprintf("only %d left", e.left) }
func (e *stockErr) Fault() *fault.Error {
	return fault.New(fault.Conflict, "insufficient_stock").With(fault.Params{"stock": e.left})
}

func TestKindStatus(t *testing.T) {
	tests := []struct {
		kind fault.Kind
		want int
	}{
		{fault.Invalid, http.StatusBadRequest},
		{fault.Unauthorized, http.StatusUnauthorized},
		{fault.Forbidden, http.StatusForbidden},
		{fault.NotFound, http.StatusNotFound},
		{fault.Conflict, http.StatusConflict},
		{fault.Unprocessable, http.StatusUnprocessableEntity},
		{fault.TooMany, http.StatusTooManyRequests},
		{fault.Upstream, http.StatusBadGateway},
		{fault.Unavailable, http.StatusServiceUnavailable},
		{fault.Kind(0), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		if got := tt.kind.Status(); got != tt.want {
			t.Errorf("Kind(%d).Status() = %d, want %d", tt.kind, got, tt.want)
		}
	}
}

func TestFields(t *testing.T) {
	var f fault.Fields
	if f.Err() != nil {
		t.Fatal("no fields must be no error")
	}
	f.Add("email", "required", nil)
	f.Add("email", "invalid_email", nil)
	f.Add("address.line", "too_long", fault.Params{"max": 200})
	err := f.Err()
	e, ok := fault.As(err)
	if !ok || e.Kind != fault.Invalid || e.Code != fault.CodeInvalidInput {
		t.Fatalf("Err() = %#v", err)
	}
	want := map[string]string{"email": "required", "address.line": "too_long"}
	got := e.FieldCodes()
	if len(got) != len(want) || got["email"] != want["email"] || got["address.line"] != want["address.line"] {
		t.Fatalf("FieldCodes() = %v, want %v", got, want)
	}
	if e.Fields[1].Params["max"] != 200 {
		t.Fatalf("params lost: %v", e.Fields[1])
	}
	f.Add("name", "required", nil)
	if len(e.Fields) != 2 {
		t.Fatal("adding after Err changed the error")
	}
}

func TestIsAndAs(t *testing.T) {
	cause := errors.New("unique violation")
	wrapped := fmt.Errorf("account: register: %w", errTaken.With(fault.Params{"email": "a@b.vn"}).Wrap(cause))
	stock := fmt.Errorf("order: checkout: %w", &stockErr{left: 2})
	tests := []struct {
		name     string
		err      error
		target   error
		is       bool
		wantCode string
	}{
		{"same code", wrapped, errTaken, true, "email_taken"},
		{"another sentinel", wrapped, fault.ErrInvalidInput, false, "email_taken"},
		{"cause kept", wrapped, cause, true, "email_taken"},
		{"other code", fault.New(fault.Conflict, "price_changed"), errTaken, false, "price_changed"},
		{"coder", stock, errTaken, false, "insufficient_stock"},
		{"same code, other sentinel", fault.New(fault.Conflict, "email_taken"), errTaken, false, "email_taken"},
		{"validation error", fault.InvalidField("quantity", "required", nil), fault.ErrInvalidInput, true, fault.CodeInvalidInput},
		{"not a validation error", fault.New(fault.Invalid, "empty_cart"), fault.ErrInvalidInput, false, "empty_cart"},
		{"copy of a copy", errTaken.With(nil).After(time.Second), errTaken, true, "email_taken"},
		{"joined", errors.Join(errors.New("x"), errTaken), errTaken, true, "email_taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errors.Is(tt.err, tt.target); got != tt.is {
				t.Errorf("errors.Is = %v, want %v", got, tt.is)
			}
			e, ok := fault.As(tt.err)
			if !ok || e.Code != tt.wantCode {
				t.Errorf("As = %v, %v; want code %s", e, ok, tt.wantCode)
			}
		})
	}
	if _, ok := fault.As(errors.New("plain")); ok {
		t.Error("a plain error is not coded")
	}
	if e, _ := fault.As(stock); e.Params["stock"] != 2 {
		t.Errorf("coder params = %v", e.Params)
	}
}

func TestCopies(t *testing.T) {
	base := fault.New(fault.TooMany, "too_many_attempts")
	e := base.After(90 * time.Second).With(fault.Params{"minutes": 2})
	if base.RetryAfter != 0 || base.Params != nil {
		t.Fatal("After and With must not change the sentinel")
	}
	if e.RetryAfter != 90*time.Second || e.Params["minutes"] != 2 {
		t.Fatalf("copy = %+v", e)
	}
	if got := e.Error(); got != "too_many_attempts map[minutes:2]" {
		t.Fatalf("Error() = %q", got)
	}
	down := fault.New(fault.Unavailable, "session_unavailable").After(30 * time.Second)
	if !errors.Is(down.Wrap(errors.New("dial")), down) || !errors.Is(e, base) {
		t.Fatal("a copy of a copy must still match each error it was copied from")
	}
	if errors.Is(base, e) {
		t.Fatal("a sentinel must not match its copy")
	}
}
