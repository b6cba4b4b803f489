package paths

import "testing"

func TestBuild(t *testing.T) {
	tests := []struct {
		pattern string
		args    []any
		want    string
		wantErr bool
	}{
		{Home, nil, "/", false},
		{Product, []any{"ca-phe"}, "/san-pham/ca-phe", false},
		{Order, []any{"OC-7KD2Q9"}, "/don-hang/OC-7KD2Q9", false},
		{AddressDelete, []any{int64(7)}, "/tai-khoan/dia-chi/7/xoa", false},
		{Product, []any{"a b/c"}, "/san-pham/a%20b%2Fc", false},
		{Product, nil, "", true},
		{Home, []any{"x"}, "", true},
	}
	for _, tt := range tests {
		got, err := Build(tt.pattern, tt.args...)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("Build(%q, %v) = %q, %v; want %q (error %v)", tt.pattern, tt.args, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestByName(t *testing.T) {
	if got, err := ByName("product", "che"); err != nil || got != "/san-pham/che" {
		t.Errorf("ByName(product) = %q, %v", got, err)
	}
	if _, err := ByName("nowhere"); err == nil {
		t.Error("an unknown name is not an error")
	}
	for name, pattern := range named {
		if pattern == "" || pattern[0] != '/' {
			t.Errorf("%s: %q is not a path", name, pattern)
		}
	}
}
