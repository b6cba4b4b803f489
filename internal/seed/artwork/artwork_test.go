package artwork

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
)

// svgDoc is the part of a drawing the tests look at.
type svgDoc struct {
	XMLName xml.Name `xml:"svg"`
	Width   string   `xml:"width,attr"`
	Height  string   `xml:"height,attr"`
	ViewBox string   `xml:"viewBox,attr"`
	Role    string   `xml:"role,attr"`
	Title   string   `xml:"title"`
	Texts   []string `xml:"text"`
}

func parse(t *testing.T, data []byte) svgDoc {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, data)
		}
	}
	var doc svgDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return doc
}

func TestSVG(t *testing.T) {
	labels := []struct {
		name, label, sub string
	}{
		{"plain", "Cà phê rang xay Bích Thao", ""},
		{"markup", `<script>&"`, ""},
		{"markup subtitle", `Trà <b>ngon</b> & "rẻ"`, `HTX <Ô long> & 'Shan'`},
		{"long", "Nước mắm nhĩ Phú Quốc 43 độ đạm chai thủy tinh loại đặc biệt dành làm quà biếu dịp Tết Nguyên đán", "HTX Nước mắm Hàm Ninh · An Giang"},
		{"one long word", strings.Repeat("Đ", 120), ""},
		{"empty", "", ""},
		{"invalid utf-8 and control", "Chè\xff\x01 xanh", ""},
	}
	for _, k := range allKinds() {
		for _, l := range labels {
			for variant := range 2 {
				t.Run(string(k)+"/"+l.name, func(t *testing.T) {
					data := SVG(Picture{Kind: k, Label: l.label, Subtitle: l.sub, Variant: variant})
					if len(data) >= 4096 {
						t.Errorf("%d bytes, want < 4 KB", len(data))
					}
					doc := parse(t, data)
					if doc.Width != "800" || doc.Height != "800" || doc.ViewBox != "0 0 800 800" || doc.Role != "img" {
						t.Errorf("svg attributes: %+v", doc)
					}
					if l.name != "invalid utf-8 and control" && doc.Title != l.label {
						t.Errorf("title %q, want %q", doc.Title, l.label)
					}
					if strings.Contains(string(data), "<script") || strings.Contains(string(data), "<b>") {
						t.Error("label markup was not escaped")
					}
				})
			}
		}
	}
}

func TestSVGDistinctPerKindAndTint(t *testing.T) {
	seen := map[string]Kind{}
	for _, k := range allKinds() {
		s := string(SVG(Picture{Kind: k, Label: "x", Seed: "same"}))
		if other, ok := seen[s]; ok {
			t.Errorf("%s draws the same as %s", k, other)
		}
		seen[s] = k
	}
	a := SVG(Picture{Kind: Coffee, Label: "Cà phê A"})
	b := SVG(Picture{Kind: Coffee, Label: "Cà phê B"})
	if bytes.Equal(a, b) {
		t.Error("different products draw identical pictures")
	}
	if !bytes.Equal(a, SVG(Picture{Kind: Coffee, Label: "Cà phê A"})) {
		t.Error("the same product draws differently twice")
	}
}

func TestForCategory(t *testing.T) {
	for _, c := range []struct {
		category string
		want     Kind
	}{
		{"ca-phe", Coffee}, {"che", Tea}, {"mat-ong", Honey}, {"ruou", Bottle}, {"det-may", Brocade},
		{"do-go", Bowl}, {"may-tre-dan", Basket}, {"duoc-lieu-so-che", Herb}, {"du-lich-cong-dong", House},
		{"unknown", Box},
	} {
		if got := ForCategory(c.category); got != c.want {
			t.Errorf("ForCategory(%q) = %s, want %s", c.category, got, c.want)
		}
	}
}

func TestHSL(t *testing.T) {
	hex := regexp.MustCompile(`^#[0-9a-f]{6}$`)
	for _, c := range []struct {
		h    int
		s, l float64
		want string
	}{
		{0, 1, 0.5, "#ff0000"}, {120, 1, 0.5, "#00ff00"}, {240, 1, 0.5, "#0000ff"}, {0, 0, 1, "#ffffff"}, {0, 0, 0, "#000000"},
	} {
		if got := HSL(c.h, c.s, c.l); got != c.want {
			t.Errorf("HSL(%d, %v, %v) = %s, want %s", c.h, c.s, c.l, got, c.want)
		}
	}
	for h := range 360 {
		if got := HSL(h, 0.55, 0.45); !hex.MatchString(got) {
			t.Errorf("HSL(%d) = %q", h, got)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Cà phê", []string{"Cà phê"}},
		{"", []string{""}},
		{"aaaa bbbb cccc dddd", []string{"aaaa bbbb", "cccc dddd"}},
		{"aaaa bbbb cccc dddd eeee ffff", []string{"aaaa bbbb", "cccc dddd…"}},
	} {
		got := wrap(c.in, 10, 2)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrap(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// allKinds is every drawing, in a fixed order.
func allKinds() []Kind {
	return []Kind{Coffee, Tea, Fish, Crab, Orange, Pomelo, CustardApple, Mango, Lychee, Honey, Rice, Bottle,
		Jar, Box, Dried, Nuts, Vegetable, Herb, Brocade, Bowl, Basket, Vase, Flower, House}
}
