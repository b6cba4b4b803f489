// Package assets embeds the storefront's CSS, JavaScript and images and
// serves each under an address holding a short hash of its content
// (/assets/app.3f2a9c1b.css), so browsers may cache them for good and a new
// release is fetched at once.
package assets

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/ocopmarket/ocopmarket/internal/web"
)

// Prefix is the URL path under which assets are served.
const Prefix = "/assets/"

// CacheControl is sent with every asset: the address changes with the
// content, so an answer never goes stale.
const CacheControl = "public, max-age=31536000, immutable"

// hashLen is how many hex digits of the sha256 go into an address.
const hashLen = 8

//go:embed static
var static embed.FS

type file struct {
	name        string // path under static/, e.g. "icons/tea.svg"
	url         string
	contentType string
	data        []byte
}

// Assets is the set of embedded files with their hashed addresses.
type Assets struct {
	byName   map[string]*file
	byHashed map[string]*file // key: hashed path under Prefix, e.g. "app.3f2a9c1b.css"
}

// New reads the embedded files and hashes each.
func New() (*Assets, error) {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	return load(sub)
}

// load hashes every file of fsys.
func load(fsys fs.FS) (*Assets, error) {
	a := &Assets{byName: map[string]*file{}, byHashed: map[string]*file{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		hashed := hashedName(name, hex.EncodeToString(sum[:])[:hashLen])
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		switch path.Ext(name) { // pin the types the platform's mime table may lack or spell differently
		case ".css":
			ctype = "text/css; charset=utf-8"
		case ".js":
			ctype = "text/javascript; charset=utf-8"
		case ".svg":
			ctype = "image/svg+xml"
		}
		f := &file{name: name, url: Prefix + hashed, contentType: ctype, data: data}
		a.byName[name] = f
		a.byHashed[hashed] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	return a, nil
}

// hashedName puts hash before the extension: "css/app.css" → "css/app.<hash>.css".
func hashedName(name, hash string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// URL returns the hashed address of an embedded file named by its path
// under static/, e.g. "app.css"; templates call it as {{asset "app.css"}}.
// An unknown name is an error, so a template naming a missing file fails.
func (a *Assets) URL(name string) (string, error) {
	f, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("assets: no file %q", name)
	}
	return f.url, nil
}

// Routes serves the files under Prefix. A name whose hash does not match
// the content is a 404: an old address must not be cached as the new file.
func (a *Assets) Routes(r fiber.Router) {
	r.Get(Prefix+"*", a.serve)
}

func (a *Assets) serve(c *fiber.Ctx) error {
	f, ok := a.byHashed[c.Params("*")]
	if !ok {
		return web.NotFound("asset")
	}
	c.Set(fiber.HeaderContentType, f.contentType)
	c.Set(fiber.HeaderCacheControl, CacheControl)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	return c.Send(f.data)
}
