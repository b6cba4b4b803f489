// Package artwork draws the product pictures of the demo and synthetic data
// sets as small SVG files, since no photographs can be downloaded: one
// illustration per kind of product (a coffee bag, tea leaves, a fish, an
// orange, a brocade pattern…), tinted by a colour derived from the product
// and labelled with its name.
package artwork

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"unicode/utf8"
)

// Kind names one of the drawings.
type Kind string

// The drawings.
const (
	Coffee       Kind = "coffee"
	Tea          Kind = "tea"
	Fish         Kind = "fish"
	Crab         Kind = "crab"
	Orange       Kind = "orange"
	Pomelo       Kind = "pomelo"
	CustardApple Kind = "custard-apple"
	Mango        Kind = "mango"
	Lychee       Kind = "lychee"
	Honey        Kind = "honey"
	Rice         Kind = "rice"
	Bottle       Kind = "bottle"
	Jar          Kind = "jar"
	Box          Kind = "box"
	Dried        Kind = "dried"
	Nuts         Kind = "nuts"
	Vegetable    Kind = "vegetable"
	Herb         Kind = "herb"
	Brocade      Kind = "brocade"
	Bowl         Kind = "bowl"
	Basket       Kind = "basket"
	Vase         Kind = "vase"
	Flower       Kind = "flower"
	House        Kind = "house"
)

// ForCategory returns the drawing that suits a product subgroup slug of the
// catalogue when nothing more specific is known.
func ForCategory(category string) Kind {
	switch category {
	case "nong-san-tuoi":
		return Vegetable
	case "nong-san-so-che":
		return Rice
	case "thuc-pham-che-bien":
		return Jar
	case "gia-vi":
		return Nuts
	case "che":
		return Tea
	case "ca-phe":
		return Coffee
	case "mat-ong":
		return Honey
	case "ruou", "do-uong-khac":
		return Bottle
	case "duoc-lieu-so-che", "san-pham-tu-duoc-lieu":
		return Herb
	case "det-may":
		return Brocade
	case "do-go":
		return Bowl
	case "may-tre-dan":
		return Basket
	case "gom-su":
		return Vase
	case "hoa-cay-canh":
		return Flower
	case "du-lich-cong-dong":
		return House
	}
	return Box
}

// Picture is what to draw.
type Picture struct {
	Kind     Kind
	Label    string // the product name, shown on the picture and as its <title>
	Subtitle string // optional second line, such as the cooperative
	Seed     string // text the tint is derived from; Label when empty
	Variant  int    // 0 is the main picture; 1 a second view on a patterned ground
}

// Hue returns the tint hue, 0–359, derived from s.
func Hue(s string) int {
	h := fnv.New32a()
	h.Write([]byte(s))
	return int(h.Sum32() % 360)
}

