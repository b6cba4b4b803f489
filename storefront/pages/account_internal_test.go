package pages

import (
	"regexp"
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	tests := []struct{ next, want string }{
		{"/gio-hang", "/gio-hang"},
		{"/san-pham?category=ca-phe&page=2", "/san-pham?category=ca-phe&page=2"},
		{"/tai-khoan/dia-chi/3#x", "/tai-khoan/dia-chi/3#x"},
		{"", "/"},
		{"gio-hang", "/"},
		{"//evil.example/x", "/"},
		{"/\\evil.example", "/"},
		{"/x\\y", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"/ok\r\nSet-Cookie: x=1", "/"},
		{"/dang-nhap?next=/x", "/"},
		{"/dang-xuat", "/"},
		{"/" + strings.Repeat("a", 3000), "/"},
	}
	for _, tt := range tests {
		if got := safeNext(tt.next, "/"); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

// TestEveryFormHasCSRF reads the templates: each form that posts carries
// the _csrf field.
func TestEveryFormHasCSRF(t *testing.T) {
	form := regexp.MustCompile(`(?s)<form\b[^>]*>.*?</form>`)
	n := 0
	err := walkTemplates(func(name, text string) {
		for _, f := range form.FindAllString(text, -1) {
			open := f[:strings.Index(f, ">")]
			if !strings.Contains(strings.ToLower(open), `method="post"`) {
				continue
			}
			n++
			if !strings.Contains(f, `name="_csrf"`) {
				t.Errorf("%s: a form without _csrf: %.200s", name, open)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("found only %d forms", n)
	}
}
