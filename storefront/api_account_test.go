package storefront_test

import (
	"fmt"
	"testing"
)

func TestProfileAndAddresses(t *testing.T) {
	eachBackend(t, func(t *testing.T, w *world) {
		app := w.app()
		lan, minh := newClient(t, app), newClient(t, app)
		lan.register("lan@example.vn")
		minh.register("minh@example.vn")

		r := lan.Do("PUT", "/api/v1/me", map[string]any{"name": "Nguyễn Thị Lan", "phone": "+84 912 345 678"})
		expect(t, "update profile", r, 200)
		if u := r.Body["user"].(map[string]any); u["name"] != "Nguyễn Thị Lan" || u["phone"] != "0912345678" {
			t.Fatalf("profile %v", u)
		}
		r = lan.Do("PUT", "/api/v1/me", map[string]any{"name": "", "phone": "123"})
		expect(t, "bad profile", r, 400, "invalid_input")
		if r.Field("name") == "" || r.Field("phone") == "" {
			t.Fatalf("fields %s", r.Raw)
		}

		addr := map[string]any{"name": "Lan", "phone": "0912345678", "line": "12 Tô Hiệu", "ward": "Phường Tô Hiệu", "province": "Hà Giang"}
		r = lan.Do("POST", "/api/v1/me/addresses", addr)
		expect(t, "add address", r, 201)
		pr := r.Body["province"].(map[string]any)
		if pr["slug"] != "tuyen-quang" || r.Body["is_default"] != true {
			t.Fatalf("address %s: Hà Giang is now Tuyên Quang", r.Raw)
		}
		id := int64(r.Body["id"].(float64))
		path := fmt.Sprintf("/api/v1/me/addresses/%d", id)

		bad := []struct {
			name  string
			body  any
			field string
		}{
			{"unknown province", map[string]any{"name": "Lan", "phone": "0912345678", "line": "x", "ward": "y", "province": "Gotham"}, "province"},
			{"no ward", map[string]any{"name": "Lan", "phone": "0912345678", "line": "x", "province": "son-la"}, "ward"},
			{"phone not a string", map[string]any{"name": "Lan", "phone": 912345678, "line": "x", "ward": "y", "province": "son-la"}, "phone"},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				r := lan.Do("POST", "/api/v1/me/addresses", tt.body)
				expect(t, tt.name, r, 400, "invalid_input")
				if r.Field(tt.field) == "" {
					t.Fatalf("no error on %s: %s", tt.field, r.Raw)
				}
			})
		}

		// Minh can neither see nor change Lan's address.
		expect(t, "Minh reads it", minh.Do("GET", path, nil), 404, "not_found")
		expect(t, "Minh changes it", minh.Do("PUT", path, addr), 404, "not_found")
		expect(t, "Minh deletes it", minh.Do("DELETE", path, nil, "Content-Type", "application/json"), 404, "not_found")
		if items := minh.Do("GET", "/api/v1/me/addresses", nil).Body["items"].([]any); len(items) != 0 {
			t.Fatalf("Minh lists %v", items)
		}
		expect(t, "bad id", lan.Do("GET", "/api/v1/me/addresses/abc", nil), 404)

		addr["ward"] = "Phường Hà Giang 1"
		expect(t, "update", lan.Do("PUT", path, addr), 200)
		expect(t, "get", lan.Do("GET", path, nil), 200)
		expect(t, "delete", lan.Do("DELETE", path, nil, "Content-Type", "application/json"), 204)
		expect(t, "get deleted", lan.Do("GET", path, nil), 404)
	})
}