// HSL returns the colour of hue h, saturation s and lightness l (both 0–1)
// as #rrggbb.
func HSL(h int, s, l float64) string {
	c := (1 - math.Abs(2*l-1)) * s
	hp := float64(h%360) / 60
	x := c * (1 - math.Abs(math.Mod(hp, 2)-1))
	var r, g, b float64
	switch {
	case hp < 1:
		r, g = c, x
	case hp < 2:
		r, g = x, c
	case hp < 3:
		g, b = c, x
	case hp < 4:
		g, b = x, c
	case hp < 5:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := l - c/2
	to := func(v float64) int { return int(math.Round((v + m) * 255)) }
	return fmt.Sprintf("#%02x%02x%02x", to(r), to(g), to(b))
}

// palette is the set of colours one picture is drawn with.
type palette struct {
	Ground, Disc, Tint, Dark, Light string
}

func newPalette(hue int) palette {
	return palette{
		Ground: HSL(hue, 0.45, 0.94),
		Disc:   HSL(hue, 0.50, 0.86),
		Tint:   HSL(hue, 0.55, 0.45),
		Dark:   HSL(hue, 0.50, 0.24),
		Light:  HSL(hue, 0.60, 0.80),
	}
}

// SVG draws p as an 800×800 SVG document of a few kilobytes, with its label
// escaped for XML.
func SVG(p Picture) []byte {
	seed := p.Seed
	if seed == "" {
		seed = p.Label
	}
	pal := newPalette(Hue(seed))
	var b bytes.Buffer
	b.Grow(3000)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800" role="img" aria-labelledby="t"><title id="t">`)
	b.WriteString(escape(p.Label))
	b.WriteString(`</title>`)
	fmt.Fprintf(&b, `<rect width="800" height="800" fill="%s"/>`, pal.Ground)
	if p.Variant%2 == 1 {
		fmt.Fprintf(&b, `<defs><pattern id="d" width="48" height="48" patternUnits="userSpaceOnUse"><circle cx="24" cy="24" r="5" fill="%s"/></pattern></defs><rect width="800" height="640" fill="url(#d)"/>`, pal.Disc)
		fmt.Fprintf(&b, `<rect x="120" y="70" width="560" height="520" rx="48" fill="%s"/><g transform="translate(400 335) scale(.82)">`, pal.Ground)
	} else {
		fmt.Fprintf(&b, `<circle cx="400" cy="330" r="270" fill="%s"/><g transform="translate(400 330)">`, pal.Disc)
	}
	b.WriteString(drawing(p.Kind, pal))
	b.WriteString(`</g>`)
	label(&b, pal, p.Label, p.Subtitle)
	b.WriteString(`</svg>`)
	return b.Bytes()
}

const font = `font-family="'Be Vietnam Pro','Segoe UI',Roboto,Arial,sans-serif"`

func label(b *bytes.Buffer, pal palette, name, sub string) {
	fmt.Fprintf(b, `<rect y="640" width="800" height="160" fill="%s"/>`, pal.Dark)
	lines := wrap(name, 30, 2)
	if sub != "" {
		lines = lines[:1]
	}
	y := 712
	if len(lines) == 2 || sub != "" {
		y = 700
	}
	for i, l := range lines {
		fmt.Fprintf(b, `<text x="400" y="%d" %s font-size="40" font-weight="700" fill="#fff" text-anchor="middle">%s</text>`, y+i*50, font, escape(l))
	}
	if sub != "" {
		fmt.Fprintf(b, `<text x="400" y="752" %s font-size="30" fill="%s" text-anchor="middle">%s</text>`, font, pal.Light, escape(truncate(sub, 40)))
	}
}

// wrap splits s into at most n lines of about width runes, ending the last
// with an ellipsis when s does not fit.
func wrap(s string, width, n int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	lines = append(lines, cur)
	if len(lines) > n {
		lines = append(lines[:n-1], strings.Join(lines[n-1:], " "))
	}
	for i, l := range lines {
		lines[i] = truncate(l, width)
	}
	return lines
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// escape makes s safe as XML character data and attribute values, dropping
// characters XML does not allow.
func escape(s string) string {
	var b bytes.Buffer
	s = strings.ToValidUTF8(s, "")
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// drawing returns the shapes of kind k, centred on the origin within about
// ±230 units.
func drawing(k Kind, p palette) string {
	r := strings.NewReplacer("TINT", p.Tint, "DARK", p.Dark, "LIGHT", p.Light, "GROUND", p.Ground)
	return r.Replace(shapes(k))
}

func shapes(k Kind) string {
	switch k {
	case Coffee:
		return `<path d="M-150-170H150L178 210H-178Z" fill="#b58b5c"/><rect x="-150" y="-200" width="300" height="34" fill="#8c6840"/>` +
			`<rect x="-112" y="-70" width="224" height="170" rx="16" fill="TINT"/><ellipse cx="0" cy="15" rx="42" ry="58" fill="#4b2c1a"/>` +
			`<path d="M2-38C-22 0 24 30 0 68" stroke="LIGHT" stroke-width="8" fill="none"/>` +
			`<g fill="#5a3520"><ellipse cx="-200" cy="215" rx="22" ry="30" transform="rotate(-30 -200 215)"/><ellipse cx="205" cy="205" rx="22" ry="30" transform="rotate(25 205 205)"/><ellipse cx="230" cy="160" rx="18" ry="25"/></g>`
	case Tea:
		return `<path d="M0 200C0 80 10-60 0-200" stroke="#4f7a2a" stroke-width="10" fill="none"/>` +
			`<path d="M0-200C40-240 60-280 30-320C-20-280-20-240 0-200Z" fill="#8cc152" transform="translate(0 40)"/>` +
			`<path d="M0-60C60-140 160-150 220-110C160-40 70-20 0-60Z" fill="#5d9c3a"/><path d="M0 40C-60-40-170-50-220-10C-160 60-70 80 0 40Z" fill="#6fae43"/>` +
			`<path d="M0 140C60 70 150 60 200 100C140 170 60 180 0 140Z" fill="#4b8a30"/>` +
			`<path d="M-150 150H-30V190C-30 225-150 225-150 190Z" fill="TINT"/><path d="M-30 165C0 165 0 195-30 195" stroke="TINT" stroke-width="10" fill="none"/>`
	case Fish:
		return `<path d="M-200 0C-120-110 80-120 160 0C80 120-120 110-200 0Z" fill="#8fa9b8"/><path d="M150 0L240-80V80Z" fill="#6f8a99"/>` +
			`<path d="M-60-80C-20-130 40-130 70-85Z" fill="#6f8a99"/><path d="M-200 0C-120-110 80-120 160 0C60-30-100-30-200 0Z" fill="#a9c0cc"/>` +
			`<circle cx="-130" cy="-18" r="16" fill="#fff"/><circle cx="-130" cy="-18" r="8" fill="#233"/>` +
			`<path d="M-230 170Q-175 140-120 170T-10 170T100 170T210 170" stroke="TINT" stroke-width="12" fill="none"/>`
	case Crab:
		return `<g stroke="#b33d1f" stroke-width="16" stroke-linecap="round" fill="none"><path d="M-110 40L-200 100M-110 70L-180 150M110 40L200 100M110 70L180 150M-80-40L-150-140M80-40L150-140"/></g>` +
			`<ellipse cx="0" cy="30" rx="150" ry="100" fill="#d9542b"/><circle cx="-160" cy="-165" r="45" fill="#d9542b"/><circle cx="160" cy="-165" r="45" fill="#d9542b"/>` +
			`<circle cx="-40" cy="-60" r="14" fill="#222"/><circle cx="40" cy="-60" r="14" fill="#222"/><path d="M-240 200H240" stroke="TINT" stroke-width="14"/>`
	case Orange:
		return `<circle cx="-30" cy="20" r="170" fill="#f39a1e"/><circle cx="-80" cy="-40" r="40" fill="#f8c070"/>` +
			`<path d="M-30-150C10-220 90-220 120-190C70-150 10-140-30-150Z" fill="#4f9a3a"/>` +
			`<circle cx="150" cy="150" r="80" fill="#f7b24a"/><circle cx="150" cy="150" r="64" fill="#fbd38a"/>` +
			`<path d="M150 86V214M86 150H214M105 105L195 195M195 105L105 195" stroke="#f39a1e" stroke-width="6"/><path d="M-230 210H230" stroke="TINT" stroke-width="12"/>`
	case Pomelo:
		return `<path d="M-40-170C60-170 180-40 170 70C160 180 70 220-40 220C-160 220-230 150-220 50C-210-60-130-170-40-170Z" fill="#c9d94a"/>` +
			`<path d="M-40-170C-20-220 30-240 80-230C60-190 20-170-40-170Z" fill="#4f9a3a"/><circle cx="-110" cy="-20" r="36" fill="#e4ee9a"/>` +
			`<circle cx="170" cy="170" r="70" fill="#f3e6a8"/><circle cx="170" cy="170" r="56" fill="#ef7f7a"/><path d="M170 114V226M114 170H226" stroke="#f3e6a8" stroke-width="5"/>`
	case CustardApple:
		var b strings.Builder
		b.WriteString(`<path d="M0-220C20-250 60-255 80-240C50-225 25-215 0-220Z" fill="#4f7a2a"/><circle r="190" fill="#9cc26b"/>`)
		for y := -150; y <= 150; y += 60 {
			for x := -150; x <= 150; x += 60 {
				off := 0
				if (y/60)%2 != 0 {
					off = 30
				}
				if (x+off)*(x+off)+y*y < 165*165 {
					fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="27" fill="#b4d487" stroke="#6f9a45" stroke-width="5"/>`, x+off, y)
				}
			}
		}
		b.WriteString(`<path d="M-220 215H220" stroke="TINT" stroke-width="12"/>`)
		return b.String()
	case Mango:
		return `<path d="M-160 60C-200-80-60-200 60-180C200-160 220 20 120 130C20 230-130 190-160 60Z" fill="#f5c02c"/>` +
			`<path d="M-160 60C-150 150-40 200 60 170C-60 160-130 110-160 60Z" fill="#e59a16"/><path d="M60-180C70-230 120-250 160-240C140-200 100-180 60-180Z" fill="#4f9a3a"/>` +
			`<ellipse cx="-40" cy="-80" rx="50" ry="26" fill="#fbe08a" transform="rotate(-25 -40 -80)"/><path d="M-230 210H230" stroke="TINT" stroke-width="12"/>`
	case Lychee:
		var b strings.Builder
		b.WriteString(`<path d="M0-230C-30-150-90-80-110-20M0-230C20-150 80-90 110-10M0-230V60" stroke="#6b4a2a" stroke-width="8" fill="none"/>`)
		b.WriteString(`<path d="M0-230C60-260 140-250 170-210C110-190 50-200 0-230Z" fill="#4f9a3a"/>`)
		for _, c := range [][2]int{{-110, 20}, {110, 30}, {0, 100}, {-120, 150}, {120, 160}, {0, -10}} {
			fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="72" fill="#c62f3a" stroke="#8f1e28" stroke-width="6" stroke-dasharray="10 8"/>`, c[0], c[1])
		}
		return b.String()
	case Honey:
		return `<rect x="-130" y="-110" width="260" height="300" rx="40" fill="#e9a21b"/><rect x="-110" y="-90" width="40" height="240" rx="20" fill="#f6c95a"/>` +
			`<rect x="-145" y="-170" width="290" height="70" rx="16" fill="TINT"/><rect x="-95" y="-10" width="190" height="110" rx="12" fill="GROUND"/>` +
			`<path d="M-50 45h100" stroke="TINT" stroke-width="10"/><path d="M-30 20h60" stroke="TINT" stroke-width="8"/>` +
			`<g transform="translate(170 -190)"><ellipse rx="36" ry="24" fill="#f2c12e"/><path d="M-10-22V22M10-22V22" stroke="#222" stroke-width="9"/><ellipse cx="-8" cy="-32" rx="20" ry="14" fill="#fff" opacity=".8"/></g>`
	case Rice:
		return `<path d="M-150-150C-170-60-180 100-160 210H160C180 100 170-60 150-150Z" fill="#efe3c4"/><path d="M-150-150L-110-200H110L150-150Z" fill="#dccb9f"/>` +
			`<rect x="-150" y="-30" width="300" height="110" fill="TINT"/><path d="M-60 25c0-40 30-60 60-60s60 20 60 60" stroke="GROUND" stroke-width="8" fill="none"/>` +
			`<g fill="#e1b84a"><ellipse cx="190" cy="-100" rx="14" ry="26" transform="rotate(20 190 -100)"/><ellipse cx="215" cy="-50" rx="14" ry="26" transform="rotate(30 215 -50)"/><ellipse cx="180" cy="-10" rx="14" ry="26" transform="rotate(15 180 -10)"/></g>` +
			`<path d="M160-150Q200-60 200 60" stroke="#a8872e" stroke-width="6" fill="none"/>`
	case Bottle:
		return `<rect x="-28" y="-240" width="56" height="50" rx="8" fill="#6b4a2a"/><path d="M-35-190H35V-120C95-95 100-60 100 0V200H-100V0C-100-60-95-95-35-120Z" fill="#7a5a24" opacity=".9"/>` +
			`<path d="M-70 0V170" stroke="#c89c4c" stroke-width="16" stroke-linecap="round"/><rect x="-100" y="10" width="200" height="130" fill="TINT"/>` +
			`<rect x="-80" y="30" width="160" height="90" fill="none" stroke="GROUND" stroke-width="5"/><path d="M-45 75h90" stroke="GROUND" stroke-width="10"/>`
	case Jar:
		return `<rect x="-150" y="-130" width="300" height="320" rx="50" fill="#f1e2c6" stroke="#d9c7a6" stroke-width="8"/><rect x="-165" y="-195" width="330" height="80" rx="16" fill="TINT"/>` +
			`<rect x="-120" y="-20" width="240" height="130" rx="14" fill="GROUND" stroke="TINT" stroke-width="6"/><path d="M-70 45h140" stroke="TINT" stroke-width="12"/>` +
			`<g fill="#d29a5a"><circle cx="-100" cy="150" r="14"/><circle cx="-60" cy="160" r="12"/><circle cx="80" cy="150" r="15"/><circle cx="110" cy="130" r="10"/></g>`
	case Box:
		return `<rect x="-190" y="-70" width="380" height="270" rx="12" fill="TINT"/><rect x="-210" y="-130" width="420" height="80" rx="12" fill="DARK"/>` +
			`<rect x="-25" y="-130" width="50" height="330" fill="#f2c94c"/><path d="M0-130C-60-220-150-190-110-140ZM0-130C60-220 150-190 110-140Z" fill="#f2c94c"/>` +
			`<circle cx="-110" cy="70" r="40" fill="LIGHT"/><circle cx="110" cy="70" r="40" fill="LIGHT"/>`
	case Dried:
		var b strings.Builder
		b.WriteString(`<path d="M-170-200H170V210H-170Z" fill="TINT"/><path d="M-170-200H170V-150H-170Z" fill="DARK"/><rect x="-120" y="-110" width="240" height="250" rx="30" fill="GROUND"/>`)
		for i, c := range [][2]int{{-60, -50}, {50, -40}, {-50, 60}, {60, 70}, {0, 10}} {
			col := []string{"#f2a33a", "#e8c15a", "#f08a4b"}[i%3]
			fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="46" fill="%s"/><circle cx="%d" cy="%d" r="30" fill="#fbe3b0"/>`, c[0], c[1], col, c[0], c[1])
		}
		return b.String()
	case Nuts:
		var b strings.Builder
		b.WriteString(`<path d="M-220 60C-200 210 200 210 220 60Z" fill="TINT"/><path d="M-220 60H220" stroke="DARK" stroke-width="10"/>`)
		for i, c := range [][2]int{{-140, 20}, {-80, -20}, {-10, 10}, {60, -30}, {130, 15}, {-40, -70}, {30, -90}, {100, -70}, {-110, -60}} {
			col := []string{"#7a4a2a", "#5b3a22", "#9a6a3a"}[i%3]
			fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="40" fill="%s"/><circle cx="%d" cy="%d" r="10" fill="#c9a27a"/>`, c[0], c[1], col, c[0]-12, c[1]-12)
		}
		return b.String()
	case Vegetable:
		return `<circle cx="-60" cy="20" r="150" fill="#7cbf4a"/><path d="M-60-120C-150-60-150 100-60 160M-60-120C30-60 30 100-60 160M-60-130V170" stroke="#5a9a32" stroke-width="10" fill="none"/>` +
			`<path d="M90-40L230 170L150 200Z" fill="#f08a24"/><path d="M90-40C80-110 110-140 140-150M100-40C120-100 170-110 190-100" stroke="#4f9a3a" stroke-width="12" fill="none"/>` +
			`<circle cx="-170" cy="160" r="62" fill="#e0452f"/><path d="M-190 100L-170 112L-150 100" stroke="#4f9a3a" stroke-width="10" fill="none"/><path d="M-240 225H240" stroke="TINT" stroke-width="12"/>`
	case Herb:
		var b strings.Builder
		for i := -3; i <= 3; i++ {
			x := i * 30
			fmt.Fprintf(&b, `<path d="M0 210Q%d 0 %d -190" stroke="#6b8e3a" stroke-width="8" fill="none"/>`, x/2, x*2)
			fmt.Fprintf(&b, `<ellipse cx="%d" cy="%d" rx="22" ry="48" fill="#78a848" transform="rotate(%d %d %d)"/>`, x*2, -150+abs(i)*20, i*18, x*2, -150+abs(i)*20)
			fmt.Fprintf(&b, `<ellipse cx="%d" cy="%d" rx="18" ry="38" fill="#8fbf5a" transform="rotate(%d %d %d)"/>`, x+i*8, -40+abs(i)*10, i*25, x+i*8, -40+abs(i)*10)
		}
		b.WriteString(`<rect x="-55" y="90" width="110" height="46" rx="10" fill="TINT"/>`)
		return b.String()
	case Brocade:
		var b strings.Builder
		b.WriteString(`<rect x="-220" y="-210" width="440" height="420" rx="10" fill="DARK"/>`)
		cols := []string{"TINT", "#d62f2f", "#f2c94c", "LIGHT"}
		for row := 0; row < 7; row++ {
			y := -180 + row*60
			col := cols[row%len(cols)]
			if row%2 == 0 {
				fmt.Fprintf(&b, `<rect x="-220" y="%d" width="440" height="12" fill="%s"/>`, y-6, col)
				continue
			}
			for x := -210; x+50 <= 220; x += 50 {
				fmt.Fprintf(&b, `<path d="M%d %dl25-25 25 25-25 25z" fill="%s"/>`, x, y, col)
			}
		}
		b.WriteString(`<path d="M-220 210v30M-180 210v30M-140 210v30M140 210v30M180 210v30M220 210v30" stroke="#f2c94c" stroke-width="6"/>`)
		return b.String()
	case Bowl:
		return `<ellipse cx="0" cy="-20" rx="220" ry="60" fill="#8a5a32"/><path d="M-220-20C-210 140-100 200 0 200S210 140 220-20C200 20 100 40 0 40S-200 20-220-20Z" fill="#a86c3c"/>` +
			`<ellipse cx="0" cy="-20" rx="190" ry="44" fill="#6d4524"/><path d="M-170 40C-120 120-40 150 40 150M-120 30C-80 80-20 100 60 100" stroke="#c48a55" stroke-width="6" fill="none"/>` +
			`<rect x="-40" y="200" width="80" height="20" rx="6" fill="#8a5a32"/><path d="M-240 240H240" stroke="TINT" stroke-width="10"/>`
	case Basket:
		var b strings.Builder
		b.WriteString(`<path d="M-160-40C-160-220 160-220 160-40" stroke="#a8783e" stroke-width="22" fill="none"/><path d="M-220-40H220L170 200H-170Z" fill="#d8aa66"/>`)
		for x := -200; x <= 200; x += 40 {
			fmt.Fprintf(&b, `<path d="M%d -40L%d 200" stroke="#b08245" stroke-width="8"/>`, x, x*17/22)
		}
		for y := 0; y <= 160; y += 40 {
			fmt.Fprintf(&b, `<path d="M%d %dH%d" stroke="#9a6e38" stroke-width="10"/>`, -215+y/4, y, 215-y/4)
		}
		b.WriteString(`<rect x="-220" y="-50" width="440" height="24" rx="10" fill="TINT"/>`)
		return b.String()
	case Vase:
		return `<path d="M-60-220H60V-160C170-110 190 40 120 150C90 200 60 215 0 215S-90 200-120 150C-190 40-170-110-60-160Z" fill="#f4f1ea" stroke="#c9c2b2" stroke-width="6"/>` +
			`<path d="M-150-20C-80 20 80 20 150-20M-160 60C-80 100 80 100 160 60" stroke="TINT" stroke-width="12" fill="none"/>` +
			`<circle cx="0" cy="30" r="28" fill="TINT"/><circle cx="-80" cy="20" r="16" fill="TINT"/><circle cx="80" cy="20" r="16" fill="TINT"/><rect x="-70" y="-235" width="140" height="24" rx="8" fill="TINT"/>`
	case Flower:
		var b strings.Builder
		b.WriteString(`<path d="M0 80V-60M0 80C-40 20-100 0-120-40M0 80C40 20 100 0 120-40" stroke="#4f8a30" stroke-width="10" fill="none"/>`)
		for _, c := range [][2]int{{0, -110}, {-130, -80}, {130, -80}} {
			for a := 0; a < 360; a += 60 {
				fmt.Fprintf(&b, `<ellipse cx="%d" cy="%d" rx="22" ry="48" fill="TINT" transform="rotate(%d %d %d) translate(0 -40)"/>`, c[0], c[1], a, c[0], c[1])
			}
			fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="24" fill="#f2c94c"/>`, c[0], c[1])
		}
		b.WriteString(`<path d="M-130 80H130L100 220H-100Z" fill="#b5603a"/><rect x="-150" y="70" width="300" height="36" rx="8" fill="#9a4e2e"/>`)
		return b.String()
	case House:
		return `<path d="M-260 120L-120-120L0 60L120-170L260 120Z" fill="#7fae6b"/><path d="M120-170L160-100L130-110L110-90Z" fill="#fff"/>` +
			`<path d="M-140 0L0-110L140 0Z" fill="#8a5a32"/><rect x="-110" y="0" width="220" height="110" fill="#c48a55"/><rect x="-25" y="30" width="50" height="80" fill="DARK"/>` +
			`<path d="M-100 110V200M-40 110V200M40 110V200M100 110V200" stroke="#6d4524" stroke-width="12"/><circle cx="-190" cy="-170" r="40" fill="#f2c94c"/><path d="M-260 200H260" stroke="TINT" stroke-width="12"/>`
	}
	return shapes(Box)
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}
